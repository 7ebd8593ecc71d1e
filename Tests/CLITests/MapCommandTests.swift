import CustomsXML
import Foundation
import PeerTools
import Testing

@Suite("customs map: national records to DM messages and back, through files")
struct MapCommandTests {
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("customs-map-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("XA CSV → one XML file per record, valid → the same CSV back, less the national-only columns")
    func csvRoundTrip() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let messages = folder.appendingPathComponent("messages").path
        let forward = try CLIRunner.run([
            "map", "--mapping", "xa-import-csv", "--to", "dm", "--out", messages,
            "Records/xa-import-csv/declarations.csv",
        ])
        #expect(forward.status == 0, "\(forward.stdout)\(forward.stderr)")
        #expect(forward.stdout.contains("2 records: 2 mapped"))
        let files = try FileManager.default.contentsOfDirectory(atPath: messages).sorted()
        #expect(files == ["XA26-000101.xml", "XA26-000102.xml"])
        let validate = try CLIRunner.run(["validate", "--package", "xa-import", messages])
        #expect(validate.status == 0, "\(validate.stdout)")
        let records = folder.appendingPathComponent("back.csv").path
        let back = try CLIRunner.run([
            "map", "--mapping", "xa-import-csv", "--to", "national", "--out", records, messages,
        ])
        #expect(back.status == 0, "\(back.stdout)\(back.stderr)")
        let original = try Self.table(
            String(contentsOfFile: "Records/xa-import-csv/declarations.csv", encoding: .utf8))
        let returned = try Self.table(String(contentsOfFile: records, encoding: .utf8))
        #expect(original.count == returned.count)
        for (a, b) in zip(original, returned) {
            for (column, value) in a where !["brokerReference", "internalNote"].contains(column) {
                #expect(b[column] ?? "" == value, "\(column): \(value) became \(b[column] ?? "")")
            }
        }
    }

    /// A CSV table as rows of column → value (the samples quote only what holds a comma).
    static func table(_ text: String) -> [[String: String]] {
        var lines = text.split(separator: "\n").map { line -> [String] in
            var cells: [String] = []
            var cell = ""
            var quoted = false
            for character in line {
                if character == "\"" {
                    quoted.toggle()
                } else if character == "," && !quoted {
                    cells.append(cell)
                    cell = ""
                } else {
                    cell.append(character)
                }
            }
            return cells + [cell]
        }
        let header = lines.removeFirst()
        return lines.map { Dictionary(uniqueKeysWithValues: zip(header, $0).filter { !$0.1.isEmpty }) }
    }

