import CustomsDefinitions
import CustomsMapping
import CustomsModel
import Foundation
import Testing

@Suite("Coverage reports: what a mapping leaves out, checked by hand")
struct CoverageTests {
    static func report(_ id: String, usage: Usage? = nil) -> CoverageReport {
        let mapping = MappingFixtures.mapping(id)
        return CoverageReport(
            mapping: mapping, package: MappingFixtures.package(of: mapping),
            codeLists: MappingFixtures.catalog.codeLists,
            usage: usage)
    }

    @Test("XA's CSV covers all that xa-import requires; its two national fields and four conflicts are listed")
    func xa() {
        let report = Self.report("xa-import-csv")
        // The profile requires, hand-counted from `customs packages show xa-import`: 017, D026,
        // D013, 228, 065, 102, R123, 27A (a class, not counted), L017 once 64A is filled, 68A's
        // 006, 137 and 145 (Commodity and Classification are filled), 93A's 006 (Packaging is
        // filled), and the attributes: 109's currencyID, 128's unitCode.
        let required = Set(report.required.map(\.pointer))
        #expect(
            required == [
                "42A/017", "42A/D026", "42A/D013", "42A/228", "42A/065", "42A/109/@currencyID", "42A/05A/102",
                "42A/57B/R123", "42A/67A/28A/64A/L017", "42A/67A/68A/006", "42A/67A/68A/23A/137",
                "42A/67A/68A/23A/21A/145", "42A/67A/68A/23A/65A/128/@unitCode", "42A/67A/68A/93A/006",
            ], "\(required.sorted())")
        #expect(report.uncovered.isEmpty)
        #expect(report.conformity == 100)
        #expect(report.nationalOnly == ["brokerReference", "items.$1.internalNote"])
        let conflicts = Set(report.conflicts.map { "\($0.kind) \($0.pointer)" })
        #expect(
            conflicts == [
                "codes 42A/15A/T022", "format 42A/67A/68A/93A/142", "format 42A/109", "format 42A/67A/68A/108",
                "codes 42A/67A/68A/23A/50A/113", "format 42A/67A/68A/23A/65A/126", "format 42A/67A/68A/23A/65A/128",
            ], "\(conflicts.sorted())")
        #expect(report.conflicts.first { $0.pointer == "42A/15A/T022" }?.message.hasSuffix("0, 9") == true)
    }

    @Test("XB: grams against kilograms with six decimals, date and time against a date, uncoded document types")
    func xb() {
        let report = Self.report("xb-export-json")
        #expect(report.uncovered.isEmpty, "\(report.uncovered.map(\.pointer))")
        #expect(report.nationalOnly == ["exporter.idType", "articles.$1.remarks"])
        let messages = Dictionary(uniqueKeysWithValues: report.conflicts.map { ($0.pointer, $0.message) })
        #expect(messages["42A/67A/68A/23A/65A/128"]?.contains("would need 3, it has 0") == true, "\(messages)")
        #expect(messages["42A/67A/68A/02A/276"]?.contains("has only the date") == true, "\(messages)")
        #expect(messages["42A/67A/68A/02A/D006"]?.contains("not coded") == true, "\(messages)")
    }

    @Test("a mapping that leaves out required elements: each one listed, the percentage follows")
    func gaps() throws {
        let table = """
            national,format,dm,transform,direction,when,note
            lrn,an..22,42A/D026,,,,
            kind,,42A/D013,,,,
            items.$1.description,an..280,42A/67A/68A/$1/23A/137,,,,
            """
        let folder = try MappingFixtures.folder(yaml: MappingFixtures.defaultYAML, table: table)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = DefinitionLoader.load(directory: folder.path)
        let mapping = try #require(result.catalog.mapping("m"))
        let report = CoverageReport(
            mapping: mapping, package: result.catalog.package("xa-import")!, codeLists: result.catalog.codeLists)
        let uncovered = Set(report.uncovered.map(\.pointer))
        // 137 brings 68A, 23A and 67A into play: their required 006, 21A/145 and 27A with them.
        #expect(uncovered.contains("42A/017") && uncovered.contains("42A/67A/68A/006"))
        #expect(uncovered.contains("42A/67A/68A/23A/21A/145"))
        #expect(!uncovered.contains("42A/D026") && !uncovered.contains("42A/67A/68A/23A/137"))
        let covered = report.required.count - report.uncovered.count
        #expect(covered == 3)
        #expect(abs(report.conformity - Double(covered) * 100 / Double(report.required.count)) < 0.001)
    }

    @Test("--usage narrows to one procedure: an export profile requires all of itself for EX, less for transit")
    func usage() {
        let all = Self.report("xb-export-json")
        let export = Self.report("xb-export-json", usage: .exportDeclaration)
        let transit = Self.report("xb-export-json", usage: .transit)
        #expect(export.required == all.required)
        #expect(export.usage == "EX")
        #expect(transit.required.count < export.required.count)
        #expect(Set(transit.required.map(\.pointer)).isSubset(of: Set(export.required.map(\.pointer))))
    }
}

@Suite("National numberings: the UK's DE numbers at the declaration's positions")
struct NumberingTests {
    @Test("the shipped UK numbering loads, and coverage shows which DEs a mapping fills")
    func ukNumbers() throws {
        let numbering = try #require(MappingFixtures.catalog.numberings.first { $0.id == "uk-cds-de" })
        #expect(numbering.pointers(for: "DE 2/5") == [Pointer(["42A", "D026"])])
        #expect(numbering.pointers(for: "2/5") == numbering.pointers(for: "DE 2/5"))
        let bridge = PackageBridge(
            from: MappingFixtures.catalog.package("wco-ecommerce")!,
            to: MappingFixtures.catalog.package("wco-declaration")!)
        let report = CoverageReport(
            mapping: bridge.mapping, package: bridge.target, codeLists: MappingFixtures.catalog.codeLists,
            numberings: MappingFixtures.catalog.numberings)
        #expect(report.mapped.first { $0.pointer == "42A/D026" }?.numbers == ["DE 2/5"])
    }

    @Test("a numbering's mistakes: a number that is none, a pointer the package does not have")
    func mistakes() throws {
        let folder = try MappingFixtures.folder(
            yaml: MappingFixtures.defaultYAML, table: "national,format,dm,transform,direction,when,note\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let numbering = folder.appendingPathComponent("numbering")
        try FileManager.default.createDirectory(at: numbering, withIntermediateDirectories: true)
        try Data("id: n\nname: test\npackage: wco-declaration\ntable: n.csv\n".utf8)
            .write(to: numbering.appendingPathComponent("n.yaml"))
        try Data("number,pointer\n2/5,42A/D026x\nsee 2/5,42A/D026\n".utf8).write(
            to: numbering.appendingPathComponent("n.csv"))
        let problems = DefinitionLoader.load(directory: folder.path).problems
        #expect(problems.count == 2, "\(problems)")
        #expect(problems.first { $0.location.line == 2 }?.suggestion == "42A/D026", "\(problems)")
        #expect(problems.first { $0.location.line == 3 }?.message.contains("is not a data-element number") == true)
    }
}
