import CustomsModel
import Testing

@Suite("Profile against base")
struct PackageDiffTests {
    static func element(_ tag: String, _ id: String, _ usage: Set<Usage>, format: String = "an..35") -> PackageNode {
        PackageNode(
            tag: tag, id: WCOIdentifier(id), kind: .element, name: tag, usage: usage, format: try! Format.parse(format))
    }

    static let base = InformationPackage(
        id: "base", name: "Base", version: "1", kind: .base,
        root: PackageNode(
            tag: "Declaration", id: "42A", kind: .class, name: "Declaration", cardinality: .required,
            children: [
                element("FunctionalReferenceID", "D026", [.importDeclaration, .exportDeclaration]),
                element("ExitDate", "024", [.exportDeclaration]),
                PackageNode(
                    tag: "Agent", id: "05A", kind: .class, name: "Agent",
                    children: [
                        element("Name", "R003", [.importDeclaration]), element("ID", "R004", [.importDeclaration]),
                    ]),
            ]))

    @Test("finds removals, restrictions, renamings, additions and coverage by usage")
    func compares() throws {
        var kept = Self.element(
            "FunctionalReferenceID", "D026", [.importDeclaration, .exportDeclaration], format: "an..22")
        kept.cardinality = .required
        kept.nationalName = "LRN"
        kept.nationalID = "XA 2/5"
        let addition = PackageNode(
            tag: "PermitNumber", id: nil, kind: .element, name: "Permit number", format: try Format.parse("an..20"),
            nationalID: "XA-9", isNationalAddition: true)
        let profile = InformationPackage(
            id: "xa", name: "XA", version: "1", kind: .profile, baseID: "base",
            root: PackageNode(
                tag: "Declaration", id: "42A", kind: .class, name: "Declaration", cardinality: .required,
                children: [kept, addition]))

        let diff = PackageDiff(profile: profile, base: Self.base)
        #expect(diff.removed.map(\.pointer.description) == ["42A/024", "42A/05A"])
        #expect(diff.removed.map(\.elementCount) == [1, 2])
        #expect(diff.restricted.count == 1)
        #expect(diff.restricted[0].changes == ["cardinality 0..1 → 1", "format an..35 → an..22"])
        #expect(diff.renamed.map(\.nationalName) == ["LRN"])
        #expect(diff.added.map(\.pointer.description) == ["42A/PermitNumber"])
        #expect(diff.coverage == PackageDiff.Share(kept: 1, total: 4))
        #expect(diff.coverageByUsage[.importDeclaration] == PackageDiff.Share(kept: 1, total: 3))
        #expect(diff.coverageByUsage[.exportDeclaration] == PackageDiff.Share(kept: 1, total: 2))
        #expect(diff.coverageByUsage[.transit] == nil)
    }

    @Test("a package compared with itself changes nothing")
    func identity() {
        let diff = PackageDiff(profile: Self.base, base: Self.base)
        #expect(diff.removed.isEmpty && diff.restricted.isEmpty && diff.renamed.isEmpty && diff.added.isEmpty)
        #expect(diff.coverage.ratio == 1)
    }

    @Test("nodes are found by pointer")
    func lookup() throws {
        let pointer = try #require(Pointer(parsing: "42A/05A/R004"))
        let node = try #require(Self.base.node(at: pointer))
        #expect(node.path == "/Declaration/Agent/ID")
        #expect(Self.base.node(at: Pointer(["42A", "05A", "R999"])) == nil)
        #expect(Self.base.elementCount == 4)
    }
}
