import CustomsJSON
import CustomsModel
import CustomsValidation
import CustomsXML
import Foundation
import Testing

/// Business rules evaluated while a message streams through the session: each operator and
/// function on a known message, in XML and in its JSON form with the same verdicts; scopes,
/// conditions, upward and absolute paths, message placeholders, severities and places.
@Suite struct RuleEvaluationTests {
    static let sample = try! String(
        contentsOf: JSONFixtures.projectRoot.appendingPathComponent("Samples/xml/wco-declaration/valid-import.xml"),
        encoding: .utf8)
    static let base = JSONFixtures.loaded.catalog.package("wco-declaration")!

    /// A rule read as the loader reads one (without its checks: the tests name real paths).
    static func rule(
        _ assertion: String, when condition: String? = nil, scope: String = "Declaration", id: String = "T-1",
        severity: BusinessRule.Severity = .error, message: String = "failed"
    ) throws -> BusinessRule {
        let placeholders = try BusinessRule.placeholders(in: message).get().map { text, offset in
            try #require(BusinessRule.placeholderPath(text, at: offset))
        }
        return BusinessRule(
            id: id, severity: severity, scope: scope.split(separator: "/").map(String.init),
            condition: try condition.map { try RuleParser.parse($0) }, assertion: try RuleParser.parse(assertion),
            conditionText: condition, assertionText: assertion, message: message, messagePaths: placeholders,
            source: SourceLocation(file: "test"))
    }

    /// The rule findings of `xml` and of its JSON form under `rules`; they must agree.
    static func ruleFindings(_ rules: [BusinessRule], xml: String = sample) throws -> [Diagnostic] {
        let package = try Compiler.compile(base, codeLists: JSONFixtures.loaded.catalog.codeLists, rules: rules)
        let session = ValidationSession(package: package)
        let fromXML = SecureXMLReader().validate(bytes: Array(xml.utf8), with: session).diagnostics
        let json = JSONFixtures.json(xml, package)
        let fromJSON = JSONFixtures.validate(json, package: package).flatMap(\.diagnostics)
        let xmlRules = fromXML.filter { $0.code == .rule }
        let jsonRules = fromJSON.filter { $0.code == .rule }
        #expect(xmlRules.map(\.message) == jsonRules.map(\.message), "XML and JSON disagree")
        #expect(xmlRules.map(\.instancePath) == jsonRules.map(\.instancePath))
        return xmlRules
    }

    @Test(arguments: [
        ("GoodsItemQuantity = 2", true),
        ("GoodsItemQuantity = 3", false),
        ("GoodsItemQuantity = count(GoodsShipment/GovernmentAgencyGoodsItem)", true),
        ("sum(GoodsShipment/GovernmentAgencyGoodsItem/Commodity/GoodsMeasure/GrossMassMeasure) = 800", true),
        ("sum(GoodsShipment/GovernmentAgencyGoodsItem/Commodity/GoodsMeasure/GrossMassMeasure) > 800", false),
        ("max(GoodsShipment/GovernmentAgencyGoodsItem/SequenceNumeric) = 2", true),
        ("min(GoodsShipment/GovernmentAgencyGoodsItem/SequenceNumeric) = 1", true),
        ("GoodsShipment/GovernmentAgencyGoodsItem/SequenceNumeric = 2", true),  // one of them
        ("GoodsShipment/GovernmentAgencyGoodsItem/SequenceNumeric = 3", false),
        ("TypeCode = 'IM' and not(TypeCode = 'EX')", true),
        ("TypeCode = 'EX' or FunctionCode = 9", true),
        ("TypeCode != 'IM'", false),
        ("InvoiceAmount/@currencyID = 'EUR'", true),
        ("in-code-list(InvoiceAmount/@currencyID, 'iso-4217')", true),
        ("in-code-list(TypeCode, 'iso-4217')", false),
        ("starts-with(FunctionalReferenceID, 'LRN-')", true),
        ("contains(FunctionalReferenceID, '2026')", true),
        ("string-length(TypeCode) = 2", true),
        ("matches(FunctionalReferenceID, 'LRN-[0-9]{4}-[0-9]{6}')", true),
        ("matches(TypeCode, '[0-9]+')", false),
        ("exists(GoodsShipment/Consignee)", true),
        ("exists(GoodsShipment/Importer)", false),
        ("InvoiceAmount > 15230.49 and InvoiceAmount < 15230.51", true),
        ("0.1 + 0.2 = 0.3", true),
        ("10 div 4 = 2.5 and 7 mod 3 = 1 and -2 * 3 = -6", true),
        ("1 div 0 = 1 div 0", false),  // NaN equals nothing
        ("date('20261123') - date('20261122') = 1", true),
        ("date('20240229') = date('2024-02-29')", true),
        ("date('20230229') = date('20230229')", false),  // no such day
        (
            "TotalGrossMassMeasure >= sum(GoodsShipment/GovernmentAgencyGoodsItem/Commodity/GoodsMeasure/GrossMassMeasure)",
            true
        ),
    ])
    func operators(assertion: String, holds: Bool) throws {
        let findings = try Self.ruleFindings([try Self.rule(assertion)])
        #expect(findings.count == (holds ? 0 : 1), "\(assertion)")
    }

