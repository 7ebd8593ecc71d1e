import CustomsMapping
import CustomsModel
import Foundation
import Testing

@Suite("Hostile and careless national records: a clear error, nothing else lost, no crash")
struct HostileRecordTests {
    static let xa = MappingFixtures.mapping("xa-import-csv")
    static let xb = MappingFixtures.mapping("xb-export-json")

    /// The records of `bytes` read in 4 KiB pieces, or the file's error.
    static func read(_ bytes: [UInt8], mapping: Mapping, name: String) -> (records: [ReadRecord], error: String?) {
        let (records, error) = NationalRecordStream.records(in: bytes, mapping: mapping, name: name, piece: 4096)
        return (records, error?.description)
    }

    @Test(
        "inputs that once stopped the records fuzzer: whole and in pieces, the same records",
        arguments: ["csv-error-after-records.csv", "csv-lone-cr-lines.csv"])
    func fuzzRegressions(name: String) throws {
        let url = MappingFixtures.projectRoot.appendingPathComponent(
            "Tests/CustomsMappingTests/Fixtures/records-fuzz-regressions/\(name)")
        let bytes = try Array(Data(contentsOf: url))
        let writer = NationalRecordWriter(mapping: Self.xa)
        func summary(_ piece: Int) -> [String] {
            let (records, error) = NationalRecordStream.records(in: bytes, mapping: Self.xa, name: name, piece: piece)
            return records.map {
                "\($0.number) \($0.line ?? 0) \($0.error ?? "") \($0.record.map { writer.json($0).text } ?? "")"
            } + (error.map { ["file error: \($0)"] } ?? [])
        }
        let whole = summary(bytes.count + 1)
        #expect(whole.count > 1)
        for piece in 1...13 { #expect(summary(piece) == whole, "pieces of \(piece)") }
    }

    @Test("a field that is not UTF-8 fails its record only")
    func notUTF8() {
        let bytes =
            Array("line,lrn,description\nH,A1,\nI,,ok\nH,A2,\nI,,".utf8) + [0xC3, 0x28] + Array("\nH,A3,\n".utf8)
        let (records, error) = Self.read(bytes, mapping: Self.xa, name: "x.csv")
        #expect(error == nil)
        #expect(records.map { $0.record != nil } == [true, false, true])
        #expect(records[1].error == "line 5: field 3 is not UTF-8")
    }

    @Test("a record longer than the limit is refused without reading on")
    func endlessLine() {
        let stream = NationalRecordStream(mapping: Self.xa, name: "x.csv")
        let piece = [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20)
        var failure: NationalFileError?
        for _ in 0..<40 where failure == nil {
            do { try stream.feed(piece) { _ in } } catch { failure = error }
        }
        #expect(failure?.description.contains("longer than") == true)
    }

    @Test("NDJSON: a line nested past the depth limit, and a line that is not an object, fail alone")
    func deepLine() {
        let deep = String(repeating: "[", count: 100_000)
        let text = "{\"reference\":\"A\"}\n\(deep)\n42\n{\"reference\":\"B\"}\n"
        let (records, error) = Self.read(Array(text.utf8), mapping: Self.xb, name: "x.ndjson")
        #expect(error == nil)
        #expect(records.map { $0.record != nil } == [true, false, false, true])
    }

    @Test("XML records: a DOCTYPE with entities, and an external entity, are refused; nothing is fetched")
    func hostileXML() throws {
        let reader = NationalRecordReader(mapping: MappingFixtures.mapping("xb-export-xml"))
        for document in [
            "<!DOCTYPE r [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;'>]><ExportRecord>&b;</ExportRecord>",
            "<!DOCTYPE r [<!ENTITY x SYSTEM 'http://127.0.0.1:9/x'>]><ExportRecord>&x;</ExportRecord>",
            "<ExportRecord><reference>A</reference>",
        ] {
            #expect(throws: NationalFileError.self) { try reader.records(in: Array(document.utf8), name: "x.xml") }
        }
    }

    @Test("random bytes as CSV, JSON and XML: an error or records, never a crash")
    func randomBytes() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0..<2000, using: &random)).map { _ in
                UInt8.random(in: 0...255, using: &random)
            }
            _ = Self.read(bytes, mapping: Self.xa, name: "x.csv")
            _ = Self.read(bytes, mapping: Self.xb, name: "x.ndjson")
            _ = try? NationalRecordReader(mapping: Self.xb).records(in: bytes, name: "x.json")
            _ = try? NationalRecordReader(mapping: MappingFixtures.mapping("xb-export-xml")).records(
                in: bytes, name: "x.xml")
        }
    }
}
