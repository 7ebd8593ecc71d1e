import CustomsModel
import CustomsValidation
import CustomsXML
import Testing

/// Choices (`Fixtures/choices`): hand-written messages at each boundary, with the finding we
/// expect and libxml2's verdict on the exported XSD beside ours.
@Suite("Choices: occurrences, alternatives and runs")
struct ChoiceTests {
    static let package = Fixtures.compiled("choices")
    /// libxml2's validator on the exported schema (one per test: it is not thread-safe).
    static func reference() -> ReferenceSchema {
        let catalog = Fixtures.choices.catalog
        let xsd = try! XSDExporter.export(catalog.package("choices")!, codeLists: catalog.codeLists)
        return ReferenceSchema(xsd: xsd)!
    }

    /// A message: `single` defaults to one Alpha, `repeating` to two Aitch.
    static func message(
        single: String = "<Alpha>a</Alpha>", pair: String = "", repeating: String? = nil, tail: String = ""
    )
        -> String
    {
        let repeating = repeating ?? "<Aitch>h</Aitch><Aitch>h</Aitch>"
        return "<ChoiceTest xmlns=\"urn:example:customs:choices\">\(single)\(pair)\(repeating)\(tail)</ChoiceTest>"
    }

    static func elements(_ tag: String, _ count: Int, value: String = "1") -> String {
        String(repeating: "<\(tag)>\(value)</\(tag)>", count: count)
    }

    @Test(
        "each case gives the expected findings, and libxml2 agrees on the verdict",
        arguments: [
            (message(), [Diagnostic.Code]()),
            (message(single: "<Branch><Gamma>1</Gamma></Branch>"), []),
            (message(single: ""), [.missingElement]),
            (message(single: "<Alpha>a</Alpha><Branch><Gamma>1</Gamma></Branch>"), [.tooMany]),
            (message(single: "<Branch><Gamma>1</Gamma></Branch><Alpha>a</Alpha>"), [.tooMany]),
            (message(single: "<Alpha>a</Alpha><Alpha>b</Alpha>"), [.tooMany]),
            (message(pair: elements("Delta", 2, value: "d")), []),
            (message(pair: elements("Delta", 3, value: "d")), []),
            (message(pair: elements("Delta", 1, value: "d")), [.missingElement]),
            (message(pair: elements("Delta", 4, value: "d")), [.tooMany]),
            (message(pair: "<Epsilon>e</Epsilon>"), []),
            (message(pair: "<Epsilon>e</Epsilon>" + elements("Delta", 2, value: "d")), [.tooMany]),
            (message(repeating: elements("Gee", 4)), []),
            (message(repeating: elements("Gee", 2) + "<Aitch>h</Aitch>" + elements("Gee", 2)), []),
            (message(repeating: elements("Gee", 3)), [.tooMany]),
            (message(repeating: elements("Gee", 2)), [.missingElement]),
            (message(repeating: "<Aitch>h</Aitch>"), [.missingElement]),
            (message(repeating: elements("Aitch", 5, value: "h")), [.tooMany]),
            (message(repeating: elements("Gee", 8)), []),
            (message(repeating: elements("Gee", 10)), [.tooMany]),
            (message(tail: elements("Jay", 7, value: "j") + elements("Kay", 6)), []),
            (message(tail: elements("Kay", 4)), [.tooMany]),
            (message(tail: elements("Kay", 2)), [.missingElement]),
            (message(tail: "<Phi>p</Phi>"), [.outOfOrder]),
            (message(single: "<Delta>d</Delta><Delta>d</Delta><Alpha>a</Alpha>"), [.outOfOrder]),
        ])
    func boundaries(xml: String, expected: [Diagnostic.Code]) {
        let result = Fixtures.validate(xml, package: Self.package)
        #expect(result.diagnostics.map(\.code) == expected, "\(result.diagnostics.map(\.message))")
        #expect(Self.reference().isValid(xml) == expected.isEmpty, "libxml2 disagrees on \(xml)")
    }

    @Test("a missing choice names its alternatives and the pointer of the first")
    func missingChoiceMessage() throws {
        let finding = try #require(Fixtures.validate(Self.message(single: ""), package: Self.package).diagnostics.first)
        #expect(finding.message == "ChoiceTest needs one of <Alpha> | <Branch>, found 0")
        #expect(finding.pointer == "X-CH1/X-CE01")
    }

    @Test("instance paths number the alternatives of a repeating choice")
    func positions() throws {
        let xml = Self.message(repeating: Self.elements("Gee", 4) + "<Aitch>toolong</Aitch>")
        let finding = try #require(Fixtures.validate(xml, package: Self.package).diagnostics.first)
        #expect(finding.code == .length)
        #expect(finding.instancePath == "/ChoiceTest/Aitch[1]")
    }

    @Test("an ambiguous repeating choice is refused when definitions load")
    func ambiguity() {
        let group = ChoiceGroup(name: "g", cardinality: Cardinality(min: 0, max: nil))
        #expect(group.ambiguity(of: Cardinality(min: 1, max: 2)) != nil)
        #expect(group.ambiguity(of: Cardinality(min: 3, max: 3)) == nil)
        #expect(group.ambiguity(of: .optional) == nil)
        #expect(ChoiceGroup(name: "g", cardinality: .required).ambiguity(of: Cardinality(min: 1, max: nil)) == nil)
    }
}
