import CustomsMapping
import CustomsModel
import Foundation

/// The DM messages `customs map` reads (mapping back, and package to package): files and folders
/// of XML, JSON and NDJSON, each message validated against its package by `intake` and, when
/// valid, mapped by `map` — on `jobs` cores, a window of files at a time; the results are then
/// reported and written in the files' order by `body`, so the output is the same on any number of
/// cores. A file that cannot be read, and a message that is invalid, are reported here.
enum DMMessageInput {
    /// How many files are read and mapped at once per core: memory follows the window, not the
    /// batch.
    static let filesPerJob = 8

    static func forEach<Mapped>(
        _ paths: [String], intake: MessageIntake, jobs: Int = 1, report: inout MapReport,
        map: @escaping (_ worker: Int, _ tree: MarkupElement) -> Mapped,
        _ body: (_ file: String, _ label: String, _ number: Int, _ mapped: Mapped) throws -> MapReport.Entry
    ) throws {
        let files = try MessageFiles.collect(paths, extensions: ["xml", "json", "ndjson"])
        guard !files.paths.isEmpty else {
            throw CLIError("no XML or JSON messages found in \(paths.joined(separator: " "))")
        }
        let window = max(1, jobs) * filesPerJob
        var progress = RecordProgress()
        defer { progress.finish() }
        var start = 0
        while start < files.paths.count {
            if Interruption.requested { return }
            let chunk = Array(files.paths[start..<min(start + window, files.paths.count)])
            start += chunk.count
            let results = FileWork(files: chunk, skipped: files.skipped, intake: intake, map: map).run(jobs: jobs)
            for (file, result) in zip(chunk, results) {
                switch result {
                case .unread(let reason):
                    report.add(.unread(file, reason))
                case .messages(let messages):
                    progress.add(messages.count)
                    for (index, message) in messages.enumerated() {
                        if Interruption.requested { return }
                        guard let mapped = message.mapped else {
                            report.add(
                                MapReport.Entry(
                                    file: file, record: message.label, line: nil, key: nil, status: "invalid",
                                    issues: [], findings: message.findings, output: nil, error: nil))
                            continue
                        }
                        report.add(try body(file, message.label, index + 1, mapped))
                    }
                }
            }
        }
    }
}

/// One window of files read, validated and mapped on several cores (`OrderedParallel`), the
/// results in the files' order.
private struct FileWork<Mapped> {
    enum Result {
        case unread(String)
        case messages([(label: String, findings: [Diagnostic], mapped: Mapped?)])
    }

    let files: [String]
    let skipped: [String: String]
    let intake: MessageIntake
    let map: (_ worker: Int, _ tree: MarkupElement) -> Mapped

    func run(jobs: Int) -> [Result] {
        OrderedParallel.map(count: files.count, jobs: jobs) { worker, index in result(of: files[index], worker: worker)
        }
    }

    private func result(of file: String, worker: Int) -> Result {
        if let what = skipped[file] { return .unread("not read: it is \(what)") }
        let bytes: [UInt8]
        do { bytes = try WholeInput.bytes(of: file, limit: MapRecords.maximumInputSize) } catch {
            return .unread(error.message)
        }
        let syntax = FileSyntax.of(file: file, bytes: bytes)
        let messages = intake.messages(in: bytes, json: syntax != .xml, lines: syntax == .ndjson)
        return .messages(
            messages.enumerated().map { index, message in
                (message.label ?? String(index + 1), message.findings, message.tree.map { map(worker, $0) })
            })
    }
}
