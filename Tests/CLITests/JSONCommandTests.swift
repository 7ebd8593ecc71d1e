import Foundation
import Testing

@Suite("customs validate, convert, generate and export with JSON, end to end")
struct JSONCommandTests {
    static let samples = "Samples/json/wco-declaration"

    @Test("the JSON samples give exactly their checked-in diagnostics")
    func samples() throws {
        let outcome = try CLIRunner.run(["validate", "--package", "wco-declaration", "--jobs", "1", Self.samples])
        try CLIRunner.assertSnapshot(outcome, named: "json samples", at: Self.samples + "/expected-diagnostics.txt")
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("8 message(s): 3 valid, 5 invalid"))
    }

    @Test("NDJSON records name their line; --input overrides the file name; stdin JSON is recognised")
    func inputs() throws {
        let outcome = try CLIRunner.run([
            "validate", "--package", "wco-declaration", "--format", "json", Self.samples + "/batch.ndjson",
        ])
        let records = try outcome.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(records.map { $0["message"] as? String } == ["line 1", "line 2", "line 3", "line 4", "line 5"])
        #expect(records.map { $0["valid"] as? Bool } == [true, false, false, false, true])
        // The same file read as one JSON document: content after the first value.
        let asJSON = try CLIRunner.run([
            "validate", "--package", "wco-declaration", "--input", "json", Self.samples + "/batch.ndjson",
        ])
        #expect(asJSON.stdout.contains("after the JSON value"))
        let message = try String(
            contentsOf: CLIRunner.projectRoot.appendingPathComponent(Self.samples + "/valid-import.json"),
            encoding: .utf8)
        let stdin = try CLIRunner.run(["validate", "--package", "wco-declaration", "-"], input: message)
        #expect(stdin.status == 0)
        #expect(stdin.stdout.contains("1 message(s): 1 valid"))
    }

    @Test("convert: XML to JSON and back gives the JSON sample and an equivalent XML; invalid input is refused")
    func convert() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "customs-convert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = folder.appendingPathComponent("message.json").path
        let xml = folder.appendingPathComponent("message.xml").path
        let toJSON = try CLIRunner.run([
            "convert", "Samples/xml/wco-declaration/valid-import.xml", "--to", "json", "--indent", "2", "--package",
            "wco-declaration", "--out", json,
        ])
        #expect(toJSON.status == 0)
        #expect(
            FileManager.default.contentsEqual(
                atPath: json,
                andPath: CLIRunner.projectRoot.appendingPathComponent(Self.samples + "/valid-import.json").path))
        let toXML = try CLIRunner.run(["convert", json, "--to", "xml", "--package", "wco-declaration", "--out", xml])
        #expect(toXML.status == 0)
        let valid = try CLIRunner.run(["validate", "--package", "wco-declaration", xml])
        #expect(valid.status == 0)
        let refused = try CLIRunner.run([
            "convert", Self.samples + "/invalid-values.json", "--to", "xml", "--package", "wco-declaration",
        ])
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("error[code-not-in-list]"))
        #expect(!refused.stdout.contains("<?xml"))
    }

    @Test("generate --as json writes one-line JSON messages whose manifest matches validate")
    func generate() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("customs-genjson-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let outcome = try CLIRunner.run([
            "generate", "--package", "wco-eco", "--count", "40", "--seed", "3", "--invalid-rate", "0.5", "--as", "json",
            "--out", out,
        ])
        #expect(outcome.status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".json") }
        #expect(names.count == 40)
        let manifest = try String(contentsOfFile: out + "/manifest.jsonl", encoding: .utf8)
        #expect(!manifest.contains("swap-order"))
        let expectedInvalid = manifest.split(separator: "\n").filter { $0.contains("\"valid\":false") }.count
        let validated = try CLIRunner.run(["validate", "--package", "wco-eco", "--no-rules", "--format", "json", out])
        let invalid = validated.stdout.split(separator: "\n").filter { $0.contains("\"valid\":false") }.count
        #expect(invalid == expectedInvalid)
        #expect(expectedInvalid > 5)
    }

    @Test("export json-schema writes a draft 2020-12 schema; what it cannot express is refused by name")
    func exportJSONSchema() throws {
        let outcome = try CLIRunner.run(["export", "json-schema", "--package", "xa-import"])
        #expect(outcome.status == 0)
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(outcome.stdout.contains("\"ImportPermitNumber\""))
        let fixtures = "Tests/CustomsXMLTests/Fixtures/choices"
        let refused = try CLIRunner.run(["export", "json-schema", "--data-model", fixtures, "--package", "choices"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("the choice repeating repeats"))
    }
}
