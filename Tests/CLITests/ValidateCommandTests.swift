import CustomsXML
import Foundation
import PeerTools
import Testing

@Suite("customs validate, generate and export, end to end")
struct ValidateCommandTests {
    static let samples = "Samples/xml/wco-declaration"

    @Test("the shipped samples give exactly their checked-in diagnostics")
    func samples() throws {
        let outcome = try CLIRunner.run(["validate", "--package", "wco-declaration", "--jobs", "1", Self.samples])
        try CLIRunner.assertSnapshot(outcome, named: "samples", at: Self.samples + "/expected-diagnostics.txt")
        #expect(outcome.status == 1)
    }

    @Test("a valid message exits 0; usage mistakes exit 2")
    func exitCodes() throws {
        #expect(
            try CLIRunner.run(["validate", "--package", "wco-declaration", Self.samples + "/valid-import.xml"]).status
                == 0)
        #expect(try CLIRunner.run(["validate", "--package", "wco-declaraton", Self.samples]).status == 2)
        #expect(try CLIRunner.run(["validate", "--package", "wco-declaration"]).status == 2)
        #expect(
            try CLIRunner.run(["validate", "--package", "wco-declaration", "--max-errors", "0", Self.samples]).status
                == 2)
        let missing = try CLIRunner.run([
            "validate", "--package", "wco-declaration", "/nonexistent.xml", Self.samples + "/valid-import.xml",
        ])
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("error[io]"))
        #expect(missing.stdout.contains("2 message(s): 1 valid, 1 invalid"))
    }

    @Test("JSON: one object per message; --redact drops values")
    func json() throws {
        let outcome = try CLIRunner.run([
            "validate", "--package", "wco-declaration", "--format", "json", "--jobs", "1", Self.samples,
        ])
        let lines = outcome.stdout.split(separator: "\n")
        #expect(lines.count == 6)
        let records = try lines.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(records.filter { $0["valid"] as? Bool == true }.count == 1)
        let values = try CLIRunner.run([
            "validate", "--package", "wco-declaration", "--format", "json", Self.samples + "/invalid-values.xml",
        ])
        #expect(values.stdout.contains("\"value\":\"99\""))
        let redacted = try CLIRunner.run([
            "validate", "--package", "wco-declaration", "--format", "json", "--redact",
            Self.samples + "/invalid-values.xml",
        ])
        #expect(!redacted.stdout.contains("\"value\""))
        #expect(redacted.stdout.contains("code-not-in-list"))
    }

    @Test("JUnit: a testcase per message, a failure per invalid one, well-formed XML")
    func junit() throws {
        let outcome = try CLIRunner.run([
            "validate", "--package", "wco-declaration", "--format", "junit", "--jobs", "1", Self.samples,
        ])
        // Read with our own secure tree reader (FoundationXML's XMLDocument leaks libxml2 trees
        // under LeakSanitizer).
        let suite = try #require(try XMLTreeReader.read(Array(outcome.stdout.utf8)).children.first)
        let cases = suite.children.filter { $0.name == "testcase" }
        #expect(cases.count == 6)
        #expect(cases.count(where: { $0.children.contains { $0.name == "failure" } }) == 5)
    }

    @Test("--fail-fast stops at the first invalid message; - reads standard input")
    func failFastAndStdin() throws {
        let outcome = try CLIRunner.run([
            "validate", "--package", "wco-declaration", "--fail-fast", "--jobs", "1", Self.samples,
        ])
        #expect(outcome.stdout.contains("1 message(s): 0 valid, 1 invalid"))
        let message = try String(
            contentsOf: CLIRunner.projectRoot.appendingPathComponent(Self.samples + "/valid-import.xml"),
            encoding: .utf8)
        let stdin = try CLIRunner.run(["validate", "--package", "wco-declaration", "-"], input: message)
        #expect(stdin.status == 0)
        #expect(stdin.stdout.contains("1 message(s): 1 valid"))
    }

    @Test("a directory is searched recursively: any-case extensions, nested folders, sorted, nothing else")
    func directoryWalk() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("customs-walk-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let message = try Data(
            contentsOf: CLIRunner.projectRoot.appendingPathComponent(Self.samples + "/valid-import.xml"))
        let wanted = ["a.xml", "b/d.XML", "b/deeper/c.Xml", "e.json"]
        for name in wanted + ["notes.txt", "manifest.jsonl", "b/xml", "f.xml.bak"] {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try message.write(to: url)
        }
        // The trailing slash must not double up in the reported paths.
        let outcome = try CLIRunner.run([
            "validate", "--package", "wco-declaration", "--format", "json", "--jobs", "2", folder.path + "/",
        ])
        let files = try outcome.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["file"] as? String
        }
        #expect(files == wanted.map { folder.path + "/" + $0 })
    }

    @Test("generate is deterministic, and its manifest matches what validate finds")
    func generate() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("customs-gen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let first = base.appendingPathComponent("a").path
        let second = base.appendingPathComponent("b").path
        for out in [first, second] {
            let outcome = try CLIRunner.run([
                "generate", "--package", "xa-import", "--count", "40", "--seed", "9", "--invalid-rate", "0.5", "--out",
                out,
            ])
            #expect(outcome.status == 0)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: first).sorted()
        #expect(names.count == 41)
        for name in names {
            #expect(
                FileManager.default.contentsEqual(atPath: first + "/" + name, andPath: second + "/" + name), "\(name)")
        }
        let manifest = try String(contentsOfFile: first + "/manifest.jsonl", encoding: .utf8).split(separator: "\n")
        let expectedInvalid = manifest.filter { $0.contains("\"valid\":false") }.count
        // Generated messages follow the package's structure, formats and codes, not its business
        // rules: the manifest's verdicts are those of validation without them.
        let validated = try CLIRunner.run([
            "validate", "--package", "xa-import", "--no-rules", "--format", "json", first,
        ])
        let invalid = validated.stdout.split(separator: "\n").filter { $0.contains("\"valid\":false") }.count
        #expect(invalid == expectedInvalid)
        #expect(expectedInvalid > 5)
    }

    @Test("export xsd writes a schema for the package's namespace")
    func exportXSD() throws {
        let outcome = try CLIRunner.run(["export", "xsd", "--package", "xa-import"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.hasPrefix("<?xml"))
        #expect(outcome.stdout.contains("targetNamespace=\"urn:wco:datamodel:WCO:DEC-DMS:2\""))
        #expect(outcome.stdout.contains("<xs:element name=\"ImportPermitNumber\" minOccurs=\"0\""))
        let schema = try XMLTreeReader.read(Array(outcome.stdout.utf8))
        #expect(schema.name == "schema" && schema.namespace == "http://www.w3.org/2001/XMLSchema")
    }

    static let corpus = CLIRunner.projectRoot.deletingLastPathComponent().appendingPathComponent(
        "shared/corpus/hmrc-cds")

    @Test(
        "validate --xsd over the CDS samples prints per-file verdicts identical to xmllint's",
        .enabled(
            if: FileManager.default.fileExists(atPath: corpus.path),
            "../shared/corpus/hmrc-cds is absent: this test needs the CDS samples"))
    func cdsVerdicts() throws {
        let schemas = Self.corpus.appendingPathComponent("schemas/declaration")
        let samples = Self.corpus.appendingPathComponent("samples")
        let outcome = try CLIRunner.run([
            "validate", "--xsd", schemas.appendingPathComponent("DocumentMetaData_2_DMS.xsd").path, "--xsd",
            schemas.appendingPathComponent("WCO_DEC_2_DMS.xsd").path, "--root", "MetaData", "--format", "json",
            samples.path,
        ])
        #expect(outcome.status == 1, "some samples are invalid")
        var ours: [String: Bool] = [:]
        for line in outcome.stdout.split(separator: "\n") {
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            ours[try #require(record["file"] as? String)] = try #require(record["valid"] as? Bool)
        }
        // xmllint takes one schema: a wrapper that imports both.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("customs-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let wrapper = folder.appendingPathComponent("wrapper.xsd")
        try """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <xs:import namespace="urn:wco:datamodel:WCO:DocumentMetaData-DMS:2" schemaLocation="\(schemas.path)/DocumentMetaData_2_DMS.xsd"/>
          <xs:import namespace="urn:wco:datamodel:WCO:DEC-DMS:2" schemaLocation="\(schemas.path)/WCO_DEC_2_DMS.xsd"/>
        </xs:schema>
        """.write(to: wrapper, atomically: true, encoding: .utf8)
        let text = try PeerTool.xmllint.run(["--noout", "--schema", wrapper.path] + ours.keys.sorted()).standardError
        let validated = Set(
            text.split(separator: "\n").filter { $0.hasSuffix(" validates") }.map {
                String($0.dropLast(" validates".count))
            })
        #expect(ours.count > 300)
        let differing = ours.filter { $0.value != validated.contains($0.key) }.map(\.key).sorted()
        #expect(differing.isEmpty, "\(differing.prefix(5))")
    }
}

/// The package-snapshot cache seen from outside: it changes how fast a command starts, never
/// what it says.
@Suite("customs with the package-snapshot cache")
struct SnapshotCacheCommandTests {
    @Test("a snapshot is written once and read after; a changed definition is seen at once")
    func neverStale() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "customs-cli-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let definitions = root.appendingPathComponent("DataModel")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CLIRunner.projectRoot.appendingPathComponent("DataModel"), to: definitions)
        let cache = root.appendingPathComponent("cache").path
        let arguments = [
            "validate", "--data-model", definitions.path, "--package", "wco-declaration",
            ValidateCommandTests.samples + "/valid-import.xml",
        ]
        let cold = try CLIRunner.run(arguments, environment: ["CUSTOMS_CACHE_DIR": cache])
        #expect(cold.status == 0, "\(cold.stdout)\(cold.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: cache)
        #expect(written.count == 1 && written[0].hasPrefix("wco-declaration-"), "\(written)")
        let warm = try CLIRunner.run(arguments, environment: ["CUSTOMS_CACHE_DIR": cache])
        // The same verdict and summary (the rates at its end differ from run to run).
        func verdict(_ outcome: CLIRunner.Outcome) -> String { outcome.stdout.components(separatedBy: " in ")[0] }
        #expect(warm.status == 0 && verdict(warm) == verdict(cold) && verdict(cold).contains("1 valid"))

        // EUR leaves the currency list: the sample that used it is now invalid, at once.
        let currencies = definitions.appendingPathComponent("codelists/iso-4217.csv")
        let text = try String(contentsOf: currencies, encoding: .utf8)
        try text.replacingOccurrences(of: "\nEUR,Euro\n", with: "\n").write(
            to: currencies, atomically: true, encoding: .utf8)
        let changed = try CLIRunner.run(arguments, environment: ["CUSTOMS_CACHE_DIR": cache])
        #expect(changed.status == 1)
        #expect(changed.stdout.contains("EUR"), "\(changed.stdout)")
        // A broken folder is refused as always, whatever the cache holds.
        try "not, a, dictionary\n\"".write(
            to: definitions.appendingPathComponent("dictionary/elements.csv"), atomically: true, encoding: .utf8)
        let broken = try CLIRunner.run(arguments, environment: ["CUSTOMS_CACHE_DIR": cache])
        #expect(broken.status == 2, "\(broken.stdout)\(broken.stderr)")
        // Switched off, nothing is written.
        let off = root.appendingPathComponent("unused").path
        _ = try CLIRunner.run(arguments, environment: ["CUSTOMS_CACHE_DIR": "off", "XDG_CACHE_HOME": off])
        #expect(!FileManager.default.fileExists(atPath: off))
    }
}

