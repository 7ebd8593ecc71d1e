import CustomsMapping
import CustomsModel
import CustomsValidation
import Foundation

/// `customs map --from <package> --to <package>`: DM messages of one package as messages of
/// another, by WCO ID; each input validated against its package, each output against the other.
struct MapBetweenPackages {
    let bridge: PackageBridge
    let intake: MessageIntake
    let translator: RecordTranslator

    func run(_ paths: [String], output: inout MessageOutput, report: inout MapReport) throws {
        let files = try MessageFiles.collect(paths, extensions: ["xml", "json", "ndjson"])
        guard !files.paths.isEmpty else {
            throw CLIError("no XML or JSON messages found in \(paths.joined(separator: " "))")
        }
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
            let messages = intake.messages(in: bytes, json: syntax != .xml, lines: syntax == .ndjson)
            for (index, message) in messages.enumerated() {
                let label = message.label ?? String(index + 1)
                guard let tree = message.tree else {
                    report.add(
                        MapReport.Entry(
                            file: file, record: label, line: nil, key: nil, status: "invalid", issues: [],
                            findings: message.findings, output: nil, error: nil))
                    continue
                }
                let outcome = translator.translate(bridge.record(of: tree))
                let path = try outcome.text.flatMap { try output.write($0, key: nil, file: file, number: index + 1) }
                report.add(
                    MapReport.Entry(
                        file: file, record: label, line: nil, key: nil, status: outcome.status, issues: outcome.issues,
                        findings: outcome.findings, output: path, error: nil))
            }
        }
    }
}
