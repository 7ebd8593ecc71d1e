import CustomsMapping
import CustomsModel
import CustomsValidation
import Foundation

/// `customs map --to dm`: national record files to DM messages, each validated on the way out.
struct MapToDM {
    let mapping: Mapping
    let translator: ParallelTranslator
    /// How many records are mapped at once (in parallel, then written in order): memory stays
    /// bounded by the batch, not the file.
    static let batchSize = 512

    func run(_ paths: [String], output: inout MessageOutput, report: inout MapReport) throws {
        let files = try MessageFiles.collect(paths, extensions: mapping.format.fileExtensions)
        guard !files.paths.isEmpty else {
            throw CLIError("no \(mapping.format.name) record files found in \(paths.joined(separator: " "))")
        }
        var progress = RecordProgress()
        defer { progress.finish() }
        for file in files.paths {
            if Interruption.requested { break }
            if let what = files.skipped[file] {
                report.add(.unread(file, "not read: it is \(what)"))
                continue
            }
            // Records are mapped as soon as a batch of them is read: memory follows the batch,
            // not the file (CSV and NDJSON; a JSON document or XML file is read whole).
            let stream = NationalRecordStream(mapping: mapping, name: file)
            var batch: [ReadRecord] = []
            var failed: Error?
            func flush() {
                guard failed == nil, !batch.isEmpty else { return }
                do { try map(batch, file: file, output: &output, report: &report) } catch { failed = error }
                progress.add(batch.count)
                batch.removeAll(keepingCapacity: true)
            }
            func collect(_ read: ReadRecord) {
                batch.append(read)
                if batch.count == Self.batchSize { flush() }
            }
            do {
                try WholeInput.chunks(of: file) { chunk in
                    do { try stream.feed(chunk, emit: collect) } catch { failed = error }
                    return failed == nil && !Interruption.requested
                }
                // Interrupted, the records read so far are mapped and written whole; the rest
                // of the file is not read.
                if failed == nil && !Interruption.requested { try stream.finish(emit: collect) }
                flush()
            } catch let error as WholeInput.Failure {
                flush()
                report.add(.unread(file, error.message))
                continue
            } catch {
                flush()
                failed = failed ?? error
            }
            if let error = failed as? CLIError { throw error }
            if let error = failed { report.add(.unread(file, "\(error)")) }
        }
    }

    /// Maps a batch of records in parallel, then writes and reports them in order.
    private func map(
        _ batch: [ReadRecord], file: String, output: inout MessageOutput, report: inout MapReport
    )
        throws
    {
        let outcomes = translator.translate(batch.compactMap(\.record))
        var next = outcomes.makeIterator()
        for read in batch {
            guard let record = read.record, let outcome = next.next() else {
                report.add(
                    MapReport.Entry(
                        file: file, record: String(read.number), line: read.line, key: nil, status: "failed",
                        issues: [], findings: [], output: nil, error: read.error))
                continue
            }
            let key = mapping.recordKey.flatMap { record.value(at: $0) }
            let path = try outcome.text.flatMap { try output.write($0, key: key, file: file, number: read.number) }
            report.add(
                MapReport.Entry(
                    file: file, record: String(read.number), line: read.line, key: key, status: outcome.status,
                    issues: outcome.issues, findings: outcome.findings, output: path, error: nil))
        }
    }
}

/// Records mapped so far, on standard error when it is a terminal (the total is not known
/// while files stream).
struct RecordProgress {
    private let enabled = isatty(STDERR_FILENO) == 1
    private var done = 0
    private var shown = 0

    mutating func add(_ count: Int) {
        done += count
        guard enabled, done - shown >= 5_000 else { return }
        shown = done
        FileHandle.standardError.write(Data("\r\u{1B}[Kmapped \(done) records".utf8))
    }

    func finish() {
        if enabled && shown > 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
