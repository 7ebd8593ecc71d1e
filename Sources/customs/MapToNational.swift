import CustomsMapping
import CustomsModel
import CustomsValidation
import Foundation

/// `customs map --to national`: DM messages to national records, one file of records.
struct MapToNational {
    let mapping: Mapping
    let package: InformationPackage
    let compiled: CompiledPackage
    let out: String?
    let maxFindings: Int

    func run(_ paths: [String], report: inout MapReport) throws {
        let files = try MessageFiles.collect(paths, extensions: ["xml", "json", "ndjson"])
        guard !files.paths.isEmpty else {
            throw CLIError("no XML or JSON messages found in \(paths.joined(separator: " "))")
        }
        let mapper = RecordMapper(mapping: mapping, package: package)
        let intake = MessageIntake(compiled: compiled, maxFindings: maxFindings)
        var records: [NationalRecord] = []
        for file in files.paths {
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
            for (index, message) in intake.messages(in: bytes, json: syntax != .xml, lines: syntax == .ndjson)
                .enumerated()
            {
                let label = message.label ?? String(index + 1)
                guard let tree = message.tree else {
                    report.add(
                        MapReport.Entry(
                            file: file, record: label, line: nil, key: nil, status: "invalid", issues: [],
                            findings: message.findings, output: nil, error: nil))
                    continue
                }
                let (record, issues) = mapper.toNational(tree)
                records.append(record)
                let key = mapping.recordKey.flatMap { record.value(at: $0) }
                report.add(
                    MapReport.Entry(
                        file: file, record: label, line: nil, key: key, status: issues.isEmpty ? "mapped" : "failed",
                        issues: issues, findings: [], output: out, error: nil))
            }
        }
        let text: String
        do { text = try NationalRecordWriter(mapping: mapping).text(records) } catch {
            throw CLIError(error.description)
        }
        try CommandOutput.write(text, to: out)
    }
}