    @Test func scopesConditionsAndMessages() throws {
        let perItem = try Self.rule(
            "SequenceNumeric < 2", scope: "Declaration/GoodsShipment/GovernmentAgencyGoodsItem", id: "T-ITEM",
            severity: .warning,
            message: "item {SequenceNumeric} of {../../GoodsItemQuantity}, type {/Declaration/TypeCode}")
        let conditional = try Self.rule("exists(Exporter)", when: "TypeCode = 'EX'", id: "T-WHEN")
        let upward = try Self.rule(
            "SequenceNumeric <= count(../GovernmentAgencyGoodsItem) and /Declaration/TypeCode = 'IM'",
            scope: "Declaration/GoodsShipment/GovernmentAgencyGoodsItem", id: "T-UP")
        let findings = try Self.ruleFindings([perItem, conditional, upward])
        #expect(findings.map(\.ruleID) == ["T-ITEM"])
        let finding = try #require(findings.first)
        #expect(finding.severity == .warning)
        #expect(finding.message == "T-ITEM: item 2 of 2, type IM")
        #expect(finding.instancePath == "/Declaration/GoodsShipment/GovernmentAgencyGoodsItem[2]")
        #expect(finding.line == 49)  // the second goods item's start tag
        // In JSON the finding points at the scope, not where the reader was when its anchor ended.
        let package = try Compiler.compile(
            Self.base, codeLists: JSONFixtures.loaded.catalog.codeLists, rules: [perItem])
        let json = JSONFixtures.validate(JSONFixtures.json(Self.sample, package), package: package)
        #expect(
            json.flatMap(\.diagnostics).filter { $0.code == .rule }.map(\.jsonPointer)
                == ["/Declaration/GoodsShipment/GovernmentAgencyGoodsItem/1"])
    }

    @Test func aRuleThatLooksUpIsEvaluatedWhenItsParentEnds() throws {
        // `../GovernmentAgencyGoodsItem` from a goods item reads its siblings: evaluated at the
        // first item's end, it saw one item, not two (the anchor must be the goods shipment).
        let alone = try Self.rule(
            "count(../GovernmentAgencyGoodsItem) = 2", scope: "Declaration/GoodsShipment/GovernmentAgencyGoodsItem")
        #expect(try Self.ruleFindings([alone]).isEmpty)
        let last = try Self.rule(
            "SequenceNumeric = count(../GovernmentAgencyGoodsItem)",
            scope: "Declaration/GoodsShipment/GovernmentAgencyGoodsItem", message: "{SequenceNumeric}")
        #expect(try Self.ruleFindings([last]).map(\.message) == ["T-1: 1"])
    }

    @Test func aValueThatFailedItsOwnCheckLeavesTheRuleOut() throws {
        let broken = Self.sample.replacingOccurrences(
            of: "<GoodsItemQuantity>2</GoodsItemQuantity>", with: "<GoodsItemQuantity>two</GoodsItemQuantity>")
        let rule = try Self.rule("GoodsItemQuantity = count(GoodsShipment/GovernmentAgencyGoodsItem)")
        #expect(try Self.ruleFindings([rule], xml: broken).isEmpty)
        let wrong = Self.sample.replacingOccurrences(
            of: "<GoodsItemQuantity>2</GoodsItemQuantity>", with: "<GoodsItemQuantity>3</GoodsItemQuantity>")
        #expect(try Self.ruleFindings([rule], xml: wrong).count == 1)
    }

    @Test func aValueAfterItsScopeInJSONStillCounts() throws {
        // JSON members have no order: TypeCode after GoodsShipment, read when the root ends.
        let package = try Compiler.compile(
            Self.base, codeLists: JSONFixtures.loaded.catalog.codeLists,
            rules: [try Self.rule("count(GoodsShipment/GovernmentAgencyGoodsItem) = 1", when: "TypeCode = 'IM'")])
        let late =
            #"{"Declaration": {"FunctionCode": "9", "GoodsShipment": {"GovernmentAgencyGoodsItem": [{"SequenceNumeric": "1"}, {"SequenceNumeric": "2"}]}, "TypeCode": "IM"}}"#
        let findings = JSONFixtures.validate(late, package: package).flatMap(\.diagnostics).filter { $0.code == .rule }
        #expect(findings.count == 1)
        #expect(findings.first?.jsonPointer == "/Declaration")
    }

    @Test func theShippedRulesOnTheSamples() throws {
        // The samples' expected diagnostics hold the shipped rules' findings; here one of each
        // kind is made to fail on purpose.
        let rules = JSONFixtures.loaded.catalog.rules["wco-declaration"] ?? []
        #expect(rules.count >= 7)
        let export = Self.sample.replacingOccurrences(of: "<TypeCode>IM</TypeCode>", with: "<TypeCode>EX</TypeCode>")
        #expect(try Self.ruleFindings(rules, xml: export).map(\.ruleID) == ["DEC-R002"])
        #expect(try Self.ruleFindings(rules).isEmpty)
    }
}