    @Test("XB: JSON records → DM JSON on standard output → XML records, the same fields")
    func jsonToXML() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let forward = try CLIRunner.run([
            "map", "--mapping", "xb-export-json", "--to", "dm", "--syntax", "json",
            "Records/xb-export/declarations.json",
        ])
        #expect(forward.status == 0, "\(forward.stderr)")
        #expect(forward.stdout.split(separator: "\n").count == 2)
        let ndjson = folder.appendingPathComponent("messages.ndjson")
        try Data(forward.stdout.utf8).write(to: ndjson)
        let back = try CLIRunner.run(["map", "--mapping", "xb-export-xml", "--to", "national", ndjson.path])
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stdout.contains("<ExportRecords xmlns=\"urn:xb:customs:export-record:1\">"))
        #expect(back.stdout.contains("<validFrom>01.12.2026</validFrom>"))
        #expect(back.stdout.components(separatedBy: "<ExportRecord>").count == 3)
    }

    @Test("package to package by WCO ID: generated e-commerce messages become valid declarations")
    func packageToPackage() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let messages = folder.appendingPathComponent("ecommerce").path
        let generated = try CLIRunner.run([
            "generate", "--package", "wco-ecommerce", "--count", "30", "--out", messages,
        ])
        #expect(generated.status == 0)
        let out = folder.appendingPathComponent("declarations").path
        let mapped = try CLIRunner.run([
            "map", "--from", "wco-ecommerce", "--to", "wco-declaration", messages, "--out", out,
        ])
        #expect(mapped.status == 0, "\(mapped.stdout)")
        #expect(mapped.stdout.contains("30 records: 30 mapped"))
        // Valid by structure, formats and codes; the generated quantities and totals are random,
        // so the declaration's business rules are left out.
        let validate = try CLIRunner.run(["validate", "--package", "wco-declaration", "--no-rules", out])
        #expect(validate.status == 0 && validate.stdout.contains("30 message(s): 30 valid"), "\(validate.stdout)")
        let coverage = try CLIRunner.run(["map", "coverage", "--from", "wco-ecommerce", "--to", "wco-declaration"])
        #expect(coverage.status == 0)
        #expect(coverage.stdout.contains("Elements of wco-ecommerce without a place in wco-declaration (7)"))
        let toProfile = try CLIRunner.run(["map", "coverage", "--from", "wco-declaration", "--to", "xb-export"])
        #expect(toProfile.status == 1 && toProfile.stdout.contains("EnvironmentalLevyCategory"))
    }

    @Test("in parallel and in batches, the same messages and report in the same order as on one core")
    func parallel() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sample = try String(contentsOfFile: "Records/xa-import-csv/declarations.csv", encoding: .utf8)
        var lines = sample.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        var text = header + "\n"
        // 1,300 records (more than two batches), every 97th one broken (an unknown transport mode).
        for index in 0..<1300 {
            for line in lines where line.hasPrefix("H,XA26-000101") || !line.hasPrefix("H,") {
                guard line.hasPrefix("H,") else {
                    if text.hasSuffix("\n") { text += line + "\n" }
                    continue
                }
                let mode = index % 97 == 0 ? "SHIP" : "SEA"
                text +=
                    line.replacingOccurrences(of: "XA26-000101", with: "XA26-P\(index)")
                    .replacingOccurrences(of: ",SEA,", with: ",\(mode),") + "\n"
            }
        }
        let input = folder.appendingPathComponent("many.csv")
        try Data(text.utf8).write(to: input)
        let one = try CLIRunner.run([
            "map", "--mapping", "xa-import-csv", "--to", "dm", "--syntax", "json", "--jobs", "1", input.path,
        ])
        let four = try CLIRunner.run([
            "map", "--mapping", "xa-import-csv", "--to", "dm", "--syntax", "json", "--jobs", "4", input.path,
        ])
        #expect(one.status == 1 && four.status == 1)
        #expect(one.stdout == four.stdout)
        let report = { (text: String) in text.split(separator: "\n").filter { !$0.contains(" s)") } }
        #expect(report(one.stderr) == report(four.stderr))
        #expect(one.stdout.split(separator: "\n").count == 1300 - 14)
        #expect(one.stderr.contains("1300 records: 1286 mapped, 14 failed"), "\(one.stderr.suffix(200))")
    }

    @Test("mapping DM messages back and package to package: on several cores, the same output and report in order")
    func parallelMessages() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let messages = folder.appendingPathComponent("messages")
        // 60 messages in 60 files (more than one window of files), every 7th one invalid.
        let generated = try CLIRunner.run([
            "generate", "--package", "xb-export", "--count", "60", "--seed", "11", "--out", messages.path,
        ])
        #expect(generated.status == 0, "\(generated.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: messages.path).filter { $0.hasSuffix(".xml") }
            .sorted()
        #expect(files.count == 60)
        for (index, name) in files.enumerated() where index % 7 == 3 {
            let path = messages.appendingPathComponent(name).path
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try text.replacingOccurrences(of: "<FunctionalReferenceID>", with: "<FunctionalReferenceId>")
                .write(toFile: path, atomically: true, encoding: .utf8)
        }
        let report = { (text: String) in text.split(separator: "\n").filter { !$0.contains(" s)") } }
        for command in [
            ["map", "--mapping", "xb-export-json", "--to", "national"],
            ["map", "--from", "xb-export", "--to", "wco-declaration", "--syntax", "json"],
        ] {
            let one = try CLIRunner.run(command + ["--jobs", "1", messages.path])
            let three = try CLIRunner.run(command + ["--jobs", "3", messages.path])
            #expect(one.status == 1 && three.status == 1, "\(command): \(one.stderr.suffix(300))")
            #expect(one.stdout == three.stdout, "\(command)")
            #expect(report(one.stderr) == report(three.stderr), "\(command)")
            #expect(one.stdout.split(separator: "\n").count >= 51, "\(command): \(one.stdout.prefix(300))")
        }
    }

    @Test("a JUnit report: well-formed, a test case per record, a failure for each broken one")
    func junit() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CLIRunner.run([
            "map", "--mapping", "xa-import-csv", "--to", "dm", "--format", "junit", "--out", folder.path,
            "Records/xa-import-csv/broken-records.csv", "Records/xa-import-csv/declarations.csv",
        ])
        #expect(run.status == 1)
        let tree = try XMLTreeReader.read(Array(run.stdout.utf8))
        let cases = tree.children.first?.children ?? []
        #expect(cases.count == 6)
        #expect(cases.filter { !$0.children.isEmpty }.count == 4)
    }

    @Test("a mapping whose package is imported from XSDs: resolved against --xsd, its mistakes located then")
    func importedPackage() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataModel = folder.appendingPathComponent("DataModel")
        try FileManager.default.copyItem(atPath: "DataModel", toPath: dataModel.path)
        let mappings = dataModel.appendingPathComponent("mappings")
        let yaml = [
            "id: h7-json", "name: test", "package: h7", "imported: true", "national: {format: json}", "recordKey: ref",
            "table: h7-json.csv",
        ].joined(separator: "\n")
        try Data(yaml.utf8).write(to: mappings.appendingPathComponent("h7-json.yaml"))
        func table(_ rows: String) throws {
            try Data(("national,format,dm,transform,direction,when,note\n" + rows).utf8)
                .write(to: mappings.appendingPathComponent("h7-json.csv"))
        }
        try table(
            "ref,,42A/D026,,,,\nkind,,/H7Declaration/DeclarationType,,,,\nbuyer,,42A/39A/R013,,,,\n"
                + "items.$1.description,,42A/68A/$1/137,,,,\nitems.$1,,42A/68A/$1/SequenceNumber,constant:1,to-dm,,\n")
        let records = folder.appendingPathComponent("records.json")
        try Data(#"{"ref":"REF-1","kind":"H7","buyer":"J. Jansen","items":[{"description":"Phone case"}]}"#.utf8)
            .write(to: records)
        let check = try CLIRunner.run(["packages", "check", dataModel.path])
        #expect(check.status == 0, "\(check.stdout)")
        let xsd = "Tests/CustomsXMLTests/Fixtures/national/h7.xsd"
        let mapped = try CLIRunner.run([
            "map", "--data-model", dataModel.path, "--mapping", "h7-json", "--to", "dm", "--xsd", xsd, records.path,
        ])
        #expect(mapped.status == 0, "\(mapped.stderr)")
        #expect(
            mapped.stdout.contains("<LRN>REF-1</LRN>")
                && mapped.stdout.contains("<Description>Phone case</Description>"))
        let noSchemas = try CLIRunner.run([
            "map", "--data-model", dataModel.path, "--mapping", "h7-json", "--to", "dm", records.path,
        ])
        #expect(noSchemas.status == 2 && noSchemas.stderr.contains("give its schemas with --xsd"))
        try table("ref,,42A/D062,,,,\n")
        let broken = try CLIRunner.run([
            "map", "--data-model", dataModel.path, "--mapping", "h7-json", "--to", "dm", "--xsd", xsd, records.path,
        ])
        #expect(broken.status == 2 && broken.stderr.contains("h7-json.csv:2:6"), "\(broken.stderr)")
        #expect(broken.stderr.contains("did you mean '"), "\(broken.stderr)")
    }

    @Test("exit codes and usage errors")
    func exits() throws {
        let broken = try CLIRunner.run([
            "map", "--mapping", "xa-import-csv", "--to", "dm", "--syntax", "json",
            "Records/xa-import-csv/broken-records.csv",
        ])
        #expect(broken.status == 1)
        let several = try CLIRunner.run([
            "map", "--mapping", "xa-import-csv", "--to", "dm", "Records/xa-import-csv/declarations.csv",
        ])
        #expect(several.status == 2 && several.stderr.contains("give --out DIR"), "\(several.stderr)")
        let unknown = try CLIRunner.run(["map", "--mapping", "xa-import-cvs", "--to", "dm", "x.csv"])
        #expect(unknown.status == 2 && unknown.stderr.contains("did you mean 'xa-import-csv'"), "\(unknown.stderr)")
        let noFiles = try CLIRunner.run(["map", "--mapping", "xa-import-csv", "--to", "dm", "Samples/xml"])
        #expect(noFiles.status == 2 && noFiles.stderr.contains("no csv record files"), "\(noFiles.stderr)")
        let missing = try CLIRunner.run([
            "map", "--mapping", "xa-import-csv", "--to", "dm", "--syntax", "json", "/nonexistent.csv",
        ])
        #expect(missing.status == 1 && missing.stderr.contains("cannot read /nonexistent.csv"), "\(missing.stderr)")
        let invalidMessage = try CLIRunner.run([
            "map", "--mapping", "xa-import-csv", "--to", "national",
            "Samples/xml/wco-declaration/valid-import.xml",
        ])
        #expect(invalidMessage.status == 1, "\(invalidMessage.stderr)")
        for arguments in [
            ["map", "--mapping", "xa-import-csv", "--from", "wco-ecommerce", "--to", "dm", "x"],
            ["map", "--mapping", "xa-import-csv", "--to", "wco-declaration", "x"],
            ["map", "--to", "dm", "x"],
            ["map", "coverage", "--from", "wco-ecommerce"],
        ] {
            #expect(try CLIRunner.run(arguments).status == 2, "\(arguments)")
        }
        let unknownTarget = try CLIRunner.run(["map", "--from", "wco-ecommerce", "--to", "wco-declarations", "x"])
        #expect(unknownTarget.status == 2 && unknownTarget.stderr.contains("did you mean 'wco-declaration'"))
        let coverage = try CLIRunner.run(["map", "coverage", "--mapping", "xa-import-csv", "--usage", "IN"])
        #expect(coverage.status == 2 && coverage.stderr.contains("did you mean 'IM'"), "\(coverage.stderr)")
    }

    /// `--xsd` arguments for the CDS declaration schemas, as a user gives them from the project.
    static let cdsSchemas = [
        "--xsd", "../shared/corpus/hmrc-cds/schemas/declaration/DocumentMetaData_2_DMS.xsd",
        "--xsd", "../shared/corpus/hmrc-cds/schemas/declaration/WCO_DEC_2_DMS.xsd", "--root", "MetaData",
    ]

    @Test(
        "the UK exports mapping: scenario records to valid CDS declarations, a sample back, broken records reported",
        .enabled(if: SharedCorpus.cdsAvailable, "\(SharedCorpus.skipReason)"))
    func ukExports() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mapped = try CLIRunner.run(
            ["map", "--mapping", "uk-exports", "--to", "dm"] + Self.cdsSchemas + [
                "--out", folder.path, "Records/uk-exports/scenarios.json",
            ])
        #expect(mapped.status == 0, "\(mapped.stderr)")
        let validated = try CLIRunner.run(["validate"] + Self.cdsSchemas + [folder.path])
        #expect(validated.status == 0 && validated.stdout.contains("6 message(s): 6 valid"), "\(validated.stdout)")
        let back = try CLIRunner.run(
            ["map", "--mapping", "uk-exports", "--to", "national"] + Self.cdsSchemas + [
                "../shared/corpus/hmrc-cds/samples/TT_EX013a/TT_EX013a.xml"
            ])
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stdout.contains(#""procedure":{"code":"1040"},"additionalPcs":["000"]"#), "\(back.stdout)")
        #expect(back.stdout.contains(#""ducr":{"ducr":"5XI427168118378-DECH01"}"#))
        let broken = try CLIRunner.run(
            ["map", "--mapping", "uk-exports", "--to", "dm"] + Self.cdsSchemas + [
                "Records/uk-exports/broken-records.json"
            ])
        try CLIRunner.assertSnapshot(broken, named: "map-broken-uk-exports")
        let coverage = try CLIRunner.run(
            ["map", "coverage", "--mapping", "uk-exports", "--usage", "EX"] + Self.cdsSchemas)
        #expect(coverage.stdout.contains("conformity 100.0%"), "\(coverage.stdout)")
        #expect(coverage.stdout.contains("DE 2/5  MetaData/42A/D026 ← consignmentReferences.lrn"))
        try CLIRunner.assertSnapshot(coverage, named: "map-coverage-uk-exports")
    }

    @Test(
        "package to package with the CDS declaration imported from its schemas: through its MetaData envelope",
        .enabled(if: SharedCorpus.cdsAvailable, "\(SharedCorpus.skipReason)"))
    func packageToImported() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = try CLIRunner.run(
            ["map", "--from", "wco-declaration", "--to", "uk-cds-dec"] + Self.cdsSchemas + [
                "--out", folder.path, "Samples/xml/wco-declaration/valid-import.xml",
            ])
        #expect(out.status == 0, "\(out.stdout) \(out.stderr)")
        let validated = try CLIRunner.run(["validate"] + Self.cdsSchemas + [folder.path])
        #expect(validated.status == 0, "\(validated.stdout)")
        let written = try String(
            contentsOf: try #require(
                FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil).first),
            encoding: .utf8)
        #expect(written.contains("<MetaData") && written.contains("<FunctionalReferenceID>"))
        // Back: the CDS TypeCode holds DE 1/1 and 1/2 (EXD), ours DE 1/1 only: a finding, not a crash.
        let back = try CLIRunner.run(
            ["map", "--from", "uk-cds-dec", "--to", "wco-declaration"] + Self.cdsSchemas + [
                "../shared/corpus/hmrc-cds/samples/TT_EX013a/TT_EX013a.xml"
            ])
        #expect(back.status == 1 && back.stderr.contains("value: \"EXD\""), "\(back.stderr)")
        let coverage = try CLIRunner.run(
            ["map", "coverage", "--from", "uk-cds-dec", "--to", "wco-declaration"] + Self.cdsSchemas)
        #expect(coverage.stdout.contains("Elements of uk-cds-dec without a place in wco-declaration"))
        #expect(coverage.stdout.contains("\n  WCODataModelVersionCode\n"), "\(coverage.stdout)")
        let both = try CLIRunner.run(
            ["map", "--from", "wco-declaration", "--to", "xa-import"] + Self.cdsSchemas + [
                "Samples/xml/wco-declaration"
            ])
        #expect(both.status == 2 && both.stderr.contains("drop --xsd"))
    }
}
