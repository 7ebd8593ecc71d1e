import ArgumentParser
import CustomsModel

/// `customs packages show <id>`: a package's tree with WCO IDs, tags, cardinality, formats,
/// code lists and national names.
struct PackagesShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a package or profile as a tree of classes and elements.",
        discussion: """
            Each line: tag, [cardinality], WCO ID, format, code list and attributes, — WCO name, \
            and for profiles « national name » (national ID).

            EXAMPLES:
              customs packages show wco-declaration --depth 2
              customs packages show wco-declaration --usage EX
              customs packages show xa-import --format json
            """
    )

    @OptionGroup var dataModel: DataModelOptions
    @Argument(help: "The package or profile ID (see 'customs packages list').") var id: String
    @Option(parsing: .unconditional, help: "Show this many levels below the root (0 = the root only).") var depth: Int?
    @Option(help: "Only nodes used in this procedure: IM, EX, CRI, CRE, CONV, TRT or UPU.") var usage: Usage?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func validate() throws {
        if let depth, depth < 0 { throw ValidationError("--depth must be 0 or more") }
    }

    func run() throws {
        let catalog = try dataModel.loadCatalog()
        let package = try dataModel.package(id, in: catalog)
        let nodes = package.nodes.filter { located in
            (depth.map { located.depth <= $0 } ?? true)
                && (usage.map { located.node.usage.contains($0) || located.node.isNationalAddition } ?? true)
        }
        switch format {
        case .json:
            try Terminal.printJSON(PackageView(package: package, nodes: nodes))
        case .text:
            print(
                "\(package.id) — \(package.name), version \(package.version) (\(package.kind.rawValue)\(package.baseID.map { " of \($0)" } ?? ""))"
            )
            print(TreeRenderer.render(nodes, codeLists: catalog.codeLists))
        }
    }
}

extension Usage: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.uppercased()) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// The JSON form of `packages show`: the package's header and its nodes in document order.
struct PackageView: Encodable {
    struct Node: Encodable {
        let pointer: String
        let path: String
        let depth: Int
        let tag: String
        let kind: String
        let id: String?
        let name: String
        let cardinality: String
        let usage: [String]
        let format: String?
        let codeList: String?
        let codes: [String]?
        let patterns: [String]
        let attributes: [AttributeDefinition]
        let nationalName: String?
        let nationalID: String?
        let nationalAddition: Bool
    }

    let id: String
    let name: String
    let version: String
    let kind: String
    let base: String?
    let country: String?
    let namespace: String?
    let nodes: [Node]

    init(package: InformationPackage, nodes: [LocatedNode]) {
        id = package.id
        name = package.name
        version = package.version
        kind = package.kind.rawValue
        base = package.baseID
        country = package.country
        namespace = package.namespace
        self.nodes = nodes.map {
            let node = $0.node
            return Node(
                pointer: $0.pointer.description, path: $0.path, depth: $0.depth, tag: node.tag,
                kind: node.kind.rawValue,
                id: node.id?.rawValue, name: node.name, cardinality: node.cardinality.description,
                usage: node.usage.sorted().map(\.rawValue), format: node.format?.description, codeList: node.codeListID,
                codes: node.allowedCodes, patterns: node.patterns.map(\.source), attributes: node.attributes,
                nationalName: node.nationalName,
                nationalID: node.nationalID, nationalAddition: node.isNationalAddition)
        }
    }
}
