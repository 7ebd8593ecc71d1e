import CustomsJSON
import CustomsModel
import CustomsValidation
import CustomsXML
import Foundation
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
