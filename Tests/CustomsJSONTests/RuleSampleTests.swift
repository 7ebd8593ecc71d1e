import CustomsJSON
import CustomsModel
import CustomsValidation
import CustomsXML
import Foundation
import Testing

/// Every shipped business rule against its samples in `Samples/rules/<package>/` (written by
/// `make-samples.py` there): its invalid sample fails that rule and nothing else, the valid
/// one (`<rule>-valid.xml`, or the package's `valid.xml`) has no finding at all, and the JSON
/// form of each gives the same rule findings as the XML.
@Suite struct RuleSampleTests {
    static let catalog = JSONFixtures.loaded.catalog
    static let folder = JSONFixtures.projectRoot.appendingPathComponent("Samples/rules")

    /// Each shipped rule with the package whose rules file defines it (`rules/<package>.yaml`).
    static let shippedRules: [(package: String, rule: BusinessRule)] = catalog.rules.flatMap { id, rules in
        rules.filter { ($0.source.file as NSString).lastPathComponent == id + ".yaml" }.map { (id, $0) }
    }.sorted { $0.rule.id < $1.rule.id }

    static func compiled(_ id: String) throws -> CompiledPackage {
        try Compiler.compile(catalog.package(id)!, codeLists: catalog.codeLists, rules: catalog.rules[id] ?? [])
    }

    /// The findings of `file` under `package`, from the XML and from its JSON form (rule
    /// findings must agree).
    static func findings(_ file: URL, _ package: CompiledPackage) throws -> [Diagnostic] {
        let xml = try String(contentsOf: file, encoding: .utf8)
        let fromXML = SecureXMLReader().validate(bytes: Array(xml.utf8), with: ValidationSession(package: package))
            .diagnostics
        let json = JSONFixtures.json(xml, package)
        let fromJSON = JSONFixtures.validate(json, package: package).flatMap(\.diagnostics)
        #expect(
            fromXML.compactMap(\.ruleID) == fromJSON.compactMap(\.ruleID),
            "\(file.lastPathComponent): XML and JSON differ")
        #expect(fromXML.map(\.message) == fromJSON.map(\.message))
        return fromXML
    }

    @Test("at least 25 rules for the declaration and its two national profiles, 5 for e-CO, 5 for e-commerce")
    func enoughRules() {
        let byPackage = Dictionary(grouping: Self.shippedRules, by: \.package).mapValues(\.count)
        let declaration = ["wco-declaration", "xa-import", "xb-export"].reduce(0) { $0 + (byPackage[$1] ?? 0) }
        #expect(declaration >= 25, "\(byPackage)")
        #expect((byPackage["xa-import"] ?? 0) >= 5 && (byPackage["xb-export"] ?? 0) >= 5)
        #expect((byPackage["wco-eco"] ?? 0) >= 5)
        #expect((byPackage["wco-ecommerce"] ?? 0) >= 5)
    }

    @Test(arguments: shippedRules.map { "\($0.package) \($0.rule.id)" })
    func firesOnItsInvalidSampleOnly(_ entry: String) throws {
        let (id, rule) = (String(entry.split(separator: " ")[0]), String(entry.split(separator: " ")[1]))
        let package = try Self.compiled(id)
        let samples = Self.folder.appendingPathComponent(id)
        let invalid = try Self.findings(samples.appendingPathComponent("\(rule)-invalid.xml"), package)
        #expect(invalid.map(\.code) == [.rule], "\(invalid.map { "\($0.code.rawValue): \($0.message)" })")
        #expect(invalid.map(\.ruleID) == [rule])
        var valid = samples.appendingPathComponent("\(rule)-valid.xml")
        if !FileManager.default.fileExists(atPath: valid.path) { valid = samples.appendingPathComponent("valid.xml") }
        let findings = try Self.findings(valid, package)
        #expect(findings.isEmpty, "\(valid.lastPathComponent): \(findings.map(\.message))")
    }
}
