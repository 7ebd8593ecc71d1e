import CustomsModel
import CustomsXML
import Foundation
import Testing

@testable import CustomsMapping

@Suite("National records: read from CSV, JSON and XML; transforms both ways")
struct NationalRecordTests {
    static let xa = NationalRecordReader(mapping: MappingFixtures.mapping("xa-import-csv"))

    @Test("CSV: quoted fields with commas, quotes and line breaks; CR LF; a BOM; blank lines")
    func csvQuoting() throws {
        let text = "\u{FEFF}line,lrn,description\r\nH,\"A,1\",\r\n\r\nI,,\"say \"\"hi\"\"\nthere\"\r\n"
        let records = try Self.xa.records(in: Array(text.utf8), name: "x.csv")
        #expect(records.count == 1)
        let record = try #require(records[0].record)
        #expect(record.value(at: FieldPath(parsing: "lrn")!) == "A,1")
        #expect(record.value(at: FieldPath(parsing: "items.1.description")!) == "say \"hi\"\nthere")
    }

    @Test("CSV: a broken line is that record's error; the file's syntax errors stop the file")
    func csvMistakes() throws {
        let text = "line,lrn\nI,orphan\nH,A1\nQ,x\nH,A2,extra\nH,A3\n"
        let records = try Self.xa.records(in: Array(text.utf8), name: "x.csv")
        #expect(records.map { $0.record != nil } == [false, true, false, false, true])
        #expect(records[0].error?.contains("before any header line") == true)
        #expect(records[2].error?.contains("'Q'") == true)
        #expect(records[3].error?.contains("3 cells") == true)
        #expect(throws: NationalFileError.self) {
            try Self.xa.records(in: Array("line,lrn\nH,\"open\n".utf8), name: "x.csv")
        }
        #expect(throws: NationalFileError.self) { try Self.xa.records(in: Array("lrn\nA\n".utf8), name: "x.csv") }
    }

    @Test(
        "read in pieces of any size, CSV, NDJSON and JSON arrays give the records of the whole file, with their lines")
    func pieces() throws {
        let csv =
            try Array(
                Data(
                    contentsOf: MappingFixtures.projectRoot.appendingPathComponent(
                        "Records/xa-import-csv/declarations.csv")))
            + Array("H,\"quoted\nline\"\nI,,,,\n".utf8)
        let ndjson = try Array(
            Data(
                contentsOf: MappingFixtures.projectRoot.appendingPathComponent(
                    "Records/xb-export/broken-records.ndjson")))
        // A JSON array: the shipped records, then a broken one, a string and one with "]" and
        // escaped quotes in a value.
        var array = try Array(
            Data(contentsOf: MappingFixtures.projectRoot.appendingPathComponent("Records/xb-export/declarations.json")))
        while let last = array.last, last != 0x5D { array.removeLast() }
        array.removeLast()
        array += Array(",\n{\"reference\": 12 \"kind\": 1},\n\"x\", {\"reference\": \"R] \\\"q\\\"\"}\n]\n".utf8)
        for (id, bytes, name) in [
            ("xa-import-csv", csv, "r.csv"), ("xb-export-json", ndjson, "r.ndjson"),
            ("xb-export-json", array, "r.json"),
        ] {
            let mapping = MappingFixtures.mapping(id)
            let whole = try NationalRecordReader(mapping: mapping).records(in: bytes, name: name)
            let writer = NationalRecordWriter(mapping: mapping)
            func summary(_ records: [ReadRecord]) -> [String] {
                records.map {
                    "\($0.number) \($0.line ?? 0) \($0.error ?? "") \($0.record.map { writer.json($0).text } ?? "")"
                }
            }
            #expect(whole.count >= 3)
            for size in [1, 7, 64, 1000] {
                let (records, error) = NationalRecordStream.records(
                    in: bytes, mapping: mapping, name: name, piece: size)
                #expect(error == nil)
                #expect(summary(records) == summary(whole), "\(id) in pieces of \(size)")
            }
        }
    }

    @Test("JSON: one record, an array, NDJSON with a broken line")
    func json() throws {
        let reader = NationalRecordReader(mapping: MappingFixtures.mapping("xb-export-json"))
        #expect(try reader.records(in: Array(#"{"reference":"A"}"#.utf8), name: "r.json").count == 1)
        #expect(
            try reader.records(in: Array(#"[{"reference":"A"},{"reference":"B"},3]"#.utf8), name: "r.json").map {
                $0.record != nil
            } == [true, true, false])
        let lines = try reader.records(
            in: Array("{\"reference\":\"A\"}\n{\"ref\n\n{\"reference\":1.50}\n".utf8), name: "r.ndjson")
        #expect(lines.map { $0.record != nil } == [true, false, true])
        #expect(lines[1].line == 2)
        #expect(lines[2].record?.value(at: FieldPath(parsing: "reference")!) == "1.50")
        #expect(throws: NationalFileError.self) { try reader.records(in: Array("{".utf8), name: "r.json") }
    }

    @Test("JSON arrays stream: records handed on before the file ends; mistakes located, the rest still read")
    func jsonArrays() throws {
        let mapping = MappingFixtures.mapping("xb-export-json")
        let stream = NationalRecordStream(mapping: mapping, name: "r.json")
        var seen: [ReadRecord] = []
        try stream.feed(Array("\u{FEFF} [\n {\"reference\": \"A\"},\n {\"reference\": \"B\"".utf8)) { seen.append($0) }
        #expect(seen.count == 1 && seen[0].line == 2, "the first record is out before the file ends")
        try stream.feed(Array("}\n]".utf8)) { seen.append($0) }
        try stream.finish { seen.append($0) }
        #expect(seen.compactMap { $0.record?.value(at: FieldPath(parsing: "reference")!) } == ["A", "B"])
        let reader = NationalRecordReader(mapping: mapping)
        let broken = try reader.records(
            in: Array("[{\"reference\": \"A\"},\n  {\"reference\" 1}]".utf8), name: "r.json")
        #expect(broken.map { $0.record != nil } == [true, false])
        #expect(broken[1].error?.hasPrefix("line 2, column 16:") == true, "\(String(describing: broken[1].error))")
        for (text, words) in [
            ("[{\"reference\": \"A\"}", "not closed"), ("[{\"reference\": \"A\"},]", "comma before"),
            ("[{\"reference\": \"A\"}] x", "after the array"), ("[,{}]", "missing before"),
            ("[{\"reference\": \"A}]", "inside a string"),
        ] {
            let (records, error) = NationalRecordStream.records(
                in: Array(text.utf8), mapping: mapping, name: "r.json", piece: 3)
            #expect(error?.description.contains(words) == true, "\(text): \(String(describing: error))")
            #expect(records.count <= 1)
        }
    }

    @Test("records written as they come: one CSV header, an XML batch as written at once, read back the same")
    func incremental() throws {
        for id in ["xa-import-csv", "xb-export-json", "xb-export-xml"] {
            let mapping = MappingFixtures.mapping(id)
            let writer = NationalRecordWriter(mapping: mapping)
            var generator = RecordGenerator(mapping: mapping, seed: 7)
            let records = (0..<3).map { _ in generator.next() }
            for count in 0...3 {
                var file = NationalRecordWriter.Incremental(writer: writer)
                var text = ""
                for record in records.prefix(count) { text += try file.add(record) }
                text += try file.finish()
                switch mapping.format {
                case .csv(let layout):
                    let header = CSVRecords.line(writer.csvColumns(layout: layout)) + "\n"
                    #expect(text.hasPrefix(header) && text.components(separatedBy: header).count == 2)
                case .xml(let layout) where count > 1:
                    let batch = XMLMessageWriter.document(
                        MarkupElement(
                            name: layout.batchElement!, namespace: layout.namespace,
                            children: try records.prefix(count).map {
                                try XMLTreeReader.read(Array(writer.text([$0]).utf8))
                            }))
                    #expect(text == batch, "\(id), \(count) records")
                default: break
                }
                guard count > 0 else { continue }
                // JSON records are written one per line.
                let name = mapping.format.name == "json" ? "r.ndjson" : "r." + mapping.format.name
                let read = try NationalRecordReader(mapping: mapping).records(in: Array(text.utf8), name: name)
                #expect(
                    read.count == count && zip(read, records).allSatisfy { $0.record?.sameContent(as: $1) == true },
                    "\(id), \(count) records")
            }
        }
    }

    @Test(
        "XML: groups are repeated elements, a batch holds several records, a repeated field that is no group is an error"
    )
    func xml() throws {
        let reader = NationalRecordReader(mapping: MappingFixtures.mapping("xb-export-xml"))
        let ns = "urn:xb:customs:export-record:1"
        let batch = """
            <ExportRecords xmlns="\(ns)"><ExportRecord><reference>A</reference>
            <articles><number>1</number></articles><articles><number>2</number><documents><type>L</type></documents></articles>
            </ExportRecord><ExportRecord><reference>B</reference><reference>C</reference></ExportRecord><Other/></ExportRecords>
            """
        let records = try reader.records(in: Array(batch.utf8), name: "b.xml")
        #expect(records.count == 3)
        let first = try #require(records[0].record)
        #expect(first.value(at: FieldPath(parsing: "articles.2.number")!) == "2")
        #expect(first.value(at: FieldPath(parsing: "articles.2.documents.1.type")!) == "L")
        #expect(records[1].error?.contains("occurs twice") == true)
        #expect(records[2].error?.contains("where ExportRecord") == true)
        #expect(throws: NationalFileError.self) {
            try reader.records(
                in: Array("<!DOCTYPE x [<!ENTITY e 'x'>]><ExportRecord>&e;</ExportRecord>".utf8), name: "x.xml")
        }
    }

    @Test("decimal shifts are exact and drop only zeros that carry nothing")
    func scale() {
        #expect(DecimalText.shift("1500", by: -3) == "1.5")
        #expect(DecimalText.shift("1.5", by: 3) == "1500")
        #expect(DecimalText.shift("5", by: -3) == "0.005")
        #expect(DecimalText.shift("-0.25", by: 2) == "-25")
        #expect(DecimalText.shift("892.63", by: 3) == "892630")
        #expect(DecimalText.shift("1.5kg", by: 3) == nil)
        #expect(DecimalText.shift("", by: 3) == nil)
        #expect(DecimalText.shift(".", by: 3) == nil)
    }

    @Test("dates: national layouts to 102 and 304 and back; a time or a zone the layout cannot hold is refused")
    func dates() throws {
        let runner = TransformRunner(codeTables: [:])
        let day = ValueTransform.date(DateLayout("DD.MM.YYYY")!)
        let stamp = ValueTransform.date(DateLayout("YYYY-MM-DD hh:mm")!)
        #expect(try runner.forward(["01.12.2026"], through: [day])?.value == "20261201")
        #expect(try runner.forward(["01.12.2026"], through: [day])?.formatCode == "102")
        #expect(try runner.forward(["2026-12-01 14:05"], through: [stamp])?.value == "20261201140500Z")
        #expect(try runner.backward("20261201", formatCode: "102", through: [day], fieldCount: 1) == ["01.12.2026"])
        #expect(
            try runner.backward("20261201140500Z", formatCode: "304", through: [stamp], fieldCount: 1) == [
                "2026-12-01 14:05"
            ])
        #expect(throws: TransformRunner.Failure.self) { try runner.forward(["31.13.2026"], through: [day]) }
        #expect(throws: TransformRunner.Failure.self) {
            try runner.backward("20261201140500Z", formatCode: "304", through: [day], fieldCount: 1)
        }
        #expect(throws: TransformRunner.Failure.self) {
            try runner.backward("20261201140500+0100", formatCode: "304", through: [stamp], fieldCount: 1)
        }
        #expect(throws: TransformRunner.Failure.self) {
            try runner.backward("20261201", formatCode: nil, through: [day], fieldCount: 1)
        }
    }

    @Test("joins split back from the end; a value that could not be split back is refused going in")
    func joins() throws {
        let runner = TransformRunner(codeTables: [:])
        let join = ValueTransform.join(separator: " ")
        #expect(try runner.forward(["Quay Road", "17"], through: [join])?.value == "Quay Road 17")
        #expect(
            try runner.backward("Quay Road 17", formatCode: nil, through: [join], fieldCount: 2) == ["Quay Road", "17"])
        #expect(try runner.forward(["Quay", nil], through: [join])?.value == "Quay")
        #expect(try runner.backward("Quay", formatCode: nil, through: [join], fieldCount: 2) == ["Quay", ""])
        #expect(throws: TransformRunner.Failure.self) { try runner.forward(["Quay", "17 b"], through: [join]) }
        #expect(throws: TransformRunner.Failure.self) { try runner.forward(["Quay Road", nil], through: [join]) }
        #expect(try runner.forward([nil, nil], through: [join]) == nil)
    }

    @Test("code tables both ways, with did-you-mean for an unknown national code")
    func codes() throws {
        let runner = TransformRunner(codeTables: ["t": CodeTable(pairs: [("SEA", "1"), ("AIR", "4")])])
        #expect(try runner.forward(["AIR"], through: [.code(table: "t")])?.value == "4")
        #expect(try runner.backward("1", formatCode: nil, through: [.code(table: "t")], fieldCount: 1) == ["SEA"])
        do {
            _ = try runner.forward(["SAE"], through: [.code(table: "t")])
            Issue.record("no failure")
        } catch {
            #expect(error.suggestion == "SEA")
        }
    }
}
