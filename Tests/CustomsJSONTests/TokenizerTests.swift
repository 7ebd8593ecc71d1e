import CustomsJSON
import JSONReference
import Testing

/// The tokenizer alone: RFC 8259 grammar, UTF-8, escapes, limits, chunked input.
@Suite struct TokenizerTests {
    /// The tokens of `text`, fed in chunks of `chunk` bytes; the error message when it fails.
    static func tokens(
        _ text: [UInt8], chunk: Int = 1 << 20, limits: JSONReaderLimits = JSONReaderLimits()
    )
        -> (tokens: [String], error: String?)
    {
        let (trace, error) = JSONTrace.tokenizing(text, piece: chunk, limits: limits)
        return (trace.tokens, error?.message)
    }

    static func tokens(_ text: String, chunk: Int = 1 << 20) -> (tokens: [String], error: String?) {
        tokens(Array(text.utf8), chunk: chunk)
    }

    @Test func documentTokens() {
        let text = #"{"a": ["x", 1.5e3, true, false, null], "b\u00e9\ud83d\ude00": {}, "c": "\"\\\/\b\f\n\r\t"}"#
        let expected = [
            "objectStart", "key:a", "arrayStart", "s:x", "n:1.5e3", "trueValue", "falseValue", "null", "arrayEnd",
            "key:bé😀", "objectStart", "objectEnd", "key:c", "s:\"\\/\u{8}\u{c}\n\r\t", "objectEnd",
        ]
        for chunk in [1, 2, 3, 7, 1 << 20] {
            let (tokens, error) = Self.tokens(text, chunk: chunk)
            #expect(error == nil, "chunk \(chunk)")
            #expect(tokens == expected, "chunk \(chunk)")
        }
    }