extension SnapshotCacheCommandTests {
    @Test("validate --xsd reads the import from the cache until any schema it read changes, included ones too")
    func importedSchemas() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "customs-xsd-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let fixtures = CLIRunner.projectRoot.appendingPathComponent("Tests/CustomsXMLTests/Fixtures/national")
        for name in ["h7.xsd", "h7-types.xsd", "h7-lrn-too-long.xml"] {
            try FileManager.default.copyItem(
                at: fixtures.appendingPathComponent(name), to: root.appendingPathComponent(name))
        }
        let cache = root.appendingPathComponent("cache").path
        let arguments = [
            "validate", "--xsd", root.appendingPathComponent("h7.xsd").path, "--jobs", "1",
            root.appendingPathComponent("h7-lrn-too-long.xml").path,
        ]
        let cold = try CLIRunner.run(arguments, environment: ["CUSTOMS_CACHE_DIR": cache])
        #expect(cold.status == 1 && cold.stdout.contains("LRN"), "\(cold.stdout)\(cold.stderr)")
        #expect(cold.stderr.contains("warning["), "the fixture's schema warnings are shown")
        let written = try FileManager.default.contentsOfDirectory(atPath: cache)
        #expect(written.count == 1 && written[0].hasPrefix("xsd-"), "\(written)")
        let warm = try CLIRunner.run(arguments, environment: ["CUSTOMS_CACHE_DIR": cache])
        #expect(warm.status == 1)
        #expect(
            warm.stderr.components(separatedBy: "\n").filter { $0.contains("warning[") }
                == cold.stderr.components(separatedBy: "\n").filter { $0.contains("warning[") })
        #expect(
            warm.stdout.components(separatedBy: "\n").dropLast(2)
                == cold.stdout.components(separatedBy: "\n").dropLast(2))

        // The included types schema lets the LRN be longer: the message is valid at once.
        let types = root.appendingPathComponent("h7-types.xsd")
        let text = try String(contentsOf: types, encoding: .utf8)
        let loosened = text.replacingOccurrences(
            of: "<xs:maxLength value=\"22\"/>", with: "<xs:maxLength value=\"40\"/>")
        #expect(loosened != text)
        try loosened.write(to: types, atomically: true, encoding: .utf8)
        let changed = try CLIRunner.run(arguments, environment: ["CUSTOMS_CACHE_DIR": cache])
        #expect(changed.status == 0, "\(changed.stdout)\(changed.stderr)")
    }
}

