import CustomsDefinitions
import CustomsModel
import Foundation
import Testing

/// Choices in package files: how they load, and the mistakes they can hold.
@Suite("Choices in definition files")
struct ChoiceDefinitionTests {
    static let dictionary: [String: Data] = [
        "dictionary/classes.csv": Data("id,name,description\nX-R,Root,x\n".utf8),
        "dictionary/elements.csv": Data(
            "id,name,format,description\nX-A,A,an..3,x\nX-B,B,an..3,x\nX-C,C,an..3,x\n".utf8),
    ]

    /// Loads a package whose root has `children` (YAML flow list items, one per line).
    static func load(_ children: [String]) throws -> LoadResult {
        let yaml =
            "id: p\nname: p\nversion: \"1\"\nkind: base\nroot:\n  tag: R\n  id: X-R\n  children:\n"
            + children.map { "    - " + $0 + "\n" }.joined()
        let files = dictionary.merging(["packages/p.yaml": Data(yaml.utf8)]) { _, new in new }
        let directory = try HostileDefinitionTests.folder(files)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return DefinitionLoader.load(directory: directory)
    }

    @Test("alternatives become adjacent children that carry their group")
    func loads() throws {
        let result = try Self.load([
            "{tag: A, id: X-A}",
            "{choice: bc, occurs: \"0..n\", of: [{tag: B, id: X-B, occurs: \"1\"}, {tag: C, id: X-C}]}",
        ])
        #expect(result.problems.isEmpty, "\(result.problems)")
        let root = try #require(result.catalog.package("p")).root
        #expect(root.children.map(\.tag) == ["A", "B", "C"])
        #expect(root.children.map(\.choice?.name) == [nil, "bc", "bc"])
        #expect(root.children[1].choice?.cardinality == Cardinality(min: 0, max: nil))
    }

    @Test(
        "each mistake is one located problem",
        arguments: [
            ("{choice: x, occurs: \"0..n\", of: [{tag: B, id: X-B, occurs: \"1..2\"}]}", "could be split"),
            ("{choice: x, of: []}", "needs its alternatives"),
            ("{choice: x, of: [{choice: y, of: [{tag: B, id: X-B}]}]}", "choices inside choices"),
            ("{choice: x, ocurs: \"1\", of: [{tag: B, id: X-B}]}", "ocurs"),
            ("{choice: x, of: [{tag: A, id: X-A}]}", "share the tag A"),
        ])
    func mistakes(item: String, expected: String) throws {
        let result = try Self.load(["{tag: A, id: X-A}", item])
        let messages = result.problems.map(\.message)
        let named = messages.count == 1 && messages[0].contains(expected)
        let line = result.problems.first?.location.line ?? 0
        #expect(named, "\(messages)")
        #expect(line > 0)
    }

    @Test("two choices of one parent need different names")
    func duplicateNames() throws {
        let result = try Self.load([
            "{choice: x, of: [{tag: A, id: X-A}]}", "{choice: x, of: [{tag: B, id: X-B}]}",
        ])
        #expect(result.problems.map(\.code) == [.duplicateID])
    }
}
