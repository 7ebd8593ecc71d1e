import CustomsModel
import CustomsValidation
import CustomsXML
import Foundation
import PeerTools
import Testing

/// Documents in encodings other than UTF-8: libxml2 converts them, and a byte sequence that the
/// declared encoding cannot convert must end the message with a fatal finding, never a silent
/// "valid" (libxml2 halts there without calling any error callback). xmllint is the peer.
@Suite("XML encodings")
struct EncodingTests {
    /// How a test document is written: the encoding it declares (nil: none), its byte order
    /// mark, and how its text is encoded.
    struct Writing {
        var encoding: String?
        var bom: [UInt8] = []
        var encode: @Sendable (String) -> [UInt8] = { Array($0.utf8) }

        /// A declaration whose FunctionCode holds the raw bytes `value`; `filler` bytes of a
        /// comment before it push the value past the reader's first 64 KiB chunk.
        func document(value: [UInt8], filler: Int = 0) -> [UInt8] {
            let declaration = encoding.map { "<?xml version=\"1.0\" encoding=\"\($0)\"?>" } ?? ""
            let padding = filler > 0 ? "<!--" + String(repeating: "x", count: filler) + "-->" : ""
            let head = declaration + "<Declaration xmlns=\"\(Fixtures.namespace)\">" + padding + "<FunctionCode>"
            return bom + encode(head) + value + encode("</FunctionCode></Declaration>")
        }
    }

    static func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
        text.utf16.flatMap { unit -> [UInt8] in
            let pair = [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            return bigEndian ? pair.reversed() : pair
        }
    }

    static let utf16LE = Writing(encoding: "UTF-16", bom: [0xFF, 0xFE], encode: { utf16($0, bigEndian: false) })
    static let utf16BE = Writing(encoding: "UTF-16", bom: [0xFE, 0xFF], encode: { utf16($0, bigEndian: true) })

    /// Byte sequences that each encoding cannot convert, and what the finding says (libxml2
    /// converts a lone low surrogate and then refuses the character itself).
    static let broken: [(name: String, writing: Writing, value: [UInt8], message: String)] = [
        ("windows-1252 0x81", Writing(encoding: "windows-1252"), [0x81], "encoding error"),
        ("Shift_JIS 0x81 0x20", Writing(encoding: "Shift_JIS"), [0x81, 0x20], "encoding error"),
        ("EUC-JP 0x8E 0x20", Writing(encoding: "EUC-JP"), [0x8E, 0x20], "encoding error"),
        ("UTF-16LE lone high surrogate", utf16LE, [0x00, 0xD8, 0x39, 0x00], "encoding error"),
        ("UTF-16BE lone low surrogate", utf16BE, [0xDC, 0x00, 0x00, 0x39], "0xDC00 out of allowed range"),
    ]

    @Test("a byte the declared encoding cannot convert is fatal, as xmllint says", arguments: [0, 70_000])
    func unconvertibleBytes(filler: Int) throws {
        for (name, writing, value, message) in Self.broken {
            let bytes = writing.document(value: value, filler: filler)
            let result = Fixtures.validate(bytes: bytes)
            let finding = result.diagnostics.first
            #expect(!result.isValid, "\(name): passed as valid")
            #expect(result.isFatal, "\(name)")
            #expect(finding?.code == .notWellFormed, "\(name): \(result.diagnostics)")
            #expect(finding?.message.contains(message) == true, "\(name): \(finding?.message ?? "")")
            #expect((finding?.line ?? 0) >= 1, "\(name): no line")
            #expect(try Self.xmllintRefuses(bytes), "\(name): xmllint accepts it")
        }
    }

    @Test("a conversion error libxml2 reports and parses past is fatal too (xmllint only prints it)")
    func conversionErrorParsedPast() throws {
        // iconv takes "UTF8-" for UTF-8; libxml2 reports the bad byte without a parser context,
        // drops it and parses on, so "9" + 0x91 used to pass as the valid code "9".
        let bytes = Writing(encoding: "UTF8-").document(value: [0x39, 0x91])
        let result = Fixtures.validate(bytes: bytes)
        #expect(result.isFatal)
        let finding = result.diagnostics.first { $0.code == .notWellFormed }
        #expect(finding?.message.hasPrefix("encoding error: input conversion failed") == true, "\(result.diagnostics)")
        #expect(Fixtures.validate(bytes: Writing(encoding: "UTF8-").document(value: [0x39])).isValid)
    }

    @Test("the same documents with convertible bytes stay valid")
    func convertibleBytes() throws {
        let good: [(Writing, [UInt8])] = [
            (Writing(encoding: "windows-1252"), [0x39]),
            (Writing(encoding: "ISO-8859-1"), [0x39]),
            (Writing(encoding: "Shift_JIS"), [0x39]),
            (Writing(encoding: nil, bom: [0xFF, 0xFE], encode: { Self.utf16($0, bigEndian: false) }), [0x39, 0x00]),
        ]
        for (writing, value) in good {
            let bytes = writing.document(value: value)
            let result = Fixtures.validate(bytes: bytes)
            #expect(!result.isFatal, "\(writing.encoding ?? "UTF-16"): \(result.diagnostics)")
            #expect(!result.diagnostics.contains { $0.code == .notWellFormed })
            #expect(try !Self.xmllintRefuses(bytes), "\(writing.encoding ?? "UTF-16")")
        }
    }

    /// Whether `xmllint --noout` refuses `bytes` as not well-formed.
    static func xmllintRefuses(_ bytes: [UInt8]) throws -> Bool {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("customs-enc-\(UUID().uuidString).xml")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try PeerTool.xmllint.run(["--noout", "--nonet", file.path]).status != 0
    }
}
