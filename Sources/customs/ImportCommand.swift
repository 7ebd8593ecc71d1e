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
            UniquePositionID) its metadata, and national data-element numbers in the annotations \
            beside them (EUCDM 12 09 001 000 or 2/5; the layouts recognised are in README.md) \
            each element's national ID. A construct outside the supported XSD subset is an error \
            naming its file, line and column. Schemas as published are taken as they are: a WCO ID \
            reused on siblings (their pointers are qualified by tag, L110(Name)) or on elements of \
            different names, a placeholder ID (???, empty: the element is unassigned), a WCOFormat \
            that the facets contradict (the facets are checked) and an unreadable WCOFormat are \
            warnings on standard error at file:line:column; --strict makes them errors. \
            --verbose lists the annotation layouts found, recognised or not. Put the file in \
            DataModel/packages/ to use it like any package; 'customs validate --xsd' uses the \
            schemas directly.

            EXIT CODES:
              0  imported (warnings, if any, on standard error)
              2  usage error, a schema that cannot be read or imported, or a warning under --strict

            EXAMPLES:
              customs import xsd DocumentMetaData_2_DMS.xsd WCO_DEC_2_DMS.xsd --root MetaData --id uk-cds-dec \\
                --out DataModel/packages/uk-cds-dec.yaml
              customs import xsd WCO_DEC_2_DMS.xsd --id cds-declaration
              customs import xsd national/H7_Declaration.xsd --id h7 --verbose --strict
            """
    )

    @Argument(help: "The entry schemas.") var entries: [String]
    @Option(help: "The package ID to give the result.") var id: String
    @Option(help: "The global element messages start with (default: the first schema's only one).") var root: String?
    @Option(help: "The package's name (default: the root and the first schema).") var name: String?
    @Option(help: "Write to this file instead of standard output.") var out: String?
    @Flag(help: "Make every warning about the schemas an error (exit 2).") var strict = false
    @Flag(help: "List the annotation layouts found in the schemas, recognised or not (standard error).")
    var verbose = false

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let imported = try ImportedSchemas.load(entries: entries, root: root, id: id, name: name, strict: strict)
        let package = imported.package
        if verbose { Terminal.note(Self.describe(imported.annotations)) }
        let comment =
            "Imported by customs import xsd from \(entries.joined(separator: ", ")).\nRe-import rather than edit by hand: the schemas are the source."
        let text: String
        do { text = try PackageWriter.yaml(package, comment: comment) } catch { throw CLIError(error.description) }
        try CommandOutput.write(text, to: out)
        if let out {
            let warnings = imported.warnings.isEmpty ? "" : ", \(imported.warnings.count) warnings"
            Terminal.note(
                "imported \(package.root.tag) with \(package.nodes.count) nodes (\(package.elementCount) element positions) into \(out) in \(String(format: "%.2f", (clock.now - start).seconds)) s\(warnings)"
            )
        }
    }

    /// The annotation layouts for `--verbose`: WCO annotations, national numbers by layout, and
    /// the unrecognised tags with their count and first place.
    static func describe(_ report: XSDAnnotationReport) -> String {
        var lines = ["annotations: \(report.wcoCount) WCO annotation elements"]
        for (layout, count) in report.nationalCounts.sorted(by: { $0.key < $1.key }) {
            lines.append("  national numbers, \(layout): \(count)")
        }
        if report.nationalCounts.isEmpty { lines.append("  no national data-element numbers recognised") }
        if report.unrecognised.isEmpty {
            lines.append("  nothing unrecognised")
        } else {
            lines.append("  unrecognised (kept out of the package):")
            for entry in report.unrecognised {
                lines.append("    \(Terminal.printable(entry.tag)) ×\(entry.count), first at \(entry.first)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
