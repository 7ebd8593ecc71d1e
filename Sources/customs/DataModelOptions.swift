import ArgumentParser
import CustomsDefinitions
import CustomsModel
import Foundation

/// Output for people (`text`) or machines (`json`).
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// The `--data-model` option shared by every command that reads definitions.
struct DataModelOptions: ParsableArguments {
    @Option(
        name: .customLong("data-model"),
        help: ArgumentHelp(
            "The definitions folder (default: $CUSTOMS_DATA_MODEL, else ./DataModel).", valueName: "dir"))
    var directory: String?

    /// The folder to read: the option, the environment, or ./DataModel.
    var resolvedDirectory: String {
        directory ?? ProcessInfo.processInfo.environment["CUSTOMS_DATA_MODEL"] ?? "DataModel"
    }

    /// Loads the folder and insists that it is clean: only `packages check` looks at broken
    /// definitions; everything else refuses them rather than guess.
    func loadCatalog() throws -> Catalog {
        let result = DefinitionLoader.load(directory: resolvedDirectory)
        guard result.isClean else { throw CLIError.brokenDefinitions(resolvedDirectory, result.problems) }
        return result.catalog
    }
}
