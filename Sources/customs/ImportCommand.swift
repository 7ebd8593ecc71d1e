import ArgumentParser
import CustomsDefinitions
import CustomsModel
import CustomsXML
import Foundation

/// `customs import …`: definitions from other tools' formats.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import definitions published in another format.",
        subcommands: [ImportXSD.self]
    )
}

/// `customs import xsd <entry.xsd>… --id <id> [--root <element>] [--out <file.yaml>]`.
struct ImportXSD: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xsd",
        abstract: "Turn WCO-annotated XSDs into a package definition (YAML).",
        discussion: """
            The entry schemas are read with everything they import and include (relative \
            schemaLocations; the network is never used). The content model of the root element \
            becomes the package tree, with XSD value types, attributes and namespaces, and the WCO \
            annotations (WCOID, WCOName, WCOFormat, usage marks, Dictionary Entry Name, TDEDUID, \
            UniquePositionID) its metadata. A construct outside the supported XSD subset is an \
            error naming its file and line. Put the file in DataModel/packages/ to use it like \
            any package; 'customs validate --xsd' uses the schemas directly.

            EXAMPLES:
              customs import xsd DocumentMetaData_2_DMS.xsd WCO_DEC_2_DMS.xsd --root MetaData --id uk-cds-dec \\
                --out DataModel/packages/uk-cds-dec.yaml
              customs import xsd WCO_DEC_2_DMS.xsd --id cds-declaration
            """
    )

    @Argument(help: "The entry schemas.") var entries: [String]
    @Option(help: "The package ID to give the result.") var id: String
    @Option(help: "The global element messages start with (default: the first schema's only one).") var root: String?
    @Option(help: "The package's name (default: the root and the first schema).") var name: String?
    @Option(help: "Write to this file instead of standard output.") var out: String?

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let package: InformationPackage
        do {
            package = try XSDImporter.importPackage(entries: entries, root: root, id: id, name: name)
        } catch {
            throw CLIError(error.description)
        }
        let comment =
            "Imported by customs import xsd from \(entries.joined(separator: ", ")).\nRe-import rather than edit by hand: the schemas are the source."
        let text: String
        do { text = try PackageWriter.yaml(package, comment: comment) } catch { throw CLIError(error.description) }
        try CommandOutput.write(text, to: out)
        if let out {
            Terminal.note(
                "imported \(package.root.tag) with \(package.nodes.count) nodes (\(package.elementCount) element positions) into \(out) in \(String(format: "%.2f", (clock.now - start).seconds)) s"
            )
        }
    }
}
