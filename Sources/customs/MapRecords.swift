import ArgumentParser
import CustomsMapping
import CustomsModel
import Foundation

/// `customs map --mapping <id> --to dm|national <files | folders | ->`.
struct MapRecords: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records",
        abstract: "Map national records to DM messages (--to dm) or DM messages to national records (--to national).",
        discussion: """
            --to dm reads national record files in the mapping's format (folders are searched for \
            them; - is standard input) and writes one DM message per record, validated against the \
            mapping's package on the way out: with --out DIR, one file per record (named after the \
            record's key, else after its file and number); without, JSON messages one per line on \
            standard output, or a single XML message. --to national reads DM messages (XML, JSON, \
            NDJSON), maps each valid one back, and writes the national records to --out FILE or \
            standard output (CSV: one table; JSON: one record per line; XML: the layout's batch \
            element). A record or message that cannot be mapped is reported with its field, value \
            and reason, and the batch goes on. The report goes to standard output when --out is \
            given, else to standard error; --format json writes one JSON object per record, --format \
            junit a JUnit report with a test case per record. \
            Records and messages are mapped on all cores (--jobs), in batches written in order; a \
            count shows on standard error when it is a terminal. --from A --to B maps DM messages of package A to package B by WCO ID (same pointer, \
            else same WCO IDs along the path, else the same element under the same class), each \
            validated against A first and against B on the way out; 'customs map coverage --from A \
            --to B' shows what B requires that A does not give.

            EXAMPLES:
              customs map --mapping xa-import-csv --to dm Records/xa-import-csv/declarations.csv --out out/
              customs map --mapping xa-import-csv --to dm --syntax json records.csv > messages.ndjson
              customs map --mapping xa-import-csv --to national out/ --out records.csv
              customs map --from xb-export --to wco-declaration declarations/ --out out/
              customs map --mapping uk-exports --to dm --xsd DocumentMetaData_2_DMS.xsd --xsd WCO_DEC_2_DMS.xsd --root MetaData Records/uk-exports/scenarios.json --out out/
              customs map --from wco-declaration --to uk-cds-dec --xsd DocumentMetaData_2_DMS.xsd --xsd WCO_DEC_2_DMS.xsd --root MetaData Samples/xml/wco-declaration/

            EXIT CODES:
              0    every record mapped, every message written is valid
              1    some record could not be mapped, or mapped to an invalid message; an input unreadable
              2    usage error, broken definitions, unknown mapping
              130  interrupted (SIGINT, SIGTERM): the records read so far mapped and written whole
            """
    )

    @OptionGroup var dataModel: DataModelOptions
    @Option(help: "The mapping (see 'customs map list').") var mapping: String?
    @Option(help: "Instead of a mapping: map messages of this package to the package given by --to, by WCO ID.")
    var from: String?
    @Option(help: "With --mapping: dm or national; with --from: the target package.") var to: String
    @Option(help: "The syntax of DM messages written: xml or json.") var syntax: SyntaxChoice = .xml
    @Option(help: "Messages: a folder for one file each; national records: the records file.") var out: String?
    @Option(help: "Report format: text, json or junit.") var format: MapReport.Format = .text
    @Option(parsing: .unconditional, help: "Keep at most this many findings per message.") var maxErrors: Int = 100
    @OptionGroup var imported: ImportedPackageOptions
    @Option(parsing: .unconditional, help: "Map this many records at once, 1 to 1024 (default: all cores).")
    var jobs: Int?
    @Argument(help: "Input files, folders, or - for standard input.") var paths: [String]

    /// `DMSyntax` as an option.
    enum SyntaxChoice: String, ExpressibleByArgument, CaseIterable {
        case xml, json
        var dm: DMSyntax { self == .xml ? .xml : .json }
    }

    /// The largest input file read: records are read whole per file.
    static let maximumInputSize = 1 << 30

    func validate() throws {
        if maxErrors < 1 { throw ValidationError("--max-errors must be at least 1") }
        if paths.count(where: { $0 == "-" }) > 1 { throw ValidationError("standard input (-) can be named once") }
        if let jobs, !(1...Validate.maximumJobs).contains(jobs) {
            throw ValidationError("--jobs must be between 1 and \(Validate.maximumJobs)")
        }
        switch (mapping, from) {
        case (nil, nil):
            throw ValidationError("give --mapping <id> (national records), or --from <package> (by WCO ID)")
        case (.some, .some): throw ValidationError("give --mapping or --from, not both")
        case (.some, nil) where to != "dm" && to != "national":
            throw ValidationError("with --mapping, --to is dm or national, not '\(to)'")
        default: break
        }
    }

    /// The cores to map on: `--jobs`, else all.
    private var cores: Int { jobs ?? ProcessInfo.processInfo.activeProcessorCount }

    func run() throws {
        let catalog = try dataModel.loadCatalog()
        Interruption.install()
        var report = MapReport(
            format: format, toStandardOutput: out != nil,
            title: "customs map " + (mapping.map { "--mapping \($0)" } ?? "--from \(from ?? "") --to \(to)"))
        if let from {
            if !imported.schemas.isEmpty && catalog.package(from) != nil && catalog.package(to) != nil {
                throw ValidationError("\(from) and \(to) are both in DataModel/: drop --xsd")
            }
            let (source, sourceCompiled) = try imported.package(from, in: catalog, dataModel: dataModel)
            let (target, targetCompiled) = try imported.package(to, in: catalog, dataModel: dataModel)
            let bridge = PackageBridge(from: source, to: target)
            var output = try MessageOutput(folder: out, syntax: syntax.dm)
            try MapBetweenPackages(
                bridge: bridge, intake: MessageIntake(compiled: sourceCompiled, maxFindings: maxErrors),
                translators: (0..<cores).map { _ in
                    RecordTranslator(
                        mapping: bridge.mapping, package: target, compiled: targetCompiled, syntax: syntax.dm,
                        maxFindings: maxErrors)
                }
            ).run(paths, output: &output, report: &report)
            output.finish()
        } else if let id = mapping {
            let (mapping, package, compiled) = try imported.mapping(id, in: catalog, dataModel: dataModel)
            if to == "dm" {
                var output = try MessageOutput(folder: out, syntax: syntax.dm)
                try MapToDM(
                    mapping: mapping,
                    translator: ParallelTranslator(
                        mapping: mapping, package: package, compiled: compiled, syntax: syntax.dm,
                        maxFindings: maxErrors, jobs: cores)
                ).run(paths, output: &output, report: &report)
                output.finish()
            } else {
                try MapToNational(
                    mapping: mapping, package: package, compiled: compiled, out: out, maxFindings: maxErrors,
                    jobs: cores
                )
                .run(paths, report: &report)
            }
        }
        report.finish(interrupted: Interruption.requested)
        if Interruption.requested { throw ExitCode(Interruption.exitCode) }
        if !report.isClean { throw ExitCode(ExitStatus.findings.rawValue) }
    }
}
