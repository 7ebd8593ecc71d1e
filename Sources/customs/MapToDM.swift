import CustomsMapping
import CustomsModel
import CustomsValidation
import Foundation

/// `customs map --to dm`: national record files to DM messages, each validated on the way out.
struct MapToDM {
    let mapping: Mapping
    let package: InformationPackage
    let compiled: CompiledPackage
    let syntax: DMSyntax
    let out: String?
    let maxFindings: Int

    func run(_ paths: [String], report: inout MapReport) throws {
        let files = try MessageFiles.collect(paths, extensions: mapping.format.fileExtensions)
        guard !files.paths.isEmpty else {
            throw CLIError("no \(mapping.format.name) record files found in \(paths.joined(separator: " "))")
        }
        if let out { try OutputFolder.prepare(out) }
        let reader = NationalRecordReader(mapping: mapping)
        let translator = RecordTranslator(
            mapping: mapping, package: package, compiled: compiled, syntax: syntax, maxFindings: maxFindings)
        var written: [String] = []
        var names = Set<String>()
        for file in files.paths {
            if let what = files.skipped[file] {
                report.add(failure(file, "not read: it is \(what)"))
                continue
            }
            let records: [ReadRecord]
            do {
                let bytes = try WholeInput.bytes(of: file, limit: MapRecords.maximumInputSize)
                records = try reader.records(in: bytes, name: file)
            } catch let error as WholeInput.Failure {
                report.add(failure(file, error.message))
                continue
            } catch {
                report.add(failure(file, "\(error)"))
                continue
            }
            for read in records {
                let key = read.record.flatMap { record in mapping.recordKey.flatMap { record.value(at: $0) } }
                guard let record = read.record else {
                    report.add(
                        MapReport.Entry(
                            file: file, record: String(read.number), line: read.line, key: nil, status: "failed",
                            issues: [], findings: [], output: nil, error: read.error))
                    continue
                }
                let outcome = translator.translate(record)
                var output: String?
                if let text = outcome.text, let out {
                    let name = uniqueName(key: key, file: file, number: read.number, taken: &names)
                    output = (out as NSString).appendingPathComponent(name + "." + syntax.rawValue)
                    var bytes = Array(text.utf8)
                    if syntax == .json { bytes.append(0x0A) }
                    try OutputFile.save(&bytes, to: output!, atomically: false)
                } else if let text = outcome.text {
                    written.append(text)
                }
                let status =
                    !outcome.issues.isEmpty
                    ? "failed" : outcome.findings.contains { $0.severity == .error } ? "invalid" : "mapped"
                report.add(
                    MapReport.Entry(
                        file: file, record: String(read.number), line: read.line, key: key, status: status,
                        issues: outcome.issues, findings: outcome.findings, output: output, error: nil))
            }
        }
        guard out == nil else { return }
        if syntax == .xml && written.count > 1 {
            throw CLIError("\(written.count) XML messages: give --out DIR to write one file each (or --syntax json)")
        }
        print(written.map { syntax == .json ? $0 + "\n" : $0 }.joined(), terminator: "")
    }

    private func failure(_ file: String, _ reason: String) -> MapReport.Entry {
        MapReport.Entry(
            file: file, record: "-", line: nil, key: nil, status: "failed", issues: [], findings: [], output: nil,
            error: reason)
    }

    /// A file name for a record's message: its key where it is a safe name, else the input's
    /// name and the record's number; never one already used in this run.
    private func uniqueName(key: String?, file: String, number: Int, taken: inout Set<String>) -> String {
        let safe = key.map { String($0.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" }) }
        var name =
            safe.flatMap { $0.isEmpty || $0.hasPrefix(".") ? nil : $0 }
            ?? "\(((file as NSString).lastPathComponent as NSString).deletingPathExtension)-\(number)"
        if taken.contains(name) { name += "-\(number)" }
        while taken.contains(name) { name += "x" }
        taken.insert(name)
        return name
    }
}

/// The folder `--out` names for one file per message: created if missing, refused if it is a file.
enum OutputFolder {
    static func prepare(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw CLIError("--out \(path) is a file; give a folder for the messages")
            }
            return
        }
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw CLIError("cannot create \(path): \(error.localizedDescription)")
        }
    }
}
