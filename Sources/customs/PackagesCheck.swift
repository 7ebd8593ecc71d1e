import ArgumentParser
import CustomsDefinitions
import CustomsModel
import Foundation

/// `customs packages check [<dir>]`: every problem of a definitions folder, located.
struct PackagesCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a definitions folder: syntax, duplicates, dangling references, formats, profiles.",
        discussion: """
            Reports every problem at file:line:column with a stable code (duplicate-id, \
            dangling-reference, invalid-cardinality, unknown-format, loosens-base, syntax, …) and a \
            "did you mean" where a known name is close. Exit 1 when there are problems.

            EXAMPLES:
              customs packages check
              customs packages check path/to/DataModel --format json
            """
    )

    @OptionGroup var dataModel: DataModelOptions
    @Argument(help: "The folder to check (default: the --data-model folder).") var directory: String?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    struct Report: Encodable {
        let directory: String
        let files: Int
        let elements: Int
        let classes: Int
        let codeLists: Int
        let packages: Int
        let mappings: Int
        let seconds: Double
        let problems: [DefinitionProblem]
    }

    func run() throws {
        let folder = directory ?? dataModel.resolvedDirectory
        let clock = ContinuousClock()
        var result: LoadResult!
        let elapsed = clock.measure { result = DefinitionLoader.load(directory: folder) }
        if result.problems.count == 1, result.problems[0].code == .io, result.fileCount == 0 {
            throw CLIError("\(folder): \(result.problems[0].message)")
        }
        let catalog = result.catalog
        let seconds = elapsed.seconds
        switch format {
        case .json:
            try Terminal.printJSON(
                Report(
                    directory: folder, files: result.fileCount, elements: catalog.elements.count,
                    classes: catalog.classes.count, codeLists: catalog.codeLists.count,
                    packages: catalog.packages.count, mappings: catalog.mappings.count,
                    seconds: seconds, problems: result.problems))
        case .text:
            for problem in result.problems { print(problem) }
            let verdict = result.problems.isEmpty ? "no problems" : "\(result.problems.count) problem(s)"
            print(
                "\(folder): \(result.fileCount) files, \(catalog.elements.count) elements, \(catalog.classes.count) classes, "
                    + "\(catalog.codeLists.count) code lists, \(catalog.packages.count) packages and profiles, "
                    + "\(catalog.mappings.count + catalog.pendingMappings.count) mappings — \(verdict) "
                    + "(\(String(format: "%.3f", seconds)) s)")
        }
        if !result.problems.isEmpty { throw ExitCode(ExitStatus.findings.rawValue) }
    }
}
