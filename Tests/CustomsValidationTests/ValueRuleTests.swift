import CustomsModel
import Testing

@testable import CustomsValidation

@Suite("Value rules (XSD semantics)")
struct ValueRuleTests {
    static func rule(_ format: String, codes: [String]? = nil) -> ValueRule {
        ValueRule(
            format: try! Format.parse(format), codes: codes.map(Set.init), codeListID: codes == nil ? nil : "test")
    }

    static func code(_ rule: ValueRule, _ value: String) -> Diagnostic.Code? { rule.check(Array(value.utf8))?.code }

    @Test("free text: length in characters, whitespace kept")
    func text() {
        let rule = Self.rule("an..5")
        #expect(Self.code(rule, "abcde") == nil)
        #expect(Self.code(rule, "ééééé") == nil)
        #expect(Self.code(rule, " a b ") == nil)
        #expect(Self.code(rule, "abcdef") == .length)
        #expect(Self.code(rule, "") == .length)
        #expect(Self.code(rule, "  a    ") == .length)
    }

    @Test("decimals count significant digits, as XSD's value space does")
    func decimals() {
        let rule = Self.rule("n..5,2")
        for value in ["123.45", "0123.45", "123.450", " 12.5 ", "+1.5", "-1.5", ".5", "5.", "000000001", "0.00"] {
            #expect(Self.code(rule, value) == nil, "\(value)")
        }
        for value in ["1e3", "", "1.2.3", "12,5", "1.234", "123456", "."] {
            #expect(Self.code(rule, value) == .decimal, "\(value)")
        }
        let whole = Self.rule("n..3")
        #expect(Self.code(whole, "1.0") == nil)
        #expect(Self.code(whole, "0999") == nil)
        #expect(Self.code(whole, "1000") == .decimal)
        #expect(Self.code(whole, "1.5") == .decimal)
    }

    @Test("codes are compared after whitespace is collapsed, as xs:token")
    func codes() {
        let rule = Self.rule("n..2", codes: ["9", "13"])
        #expect(Self.code(rule, " 9 ") == nil)
        #expect(Self.code(rule, "09") == .codeNotInList)
        #expect(Self.code(rule, "1 3") == .characters)
        #expect(Self.code(rule, "14") == .codeNotInList)
        #expect(Self.code(rule, "123") == .length)
    }

    @Test("letters and fixed-length digits")
    func lettersAndDigits() {
        #expect(Self.code(Self.rule("a2"), "GB") == nil)
        #expect(Self.code(Self.rule("a2"), "G1") == .characters)
        #expect(Self.code(Self.rule("a2"), "GBR") == .length)
        #expect(Self.code(Self.rule("a2"), " GB") == .characters)
        #expect(Self.code(Self.rule("n1"), " 3 ") == nil)
        #expect(Self.code(Self.rule("n1"), "33") == .length)
    }
}

@Suite("Generated messages")
struct GeneratorTests {
    static let compiled: CompiledPackage = {
        let result = DefinitionLoaderHelper.shipped
        return try! Compiler.compile(result.catalog.package("wco-declaration")!, codeLists: result.catalog.codeLists)
    }()

    @Test("the same seed gives the same messages; another seed others")
    func deterministic() {
        var first = MessageGenerator(package: Self.compiled, seed: 11)
        var second = MessageGenerator(package: Self.compiled, seed: 11)
        var third = MessageGenerator(package: Self.compiled, seed: 12)
        let a = (0..<20).map { _ in first.next(invalidRate: 0.5) }
        let b = (0..<20).map { _ in second.next(invalidRate: 0.5) }
        let c = (0..<20).map { _ in third.next(invalidRate: 0.5) }
        #expect(a.map(\.xml) == b.map(\.xml))
        #expect(a.map(\.fault) == b.map(\.fault))
        #expect(a.map(\.xml) != c.map(\.xml))
    }

    @Test("the invalid rate is about what was asked, and every fault names its expected finding")
    func invalidRate() {
        var generator = MessageGenerator(package: Self.compiled, seed: 5)
        let messages = (0..<400).map { _ in generator.next(invalidRate: 0.25) }
        let faulty = messages.count { $0.fault != nil }
        #expect((60...140).contains(faulty))
        #expect(Set(messages.compactMap(\.fault?.kind)).count >= 6)
    }
}
