import CustomsMapping
import CustomsModel
import Foundation

/// The DM messages `customs map` reads (mapping back, and package to package): files and folders
/// of XML, JSON and NDJSON, each message validated against its package by `intake`. A file that
/// cannot be read, and a message that is invalid, are reported here; `body` maps each valid
/// message's tree (with its file, label and number) and gives its report entry.
enum DMMessageInput {
    static func forEach(
        _ paths: [String], intake: MessageIntake, report: inout MapReport,
        _ body: (_ file: String, _ label: String, _ number: Int, _ tree: MarkupElement) throws -> MapReport.Entry
    ) throws {
        let files = try MessageFiles.collect(paths, extensions: ["xml", "json", "ndjson"])
        guard !files.paths.isEmpty else {
            throw CLIError("no XML or JSON messages found in \(paths.joined(separator: " "))")
        }
        for file in files.paths {
            if Interruption.requested { return }
            if let what = files.skipped[file] {
                report.add(.unread(file, "not read: it is \(what)"))
                continue
            }
            let bytes: [UInt8]
            do { bytes = try WholeInput.bytes(of: file, limit: MapRecords.maximumInputSize) } catch {
                report.add(.unread(file, error.message))
                continue
            }
            let syntax = FileSyntax.of(file: file, bytes: bytes)
            let messages = intake.messages(in: bytes, json: syntax != .xml, lines: syntax == .ndjson)
            for (index, message) in messages.enumerated() {
                if Interruption.requested { return }
                let label = message.label ?? String(index + 1)
                guard let tree = message.tree else {
                    report.add(
                        MapReport.Entry(
                            file: file, record: label, line: nil, key: nil, status: "invalid", issues: [],
                            findings: message.findings, output: nil, error: nil))
                    continue
                }
                report.add(try body(file, label, index + 1, tree))
            }
        }
    }
}
