import CustomsJSON
import CustomsValidation
import Foundation
import JSONReference
import Testing

/// The tokenizer against `ReferenceJSONParser`, a plain recursive-descent reading of RFC 8259
/// with our added rules: the same tokens and the same verdict (and kind of error) on edge cases,
/// on generated messages, on every byte corruption of a sweep over them, and on every input the
/// fuzzer (Fuzz/, `JSONFuzz`) once found; and, whatever the pieces the input comes in, the
/// same trace, error message and place as read in one piece.
@Suite("JSON tokenizer against the reference parser")
struct TokenizerDifferentialTests {
    static let small = ReferenceJSONParser.smallLimits

    /// Compares the tokenizer with the reference on `bytes` (in one piece and in `pieces`);
    /// nil when they agree, else what differs.
    static func difference(_ bytes: [UInt8], limits: JSONReaderLimits, pieces: [Int] = [1, 2, 3, 7]) -> String? {
        let reference = ReferenceJSONParser.trace(bytes, limits: limits)
        let (whole, error) = JSONTrace.tokenizing(bytes, limits: limits)
        if whole != reference { return "tokenizer \(whole)\n  reference \(reference)" }
        for piece in pieces {
            let (split, splitError) = JSONTrace.tokenizing(bytes, piece: piece, limits: limits)
            if split != whole || splitError != error {
                return
                    "in pieces of \(piece): \(split) \(splitError?.message ?? "")\n  in one: \(whole) \(error?.message ?? "")"
            }
        }
        return nil
    }

    static let edgeCases: [String] = [
        "", " ", "{}", "[]", "0", "-0", "-", "01", "1.", ".5", "1e", "1e+", "1E-7", "-0.0e0", "1.5e3", "2.", "true",
        "tru", "nul", "falsey", "\"\"", "\"", "\"\\\"", #""\u00e9\ud83d\ude00""#, #""\ud83d""#, #""\ude00""#,
        #""\ud83d\u0041""#, #""\u00G0""#, #""\x""#, "\"\u{7F}\"", "\"a\tb\"", "\"a\u{1}b\"", #""\u0000""#,
        "[1,]", "[,1]", "[1 2]", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":}", "{1:2}", "{\"a\":1,\"a\":2}",
        "{\"a\":1,\"\\u0061\":2}", "{\"a\":{\"a\":1},\"b\":[{\"a\":2}]}", "[[[[[[1]]]]]]", "[[[[[[[1]]]]]]]",
        "\"" + String(repeating: "x", count: 40) + "\"", "\"" + String(repeating: "x", count: 41) + "\"",
        "123456789012", "1234567890123", "{} {}", "[] x", "\u{FEFF}{}", "{}\n", " \t\r\n[ ]\r\n",
        "\"é\"", "[\"\\/\"]", "{\"\":\"\"}", "[true,false,null]", "[1e400]", "-", "[-]", "[+1]", "[0x10]",
        "[Infinity]", "[NaN]", "'a'", "[\"a\"]]", "{\"a\":[}", "{\"a\"", "[\"\\u12\"]",
    ]

    @Test("edge cases: the same tokens, verdict and kind of error as the reference")
    func edgeCases() {
        var differences: [String] = []
        for text in Self.edgeCases {
            for limits in [JSONReaderLimits(), Self.small] {
                if let difference = Self.difference(Array(text.utf8), limits: limits) {
                    differences.append("\(text.debugDescription): \(difference)")
                }
            }
        }
        // Bytes that are not UTF-8 at all, in a string and outside one.
        for bytes: [UInt8] in [
            [0x22, 0xC3, 0x22], [0x22, 0xC0, 0x80, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22],
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],
            [0x22, 0xFF, 0x22], [0x5B, 0xC3, 0xA9, 0x5D], [0xFE, 0xFF, 0x00, 0x5B], [0x5B, 0x00, 0x5D],
            [0x22, 0xEF, 0xBF, 0xBF, 0x22], [0x22, 0xF0, 0x9F, 0x98, 0x80, 0x22],
        ] {
            if let difference = Self.difference(bytes, limits: JSONReaderLimits()) {
                differences.append("\(bytes): \(difference)")
            }
        }
        #expect(differences.isEmpty, "\(differences.count):\n\(differences.joined(separator: "\n"))")
    }

    /// Generated declarations in the JSON binding (a share of them faulty).
    static let messages: [[UInt8]] = JSONFixtures.generated(
        JSONFixtures.declaration, count: 20, seed: 77, invalidRate: 0.3
    ).map { Array(JSONFixtures.json($0.xml, JSONFixtures.declaration).utf8) }

    /// Bytes that change the meaning of JSON, and bytes that break UTF-8.
    static let corruptions: [UInt8] =
        Array("{}[]\",:\\ u0-.e1tn/".utf8) + [0x00, 0x09, 0x0A, 0x1F, 0x80, 0xC3, 0xED, 0xFF]

    @Test("generated messages and every corruption of a sweep over them: the same trace as the reference")
    func corruptionSweep() {
        var differences: [String] = []
        var cases = 0
        var random = SeededRandom(seed: 2027)
        for (which, original) in Self.messages.enumerated() {
            if let difference = Self.difference(original, limits: JSONReaderLimits()) {
                differences.append("message \(which): \(difference)")
            }
            for _ in 0..<25 {
                let position = Int(random.next() % UInt64(original.count))
                for byte in Self.corruptions where original[position] != byte {
                    var bytes = original
                    bytes[position] = byte
                    cases += 1
                    let limits = cases % 4 == 0 ? Self.small : JSONReaderLimits()
                    if let difference = Self.difference(bytes, limits: limits, pieces: cases % 8 == 0 ? [3] : []) {
                        differences.append("message \(which) byte \(position) = \(byte): \(difference)")
                    }
                }
            }
        }
        #expect(cases > 10_000)
        #expect(
            differences.isEmpty, "\(differences.count) of \(cases):\n\(differences.prefix(4).joined(separator: "\n"))")
    }

    @Test("every input that once made the tokenizer and the reference disagree: they agree now")
    func regressions() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/json-fuzz-regressions")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasSuffix(".md") }
        for file in files.sorted() {
            let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(file)))
            for limits in [JSONReaderLimits(), Self.small] {
                #expect(Self.difference(bytes, limits: limits) == nil, "\(file)")
            }
        }
    }
}