/// The business-rule samples (`Samples/rules/<package>/`) give exactly their checked-in
/// diagnostics: each rule's finding with its message, place and severity.
@Suite struct RuleSampleCommandTests {
    @Test(arguments: ["wco-declaration", "xa-import", "xb-export", "wco-eco", "wco-ecommerce"])
    func samples(package: String) throws {
        let folder = "Samples/rules/\(package)"
        let outcome = try CLIRunner.run(["validate", "--package", package, "--jobs", "1", folder])
        try CLIRunner.assertSnapshot(
            outcome, named: "\(package) rule samples", at: folder + "/expected-diagnostics.txt")
        #expect(outcome.status == 1)
    }
}

/// Rules beside a package imported from XSDs and kept in a definitions folder: its rules file
/// in `rules/` loads, checks and runs like a shipped package's, and exports to Schematron.
@Suite struct ImportedPackageRulesTests {
    @Test("an imported package's rules file in rules/ is checked and evaluated")
    func rulesBesideAnImportedPackage() throws {
        let folder = try temporaryFolder("imported-rules")
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataModel = folder.appendingPathComponent("DataModel")
        try FileManager.default.copyItem(at: CLIRunner.projectRoot.appendingPathComponent("DataModel"), to: dataModel)
        let national = "Tests/CustomsXMLTests/Fixtures/national/"
        let imported = try CLIRunner.run([
            "import", "xsd", national + "h7.xsd", "--id", "h7", "--out", dataModel.path + "/packages/h7.yaml",
        ])
        #expect(imported.status == 0, "\(imported.stderr)")
        try FileManager.default.copyItem(
            at: CLIRunner.projectRoot.appendingPathComponent(national + "h7-rules.yaml"),
            to: dataModel.appendingPathComponent("rules/h7.yaml"))
        let outcome = try CLIRunner.run([
            "validate", "--data-model", dataModel.path, "--package", "h7", national + "h7-lrn-too-long.xml",
        ])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("warning[rule]: H7-R002: item 1: 'Phone case' needs a closer description"))
        let schematron = try CLIRunner.run(["export", "schematron", "--data-model", dataModel.path, "--package", "h7"])
        #expect(schematron.status == 0)
        #expect(schematron.stdout.contains("<sch:assert id=\"H7-R003\""))
        // A mistake in that file is a broken definitions folder.
        try "package: h7\nrules:\n  - {id: H7-R9, scope: H7Declaration, assert: \"Nope\", message: x}\n".write(
            to: dataModel.appendingPathComponent("rules/h7.yaml"), atomically: true, encoding: .utf8)
        let broken = try CLIRunner.run(["packages", "check", dataModel.path])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("rules/h7.yaml:3:"))
    }
}
