import ArgumentParser
import CustomsModel

/// `customs map list`: the mappings of the definitions folder.
struct MapList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the mappings.",
        discussion: """
            EXAMPLES:
              customs map list
              customs map list --format json
            """
    )

    @OptionGroup var dataModel: DataModelOptions
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    struct Entry: Encodable {
        let id: String
        let name: String
        let package: String
        let nationalFormat: String
        /// Nil for a mapping whose package is imported with --xsd: its rows are read then.
        let rows: Int?
        let nationalFields: Int?
    }

    func run() throws {
        let catalog = try dataModel.loadCatalog()
        let entries = catalog.mappings.map {
            Entry(
                id: $0.id, name: $0.name, package: $0.packageID, nationalFormat: $0.format.name, rows: $0.rules.count,
                nationalFields: $0.nationalFields.count)
        }
        let pending = catalog.pendingMappings.map {
            Entry(
                id: $0.id, name: $0.name, package: $0.packageID + " (imported: --xsd)", nationalFormat: $0.format.name,
                rows: nil, nationalFields: nil)
        }
        if format == .json { return try Terminal.printJSON(entries + pending) }
        if entries.isEmpty && pending.isEmpty {
            Terminal.note("no mappings in \(dataModel.resolvedDirectory)/mappings")
        }
        for entry in entries + pending {
            let size = entry.rows.map { ", \($0) rows, \(entry.nationalFields ?? 0) national fields" } ?? ""
            print("\(entry.id)  \(entry.nationalFormat) → \(entry.package)\(size) — \(entry.name)")
        }
    }
}

extension DataModelOptions {
    /// The mapping `id` of `catalog`, or an error with a "did you mean".
    func mapping(_ id: String, in catalog: Catalog) throws -> Mapping {
        guard let mapping = catalog.mapping(id) else {
            let known = catalog.mappings.map(\.id)
            let hint = Suggestions.closest(to: id, among: known).map { " (did you mean '\($0)'?)" } ?? ""
            throw CLIError(
                "unknown mapping '\(Terminal.printable(id))'\(hint); known: \(known.isEmpty ? "none" : known.joined(separator: ", "))"
            )
        }
        return mapping
    }
}
