import CustomsDefinitions
import CustomsModel
import Foundation
import Testing

/// Business rules as definitions: the shipped ones load clean and profiles get what they keep
/// of their base's; rules files with one seeded mistake per check get exactly one located
/// problem each (file:line:column, code, "did you mean").
@Suite("Business rules in the definitions")
struct RuleDefinitionTests {
    static let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures/rules")

    @Test("the shipped rules load, and a profile has its base's but those it disables")
    func shipped() {
        let result = DefinitionLoader.load(directory: Self.projectRoot.appendingPathComponent("DataModel").path)
        #expect(result.problems == [])
        let base = result.catalog.rules["wco-declaration"]?.map(\.id) ?? []
        let xa = result.catalog.rules["xa-import"]?.map(\.id) ?? []
        #expect(base.starts(with: ["DEC-R001", "DEC-R002", "DEC-R003"]))
        #expect(xa.contains("DEC-R003") && xa.contains("XA-R001"))
        #expect(!xa.contains("DEC-R001"), "disabled in rules/xa-import.yaml")
        let inherited = result.catalog.rules["xa-import"]?.first { $0.id == "DEC-R003" }
        #expect(inherited?.source.file.hasSuffix("rules/wco-declaration.yaml") == true)
    }

    /// The seeded files beside a copy of the shipped definitions.
    static func seededResult() throws -> (LoadResult, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: projectRoot.appendingPathComponent("DataModel"), to: folder)
        for name in ["seeded.yaml", "seeded-profile.yaml"] {
            try FileManager.default.copyItem(
                at: fixtures.appendingPathComponent(name), to: folder.appendingPathComponent("rules/\(name)"))
        }
        return (DefinitionLoader.load(directory: folder.path), folder.path)
    }

    /// Each seeded mistake: where, which check, which suggestion.
    static let expected: [(file: String, line: Int, column: Int, code: DefinitionProblem.Code, suggestion: String?)] = [
        ("seeded-profile.yaml", 2, 11, .danglingReference, "DEC-R001"),  // disables a rule the base lacks
        ("seeded.yaml", 4, 12, .danglingReference, "GoodsShipment"),  // scope: a misspelled class
        ("seeded.yaml", 9, 14, .danglingReference, "Importer"),  // a misspelled child
        ("seeded.yaml", 13, 14, .invalidValue, nil),  // an assertion that is a number
        ("seeded.yaml", 17, 37, .danglingReference, "iso-3166-alpha2"),  // an unknown code list
        ("seeded.yaml", 20, 12, .invalidValue, nil),  // a scope that holds a value
        ("seeded.yaml", 25, 24, .syntax, nil),  // an operator without its right side
        ("seeded.yaml", 30, 21, .danglingReference, "TypeCode"),  // a placeholder that leads nowhere
        ("seeded.yaml", 35, 9, .duplicateID, nil),  // T-008 twice
        ("seeded.yaml", 41, 15, .invalidValue, "warning"),  // severity: warn
        ("seeded.yaml", 46, 14, .invalidValue, nil),  // a class compared with a string
        ("seeded.yaml", 48, 5, .missingField, nil),  // no assert (asert instead)
        ("seeded.yaml", 50, 5, .unknownKey, "assert"),  // asert
    ]

    @Test("exactly one located problem per seeded mistake")
    func seeded() throws {
        let (result, folder) = try Self.seededResult()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let found = result.problems.map {
            (
                String($0.location.file.dropFirst(folder.count + "/rules/".count)), $0.location.line,
                $0.location.column, $0.code, $0.suggestion
            )
        }
        #expect(found.count == Self.expected.count, "\(result.problems.map(\.description).joined(separator: "\n"))")
        for (expected, actual) in zip(Self.expected, found) {
            #expect(actual.0 == expected.file, "\(actual)")
            #expect(actual.1 == expected.line, "\(actual)")
            #expect(actual.2 == expected.column, "\(expected.file):\(expected.line)")
            #expect(actual.3 == expected.code, "\(expected.file):\(expected.line)")
            #expect(actual.4 == expected.suggestion, "\(expected.file):\(expected.line)")
        }
        // What is right still loads: T-008 once, beside the shipped rules.
        #expect(result.catalog.rules["wco-declaration"]?.filter { $0.id.hasPrefix("T-") }.map(\.id) == ["T-008"])
    }
}
