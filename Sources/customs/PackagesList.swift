import ArgumentParser
import CustomsModel

/// `customs packages list`: every package and profile with its kind, version, base and size.
struct PackagesList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the packages and profiles with kind, version, base and element count.",
        discussion: """
            EXAMPLES:
              customs packages list
              customs packages list --format json
            """
    )

    @OptionGroup var dataModel: DataModelOptions
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    struct Row: Encodable {
        let id: String
        let kind: String
        let version: String
        let base: String?
        let country: String?
        let elements: Int
        let name: String
    }

    func run() throws {
        let catalog = try dataModel.loadCatalog()
        let rows = catalog.packages.map {
            Row(
                id: $0.id, kind: $0.kind.rawValue, version: $0.version, base: $0.baseID, country: $0.country,
                elements: $0.elementCount, name: $0.name)
        }
        switch format {
        case .json: try Terminal.printJSON(rows)
        case .text:
            print(
                TextTable.render(
                    header: ["ID", "KIND", "VERSION", "BASE", "COUNTRY", "ELEMENTS", "NAME"],
                    rows: rows.map {
                        [$0.id, $0.kind, $0.version, $0.base ?? "-", $0.country ?? "-", String($0.elements), $0.name]
                    }))
        }
    }
}
