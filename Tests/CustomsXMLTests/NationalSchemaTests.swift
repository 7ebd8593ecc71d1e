import CustomsDefinitions
import CustomsModel
import CustomsValidation
import Foundation
import PeerTools
import Testing

@testable import CustomsXML

/// National schemas as published (`Fixtures/national`: an H7-style declaration with every
/// oddity the issue lists, each commented in the schema): they import with located warnings,
/// `strict` refuses them, reused IDs get distinct pointers that the plain ID still finds,
/// national data-element numbers are kept and searchable, and messages get the verdicts and
/// first failing lines of xmllint on the schemas themselves.
@Suite("Importing national schemas as published")
struct NationalSchemaTests {
    static let folder = Fixtures.projectRoot.appendingPathComponent("Tests/CustomsXMLTests/Fixtures/national")
    static var entry: String { folder.appendingPathComponent("h7.xsd").path }
    static var types: String { folder.appendingPathComponent("h7-types.xsd").path }

    static func imported() throws -> XSDImport {
        try XSDImporter.importSchemas(entries: [entry], root: nil, id: "h7")
    }

    /// `file:line:column` of the first `needle` after the first `after` in `file` (columns
    /// count characters), worked out from the fixture's text so that the test states what it
    /// means rather than numbers.
    static func location(
        of needle: String, after anchor: String? = nil, in file: String
    ) throws -> CustomsModel.SourceLocation {
        let lines = try String(contentsOfFile: file, encoding: .utf8).components(separatedBy: "\n")
        var seenAnchor = anchor == nil
        for (index, line) in lines.enumerated() {
            if !seenAnchor, line.contains(anchor!) { seenAnchor = true }
            if seenAnchor, let range = line.range(of: needle) {
                return CustomsModel.SourceLocation(
                    file: file, line: index + 1, column: line.distance(from: line.startIndex, to: range.lowerBound) + 1)
            }
        }
        throw CocoaError(.fileReadCorruptFile)
    }

    @Test("each oddity is a warning at the annotation's file:line:column, in schema order")
    func warnings() throws {
        let warnings = try Self.imported().warnings
        let expected: [(XSDImportWarning.Kind, CustomsModel.SourceLocation, String)] = [
            (
                .reusedID,
                try Self.location(of: "<WCOID>L110", after: "name=\"LocationIdentificationType\"", in: Self.types),
                "<Identification> reuses WCO ID L110 of its sibling <Name>"
            ),
            (.formatFacets, try Self.location(of: "<WCOFormat>an..35", in: Self.entry), "maxLength is 22"),
            (
                .placeholderID, try Self.location(of: "<WCOID>TBD", in: Self.entry),
                "WCOID 'TBD' is a placeholder and names no WCO ID: <Exporter> takes its type's, 41A"
            ),
            (
                .placeholderID, try Self.location(of: "<WCOID>???", in: Self.entry),
                "<TypeOfLocation> is imported as unassigned"
            ),
            (.placeholderID, try Self.location(of: "<WCOID></WCOID>", in: Self.entry), "<QualifierOfIdentification>"),
            (
                .reusedID, try Self.location(of: "<WCOID>R013", after: "name=\"ExporterType\"", in: Self.entry),
                "WCO ID R013 is on <Country> at /H7Declaration/Exporter/Country and on <Name> at /H7Declaration/Importer/Name"
            ),
            (.formatFacets, try Self.location(of: "<WCOFormat>n..16,2", in: Self.entry), "fractionDigits is 3"),
        ]
        #expect(warnings.count == expected.count, "\(warnings.map(\.description).joined(separator: "\n"))")
        for (warning, (kind, location, text)) in zip(warnings, expected) {
            #expect(warning.kind == kind)
            #expect(warning.location == location, "\(warning)")
            #expect(warning.message.contains(text), "\(warning)")
        }
        #expect(warnings[0].description.hasPrefix("\(Self.types):41:25: warning[reused-id]: "))
    }

