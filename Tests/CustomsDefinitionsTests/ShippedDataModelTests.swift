import CustomsDefinitions
import CustomsModel
import Foundation
import Testing

/// The project root, found from this file's path (tests run from any directory).
let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

@Suite("The shipped DataModel folder")
struct ShippedDataModelTests {
    static let result = DefinitionLoader.load(directory: projectRoot.appendingPathComponent("DataModel").path)

    @Test("loads without a single problem")
    func clean() {
        #expect(Self.result.problems.map(\.description) == [])
    }

    @Test("holds the packages and profiles the project promises")
    func packages() throws {
        let catalog = Self.result.catalog
        #expect(catalog.packages.count >= 6)
        let kinds = Dictionary(catalog.packages.map { ($0.id, $0.kind) }, uniquingKeysWith: { a, _ in a })
        #expect(kinds["wco-declaration"] == .base)
        #expect(kinds["wco-response"] == .base)
        #expect(kinds["wco-eco"] == .derived)
        #expect(kinds["wco-ecommerce"] == .derived)
        #expect(kinds["xa-import"] == .profile)
        #expect(kinds["xb-export"] == .profile)
        #expect(kinds["wco-prearrival"] == .derived)
    }

    @Test("the declaration package has at least 150 distinct data elements with import and export usage")
    func declarationSize() throws {
        let declaration = try #require(Self.result.catalog.package("wco-declaration"))
        let ids = Set(declaration.nodes.filter { $0.node.kind == .element }.compactMap(\.node.id))
        #expect(ids.count >= 150)
        let usages = declaration.nodes.reduce(into: Set<Usage>()) { $0.formUnion($1.node.usage) }
        #expect(usages.isSuperset(of: [.importDeclaration, .exportDeclaration]))
        let pointer = try #require(Pointer(parsing: "42A/67A/68A/03A/226"))
        #expect(
            declaration.node(at: pointer)?.path
                == "/Declaration/GoodsShipment/GovernmentAgencyGoodsItem/AdditionalInformation/StatementCode")
    }

    @Test("pointers are unique in every package")
    func uniquePointers() {
        for package in Self.result.catalog.packages {
            let pointers = package.nodes.map(\.pointer)
            #expect(Set(pointers).count == pointers.count, "\(package.id)")
        }
    }

    @Test("every pointer, written out and read back, names the same node")
    func pointersRoundTrip() throws {
        for package in Self.result.catalog.packages {
            for located in package.nodes {
                let parsed = try #require(Pointer(parsing: located.pointer.description), "\(located.pointer)")
                #expect(package.node(at: parsed)?.path == located.path, "\(package.id) \(located.pointer)")
            }
        }
    }

    @Test("the promised code lists are there, versioned and with sources")
    func codeLists() throws {
        let lists = Self.result.catalog.codeLists
        for id in [
            "iso-3166-alpha2", "iso-4217", "edifact-1225", "edifact-1001", "edifact-2379", "unece-rec21", "unece-rec19",
            "unece-rec20", "incoterms-2020", "origin-criteria", "declaration-types",
        ] {
            let list = try #require(lists[id], "\(id)")
            #expect(!list.version.isEmpty && !list.source.isEmpty && !list.entries.isEmpty, "\(id)")
        }
        #expect(lists["iso-3166-alpha2"]!.entries.count >= 240)
        #expect(lists["iso-4217"]!.contains("EUR"))
        for entry in lists["edifact-2379"]!.entries {
            #expect(
                DateTimeFormat(code: entry.code, pattern: entry.properties["pattern"] ?? "") != nil, "\(entry.code)")
        }
    }

    @Test("each national profile restricts, renames and adds", arguments: ["xa-import", "xb-export"])
    func profiles(id: String) throws {
        let catalog = Self.result.catalog
        let profile = try #require(catalog.package(id))
        let baseID = try #require(profile.baseID)
        let base = try #require(catalog.package(baseID))
        let diff = PackageDiff(profile: profile, base: base)
        #expect(!diff.removed.isEmpty)
        #expect(!diff.restricted.isEmpty)
        #expect(!diff.renamed.isEmpty)
        #expect(diff.added.count == 1)
        #expect(diff.coverage.kept > 0 && diff.coverage.kept < diff.coverage.total)
        #expect(profile.country?.hasPrefix("X") == true)
    }

    @Test("the two profiles restrict the declaration differently")
    func profilesDiffer() throws {
        let catalog = Self.result.catalog
        let xa = try #require(catalog.package("xa-import"))
        let xb = try #require(catalog.package("xb-export"))
        #expect(Set(xa.nodes.map(\.pointer)) != Set(xb.nodes.map(\.pointer)))
        let typeCode = try #require(Pointer(parsing: "42A/D013"))
        #expect(xa.node(at: typeCode)?.node.allowedCodes == ["IM"])
        #expect(xb.node(at: typeCode)?.node.allowedCodes == ["EX"])
    }

    @Test("unassigned IDs are only used where no WCO ID is confirmed, and say so")
    func unassigned() {
        let unassigned = Self.result.catalog.elements.keys.filter(\.isUnassigned)
        #expect(!unassigned.isEmpty)
        for id in unassigned { #expect(id.rawValue.hasPrefix("X-")) }
    }
}
