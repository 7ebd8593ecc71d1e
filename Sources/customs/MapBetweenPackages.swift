import CustomsMapping
import CustomsModel
import CustomsValidation
import Foundation

/// `customs map --from <package> --to <package>`: DM messages of one package as messages of
/// another, by WCO ID; each input validated against its package, each output against the other.
struct MapBetweenPackages {
    let bridge: PackageBridge
    let intake: MessageIntake
    /// One translator per core (a translator's reader and session are its own).
    let translators: [RecordTranslator]

    func run(_ paths: [String], output: inout MessageOutput, report: inout MapReport) throws {
        try DMMessageInput.forEach(
            paths, intake: intake, jobs: translators.count, report: &report,
            map: { worker, tree in translators[worker].translate(bridge.record(of: tree)) }
        ) { file, label, number, outcome in
            let path = try outcome.text.flatMap { try output.write($0, key: nil, file: file, number: number) }
            return MapReport.Entry(
                file: file, record: label, line: nil, key: nil, status: outcome.status, issues: outcome.issues,
                findings: outcome.findings, output: path, error: nil)
        }
    }
}
