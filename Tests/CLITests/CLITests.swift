import Foundation
import Testing

@Suite("The customs command, end to end")
struct CLITests {
    @Test(
        "output matches the checked-in snapshots",
        arguments: [
            ("packages-list", ["packages", "list"]),
            ("packages-list-json", ["packages", "list", "--format", "json"]),
            ("packages-show-eco", ["packages", "show", "wco-eco"]),
            (
                "packages-show-declaration-depth1-ex",
                ["packages", "show", "wco-declaration", "--depth", "1", "--usage", "EX"]
            ),
            ("packages-diff-xa", ["packages", "diff", "xa-import"]),
            ("packages-diff-xb", ["packages", "diff", "xb-export"]),
            ("packages-check", ["packages", "check"]),
            ("packages-check-seeded", ["packages", "check", "Tests/CustomsDefinitionsTests/Fixtures/seeded"]),
            ("elements-find-id", ["elements", "find", "D026"]),
            ("elements-find-pointer", ["elements", "find", "42A/67A/68A/23A/65A/128"]),
            ("elements-find-words", ["elements", "find", "gross", "mass"]),
            ("usage-typo", ["packges", "list"]),
            ("unknown-package", ["packages", "show", "xa-imprt"]),
            (
                "import-xsd-fixture",
                ["import", "xsd", "Tests/CustomsXMLTests/Fixtures/xsd/shipment.xsd", "--id", "shipment"]
            ),
            ("pointers-resolve", ["pointers", "resolve", "42A/67A/68A/03A/226", "--package", "wco-declaration"]),
            (
                "pointers-resolve-path",
                [
                    "pointers", "resolve", "/Declaration/GoodsShipment/GovernmentAgencyGoodsItem[2]/Commodity",
                    "--package", "xa-import",
                ]
            ),
            ("import-xsd-refused", ["import", "xsd", "Tests/CustomsXMLTests/Fixtures/xsd/types.xsd", "--id", "t"]),
            (
                "import-xsd-national",
                ["import", "xsd", "Tests/CustomsXMLTests/Fixtures/national/h7.xsd", "--id", "h7", "--verbose"]
            ),
            (
                "import-xsd-national-strict",
                ["import", "xsd", "Tests/CustomsXMLTests/Fixtures/national/h7.xsd", "--id", "h7", "--strict"]
            ),
            (
                "validate-xsd-national",
                [
                    "validate", "--xsd", "Tests/CustomsXMLTests/Fixtures/national/h7.xsd",
                    "Tests/CustomsXMLTests/Fixtures/national/h7-lrn-too-long.xml",
                ]
            ),
            (
                "validate-xsd-national-strict",
                [
                    "validate", "--strict", "--xsd", "Tests/CustomsXMLTests/Fixtures/national/h7.xsd",
                    "Tests/CustomsXMLTests/Fixtures/national/h7-lrn-too-long.xml",
                ]
            ),
            (
                "validate-xsd-rules",
                [
                    "validate", "--xsd", "Tests/CustomsXMLTests/Fixtures/national/h7.xsd", "--rules",
                    "Tests/CustomsXMLTests/Fixtures/national/h7-rules.yaml",
                    "Tests/CustomsXMLTests/Fixtures/national/h7-lrn-too-long.xml",
                ]
            ),
            (
                "validate-xsd-rules-broken",
                [
                    "validate", "--xsd", "Tests/CustomsXMLTests/Fixtures/national/h7.xsd", "--rules",
                    "Tests/CustomsXMLTests/Fixtures/national/h7-rules-broken.yaml",
                    "Tests/CustomsXMLTests/Fixtures/national/h7-lrn-too-long.xml",
                ]
            ),
            ("validate-rules-without-xsd", ["validate", "--package", "wco-declaration", "--rules", "x.yaml", "x.xml"]),
            ("elements-find-uk-de", ["elements", "find", "DE 6/14"]),
            ("pointers-resolve-uk-de", ["pointers", "resolve", "DE 3/21", "--package", "wco-declaration"]),
            ("map-list", ["map", "list"]),
            ("rules-list-xa", ["rules", "list", "--package", "xa-import"]),
            ("rules-list-unknown", ["rules", "list", "--package", "xa-imprt"]),
            ("export-schematron-xb", ["export", "schematron", "--package", "xb-export"]),
            ("export-schematron-no-rules", ["export", "schematron", "--package", "wco-response"]),
            (
                "rules-explain-holds",
                [
                    "rules", "explain", "DEC-R004", "Samples/xml/wco-declaration/valid-import.xml", "--package",
                    "wco-declaration",
                ]
            ),
            (
                "rules-explain-fails",
                [
                    "rules", "explain", "DEC-R006", "Samples/json/wco-declaration/invalid-binding.json", "--package",
                    "wco-declaration",
                ]
            ),
            (
                "validate-rules-broken",
                ["validate", "--package", "wco-declaration", "Samples/json/wco-declaration/invalid-binding.json"]
            ),
            (
                "validate-no-rules",
                [
                    "validate", "--package", "wco-declaration", "--no-rules",
                    "Samples/json/wco-declaration/invalid-binding.json",
                ]
            ),
            ("map-coverage-xa", ["map", "coverage", "--mapping", "xa-import-csv"]),
            ("map-coverage-xb-csv", ["map", "coverage", "--mapping", "xb-export-json", "--format", "csv"]),
            (
                "map-samples-xa",
                [
                    "map", "--mapping", "xa-import-csv", "--to", "dm", "--syntax", "json",
                    "Records/xa-import-csv/declarations.csv",
                ]
            ),
            (
                "map-broken-xa",
                [
                    "map", "--mapping", "xa-import-csv", "--to", "dm", "--syntax", "json",
                    "Records/xa-import-csv/broken-records.csv",
                ]
            ),
            (
                "map-broken-xb",
                [
                    "map", "--mapping", "xb-export-json", "--to", "dm", "--syntax", "json",
                    "Records/xb-export/broken-records.ndjson",
                ]
            ),
        ])
    func snapshot(name: String, arguments: [String]) throws {
        try CLIRunner.assertSnapshot(try CLIRunner.run(arguments), named: name)
    }

