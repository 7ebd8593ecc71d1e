import CustomsDefinitions
import CustomsModel
import CustomsValidation
import CustomsXML
import Foundation
import PeerTools
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Importing XSDs: our own small schema set (`Fixtures/xsd`: every construct of the subset, two
/// namespaces), generated and mutated messages checked against xmllint on the schemas
/// themselves, and each construct outside the subset refused by name.
@Suite("Importing XSDs")
struct XSDImportTests {
    static let folder = Fixtures.projectRoot.appendingPathComponent("Tests/CustomsXMLTests/Fixtures/xsd")
    static var entry: String { folder.appendingPathComponent("shipment.xsd").path }

    static func imported() throws -> InformationPackage {
        try XSDImporter.importPackage(entries: [entry], root: nil, id: "shipment")
    }

    @Test("the content model, namespaces, types and WCO annotations come through")
    func structure() throws {
        let package = try Self.imported()
        #expect(package.root.tag == "Shipment")
        #expect(package.root.id == "28A")
        #expect(package.namespace == "urn:example:customs:shipment")
        let children = package.root.children
        #expect(
            children.map(\.tag) == [
                "FunctionCode", "Reference", "Remark", "IssueDate", "DepartureDateTime", "Urgent", "Language",
                "GrossMass", "Packages", "ContainerID", "Bulk", "Consignor", "Consignee", "Item",
            ])
        let function = children[0]
        #expect(function.valueType?.builtin == .token)
        #expect(function.valueType?.enumeration == ["9", "13", "14"])
        #expect(function.attributes.map(\.name) == ["listID"], "listVersionID is prohibited by the restriction")
        #expect(function.annotations?.dictionaryEntryName == "Declaration. Function. Code")
        #expect(function.annotations?.untded == "1225")
        #expect(function.format?.description == "n..2")
        #expect(function.usage == [.importDeclaration, .exportDeclaration])
        #expect(children[9].choice != nil && children[9].choice == children[10].choice)
        #expect(children[9].cardinality == Cardinality(min: 1, max: 3))
        #expect(children[11].cardinality == .optional, "the group's sequence is folded in")
        let mass = children[7]
        #expect(mass.valueType?.minExclusive == "0")
        #expect(mass.attributes.first?.valueType?.enumeration == ["KGM"], "a fixed value is an enumeration of one")
        let item = try #require(children.last)
        let skip = try #require(item.children.last?.wildcard)
        #expect(skip.process == .skip)
        #expect(
            skip.admits("urn:example:elsewhere") && !skip.admits("urn:example:customs:shipment") && !skip.admits(""))
        let lax = try #require(children[12].children.last?.wildcard)
        #expect(lax.namespaces == ["urn:example:customs:extension"])
        let note = try #require(item.children.dropLast().last)
        #expect(note.tag == "Note")
        #expect(note.namespace == "", "form=\"unqualified\" puts a local element in no namespace")
    }

    @Test("generated and mutated messages: the same verdict as xmllint on the schemas themselves")
    func differential() throws {
        let package = try Self.imported()
        let compiled = try Compiler.compile(package, codeLists: [:])
        var generator = MessageGenerator(package: compiled, seed: 909)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "customs-xsd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var messages: [(URL, MessageGenerator.Message)] = []
        for index in 0..<600 {
            let message = generator.next(invalidRate: 0.5)
            let url = directory.appendingPathComponent("m\(index).xml")
            try message.xml.write(to: url, atomically: true, encoding: .utf8)
            messages.append((url, message))
        }
        let xmllint = try XmllintVerdicts(schema: URL(fileURLWithPath: Self.entry), files: messages.map(\.0))
        let reader = SecureXMLReader()
        let session = ValidationSession(package: compiled)
        var disagreements: [String] = []
        var faultMisses: [String] = []
        for (url, message) in messages {
            let result = reader.validate(file: url.path, with: session)
            let theirs = xmllint.verdicts[url.path]?.valid ?? false
            if result.isValid != theirs {
                disagreements.append(
                    "\(url.lastPathComponent) ours=\(result.isValid) xmllint=\(theirs) \(String(describing: message.fault)) \(result.diagnostics.map(\.message)) \(xmllint.verdicts[url.path]?.firstMessage ?? "")"
                )
            }
            if let fault = message.fault, !result.diagnostics.contains(where: { $0.code == fault.expectedCode }) {
                faultMisses.append("\(url.lastPathComponent) \(fault) got \(result.diagnostics.map(\.message))")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count):\n\(disagreements.prefix(6).joined(separator: "\n"))")
        #expect(faultMisses.isEmpty, "\(faultMisses.count):\n\(faultMisses.prefix(6).joined(separator: "\n"))")
        #expect(messages.count { !(xmllint.verdicts[$0.0.path]?.valid ?? false) } > 150)
    }

    @Test("attribute values are checked as the document means them: references decoded")
    func attributeReferences() throws {
        let compiled = try Compiler.compile(try Self.imported(), codeLists: [:])
        func codes(_ currency: String) -> [Diagnostic.Code] {
            let xml = """
                <Shipment xmlns="urn:example:customs:shipment"><FunctionCode>9</FunctionCode><Bulk>true</Bulk>\
                <Consignee role="x"><Name>N</Name></Consignee><Item><SequenceNumeric>1</SequenceNumeric>\
                <Description>D</Description><Value currencyID="\(currency)">1</Value></Item></Shipment>
                """
            return Fixtures.validate(xml, package: compiled).diagnostics.map(\.code)
        }
        #expect(codes("EUR") == [])
        #expect(codes("E&#85;R") == [], "a character reference")
        #expect(codes("&#x45;UR") == [], "a hexadecimal one")
        #expect(codes("E&amp;R") == [.attributeCode], "&amp; is the character &, not a code")
        #expect(codes("G&#66;P") == [])
        #expect(codes(" GBP ") == [], "token: whitespace collapsed")
    }

    @Test("wildcard content is counted in its place and skipped")
    func wildcards() throws {
        let compiled = try Compiler.compile(try Self.imported(), codeLists: [:])
        func codes(item extra: String, party: String = "") -> [Diagnostic.Code] {
            let xml = """
                <Shipment xmlns="urn:example:customs:shipment"><FunctionCode>9</FunctionCode><Bulk>true</Bulk>\
                <Consignee role="x"><Name>N</Name>\(party)</Consignee><Item><SequenceNumeric>1</SequenceNumeric>\
                <Description>D</Description>\(extra)</Item></Shipment>
                """
            return Fixtures.validate(xml, package: compiled).diagnostics.map(\.code)
        }
        let other = "<x:Any xmlns:x=\"urn:elsewhere\"><x:Deep><x:Deeper/></x:Deep></x:Any>"
        #expect(codes(item: other + other) == [], "##other, skipped, repeating")
        #expect(codes(item: "<Unexpected/>") == [.unknownElement], "the target namespace is not ##other")
        #expect(codes(item: other + "<Note xmlns=\"\">ab</Note>") == [.outOfOrder])
        let extensionElement = "<e:Extra xmlns:e=\"urn:example:customs:extension\">1</e:Extra>"
        #expect(codes(item: "", party: extensionElement + extensionElement) == [])
        #expect(codes(item: "", party: extensionElement + extensionElement + extensionElement) == [.tooMany])
        #expect(codes(item: "", party: other) == [.unknownElement], "the lax one admits one namespace")
    }

    @Test("an imported package written as YAML loads back unchanged")
    func roundTrip() throws {
        let package = try Self.imported()
        let text = try PackageWriter.yaml(package, comment: "test")
        let loaded = try Self.load(yaml: text, id: package.id)
        #expect(Self.withoutOrigins(loaded.root) == Self.withoutOrigins(package.root))
        #expect(loaded.namespace == package.namespace)
    }

    @Test("elements find names imported elements by their own annotations")
    func search() throws {
        let catalog = try Self.loadCatalog(yaml: try PackageWriter.yaml(try Self.imported(), comment: "test"))
        let search = DictionarySearch(catalog: catalog)
        let byID = try #require(search.find("017").first)
        #expect(byID.dictionaryEntryName == "Declaration. Function. Code", "not in the (empty) dictionary: annotated")
        #expect(byID.untded == "1225")
        #expect(byID.uses.map(\.pointer) == ["28A/017"])
        #expect(search.find("28A/017").first?.uses.first?.path == "/Shipment/FunctionCode")
    }

    /// Loads `yaml` as the only package of a fresh DataModel folder.
    static func load(yaml: String, id: String) throws -> InformationPackage {
        try #require(try loadCatalog(yaml: yaml, id: id).package(id))
    }

    /// The catalog of a fresh DataModel folder whose only package is `yaml`.
    static func loadCatalog(yaml: String, id: String = "imported") throws -> Catalog {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("customs-dm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = [
            "dictionary/classes.csv": "id,name,description\n",
            "dictionary/elements.csv": "id,name,format,description\n",
            "codelists/codelists.yaml": "[]\n", "packages/\(id).yaml": yaml,
        ]
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let result = DefinitionLoader.load(directory: root.path)
        #expect(result.problems.isEmpty, "\(result.problems.prefix(5))")
        return result.catalog
    }

    static func withoutOrigins(_ node: PackageNode) -> PackageNode {
        var copy = node
        copy.origin = nil
        copy.children = node.children.map(withoutOrigins)
        return copy
    }

    @Test(
        "each construct outside the subset is refused with its file, line and name",
        arguments: [
            (
                "<xs:element name=\"R\"><xs:complexType><xs:all><xs:element name=\"a\" type=\"xs:string\"/></xs:all></xs:complexType></xs:element>",
                "xs:all"
            ),
            (
                "<xs:element name=\"R\"><xs:complexType mixed=\"true\"><xs:sequence/></xs:complexType></xs:element>",
                "mixed content"
            ),
            (
                "<xs:element name=\"R\"><xs:complexType><xs:sequence><xs:any processContents=\"lax\"/></xs:sequence></xs:complexType></xs:element>",
                "lax wildcard that admits"
            ),
            (
                "<xs:element name=\"R\"><xs:complexType><xs:anyAttribute/></xs:complexType></xs:element>",
                "xs:anyAttribute"
            ),
            (
                "<xs:element name=\"R\"><xs:complexType><xs:complexContent><xs:extension base=\"T\"/></xs:complexContent></xs:complexType></xs:element>",
                "xs:complexContent"
            ),
            ("<xs:element name=\"R\" type=\"xs:duration\"/>", "xs:duration"),
            ("<xs:element name=\"R\"/>", "no type"),
            (
                "<xs:element name=\"R\" type=\"T\"/><xs:complexType name=\"T\"><xs:sequence><xs:element name=\"c\" type=\"T\" minOccurs=\"0\"/></xs:sequence></xs:complexType>",
                "recursive"
            ),
            (
                "<xs:element name=\"R\"><xs:complexType><xs:sequence><xs:element ref=\"R\" minOccurs=\"0\"/></xs:sequence></xs:complexType></xs:element>",
                "contains itself"
            ),
            (
                "<xs:element name=\"R\"><xs:complexType><xs:group ref=\"G\"/></xs:complexType></xs:element><xs:group name=\"G\"><xs:sequence><xs:element name=\"a\"><xs:complexType><xs:group ref=\"G\" minOccurs=\"0\"/></xs:complexType></xs:element></xs:sequence></xs:group>",
                "contains itself"
            ),
            (
                "<xs:element name=\"R\"><xs:complexType><xs:sequence><xs:any minOccurs=\"0\"/></xs:sequence></xs:complexType></xs:element>",
                "contains itself"
            ),
            (
                "<xs:element name=\"R\"><xs:simpleType><xs:list itemType=\"xs:string\"/></xs:simpleType></xs:element>",
                "xs:list"
            ),
            (
                "<xs:element name=\"R\"><xs:simpleType><xs:restriction base=\"xs:string\"><xs:pattern value=\"\\p{Lu}\"/></xs:restriction></xs:simpleType></xs:element>",
                "pattern"
            ),
            (
                "<xs:import namespace=\"urn:x\" schemaLocation=\"https://example.org/x.xsd\"/><xs:element name=\"R\" type=\"xs:string\"/>",
                "never uses the network"
            ),
            (
                "<xs:element name=\"R\"><xs:complexType><xs:sequence minOccurs=\"0\"><xs:element name=\"a\" type=\"xs:string\"/><xs:element name=\"b\" type=\"xs:string\"/></xs:sequence></xs:complexType></xs:element>",
                "optional or repeats"
            ),
        ])
    func refusals(body: String, expected: String) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "customs-refuse-\(UUID().uuidString).xsd")
        defer { try? FileManager.default.removeItem(at: url) }
        let text =
            "<?xml version=\"1.0\"?>\n<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n\(body)\n</xs:schema>\n"
        try text.write(to: url, atomically: true, encoding: .utf8)
        var message = ""
        var line = 0
        do {
            _ = try XSDImporter.importPackage(entries: [url.path], root: "R", id: "x")
        } catch {
            message = error.description
            line = error.line
        }
        let named = message.contains(expected)
        #expect(named, "\(message)")
        #expect(line > 0, "\(message)")
    }

    @Test("a namespace is imported once: a second copy of its schema is skipped, as libxml2 does")
    func importOnce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("customs-once-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("copy"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let types = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">\
            <xs:simpleType name="Code"><xs:restriction base="xs:token"/></xs:simpleType></xs:schema>
            """
        func entry(_ namespace: String, _ location: String, root: String) -> String {
            """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="\(namespace)">\
            <xs:import namespace="urn:t" schemaLocation="\(location)"/><xs:element name="\(root)" type="t:Code"/></xs:schema>
            """
        }
        let files = [
            "types.xsd": types, "copy/types.xsd": types, "a.xsd": entry("urn:a", "types.xsd", root: "A"),
            "b.xsd": entry("urn:b", "copy/types.xsd", root: "B"),
        ]
        for (name, text) in files {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let package = try XSDImporter.importPackage(
            entries: [folder.appendingPathComponent("a.xsd").path, folder.appendingPathComponent("b.xsd").path],
            root: "A", id: "x")
        #expect(package.root.valueType?.builtin == .token)
    }

    @Test("a DOCTYPE in a schema is refused, and nothing it names is read")
    func doctype() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("customs-dtd-\(UUID().uuidString).xsd")
        defer { try? FileManager.default.removeItem(at: url) }
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE xs:schema [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="R" type="xs:string"/></xs:schema>
            """
        try text.write(to: url, atomically: true, encoding: .utf8)
        var message = ""
        do { _ = try XSDImporter.importPackage(entries: [url.path], root: nil, id: "x") } catch {
            message = error.description
        }
        let refused = message.contains("DOCTYPE")
        #expect(refused, "\(message)")
    }

    @Test("a schema that is a FIFO, named or included, is refused without being opened")
    func fifo() throws {
        let folder = try temporaryFolder("xsd-fifo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipe = folder.appendingPathComponent("types.xsd").path
        #expect(mkfifo(pipe, 0o600) == 0)
        let entry = folder.appendingPathComponent("entry.xsd")
        try """
        <?xml version="1.0"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:include schemaLocation="types.xsd"/>
        <xs:element name="R" type="xs:string"/></xs:schema>
        """.write(to: entry, atomically: true, encoding: .utf8)
        for entries in [[pipe], [entry.path]] {
            var message = ""
            do { _ = try XSDImporter.importPackage(entries: entries, root: nil, id: "x") } catch {
                message = error.description
            }
            #expect(message.contains("not a regular file"), "\(entries): \(message)")
        }
    }
}
