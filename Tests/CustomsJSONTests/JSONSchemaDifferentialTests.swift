import CustomsJSON
import CustomsModel
import CustomsValidation
import CustomsXML
import Foundation
import PeerTools
import Testing

/// Python's `jsonschema` (Draft 2020-12) on the schema that `customs export json-schema` writes,
/// beside our validator, on generated messages (a share with generator faults) and on JSON
/// mutants of valid ones: the verdict must be the same for every message. The shipped packages,
/// and the UK CDS declaration and notification imported from their XSDs (XSD value types; skipped where
/// `../shared` is absent). `.ci/run` installs `jsonschema`; without it these tests fail and say
/// what to install.
///
/// Expected differences (none occur in these messages, by construction): customs collapses
/// whitespace in coded, numeric and token values as XSD does, where the schema sees the value as
/// written (DataModel/README.md, "JSON binding").
@Suite struct JSONSchemaDifferentialTests {
    @Test(arguments: JSONFixtures.packageIDs)
    func sameVerdicts(id: String) throws {
        try Self.compare(JSONFixtures.compiled(id), name: id)
    }

    @Test(
        "the UK CDS schema sets imported from their XSDs: the same verdicts",
        JSONFixtures.needsCDS, arguments: CDSSchemaSet.all)
    func importedCDS(set: CDSSchemaSet) throws {
        try Self.compare(try JSONFixtures.importedCDS(set), name: "uk-cds-\(set.name)")
    }

    /// Exports `package`'s schema, writes 200 generated messages and the mutants of the valid
    /// ones, and requires one verdict per message from both validators.
    static func compare(_ package: CompiledPackage, name: String) throws {
        try #require(PythonJSONSchema.isAvailable, "python3 has no jsonschema module: pip install jsonschema")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "customs-jsonschema-\(name)-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let schema = try JSONSchemaExporter.export(package, name: name)
        let schemaFile = folder.appendingPathComponent("schema.json")
        try schema.write(to: schemaFile, atomically: true, encoding: .utf8)

        var messages: [(name: String, json: String, kind: String)] = []
        var mutator = JSONMutator(seed: 2026)
        for (index, message) in JSONFixtures.generated(package, count: 200, seed: 5, invalidRate: 0.4).enumerated() {
            let json = JSONFixtures.json(message.xml, package)
            messages.append(("g\(index).json", json, message.fault ?? "valid"))
            guard message.fault == nil, let (mutant, kind) = mutator.mutate(try JSONValue.parse(Array(json.utf8)))
            else { continue }
            messages.append(("m\(index).json", mutant.text, kind))
        }
        for message in messages {
            try message.json.write(to: folder.appendingPathComponent(message.name), atomically: false, encoding: .utf8)
        }
        let theirs = try PythonJSONSchema.verdicts(
            schema: schemaFile, files: messages.map { folder.appendingPathComponent($0.name) })
        var disagreements: [String] = []
        var invalid = 0
        for message in messages {
            let results = JSONFixtures.validate(message.json, package: package)
            let ours = results.count == 1 && results[0].isValid
            if !ours { invalid += 1 }
            guard let verdict = theirs[message.name] else {
                disagreements.append("\(message.name): no verdict from jsonschema")
                continue
            }
            if verdict.valid != ours {
                let first = results.first?.diagnostics.first.map { "\($0.code.rawValue) at \($0.instancePath)" } ?? "-"
                disagreements.append(
                    "\(message.name) (\(message.kind)): customs \(ours ? "valid" : "invalid: " + first), jsonschema \(verdict.valid ? "valid" : "invalid: " + verdict.reason)"
                )
            }
        }
        #expect(
            disagreements.isEmpty,
            "\(disagreements.count) disagreement(s): \(disagreements.prefix(5).joined(separator: "; "))")
        // Both verdicts occur in numbers: the test can fail either way.
        #expect(messages.count >= 250)
        #expect(
            invalid > messages.count / 4 && invalid < messages.count * 3 / 4, "\(invalid) of \(messages.count) invalid")
    }
}

/// Runs Python's `jsonschema` on files, all in one process.
enum PythonJSONSchema {
    static let isAvailable: Bool = (try? run(["-c", "import jsonschema"]).status) == 0

    /// The script: one line per file, `name<TAB>valid` or `name<TAB>invalid<TAB>first error`.
    static let script = """
        import json, os, sys
        from jsonschema import Draft202012Validator
        schema = json.load(open(sys.argv[1], encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        validator = Draft202012Validator(schema)
        for path in sys.argv[2:]:
            with open(path, encoding="utf-8") as handle:
                document = json.load(handle)
            error = next(iter(validator.iter_errors(document)), None)
            name = os.path.basename(path)
            print(name + ("\\tvalid" if error is None else "\\tinvalid\\t" + error.json_path + " " + error.message[:120].replace("\\n", " ")))
        """

    static func verdicts(schema: URL, files: [URL]) throws -> [String: (valid: Bool, reason: String)] {
        let (status, output) = try run(["-c", script, schema.path] + files.map(\.path))
        guard status == 0 else { throw PythonFailure(output: output) }
        var verdicts: [String: (Bool, String)] = [:]
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 2).map(String.init)
            guard fields.count >= 2 else { continue }
            verdicts[fields[0]] = (fields[1] == "valid", fields.count > 2 ? fields[2] : "")
        }
        return verdicts
    }

    struct PythonFailure: Error, CustomStringConvertible {
        let output: String
        var description: String { "python3 failed: \(output.suffix(500))" }
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let output = try PeerTool.python.run(arguments)
        return (output.status, output.standardOutput + output.standardError)
    }
}