    @Test("exit codes: 0 fine, 1 findings, 2 usage or definition errors")
    func exitCodes() throws {
        #expect(try CLIRunner.run(["packages", "list"]).status == 0)
        #expect(try CLIRunner.run(["packages", "check", "Tests/CustomsDefinitionsTests/Fixtures/seeded"]).status == 1)
        #expect(try CLIRunner.run(["elements", "find", "no-such-thing-anywhere"]).status == 1)
        #expect(try CLIRunner.run(["packages", "show"]).status == 2)
        #expect(try CLIRunner.run(["packages", "show", "wco-declaration", "--depth", "-1"]).status == 2)
        #expect(try CLIRunner.run(["packages", "show", "wco-declaration", "--usage", "XX"]).status == 2)
        #expect(try CLIRunner.run(["packages", "check", "/nonexistent/DataModel"]).status == 2)
    }

    @Test("commands other than check refuse a broken definitions folder")
    func brokenDefinitions() throws {
        let outcome = try CLIRunner.run([
            "packages", "list", "--data-model", "Tests/CustomsDefinitionsTests/Fixtures/seeded",
        ])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("run 'customs packages check"))
        #expect(outcome.stdout.isEmpty)
    }

    @Test("the folder comes from --data-model, else $CUSTOMS_DATA_MODEL")
    func dataModelFromEnvironment() throws {
        let outcome = try CLIRunner.run(
            ["packages", "list"], environment: ["CUSTOMS_DATA_MODEL": "Tests/CustomsDefinitionsTests/Fixtures/seeded"])
        #expect(outcome.status == 2)
        #expect(try CLIRunner.run(["packages", "list", "--data-model", "DataModel"]).status == 0)
    }

    /// Every command's own help is checked in `HardeningTests.help`, from the command tree.
    @Test("the root's help has the exit codes, and --version a version")
    func help() throws {
        let root = try CLIRunner.run(["--help"])
        #expect(root.status == 0)
        #expect(root.stdout.contains("EXIT CODES"))
        let version = try CLIRunner.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }

    @Test("JSON output parses and carries the tree")
    func json() throws {
        let outcome = try CLIRunner.run(["packages", "show", "xa-import", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let nodes = try #require(object["nodes"] as? [[String: Any]])
        #expect(object["base"] as? String == "wco-declaration")
        #expect(nodes.contains { $0["nationalName"] as? String == "LRN" && $0["format"] as? String == "an..22" })
        #expect(nodes.contains { $0["nationalAddition"] as? Bool == true })
    }
}
