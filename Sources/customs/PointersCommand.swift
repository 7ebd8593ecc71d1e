import ArgumentParser
import CustomsModel
import Foundation

/// `customs pointers …`: WCO pointers and the instance paths of a package.
struct PointersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pointers",
        abstract: "Translate WCO pointers and instance paths.",
        subcommands: [PointersResolve.self]
    )
}

/// `customs pointers resolve <pointer | instance path> --package <id>`.
struct PointersResolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "A pointer's instance path, or an instance path's pointer, in a package.",
        discussion: """
            A pointer (42A/67A/68A/03A/226) gives the element's instance path; an instance path \
            (starting with /, positions such as [2] allowed) gives its pointer; a pointer may be \
            written with dots and placeholders, as published tables write them (42A.67A.68A.$1.23A.137); \
            a national \
            data-element number of a numbering of the package (DE 2/5, DataModel/numbering/) gives \
            the positions that carry it. A pointer that does \
            not start at the package's root matches every node whose pointer ends with it (imported \
            schemas often wrap the declaration in an envelope without a WCO ID), and a plain WCO ID \
            in it matches every sibling that an imported schema gave that ID (their segments are \
            qualified by tag, L110(Name) and L110(Identification)).

            EXAMPLES:
              customs pointers resolve 42A/67A/68A/03A/226 --package wco-declaration
              customs pointers resolve 42A.67A.68A.$1.23A.137 --package wco-declaration
              customs pointers resolve /Declaration/GoodsShipment/GovernmentAgencyGoodsItem[2]/Commodity --package xa-import
              customs pointers resolve 42A/017 --package uk-cds-dec --format json
              customs pointers resolve "DE 2/5" --package wco-declaration

            EXIT CODES:
              0  resolved
              1  nothing in the package matches
              2  usage error, broken definitions, unknown package
            """
    )

    @OptionGroup var dataModel: DataModelOptions
    @Argument(help: "A pointer, an instance path starting with /, or a national number (DE 2/5).")
    var reference: String
    @Option(help: "The package or profile.") var package: String
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    struct Match: Encodable {
        let pointer: String
        let instancePath: String
        let tag: String
        let wcoID: String?
        let name: String
        let nationalName: String?
        let nationalID: String?
        let cardinality: String
    }

    func run() throws {
        let catalog = try dataModel.loadCatalog()
        let definition = try dataModel.package(package, in: catalog)
        let found: [LocatedNode]
        let numbered = catalog.numberings.filter { $0.packageID == package }.flatMap { $0.pointers(for: reference) }
        if !numbered.isEmpty {
            // A national data-element number (DE 2/5) of a numbering of this package.
            found = numbered.compactMap { definition.node(at: $0) }
        } else if reference.hasPrefix("/") {
            found = definition.node(atInstancePath: reference).map { [$0] } ?? []
        } else {
            // Published tables write pointers dot-separated with placeholders for positions
            // (42A.67A.68A.$1.23A.137, as HMRC's do): the same pointer.
            let slashed = reference.contains("/") ? reference : reference.replacingOccurrences(of: ".", with: "/")
            let written = slashed.split(separator: "/", omittingEmptySubsequences: false).filter { !$0.hasPrefix("$") }
            guard let pointer = Pointer(parsing: written.joined(separator: "/")) else {
                throw ValidationError(
                    "'\(reference)' is neither a pointer (42A/017) nor an instance path (/Declaration/…)")
            }
            found = definition.nodes(matching: pointer)
        }
        let matches = found.map {
            Match(
                pointer: $0.pointer.description, instancePath: $0.path, tag: $0.node.tag, wcoID: $0.node.id?.rawValue,
                name: $0.node.name, nationalName: $0.node.nationalName,
                nationalID: $0.node.nationalID, cardinality: $0.node.cardinality.description)
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(matches), as: UTF8.self))
        case .text:
            if matches.isEmpty { Terminal.note("nothing in \(package) matches \(reference)") }
            for match in matches {
                let national = Terminal.national(name: match.nationalName, id: match.nationalID)
                print("\(match.pointer)  \(match.instancePath) [\(match.cardinality)] — \(match.name)\(national)")
            }
        }
        if matches.isEmpty { throw ExitCode(ExitStatus.findings.rawValue) }
    }
}
