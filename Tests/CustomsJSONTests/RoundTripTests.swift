import CustomsJSON
import CustomsModel
import CustomsValidation
import CustomsXML
import Foundation
import PeerTools
import Testing

/// Conversion is lossless for valid messages: XML -> JSON -> XML gives an equivalent document
/// (same elements, namespaces, attributes and values, compared as trees with attributes in name
/// order), JSON -> XML -> JSON the same JSON text; and a message valid in one syntax is valid
/// in the other.
@Suite struct RoundTripTests {
    /// Converts `xml` there and back, recording any difference.
    static func roundTrip(_ xml: String, _ package: CompiledPackage, _ label: String) throws {
        let original = try XMLTreeReader.read(Array(xml.utf8))
        let json = JSONMessageConverter.jsonText(original, package: package)
        let back = try JSONMessageConverter.tree(JSONValue.parse(Array(json.utf8)), package: package)
        let written = XMLMessageWriter.document(back)
        let reread = try XMLTreeReader.read(Array(written.utf8))
        #expect(reread.canonical == original.canonical, "XML -> JSON -> XML differs: \(label)")
        let again = JSONMessageConverter.jsonText(reread, package: package)
        #expect(again == json, "JSON -> XML -> JSON differs: \(label)")
        let results = JSONFixtures.validate(json, package: package)
        let findings = results.flatMap(\.diagnostics).map(\.message)
        #expect(findings == [], "valid as XML, not as JSON: \(label)")
        let xmlResult = SecureXMLReader().validate(
            bytes: Array(written.utf8), with: ValidationSession(package: package))
        #expect(xmlResult.diagnostics.map(\.message) == [], "written XML is not valid: \(label)")
    }

    @Test(arguments: JSONFixtures.packageIDs)
    func generatedMessages(id: String) throws {
        let package = JSONFixtures.compiled(id)
        for (index, message) in JSONFixtures.generated(package, count: 150, seed: 11, invalidRate: 0).enumerated() {
            try Self.roundTrip(message.xml, package, "\(id) #\(index)")
        }
    }

    /// Our own XSD fixture (every construct of the importer's subset): two namespaces and a
    /// wildcard's content, keyed `{namespace}tag`.
    @Test func importedFixture() throws {
        let entry = JSONFixtures.projectRoot.appendingPathComponent("Tests/CustomsXMLTests/Fixtures/xsd/shipment.xsd")
        let package = try Compiler.compile(
            try XSDImporter.importPackage(entries: [entry.path], root: nil, id: "shipment"), codeLists: [:])
        var qualified = 0
        for (index, message) in JSONFixtures.generated(package, count: 100, seed: 11, invalidRate: 0).enumerated() {
            try Self.roundTrip(message.xml, package, "shipment #\(index)")
            if JSONFixtures.json(message.xml, package).contains("\"{urn:example:customs:extension}") { qualified += 1 }
        }
        #expect(qualified > 10, "\(qualified) messages with wildcard content")
    }

    /// Imported schemas: namespaces, class attributes, and the notification's two `Declaration`
    /// children (its own, and `{urn:wco:datamodel:WCO:DEC-DMS:2}Declaration` in JSON).
    @Test(
        "the UK CDS schema sets: generated messages round-trip",
        JSONFixtures.needsCDS, arguments: CDSSchemaSet.all)
    func importedCDS(set: CDSSchemaSet) throws {
        let package = try JSONFixtures.importedCDS(set)
        let key = "\"{urn:wco:datamodel:WCO:DEC-DMS:2}Declaration\""
        var qualified = 0
        for (index, message) in JSONFixtures.generated(package, count: 100, seed: 11, invalidRate: 0).enumerated() {
            try Self.roundTrip(message.xml, package, "\(set.name) #\(index)")
            let json = JSONFixtures.json(message.xml, package)
            guard json.contains(key) else { continue }
            qualified += 1
            // The key's namespace counts: another one names no element.
            let wrong = json.replacingOccurrences(of: key, with: "\"{urn:example}Declaration\"")
            let codes = JSONFixtures.validate(wrong, package: package).flatMap(\.diagnostics).map(\.code)
            // (one finding per response that carries one)
            #expect(!codes.isEmpty && codes.allSatisfy { $0 == .unknownElement }, "\(set.name) #\(index): \(codes)")
        }
        // The notification's answered declaration occurs in some messages, never in the declaration set.
        #expect(set.name == "notification" ? qualified > 0 : qualified == 0, "\(qualified) with a qualified key")
    }

    @Test func shippedSamples() throws {
        let folder = JSONFixtures.projectRoot.appendingPathComponent("Samples/xml/wco-declaration")
        let xml = try String(contentsOf: folder.appendingPathComponent("valid-import.xml"), encoding: .utf8)
        try Self.roundTrip(xml, JSONFixtures.declaration, "valid-import.xml")
        // The JSON sample is that message in the binding, written by `customs convert --indent 2`.
        let jsonFile = JSONFixtures.projectRoot.appendingPathComponent("Samples/json/wco-declaration/valid-import.json")
        let shipped = try String(contentsOf: jsonFile, encoding: .utf8)
        let tree = try XMLTreeReader.read(Array(xml.utf8))
        #expect(shipped == JSONMessageConverter.jsonText(tree, package: JSONFixtures.declaration, indent: 2) + "\n")
    }

    @Test func valuesNeedingEscapesSurvive() throws {
        // Markup characters, a carriage return, tabs and line breaks in attributes, non-ASCII.
        let tree = MarkupElement(
            name: "Declaration", namespace: JSONFixtures.declaration.namespace,
            children: [
                MarkupElement(name: "FunctionCode", namespace: JSONFixtures.declaration.namespace, text: "9"),
                MarkupElement(
                    name: "FunctionalReferenceID", namespace: JSONFixtures.declaration.namespace,
                    text: "a<b>&\"c\"\r\n\tü😀"),
            ])
        let written = XMLMessageWriter.document(tree)
        #expect(try XMLTreeReader.read(Array(written.utf8)) == tree)
        let json = JSONMessageConverter.jsonText(tree, package: JSONFixtures.declaration)
        #expect(
            try JSONMessageConverter.tree(JSONValue.parse(Array(json.utf8)), package: JSONFixtures.declaration) == tree)
    }
}
