import ArgumentParser
import CustomsJSON
import CustomsValidation
import Foundation

/// `customs export …`: definitions in other tools' formats.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a package in another format.",
        subcommands: [ExportXSD.self, ExportJSONSchema.self, ExportSchematron.self]
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
        let snapshot = try dataModel.packageSnapshot(package)
        let schema: String
        do { schema = try XSDExporter.export(snapshot.package, codeLists: snapshot.codeListsByID) } catch {
            throw CLIError("cannot export \(package): \(error)")
        }
        try CommandOutput.write(schema, to: out)
    }
}

/// `customs export json-schema --package <id>`.
struct ExportJSONSchema: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "json-schema",
        abstract: "Write a JSON Schema (draft 2020-12) for a package's JSON binding.",
        discussion: """
            The schema checks members, arrays, required members, choices, formats, code lists, \
            patterns, attributes, and dates against their @formatCode. It sees values as written, \
            where customs collapses whitespace in coded and numeric values as XSD does (see \
            DataModel/README.md, "JSON binding"). Packages imported from XSDs ('customs import \
            xsd') export with their XSD value types. Repeating choices, wildcards and bounds on \
            imported numeric types cannot be written and are refused by name.

            EXAMPLES:
              customs export json-schema --package wco-declaration > declaration.schema.json
              customs export json-schema --package xa-import --out xa-import.schema.json
              customs import xsd DocumentMetaData_2_DMS.xsd WCO_DEC_2_DMS.xsd --root MetaData \\
                --id uk-cds-dec --out DataModel/packages/uk-cds-dec.yaml
              customs export json-schema --package uk-cds-dec --out uk-cds-dec.schema.json
            """
    )

    @OptionGroup var dataModel: DataModelOptions
    @Option(help: "The package or profile.") var package: String
    @Option(help: "Write to this file instead of standard output.") var out: String?

    func run() throws {
        let (definition, compiled) = try dataModel.compiledPackage(package)
        let schema: String
        do { schema = try JSONSchemaExporter.export(compiled, name: definition.name) } catch {
            throw CLIError("cannot export \(package) as JSON Schema: \(error)")
        }
        try CommandOutput.write(schema, to: out)
    }
}

/// `customs export schematron --package <id>`.
struct ExportSchematron: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schematron",
        abstract: "Write a package's business rules as ISO Schematron (XPath 1.0), for any Schematron processor.",
        discussion: """
            One pattern per rule: its scope as the context, its condition and assertion as the \
            test, its ID on the assert and its severity as the role. Our own functions are written \
            in XPath 1.0 or EXSLT (math:min, math:max, re:test), which lxml and libxslt provide. \
            Numbers are binary floating point in XPath 1.0 where customs computes exact decimals, \
            and customs skips a rule that reads a value which failed its own check \
            (DataModel/README.md, "Business rules").

            EXAMPLES:
              customs export schematron --package wco-declaration > declaration.sch
              customs export schematron --package xa-import --out xa-import.sch
              python3 -c 'from lxml import etree, isoschematron; \\
                s = isoschematron.Schematron(etree.parse("declaration.sch")); \\
                print(s.validate(etree.parse("message.xml")))'
            """
    )

    @OptionGroup var dataModel: DataModelOptions
    @Option(help: "The package or profile.") var package: String
    @Option(help: "Write to this file instead of standard output.") var out: String?

    func run() throws {
        let snapshot = try dataModel.packageSnapshot(package)
        guard !snapshot.rules.isEmpty else {
            throw CLIError("\(package) has no business rules to export (see 'customs rules list --package \(package)')")
        }
        let schema: String
        do {
            schema = try SchematronExporter.export(
                snapshot.package, rules: snapshot.rules, codeLists: snapshot.codeListsByID)
        } catch {
            throw CLIError("cannot export the rules of \(package) as Schematron: \(error)")
        }
        try CommandOutput.write(schema, to: out)
    }
}
