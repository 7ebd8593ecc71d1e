import ArgumentParser
import CustomsValidation
import Foundation

/// `customs export …`: definitions in other tools' formats.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a package in another format.",
        subcommands: [ExportXSD.self]
    )
}

/// `customs export xsd --package <id>`.
struct ExportXSD: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xsd",
        abstract: "Write an XSD for a package or profile, so any XSD tool checks what customs checks structurally.",
        discussion: """
            The schema covers tags, order, cardinality, attributes, formats and code lists. XSD 1.0 \
            cannot tie a date's layout to its formatCode attribute: that check stays with \
            'customs validate'.

            EXAMPLES:
              customs export xsd --package wco-declaration > declaration.xsd
              customs export xsd --package xa-import --out xa-import.xsd
              xmllint --noout --schema declaration.xsd message.xml
            """
    )

    @OptionGroup var dataModel: DataModelOptions
    @Option(help: "The package or profile.") var package: String
    @Option(help: "Write to this file instead of standard output.") var out: String?

    func run() throws {
        let catalog = try dataModel.loadCatalog()
        let definition = try dataModel.package(package, in: catalog)
        let schema: String
        do { schema = try XSDExporter.export(definition, codeLists: catalog.codeLists) } catch {
            throw CLIError("cannot export \(package): \(error)")
        }
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: Data(schema.utf8)) else {
                throw CLIError("cannot write \(out)")
            }
        } else {
            print(schema, terminator: "")
        }
    }
}