    /// The string scan looks at eight bytes at a time: whatever ends a run of plain bytes (the
    /// closing quote, an escape, a control character, non-ASCII, invalid UTF-8) must be found at
    /// every offset within a word and across chunk boundaries.
    @Test func stringRunsEndAtEveryOffset() {
        for offset in 0..<20 {
            let plain = String(repeating: "a", count: offset)
            for chunk in [3, 8, 1 << 20] {
                #expect(Self.tokens("[\"\(plain)\"]", chunk: chunk).tokens == ["arrayStart", "s:\(plain)", "arrayEnd"])
                #expect(
                    Self.tokens("[\"\(plain)\\nb\"]", chunk: chunk).tokens == [
                        "arrayStart", "s:\(plain)\nb", "arrayEnd",
                    ])
                #expect(
                    Self.tokens("[\"\(plain)é~\"]", chunk: chunk).tokens == ["arrayStart", "s:\(plain)é~", "arrayEnd"])
                let control = Self.tokens(Array("[\"\(plain)".utf8) + [0x01] + Array("b\"]".utf8), chunk: chunk)
                #expect(control.error?.contains("control character") == true, "offset \(offset)")
                let invalid = Self.tokens(Array("[\"\(plain)".utf8) + [0xFF] + Array("b\"]".utf8), chunk: chunk)
                #expect(invalid.error?.contains("invalid UTF-8") == true, "offset \(offset)")
                // Bytes that differ from the specials by one bit, or sit just beside them.
                let near = plain + "!#[]^_` \u{7F}"
                #expect(Self.tokens("[\"\(near)\"]", chunk: chunk).tokens == ["arrayStart", "s:\(near)", "arrayEnd"])
            }
        }
    }

    /// Member names are told apart by a hash of their length and first and last eight bytes:
    /// names alike in those must still be compared in full.
    @Test func duplicateNamesAreFoundWhateverTheirShape() {
        let names = ["a", "ab", "abcdefg", "abcdefgh", "abcdefghi", "abcdefgXabcdefgh", "abcdefgYabcdefgh", "", "é"]
        for name in names {
            let (_, error) = Self.tokens(#"{"\#(name)": 1, "x": 2, "\#(name)": 3}"#)
            #expect(error?.contains("duplicate member name") == true, "\(name)")
        }
        let distinct = names.enumerated().map { #""\#($0.element)": \#($0.offset)"# }.joined(separator: ", ")
        #expect(Self.tokens("{\(distinct)}").error == nil)
    }

    @Test(arguments: [
        ("{\"a\": 1,}", "no trailing commas"),
        ("[1,]", "no trailing commas"),
        ("{\"a\" 1}", "expected ':'"),
        ("{\"a\": 01}", "not a JSON number"),
        ("{\"a\": 1.}", "not a JSON number"),
        ("{\"a\": -}", "not a JSON number"),
        ("{\"a\": tru}", "unexpected"),
        ("{\"a\": 1} x", "after the JSON value"),
        ("{\"a\": 1", "ends inside an object"),
        ("{\"a\": \"x", "ends inside a string"),
        ("{\"a\": 1, \"a\": 2}", "duplicate member name \"a\""),
        ("\"\\ud800\"", "lone high surrogate"),
        ("\"\\udc00\"", "lone low surrogate"),
        ("\"\\x\"", "unknown escape"),
        ("\"a\u{1}\"", "control character"),
        ("", "holds no JSON value"),
        ("'a'", "unexpected"),
    ])
    func refusesMalformed(text: String, expected: String) {
        for chunk in [1, 1 << 20] {
            let error = Self.tokens(text, chunk: chunk).error ?? "accepted"
            #expect(error.contains(expected), "\(text) (chunk \(chunk)): \(error)")
        }
    }

    @Test func refusesBadUTF8AndByteOrderMarks() {
        let cases: [([UInt8], String)] = [
            ([0x22, 0xC3, 0x28, 0x22], "invalid UTF-8"),  // a lead byte without its continuation
            ([0x22, 0xE0, 0x80, 0x80, 0x22], "invalid UTF-8"),  // overlong
            ([0x22, 0xED, 0xA0, 0x80, 0x22], "invalid UTF-8"),  // an encoded surrogate
            ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "invalid UTF-8"),  // above U+10FFFF
            ([0x22, 0xFF, 0x22], "invalid UTF-8"),
            ([0xEF, 0xBB, 0xBF] + Array("{}".utf8), "byte order mark"),
            ([0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00], "UTF-16 byte order mark"),
            ([0x7B, 0x00, 0x7D, 0x00], "UTF-16 or UTF-32"),
        ]
        for (bytes, expected) in cases {
            for chunk in [1, 1 << 20] {
                let error = Self.tokens(bytes, chunk: chunk).error ?? "accepted"
                #expect(error.contains(expected), "\(bytes) (chunk \(chunk)): \(error)")
            }
        }
        // A well-formed 4-byte sequence cut by every chunk size is read whole.
        let emoji = Array("\"😀\"".utf8)
        for chunk in 1...4 { #expect(Self.tokens(emoji, chunk: chunk).tokens == ["s:😀"]) }
    }

    @Test func limits() {
        var limits = JSONReaderLimits()
        limits.maxDepth = 10
        limits.maxStringLength = 100
        limits.maxNumberLength = 20
        let deep = Array((String(repeating: "[", count: 11) + String(repeating: "]", count: 11)).utf8)
        #expect(Self.tokens(deep, limits: limits).error?.contains("deeper than 10") == true)
        let long = Array(("\"" + String(repeating: "x", count: 101) + "\"").utf8)
        #expect(Self.tokens(long, chunk: 7, limits: limits).error?.contains("longer than 100 bytes") == true)
        let number = Array(String(repeating: "9", count: 21).utf8)
        #expect(Self.tokens(number, limits: limits).error?.contains("longer than 20 characters") == true)
    }

    @Test func manyMembersCostLinearTime() {
        // 100,000 distinct members, then one repeated: found through the hash set.
        var text = "{"
        for index in 0..<100_000 { text += "\"k\(index)\":0," }
        text += "\"k99999\":1}"
        let error = Self.tokens(text).error
        #expect(error?.contains("duplicate member name \"k99999\"") == true)
    }
}
