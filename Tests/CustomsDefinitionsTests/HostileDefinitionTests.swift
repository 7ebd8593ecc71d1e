import CustomsDefinitions
import CustomsModel
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Broken and hostile definition files: each gives a clear, located problem, never a crash or a hang.
@Suite("Broken definition files")
struct HostileDefinitionTests {
    /// A fresh DataModel folder holding a valid dictionary and the given extra files.
    static func folder(_ files: [String: Data]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("customs-defs-\(UUID().uuidString)")
        let base: [String: Data] = [
            "dictionary/classes.csv": Data("id,name,description\n42A,Declaration,x\n".utf8),
            "dictionary/elements.csv": Data("id,name,format,description\n017,Function,n..2,x\n".utf8),
        ]
        for (path, data) in base.merging(files, uniquingKeysWith: { _, new in new }) {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        return root.path
    }

    static func problems(_ files: [String: Data]) throws -> [DefinitionProblem] {
        let directory = try folder(files)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return DefinitionLoader.load(directory: directory).problems
    }

    @Test("a YAML alias bomb is stopped, not expanded")
    func aliasBomb() throws {
        var yaml = "id: bomb\nname: b\nversion: \"1\"\nkind: base\nx0: &a0 {tag: F, id: \"017\"}\n"
        for level in 1...25 {
            yaml += "x\(level): &a\(level) {tag: C\(level), id: \"42A\", children: [*a\(level - 1), *a\(level - 1)]}\n"
        }
        yaml += "root: {tag: Declaration, id: \"42A\", children: [*a25]}\n"
        let found = try Self.problems(["packages/bomb.yaml": Data(yaml.utf8)])
        #expect(found.contains { $0.message.contains("more than") && $0.code == .invalidValue })
    }

    @Test("a file that is not UTF-8 is named with its line")
    func notUTF8() throws {
        var bytes = Data("id,name,format,description\n017,Function,n..2,x\n".utf8)
        bytes.append(contentsOf: [0x30, 0x31, 0x38, 0x2C, 0xFF, 0xFE, 0x0A])
        let found = try Self.problems(["dictionary/elements.csv": bytes])
        #expect(found.count == 1)
        #expect(found.first?.code == .syntax)
        #expect(found.first?.location.line == 3)
    }

    @Test("binary garbage, empty and truncated files give syntax problems")
    func garbage() throws {
        let found = try Self.problems([
            "packages/garbage.yaml": Data([0x00, 0x01, 0x02, 0x7B, 0x7B, 0x5B]),
            "packages/empty.yaml": Data(),
            "packages/truncated.yaml": Data(
                "id: t\nname: t\nversion: \"1\"\nkind: base\nroot: {tag: Declaration, id: \"42A\", children: [{tag: F"
                    .utf8),
        ])
        #expect(found.count == 3)
        #expect(found.allSatisfy { $0.code == .syntax })
    }

    @Test("a quote in the middle of a CSV field is located")
    func strayQuote() throws {
        let found = try Self.problems([
            "dictionary/elements.csv": Data("id,name,format,description\n017,Func\"tion,n..2,x\n".utf8)
        ])
        #expect(found.count == 1)
        #expect(found.first?.location.line == 2)
        #expect(found.first?.location.column == 9)
    }

    @Test("a huge CSV field, too many rows or an oversized file are refused where they are, not loaded")
    func oversized() throws {
        let header = "id,name,format,description\n"
        let longField = try Self.problems([
            "dictionary/elements.csv": Data(
                (header + "017,Function,n..2," + String(repeating: "x", count: 70_000) + "\n").utf8)
        ])
        #expect(longField.count == 1)
        #expect(longField.first?.message.contains("a field longer than") == true)
        #expect(longField.first?.location.line == 2)
        #expect(longField.first?.location.column == 19)

        var rows = header
        for index in 0..<260_000 { rows += "E\(index),n,an..3,x\n" }
        let manyRows = try Self.problems(["dictionary/elements.csv": Data(rows.utf8)])
        #expect(manyRows.count == 1)
        #expect(manyRows.first?.message.contains("more than 250000 rows") == true)

        let big = try Self.problems([
            "dictionary/elements-big.csv": Data(count: 17 << 20)
        ])
        #expect(big.contains { $0.code == .io && $0.message.contains("at most") })
    }

    @Test("a FIFO among the definition files is reported, never opened")
    func fifo() throws {
        let directory = try Self.folder([:])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(mkfifo(directory + "/dictionary/elements-pipe.csv", 0o600) == 0)
        let found = DefinitionLoader.load(directory: directory).problems
        #expect(found.count == 1)
        #expect(found.first?.code == .io)
        #expect(found.first?.message.contains("not a regular file") == true)
    }

    @Test("a missing folder is one I/O problem")
    func missingFolder() {
        let result = DefinitionLoader.load(directory: "/nonexistent/customs/DataModel")
        #expect(result.problems.map(\.code) == [.io])
        #expect(result.catalog.packages.isEmpty)
    }

    @Test("a misspelled kind and a missing column are explained")
    func misspellings() throws {
        let found = try Self.problems([
            "packages/p.yaml": Data(
                "id: p\nname: p\nversion: \"1\"\nkind: bsae\nroot: {tag: D, id: \"42A\", children: [{tag: F, id: \"017\"}]}\n"
                    .utf8),
            "dictionary/classes.csv": Data("id,nmae,description\n42A,Declaration,x\n".utf8),
        ])
        #expect(found.contains { $0.code == .invalidValue && $0.suggestion == "base" })
        #expect(found.contains { $0.code == .missingField && $0.id == "name" })
        #expect(found.contains { $0.code == .unknownKey && $0.suggestion == "name" })
    }
}