    @Test("strict makes every warning an error, the first with its place and the others listed")
    func strict() throws {
        #expect {
            try XSDImporter.importSchemas(entries: [Self.entry], root: nil, id: "h7", strict: true)
        } throws: { error in
            guard let error = error as? XSDImportError else { return false }
            return error.location.line > 0 && error.location.column > 0 && error.file == Self.types
                && error.message.contains("reuses WCO ID L110") && error.others.count == 6
                && error.description.components(separatedBy: "\n").count == 7
        }
    }

    @Test("siblings sharing an ID get pointers qualified by tag; the plain ID finds them all")
    func pointers() throws {
        let package = try Self.imported().package
        let location = try #require(package.root.children.first { $0.tag == "GoodsLocation" })
        #expect(
            location.children.map(\.pointerSegment) == [
                "TypeOfLocation", "QualifierOfIdentification", "L110(Name)", "L110(Identification)",
            ])
        #expect(location.children[0].id == nil && location.children[1].id == nil, "placeholders are no ID")
        let plain = package.nodes(matching: Pointer(["42A", "L009", "L110"])).map(\.path)
        #expect(plain == ["/H7Declaration/GoodsLocation/Name", "/H7Declaration/GoodsLocation/Identification"])
        #expect(package.nodes(matching: Pointer(["L110"])).count == 2)
        #expect(
            package.nodes(matching: Pointer(["42A", "L009", "L110(Identification)"])).map(\.path) == [
                "/H7Declaration/GoodsLocation/Identification"
            ])
        #expect(
            package.nodes(matching: Pointer(["R013"])).map(\.path) == [
                "/H7Declaration/Importer/Name", "/H7Declaration/Exporter/Country",
            ])
        // A tag that repeats among the siblings sharing an ID gets its place too.
        var node = PackageNode(tag: "P", id: "1A", kind: .class, name: "P", cardinality: .required)
        for tag in ["A", "B", "A"] {
            var child = PackageNode(tag: tag, id: "7", kind: .element, name: tag, cardinality: .optional)
            child.namespace = ""
            node.children.append(child)
        }
        var identities = PointerIdentities(idSites: [:], packageNamespace: "", warnings: XSDImportWarnings())
        identities.distinguish(&node)
        #expect(node.children.map(\.pointerSegment) == ["7(A,1)", "7(B)", "7(A,2)"])
    }

    @Test("national data-element numbers: every layout, kept through YAML, searchable in both numberings")
    func nationalNumbers() throws {
        let imported = try Self.imported()
        let package = imported.package
        func numbers(_ path: String) -> [String] {
            package.node(atInstancePath: path)?.node.annotations?.nationalNumbers.map(\.description) ?? []
        }
        #expect(
            numbers("/H7Declaration/LRN") == ["12 09 001 000 (EUCDM 6.1)", "2/5"], "number elements, default namespace")
        #expect(package.node(atInstancePath: "/H7Declaration/LRN")?.node.nationalID == "12 09 001 000")
        #expect(
            numbers("/H7Declaration/DeclarationType") == ["11 01 000 000 (EUCDM 6.1)", "1/1 (UCC DA)"],
            "type and code pairs in a namespace of their own")
        #expect(
            numbers("/H7Declaration/GoodsItem/SequenceNumber") == ["11 03 000 000 (EUCDM 6.1)"], "documentation source")
        #expect(
            numbers("/H7Declaration/GoodsLocation/TypeOfLocation") == ["16 15 046 000 (EUCDM)"],
            "beside a placeholder ID")
        let report = imported.annotations
        #expect(report.nationalCounts == ["number element": 4, "type and code pair": 2, "documentation source": 1])
        #expect(report.unrecognised.map(\.tag) == ["{urn:example:national:h7}RemarkNL"])
        #expect(report.unrecognised.first?.first == (try Self.location(of: "<RemarkNL>", in: Self.entry)))

        let yaml = try PackageWriter.yaml(package, comment: "test")
        let catalog = try XSDImportTests.loadCatalog(yaml: yaml, id: "h7")
        let loaded = try #require(catalog.package("h7"))
        #expect(XSDImportTests.withoutOrigins(loaded.root) == XSDImportTests.withoutOrigins(package.root))
        let search = DictionarySearch(catalog: catalog)
        for query in ["12 09 001 000", "1209001000", "2/5", "DE 2/5"] {
            #expect(search.find(query).flatMap(\.uses).map(\.path) == ["/H7Declaration/LRN"], "\(query)")
        }
        #expect(search.find("1/1").flatMap(\.uses).map(\.path) == ["/H7Declaration/DeclarationType"])
        #expect(
            search.find("L110").flatMap(\.uses).map(\.pointer) == [
                "42A/L009/L110(Name)", "42A/L009/L110(Identification)",
            ])
    }

    @Test("numbers are read only where a layout says so, and only when they are numbers")
    func numberSyntax() {
        #expect(DataElementNumber(parsing: "12 09 001 000")?.number == "12 09 001 000")
        #expect(DataElementNumber(parsing: "12  09\n001 000")?.number == "12 09 001 000")
        #expect(DataElementNumber(parsing: "1209001000")?.number == "12 09 001 000")
        #expect(DataElementNumber(parsing: "3/39")?.number == "3/39")
        for prose in ["", "see 2/5", "12 09 001", "2/5/1", "a/b", "120 9001 000", "1234/5"] {
            #expect(DataElementNumber(parsing: prose) == nil, "\(prose)")
        }
    }

    @Test("a diagnostic names the element's national number as it names its national name")
    func diagnostics() throws {
        let compiled = try Compiler.compile(try Self.imported().package, codeLists: [:])
        let message = Self.validMessage.replacingOccurrences(
            of: "REF-2026-0001", with: String(repeating: "R", count: 30))
        let result = SecureXMLReader().validate(bytes: Array(message.utf8), with: ValidationSession(package: compiled))
        let finding = try #require(result.diagnostics.first)
        #expect(finding.nationalID == "12 09 001 000")
        #expect(finding.pointer == "42A/D026")
        #expect(finding.line == 3)
    }

    static let validMessage = """
        <?xml version="1.0" encoding="UTF-8"?>
        <H7Declaration xmlns="urn:example:national:h7">
          <LRN>REF-2026-0001</LRN>
          <DeclarationType>H7</DeclarationType>
          <GoodsLocation>
            <TypeOfLocation>A</TypeOfLocation>
            <QualifierOfIdentification>U</QualifierOfIdentification>
            <Name>Schiphol cargo</Name>
            <Identification>NLAMS</Identification>
          </GoodsLocation>
          <Importer><Name>J. Jansen</Name></Importer>
          <Exporter><Name>Shop</Name><Country>CN</Country></Exporter>
          <GoodsItem>
            <SequenceNumber>1</SequenceNumber>
            <Description>Phone case</Description>
            <IntrinsicValue>12.505</IntrinsicValue>
          </GoodsItem>
        </H7Declaration>
        """

    /// Edits of the valid message aimed at each oddity (name, text to replace, replacement).
    static let mutations: [(String, String, String)] = [
        ("lrn-fits-format-not-facets", "REF-2026-0001", String(repeating: "R", count: 30)),
        ("lrn-at-facet-limit", "REF-2026-0001", String(repeating: "R", count: 22)),
        ("value-three-decimals", "12.505", "0.125"),
        ("value-four-decimals", "12.505", "12.5055"),
        (
            "sibling-order-swapped", "<Name>Schiphol cargo</Name>\n    <Identification>NLAMS</Identification>",
            "<Identification>NLAMS</Identification>\n    <Name>Schiphol cargo</Name>"
        ),
        ("identification-dropped", "\n    <Identification>NLAMS</Identification>", ""),
        ("name-dropped", "\n    <Name>Schiphol cargo</Name>", ""),
        (
            "identification-twice", "<Identification>NLAMS</Identification>",
            "<Identification>NLAMS</Identification><Identification>X</Identification>"
        ),
        ("identification-too-long", "NLAMS", String(repeating: "N", count: 36)),
        ("placeholder-element-too-long", "<TypeOfLocation>A</TypeOfLocation>", "<TypeOfLocation>AB</TypeOfLocation>"),
        ("placeholder-element-dropped", "\n    <QualifierOfIdentification>U</QualifierOfIdentification>", ""),
        ("reused-id-country", "<Country>CN</Country>", "<Country>cn</Country>"),
        ("code-unknown", "<DeclarationType>H7</DeclarationType>", "<DeclarationType>XX</DeclarationType>"),
        ("sequence-too-many-digits", "<SequenceNumber>1</SequenceNumber>", "<SequenceNumber>123456</SequenceNumber>"),
        (
            "second-item", "</GoodsItem>",
            "</GoodsItem>\n  <GoodsItem><SequenceNumber>2</SequenceNumber><Description>Cable</Description></GoodsItem>"
        ),
    ]

    @Test("valid, mutated and generated messages: the verdicts and first failing lines of xmllint")
    func differential() throws {
        let compiled = try Compiler.compile(try Self.imported().package, codeLists: [:])
        var messages: [(String, Data)] = [("valid", Data(Self.validMessage.utf8))]
        for (name, target, replacement) in Self.mutations {
            #expect(Self.validMessage.contains(target), "\(name)")
            messages.append((name, Data(Self.validMessage.replacingOccurrences(of: target, with: replacement).utf8)))
        }
        var generator = MessageGenerator(package: compiled, seed: 1807)
        for index in 0..<300 {
            messages.append(("generated-\(index)", Data(generator.next(invalidRate: 0.5).xml.utf8)))
        }

        let folder = try PeerTools.temporaryFolder("customs-h7")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try messages.enumerated().map { index, message in
            let url = folder.appendingPathComponent(String(format: "m%04d.xml", index))
            try message.1.write(to: url)
            return url
        }
        let xmllint = try XmllintVerdicts(schema: URL(fileURLWithPath: Self.entry), files: files)
        let session = ValidationSession(package: compiled, maxFindings: 20)
        let outcomes = zip(messages, files).map { message, url in
            CDSConformanceTests.Outcome(
                name: message.0, ours: SecureXMLReader().validate(file: url.path, with: session),
                theirs: xmllint.verdicts[url.path] ?? XmllintVerdicts.Verdict())
        }
        let differences = outcomes.compactMap(CDSConformanceTests.difference)
        #expect(differences.isEmpty, "\(differences.count):\n\(differences.prefix(8).joined(separator: "\n"))")
        let verdicts = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.name, $0.theirs.valid) })
        #expect(
            verdicts["valid"] == true && verdicts["value-three-decimals"] == true
                && verdicts["lrn-at-facet-limit"] == true)
        #expect(verdicts["lrn-fits-format-not-facets"] == false, "the facets, not WCOFormat, decide")
        #expect(outcomes.count { !$0.theirs.valid } > 120, "generated faults too")
    }

    @Test("start tags are placed past comments, CDATA, processing instructions and multi-byte text")
    func startTags() {
        let text =
            "\u{FEFF}<?xml version=\"1.0\"?>\n<!-- <no> -->\n<a x=\">\"><![CDATA[<no>]]>é<b/>\n\t<?pi <no>?><c>ü</c></a>"
        let positions = StartTagLocator.positions(in: Array(text.utf8))
        #expect(
            positions == [
                .init(line: 3, column: 1), .init(line: 3, column: 27), .init(line: 4, column: 13),
            ])
    }
}
