import CLibXML2
import CustomsModel
import CustomsValidation
import CustomsXML
import Foundation
import PeerTools
import PropertyBased
import Testing

/// Any single-byte corruption of a valid message is either still well-formed or reported not
/// well-formed; it never crashes, and never passes silently after an error. The reference is
/// libxml2's own document parser (what `xmllint --noout` runs), in process; xmllint itself
/// checks a sample of the same corruptions.
@Suite("Properties: single-byte corruption")
struct CorruptionPropertyTests {
    /// Valid generated declarations, made once: in UTF-8, and (every third, every fourth) the
    /// same text declared windows-1252 — five of whose bytes convert to nothing — or written in
    /// UTF-16 with a byte order mark, where a corrupted byte can make a lone surrogate.
    static let messages: [[UInt8]] = {
        var generator = MessageGenerator(package: Fixtures.declaration, seed: 2026)
        return (0..<24).map { index in
            let xml = generator.next(invalidRate: 0).xml
            let body = xml.hasPrefix("<?xml") ? String(xml[xml.index(after: xml.firstIndex(of: ">")!)...]) : xml
            switch index % 4 {
            case 1: return Array(("<?xml version=\"1.0\" encoding=\"windows-1252\"?>" + body).utf8)
            case 3:
                let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + body
                return [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            default: return Array(xml.utf8)
            }
        }
    }()

    /// `messages[which]` with the byte at `position` (taken modulo its length) set to `byte`.
    static func corrupted(_ which: Int, _ position: Int, _ byte: UInt8) -> [UInt8] {
        var bytes = messages[which]
        bytes[position % bytes.count] = byte
        return bytes
    }

    /// Whether customs reads `bytes` as well-formed: no fatal syntax finding. A DOCTYPE, which
    /// customs refuses by design, counts as not well-formed on both sides.
    static func customsReadsWellFormed(_ result: SecureXMLReader.Result) -> Bool {
        !result.diagnostics.contains { $0.code == .notWellFormed || $0.code == .limit }
    }

    /// libxml2's verdict: a document comes back, with no well-formedness or namespace error and
    /// no DOCTYPE.
    static func libxml2ReadsWellFormed(_ bytes: [UInt8]) -> Bool {
        // A NUL byte is never a character of XML 1.0. libxml2's document parser (this one, and
        // xmllint) takes a NUL after the root element for the end of the input and calls the
        // document well-formed; its push parser (customs' libxml2 fallback), the scanner and the
        // specification refuse it. One case in roughly 150 runs of this test sets the last byte
        // to 0 (CI, 2026-12-05): that quirk is not the reference. UTF-16 text has zero bytes of
        // its own.
        if bytes.prefix(2) != [0xFF, 0xFE], bytes.contains(0) { return false }
        let context = xmlNewParserCtxt()
        defer { xmlFreeParserCtxt(context) }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                xmlCtxtReadMemory(context, $0.baseAddress, Int32($0.count), nil, nil, options)
            }
        }
        guard let document else { return false }
        defer { xmlFreeDoc(document) }
        return context!.pointee.wellFormed != 0 && context!.pointee.nsWellFormed != 0
            && document.pointee.intSubset == nil
    }

    @Test("a corrupted byte is never silently valid, and customs and libxml2 agree on well-formedness")
    func singleByte() async {
        // One reader for every case: each message also checks that an error in the previous
        // one left nothing behind.
        let reader = SecureXMLReader()
        let session = ValidationSession(package: Fixtures.declaration)
        await propertyCheck(
            count: 3000, input: Gen.int(in: 0..<Self.messages.count), Gen.int(in: 0...1_000_000), Gen.uint8()
        ) { which, position, byte in
            let bytes = Self.corrupted(which, position, byte)
            let result = reader.validate(bytes: bytes, with: session)
            let ours = Self.customsReadsWellFormed(result)
            let reference = Self.libxml2ReadsWellFormed(bytes)
            #expect(ours == reference, "message \(which), byte \(position % bytes.count) = \(byte): customs \(ours)")
            if !reference {
                #expect(!result.isValid && result.isFatal, "not well-formed, yet no fatal finding")
            }
        }
    }

    @Test("a NUL byte after the root element is not well-formed, whatever libxml2's document parser says")
    func nulAfterTheRoot() {
        // The case CI's random run found (message 8, its last byte set to 0).
        let bytes = Self.corrupted(8, Self.messages[8].count - 1, 0)
        let result = SecureXMLReader().validate(bytes: bytes, with: ValidationSession(package: Fixtures.declaration))
        #expect(!Self.customsReadsWellFormed(result) && result.isFatal)
        #expect(!Self.libxml2ReadsWellFormed(bytes))
    }

    @Test("xmllint agrees on a sample of the same corruptions")
    func xmllint() throws {
        let folder = try temporaryFolder("corrupt")
        defer { try? FileManager.default.removeItem(at: folder) }
        var random = SeededRandom(seed: 5)
        var verdicts: [String: Bool] = [:]
        for index in 0..<300 {
            let bytes = Self.corrupted(
                Int.random(in: 0..<Self.messages.count, using: &random), Int.random(in: 0...1_000_000, using: &random),
                UInt8.random(in: 0...255, using: &random))
            let path = folder.appendingPathComponent("m\(index).xml").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let result = SecureXMLReader().validate(
                bytes: bytes, with: ValidationSession(package: Fixtures.declaration))
            verdicts[path] = Self.customsReadsWellFormed(result)
        }
        let output = try PeerTool.xmllint.run(["--noout", "--nonet"] + verdicts.keys.sorted())
        // xmllint names each file it finds an error in at the start of a line; namespace errors
        // count (customs refuses what Namespaces in XML forbids too).
        let refused = Set(
            output.standardError.split(separator: "\n").compactMap { line -> String? in
                guard let end = line.firstIndex(of: ":"), line.contains(" error : ") else { return nil }
                return String(line[..<end])
            })
        var agreed = 0
        for (path, wellFormed) in verdicts {
            #expect(wellFormed == !refused.contains(path), "\(path): customs \(wellFormed)")
            if wellFormed == !refused.contains(path) { agreed += 1 }
        }
        #expect(refused.count > 50 && refused.count < 300, "\(refused.count) refused: the sample has both kinds")
        #expect(agreed == 300)
    }
}
