import CustomsMapping
import CustomsModel
import CustomsValidation
import Testing

@Suite("Package to package by WCO ID")
struct PackageBridgeTests {
    static func bridge(_ from: String, _ to: String) -> PackageBridge {
        PackageBridge(from: MappingFixtures.catalog.package(from)!, to: MappingFixtures.catalog.package(to)!)
    }

    @Test(
        "e-commerce data to a declaration: every generated message maps to a valid one; only the order data has no place"
    )
    func ecommerceToDeclaration() throws {
        let bridge = Self.bridge("wco-ecommerce", "wco-declaration")
        #expect(bridge.unmatched.allSatisfy { $0.pointer.hasPrefix("42A/67A/X-ECO/") }, "\(bridge.unmatched)")
        #expect(bridge.unmatched.count == 7)
        let source = try MappingFixtures.compiled(bridge.source)
        let translator = RecordTranslator(
            mapping: bridge.mapping, package: bridge.target, compiled: try MappingFixtures.compiled(bridge.target),
            syntax: .xml)
        var generator = MessageGenerator(package: source, seed: 11)
        for _ in 0..<100 {
            let outcome = translator.translate(bridge.record(of: generator.next().tree))
            #expect(outcome.isClean, "\(outcome.issues) \(outcome.findings.prefix(2))")
        }
    }

    @Test(
        "an export declaration to the pre-arrival dataset: valid, and every value it keeps comes from the declaration")
    func exportToPreArrival() throws {
        let bridge = Self.bridge("xb-export", "wco-prearrival")
        let translator = RecordTranslator(
            mapping: bridge.mapping, package: bridge.target, compiled: try MappingFixtures.compiled(bridge.target),
            syntax: .xml)
        var generator = MessageGenerator(package: try MappingFixtures.compiled(bridge.source), seed: 3)
        for _ in 0..<100 {
            let declaration = generator.next().tree
            let outcome = translator.translate(bridge.record(of: declaration))
            #expect(outcome.isClean, "\(outcome.issues) \(outcome.findings.prefix(2))")
            // The LRN and the first item's description travel unchanged.
            let (prearrival, _) = bridge.map(declaration)
            #expect(Self.text(prearrival, "FunctionalReferenceID") == Self.text(declaration, "FunctionalReferenceID"))
            #expect(
                Self.text(prearrival, "GoodsShipment", "GovernmentAgencyGoodsItem", "Commodity", "Description")
                    == Self.text(declaration, "GoodsShipment", "GovernmentAgencyGoodsItem", "Commodity", "Description"))
        }
    }

    /// The text of the first element down `path`.
    static func text(_ element: MarkupElement, _ path: String...) -> String? {
        var current = element
        for name in path {
            guard let child = current.children.first(where: { $0.name == name }) else { return nil }
            current = child
        }
        return current.text
    }

    @Test("a profile to its base and back gives the same message, less its national additions")
    func profileAndBack() throws {
        let out = Self.bridge("xb-export", "wco-declaration")
        let back = Self.bridge("wco-declaration", "xb-export")
        #expect(out.unmatched.map(\.pointer) == ["42A/67A/68A/EnvironmentalLevyCategory"])
        var generator = MessageGenerator(package: try MappingFixtures.compiled(out.source), seed: 5)
        for _ in 0..<100 {
            var original = generator.next().tree
            let (declaration, issues) = out.map(original)
            #expect(issues.isEmpty)
            let (returned, backIssues) = back.map(declaration)
            #expect(backIssues.isEmpty)
            original = Self.removing("EnvironmentalLevyCategory", from: original)
            #expect(
                returned.canonical == original.canonical,
                "\(Self.difference(returned.canonical, original.canonical) ?? "")")
        }
    }

    /// Where two trees first differ, for the failure message.
    static func difference(_ a: MarkupElement, _ b: MarkupElement, path: String = "") -> String? {
        let here = path + "/" + a.name
        if a.name != b.name || a.text != b.text || a.attributes != b.attributes {
            return "\(here): \(a.name) \(a.text) \(a.attributes) vs \(b.name) \(b.text) \(b.attributes)"
        }
        for (x, y) in zip(a.children, b.children) {
            if let found = difference(x, y, path: here) { return found }
        }
        if a.children.count != b.children.count {
            return "\(here): \(a.children.map(\.name)) vs \(b.children.map(\.name))"
        }
        return nil
    }

    static func removing(_ name: String, from element: MarkupElement) -> MarkupElement {
        var copy = element
        copy.children = element.children.filter { $0.name != name }.map { removing(name, from: $0) }
        return copy
    }

    @Test("coverage of a bridge: what the target requires that the source does not give")
    func coverage() {
        let bridge = Self.bridge("wco-declaration", "xb-export")
        let report = CoverageReport(
            mapping: bridge.mapping, package: bridge.target, codeLists: MappingFixtures.catalog.codeLists)
        #expect(report.uncovered.map(\.pointer) == ["42A/67A/68A/EnvironmentalLevyCategory"])
        #expect(report.nationalOnly.count == bridge.unmatched.count)
    }
}
