import CustomsJSON
import CustomsModel
import CustomsValidation
import Foundation
import Testing

/// Hostile JSON: each input ends in one clear fatal finding, read no further than the limit
/// that stops it; nothing crashes or hangs. (Time and memory are bounded by the limits the
/// tokenizer enforces as it reads; no wall-clock limits here.)
@Suite struct HostileJSONTests {
    /// Feeds `chunks()` until it returns nil or the reader stops; the fatal finding and how many
    /// chunks were read.
    static func feed(_ chunks: () -> [UInt8]?) -> (fatal: Diagnostic?, results: [MessageResult], chunks: Int) {
        let reader = JSONReader()
        reader.begin(with: ValidationSession(package: JSONFixtures.declaration))
        var count = 0
        while !reader.hasStopped, let chunk = chunks() {
            chunk.withUnsafeBytes { reader.feed($0) }
            count += 1
        }
        let results = reader.finish()
        return (results.last?.diagnostics.last, results, count)
    }

    static func fatal(_ bytes: [UInt8]) -> Diagnostic? {
        let results = JSONFixtures.validate(String(decoding: bytes, as: UTF8.self))
        return results.count == 1 && results[0].isFatal ? results[0].diagnostics.last : nil
    }

    @Test func deepNestingStopsAtTheDepthLimit() {
        var sent = 0
        let (fatal, _, chunks) = Self.feed {
            guard sent < 100_000 else { return nil }
            sent += 1000
            return Array(repeating: UInt8(ascii: "["), count: 1000)
        }
        #expect(fatal?.code == .limit)
        #expect(fatal?.message.contains("deeper than 256") == true)
        #expect(chunks == 1)
    }

    @Test func aHugeStringStopsAtTheStringLimit() {
        // 500 MB offered in 1 MB chunks: reading stops after the 10 MB limit.
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        var sent = 0
        let (fatal, _, chunks) = Self.feed {
            defer { sent += 1 }
            if sent == 0 { return Array(##"{"Declaration": {"FunctionCode": ""##.utf8) }
            return sent <= 500 ? chunk : nil
        }
        #expect(fatal?.code == .limit)
        #expect(fatal?.message.contains("longer than 10485760 bytes") == true)
        #expect(chunks < 20)
    }

    @Test func aLongNumberStopsAtTheNumberLimit() {
        let json = JSONFixtures.declaration(##""GoodsItemQuantity": "## + String(repeating: "9", count: 10_000))
        let fatal = Self.fatal(Array(json.utf8))
        #expect(fatal?.code == .limit)
        #expect(fatal?.message.contains("number is longer than 256") == true)
    }

    @Test(
        arguments: [
            ([0x22, 0xC0, 0xAF, 0x22], "invalid UTF-8"),
            (Array(##"{"Declaration": {"FunctionCode": "\ud800"}}"##.utf8), "lone high surrogate"),
            (Array(##"{"Declaration": {"FunctionCode": "\udfff"}}"##.utf8), "lone low surrogate"),
            (Array(##"{"Declaration": {"FunctionCode": "9", "FunctionCode": "9"}}"##.utf8), "duplicate member name"),
            (Array(##"{"Declaration": {"FunctionCode": "9"}} {"##.utf8), "after the JSON value"),
            (Array(##"{"Declaration": {"FunctionCode": "9"}}garbage"##.utf8), "after the JSON value"),
            (Array(##"{"Declaration": {"FunctionCode": ""##.utf8), "ends inside a string"),
            (Array(##"{"Declaration": {"FunctionCode": "9""##.utf8), "ends inside an object"),
            ([0xEF, 0xBB, 0xBF] + Array(##"{"Declaration": {}}"##.utf8), "byte order mark"),
            ([0xFE, 0xFF, 0x00, 0x7B, 0x00, 0x7D], "UTF-16 byte order mark"),
            ([0x00, 0x7B, 0x00, 0x7D], "UTF-16 or UTF-32"),
            ([], "holds no JSON value"),
            ([0x00, 0x01, 0x02, 0xFF, 0xFE, 0x89], "UTF-16 or UTF-32"),
            (Array("\u{7F}ELF\u{2}\u{1}".utf8), "where a value should start"),
        ] as [([UInt8], String)])
    func malformedInputIsOneFatalFinding(bytes: [UInt8], expected: String) {
        let reader = JSONReader()
        let results = reader.validateMessages(bytes: bytes, with: ValidationSession(package: JSONFixtures.declaration))
        let fatal = results.last.flatMap { $0.isFatal ? $0.diagnostics.last : nil }
        let message = fatal?.message ?? "no fatal finding"
        #expect(message.contains(expected), "\(message)")
        #expect(fatal?.code == .notWellFormed)
        #expect(results.allSatisfy { !$0.isValid })
    }

    @Test func truncatedFilesAreReportedForThemselves() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("customs-hostile-json-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let full = JSONFixtures.declaration(##""TypeCode": "IM""##)
        let reader = JSONReader()
        let session = ValidationSession(package: JSONFixtures.declaration)
        for cut in stride(from: 0, to: full.utf8.count, by: 7) {
            let file = folder.appendingPathComponent("cut\(cut).json")
            try Data(Array(full.utf8).prefix(cut)).write(to: file)
            let results = reader.validateMessages(file: file.path, with: session)
            #expect(results.count == 1 && results[0].isFatal, "cut at \(cut)")
        }
        let missing = reader.validateMessages(file: folder.appendingPathComponent("none.json").path, with: session)
        #expect(missing.first?.diagnostics.first?.code == .io)
    }
}
