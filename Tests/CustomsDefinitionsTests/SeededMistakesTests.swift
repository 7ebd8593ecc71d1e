import CustomsDefinitions
import Foundation
import Testing

@Suite("Definition checks on a folder with one seeded mistake per check")
struct SeededMistakesTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures/seeded"
    ).path
    static let result = DefinitionLoader.load(directory: folder)

    /// Each seeded mistake: where it is and which check must catch it.
    static let expected: [(file: String, line: Int, code: DefinitionProblem.Code, suggestion: String?)] = [
        ("codelists/units.csv", 3, .syntax, nil),
        ("dictionary/classes.csv", 4, .duplicateID, nil),
        ("dictionary/elements.csv", 5, .danglingReference, "edifact-1225"),
        ("dictionary/elements.csv", 6, .unknownFormat, nil),
        ("packages/base.yaml", 11, .invalidCardinality, nil),
        ("packages/base.yaml", 12, .danglingReference, "D026"),
        ("packages/base.yaml", 15, .unknownKey, "occurs"),
        ("packages/broken.yaml", 3, .syntax, nil),
        ("profiles/loose.yaml", 9, .loosensBase, nil),
        ("profiles/orphan.yaml", 5, .danglingReference, "seeded-base"),
        ("profiles/stateless.yaml", 1, .missingField, nil),
    ]

    @Test("exactly one located problem per mistake")
    func onePerMistake() {
        let found = Self.result.problems.map {
            (String($0.location.file.dropFirst(Self.folder.count + 1)), $0.location.line, $0.code, $0.suggestion)
        }
        #expect(
            found.count == Self.expected.count, "\(Self.result.problems.map(\.description).joined(separator: "\n"))")
        for (expected, actual) in zip(Self.expected, found) {
            #expect(actual.0 == expected.file)
            #expect(actual.1 == expected.line, "\(expected.file)")
            #expect(actual.2 == expected.code, "\(expected.file):\(expected.line)")
            #expect(actual.3 == expected.suggestion, "\(expected.file):\(expected.line)")
        }
    }

    @Test("every problem has a column and a message that names the ID")
    func located() {
        for problem in Self.result.problems {
            #expect(problem.location.column >= 1, "\(problem)")
            #expect(problem.description.contains("error[\(problem.code.rawValue)]"))
        }
    }

    @Test("what is not broken still loads")
    func partialLoad() {
        let catalog = Self.result.catalog
        #expect(catalog.package("seeded-base") != nil)
        #expect(catalog.package("seeded-loose") != nil)
        #expect(catalog.elements["017"] != nil)
        #expect(catalog.codeLists["edifact-1225"]?.entries.count == 2)
    }
}
