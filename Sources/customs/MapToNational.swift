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
    let jobs: Int

    /// Maps each message as it is read and writes its record at once (an XML layout's first
    /// record waits for the second): memory does not grow with the batch. A file given with
    /// `--out` appears whole at the end, or not at all.
    func run(_ paths: [String], report: inout MapReport) throws {
        let mapper = RecordMapper(mapping: mapping, package: package)
        let writer = NationalRecordWriter(mapping: mapping)
        var file = NationalRecordWriter.Incremental(writer: writer)
        let output = try out.map { try OutputFile.Writer($0) }
        /// Writes what `next` gives; a record the format cannot hold is the command's error.
        func emit(_ next: () throws(NationalRecordWriter.Failure) -> String) throws {
            let text: String
            do { text = try next() } catch { throw CLIError(error.description) }
            guard !text.isEmpty else { return }
            if let output { try output.append(text) } else { print(text, terminator: "") }
        }
        try DMMessageInput.forEach(
            paths, intake: MessageIntake(compiled: compiled, maxFindings: maxFindings), jobs: jobs, report: &report,
            map: { _, tree in mapper.toNational(tree) }
        ) { source, label, _, mapped in
            let (record, issues) = mapped
            try emit { () throws(NationalRecordWriter.Failure) in try file.add(record) }
            let key = mapping.recordKey.flatMap { record.value(at: $0) }
            return MapReport.Entry(
                file: source, record: label, line: nil, key: key, status: issues.isEmpty ? "mapped" : "failed",
                issues: issues, findings: [], output: out, error: nil)
        }
        try emit { () throws(NationalRecordWriter.Failure) in try file.finish() }
        try output?.commit()
    }
}
