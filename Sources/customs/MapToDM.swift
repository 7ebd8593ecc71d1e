import CustomsMapping
import CustomsModel
import CustomsValidation
import Foundation

/// `customs map --to dm`: national record files to DM messages, each validated on the way out.
struct MapToDM {
    let mapping: Mapping
    let translator: RecordTranslator

    func run(_ paths: [String], output: inout MessageOutput, report: inout MapReport) throws {
        let files = try MessageFiles.collect(paths, extensions: mapping.format.fileExtensions)
        guard !files.paths.isEmpty else {
            throw CLIError("no \(mapping.format.name) record files found in \(paths.joined(separator: " "))")
        }
        for file in files.paths {
            if let what = files.skipped[file] {
                report.add(.unread(file, "not read: it is \(what)"))
                continue
            }
            // Records are mapped as soon as they are read: memory follows the longest record,
            // not the file (CSV and NDJSON; a JSON document or XML file is read whole).
            let stream = NationalRecordStream(mapping: mapping, name: file)
            var failed: Error?
            func map(_ read: ReadRecord) {
                guard failed == nil else { return }
                do { try self.map(read, file: file, output: &output, report: &report) } catch { failed = error }
            }
            do {
                try WholeInput.chunks(of: file) { chunk in
                    do { try stream.feed(chunk, emit: map) } catch { failed = error }
                    return failed == nil
                }
                if failed == nil { try stream.finish(emit: map) }
            } catch let error as WholeInput.Failure {
                report.add(.unread(file, error.message))
                continue
            } catch {
                failed = error
            }
            if let error = failed as? CLIError { throw error }
            if let error = failed { report.add(.unread(file, "\(error)")) }
        }
    }

    /// Maps one record, writes its message, reports it.
    private func map(_ read: ReadRecord, file: String, output: inout MessageOutput, report: inout MapReport) throws {
        guard let record = read.record else {
            report.add(
                MapReport.Entry(
                    file: file, record: String(read.number), line: read.line, key: nil, status: "failed", issues: [],
                    findings: [], output: nil, error: read.error))
            return
        }
        let key = mapping.recordKey.flatMap { record.value(at: $0) }
        let outcome = translator.translate(record)
        let path = try outcome.text.flatMap { try output.write($0, key: key, file: file, number: read.number) }
        report.add(
            MapReport.Entry(
                file: file, record: String(read.number), line: read.line, key: key, status: outcome.status,
                issues: outcome.issues, findings: outcome.findings, output: path, error: nil))
    }
}
