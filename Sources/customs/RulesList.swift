import ArgumentParser
import CustomsModel

/// `customs rules list`: the business rules in force for a package, as `DataModel/rules/`
/// defines them (a profile's include those it keeps of its base's).
struct RulesList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the business rules in force for a package or profile.",
        discussion: """
            Rules are read from DataModel/rules/*.yaml and checked when the definitions load \
            (see DataModel/README.md, "Business rules"). A profile has its base's rules except \
            those it disables or replaces. Validation does not evaluate them yet.

            EXAMPLES:
              customs rules list --package wco-declaration
              customs rules list --package xa-import --format json
            """
    )

    @OptionGroup var dataModel: DataModelOptions
    @Option(help: "The package or profile whose rules to list.") var package: String
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    struct Entry: Encodable {
        let id: String
        let severity: String
        let scope: String
        let when: String?
        let assert: String
        let message: String
        /// The package whose rules file defines it (the base's for an inherited rule).
        let definedIn: String
    }

    func run() throws {
        let catalog = try dataModel.loadCatalog()
        let target = try dataModel.package(package, in: catalog)
        let rules = catalog.rules[target.id] ?? []
        let entries = rules.map {
            Entry(
                id: $0.id, severity: $0.severity.rawValue, scope: $0.scopePath, when: $0.conditionText,
                assert: $0.assertionText, message: $0.message, definedIn: $0.source.description)
        }
        if format == .json { return try Terminal.printJSON(entries) }
        if entries.isEmpty { Terminal.note("\(target.id) has no business rules (DataModel/rules/)") }
        for entry in entries {
            print("\(entry.id)  \(entry.severity)  \(entry.scope)")
            if let when = entry.when { print("  when    \(when)") }
            print("  assert  \(entry.assert)")
            print("  message \(entry.message)")
        }
    }
}
