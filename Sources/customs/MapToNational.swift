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
        let mapper = RecordMapper(mapping: mapping, package: package)
        var records: [NationalRecord] = []
        try DMMessageInput.forEach(
            paths, intake: MessageIntake(compiled: compiled, maxFindings: maxFindings), report: &report
        ) { file, label, _, tree in
            let (record, issues) = mapper.toNational(tree)
            records.append(record)
            let key = mapping.recordKey.flatMap { record.value(at: $0) }
            return MapReport.Entry(
                file: file, record: label, line: nil, key: key, status: issues.isEmpty ? "mapped" : "failed",
                issues: issues, findings: [], output: out, error: nil)
        }
        let text: String
        do { text = try NationalRecordWriter(mapping: mapping).text(records) } catch {
            throw CLIError(error.description)
        }
        try CommandOutput.write(text, to: out)
    }
}
