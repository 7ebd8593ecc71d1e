import CustomsModel
import CustomsValidation
import CustomsXML
import Foundation
import Testing

/// A message given in pieces (`begin`, `feed`, `finish`: an HTTP body as it arrives) gives the
/// same result as the whole message, through either parser, whatever the pieces.
@Suite("XML given in pieces")
struct PushedMessageTests {
    static func pushed(
        _ bytes: [UInt8], piece: Int, reader: SecureXMLReader, session: ValidationSession
    )
        -> MessageResult
    {
        reader.begin(with: session)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + piece)
            bytes[offset..<end].withUnsafeBytes { reader.feed($0) }
            offset = end
        }
        return reader.finish()
    }

    /// Everything a result says, for comparing: its findings in full, and the bytes read
    /// unless it stopped early (then reading stopped at the piece that held the error).
    static func summary(_ result: MessageResult) -> [String] {
        result.diagnostics.map {
            "\($0.code.rawValue) \($0.line):\($0.column) \($0.instancePath) \($0.message) \($0.value ?? "")"
        } + [result.isFatal ? "fatal" : "bytes \(result.byteCount)"]
    }

    /// Generated messages, every third with corruption, a UTF-16 one, an empty one and a
    /// truncated one.
    static let inputs: [[UInt8]] = {
        var inputs = ScannerDifferentialTests.messages.prefix(30).enumerated().map { index, message in
            var bytes = message
            if index % 3 == 0 { bytes[bytes.count / 2] = UInt8(ascii: "<") }
            return bytes
        }
        let utf16 = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + Fixtures.declaration("")
        inputs.append([0xFF, 0xFE] + utf16.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        inputs.append([])
        inputs.append(Array(Fixtures.declaration("").utf8.dropLast(5)))
        return inputs
    }()

    @Test(
        "the same findings as the whole message, in pieces of 1, 7, 1,000 and 70,000 bytes", arguments: [false, true])
    func samePieces(libxml2: Bool) {
        let reader = SecureXMLReader(parser: libxml2 ? .libxml2 : .automatic)
        let session = ValidationSession(package: Fixtures.declaration, maxFindings: 50)
        for (index, input) in Self.inputs.enumerated() {
            let whole = Self.summary(reader.validate(bytes: input, with: session))
            for piece in [1, 7, 1_000, 70_000] {
                let pieces = Self.summary(Self.pushed(input, piece: piece, reader: reader, session: session))
                #expect(pieces == whole, "input \(index), pieces of \(piece)")
            }
        }
    }

    @Test("the limits hold for a message in pieces: a 20 MB text stops at the text limit")
    func limitsInPieces() {
        var limits = XMLReaderLimits()
        limits.maxTextLength = 1 << 20
        for parser in SecureXMLReader.Parser.allCases {
            let reader = SecureXMLReader(limits: limits, parser: parser)
            let session = ValidationSession(package: Fixtures.declaration)
            reader.begin(with: session)
            Array(Fixtures.declaration("<ID>").utf8.dropLast(14)).withUnsafeBytes { reader.feed($0) }
            let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 64 << 10)
            for _ in 0..<320 { chunk.withUnsafeBytes { reader.feed($0) } }
            let result = reader.finish()
            #expect(result.isFatal, "\(parser)")
            #expect(result.diagnostics.contains { $0.code == .limit }, "\(parser): \(result.diagnostics)")
        }
    }

    @Test("CR LF and lone CR in CDATA are one LF on both paths, however the section is cut")
    func cdataLineEnds() {
        // Long enough that libxml2 hands the section over in several pieces.
        let body = String(repeating: "a\r\nb\rc", count: 120)
        let xml = Fixtures.declaration(
            "<AdditionalInformation><StatementDescription><![CDATA[\(body)]]></StatementDescription></AdditionalInformation>"
        )
        let bytes = Array(xml.utf8)
        let session = ValidationSession(package: Fixtures.declaration, maxFindings: 50)
        let expected = Self.summary(SecureXMLReader().validate(bytes: bytes, with: session))
        #expect(expected.contains { $0.contains("StatementDescription: 600 characters") }, "\(expected)")
        for piece in [1, 2, 3, 5, 7, 300, 100_000] {
            let reader = SecureXMLReader(parser: .libxml2)
            #expect(
                Self.summary(Self.pushed(bytes, piece: piece, reader: reader, session: session)) == expected, "\(piece)"
            )
        }
    }

    @Test("a 1.5 MB message, its bytes dropped as it streams: findings at the same lines and columns as read whole")
    func droppedBytesKeepPlaces() throws {
        // 20,000 elements over as many lines, every 499th value too long, and one value of
        // 200,000 characters, reported at its start tag when it ends: long after the bytes of
        // that tag were dropped.
        var body = "<FunctionCode>9</FunctionCode>"
        for index in 0..<20_000 {
            let text =
                index == 10_000
                ? String(repeating: "w", count: 200_000)
                : index % 499 == 0 ? String(repeating: "v", count: 600) : "statement \(index)"
            body +=
                "\n  <AdditionalInformation><StatementDescription>\(text)</StatementDescription></AdditionalInformation>"
        }
        let xml = "<Declaration xmlns=\"\(Fixtures.namespace)\">" + body + "\n</Declaration>"
        let bytes = Array(xml.utf8)
        let session = ValidationSession(package: Fixtures.declaration, maxFindings: 100)
        let whole = Self.summary(SecureXMLReader(parser: .libxml2).validate(bytes: bytes, with: session))
        #expect(whole.count == 43, "\(whole.prefix(3))")
        #expect(whole.contains { $0.hasPrefix("length 10002:47 ") }, "\(whole.filter { $0.contains("200000") })")
        #expect(Self.summary(SecureXMLReader().validate(bytes: bytes, with: session)) == whole)
        for piece in [65_536, 7_001] {
            let pushed = Self.pushed(bytes, piece: piece, reader: SecureXMLReader(), session: session)
            #expect(Self.summary(pushed) == whole, "pieces of \(piece)")
        }
        // And read from a file, its chunks read straight into the scanner's window.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("customs-big-\(UUID().uuidString).xml")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(Self.summary(SecureXMLReader().validate(file: file.path, with: session)) == whole)
    }
}
