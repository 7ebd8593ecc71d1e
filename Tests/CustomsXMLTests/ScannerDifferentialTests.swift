import CustomsModel
import CustomsValidation
import Foundation
import PeerTools
import Testing

@testable import CustomsXML

/// Our scanner against libxml2 (`SecureXMLReader.Parser.libxml2`), message by message: the same
/// well-formedness verdict on every corruption of a sweep, and on every message both accept the
/// same findings — codes, messages, paths, WCO IDs, lines and columns. Syntax errors may be
/// worded differently; their verdict must be the same.
@Suite("Scanner against libxml2")
struct ScannerDifferentialTests {
    let scanner = SecureXMLReader()
    let reference = SecureXMLReader(parser: .libxml2)

    /// Generated declarations (valid and faulty), pretty-printed, on one line, and with CR LF
    /// line ends, with non-ASCII text in places.
    static let messages: [[UInt8]] = {
        var generator = MessageGenerator(package: Fixtures.declaration, seed: 77)
        return (0..<60).map { index in
            var xml = generator.next(invalidRate: 0.5).xml
            switch index % 3 {
            case 1: xml = xml.replacingOccurrences(of: "\n", with: "\r\n")
            case 2:
                xml = xml.replacingOccurrences(of: "\n", with: "")
                    .replacingOccurrences(of: "<FunctionCode>", with: "<FunctionCode>\u{00E9}\u{65E5}")
            default: break
            }
            return Array(xml.utf8)
        }
    }()

    /// The findings as a comparable text, syntax findings reduced to their code.
    static func summary(_ result: MessageResult, syntaxPlace: Bool = true) -> [String] {
        result.diagnostics.map { finding in
            let message = finding.code == .notWellFormed ? "" : finding.message
            // An unterminated CDATA section: libxml2's push parser places the error where it
            // stopped handing the section over, the scanner (and xmllint) at the end of the input.
            let place =
                finding.message.contains("in a CDATA section of") || (!syntaxPlace && finding.code == .notWellFormed)
                ? "end" : "\(finding.line):\(finding.column)"
            return "\(finding.code.rawValue) \(place) \(finding.instancePath) \(finding.wcoID ?? "-") \(message)"
        }
    }

    static func fatalSyntax(_ result: MessageResult) -> Bool {
        result.diagnostics.contains { $0.code == .notWellFormed || $0.code == .limit }
    }

    @Test("generated messages: the same findings at the same lines and columns")
    func generated() {
        let session = ValidationSession(package: Fixtures.declaration, maxFindings: 50)
        var differences: [String] = []
        for (index, bytes) in Self.messages.enumerated() {
            let ours = Self.summary(scanner.validate(bytes: bytes, with: session))
            let theirs = Self.summary(reference.validate(bytes: bytes, with: session))
            if ours != theirs { differences.append("message \(index):\n  ours   \(ours)\n  theirs \(theirs)") }
        }
        #expect(differences.isEmpty, "\(differences.count):\n\(differences.prefix(4).joined(separator: "\n"))")
    }

    /// Bytes that change the meaning of markup, and bytes that break UTF-8 or are not allowed.
    static let corruptions: [UInt8] = Array("<>&;\"'/!?-]=: x#".utf8) + [0x00, 0x0D, 0x80, 0xC3, 0xED, 0xFF]

    @Test("every corruption of a sweep: the same verdict; where both read on, the same findings")
    func corruptionSweep() {
        let session = ValidationSession(package: Fixtures.declaration, maxFindings: 50)
        var differences: [String] = []
        var cases = 0
        var random = SeededRandom(seed: 4242)
        for (which, original) in Self.messages.prefix(12).enumerated() {
            for _ in 0..<45 {
                let position = Int(random.next() % UInt64(original.count))
                for byte in Self.corruptions where original[position] != byte {
                    var bytes = original
                    bytes[position] = byte
                    cases += 1
                    let ours = scanner.validate(bytes: bytes, with: session)
                    let theirs = reference.validate(bytes: bytes, with: session)
                    let verdicts = (Self.fatalSyntax(ours), Self.fatalSyntax(theirs))
                    if verdicts.0 != verdicts.1 || (!verdicts.0 && Self.summary(ours) != Self.summary(theirs)) {
                        let context = String(
                            decoding: bytes[max(0, position - 20)..<min(bytes.count, position + 20)], as: UTF8.self)
                        differences.append(
                            "message \(which) byte \(position) = \(byte): ours \(Self.summary(ours).first?.prefix(100) ?? "valid"), libxml2 \(Self.summary(theirs).first?.prefix(100) ?? "valid") \(theirs.diagnostics.first?.message.prefix(80) ?? "") — …\(context.debugDescription)…"
                        )
                    }
                }
            }
        }
        #expect(cases > 9_000)
        #expect(
            differences.isEmpty, "\(differences.count) of \(cases):\n\(differences.prefix(10).joined(separator: "\n"))")
    }

    @Test("every input that once made the two disagree: the same verdict and findings now")
    func regressions() throws {
        let folder = Fixtures.projectRoot.appendingPathComponent("Tests/CustomsXMLTests/Fixtures/fuzz-regressions")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasSuffix(".md") }
        #expect(!files.isEmpty)
        let session = ValidationSession(package: Fixtures.declaration, maxFindings: 50)
        for file in files.sorted() {
            let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(file)))
            let ours = scanner.validate(bytes: bytes, with: session)
            let theirs = reference.validate(bytes: bytes, with: session)
            #expect(Self.fatalSyntax(ours) == Self.fatalSyntax(theirs), "\(file)")
            // A syntax error's place may differ (libxml2 reports a namespace error at the end of
            // its start tag, the scanner at the declaration), as in the sweep and the fuzzer.
            #expect(Self.summary(ours, syntaxPlace: false) == Self.summary(theirs, syntaxPlace: false), "\(file)")
        }
    }

    @Test("text in a class element is one finding, however many pieces it comes in")
    func classTextInPieces() {
        let session = ValidationSession(package: Fixtures.declaration)
        session.reset()
        let namespace = Array(Fixtures.namespace.utf8)
        func start(_ tag: String) {
            Array(tag.utf8).withUnsafeBufferPointer { name in
                namespace.withUnsafeBufferPointer { uri in
                    session.startElement(
                        name: name, namespace: uri, attributes: .init(start: nil, count: 0), line: 1, column: 1)
                }
            }
        }
        func text(_ piece: String) { Array(piece.utf8).withUnsafeBufferPointer { session.characters($0) } }
        start("Declaration")
        start("GoodsShipment")
        for piece in ["stray ", "text", "\n", " in ", "pieces"] { text(piece) }
        start("GoodsItemQuantity")
        text("1")
        session.endElement()
        text("  ")
        session.endElement()
        session.endElement()
        let findings = session.finish().filter { $0.code == .textNotAllowed }
        #expect(findings.count == 1)
        #expect(findings.first?.value == "stray text in pieces")
    }

    @Test(
        "given in pieces of 1 to 7 bytes (every token cut somewhere): the same findings as in one piece",
        arguments: [1, 2, 3, 7])
    func tinyWindows(piece: Int) throws {
        let session = ValidationSession(package: Fixtures.declaration, maxFindings: 50)
        let pushed = SecureXMLReader()
        var random = SeededRandom(seed: UInt64(piece))
        var differences: [String] = []
        for (index, original) in Self.messages.prefix(20).enumerated() {
            var variants = [original]
            for _ in 0..<10 {  // and corrupted copies, so that errors fall at window ends too
                var bytes = original
                bytes[Int(random.next() % UInt64(bytes.count))] = Self.corruptions[Int(random.next() % 22)]
                variants.append(bytes)
            }
            for (variant, bytes) in variants.enumerated() {
                let whole = Self.summary(scanner.validate(bytes: bytes, with: session))
                let pieces = Self.summary(
                    PushedMessageTests.pushed(bytes, piece: piece, reader: pushed, session: session))
                if whole != pieces {
                    differences.append("message \(index) variant \(variant):\n  whole  \(whole)\n  pieces \(pieces)")
                }
            }
        }
        #expect(differences.isEmpty, "\(differences.count):\n\(differences.prefix(3).joined(separator: "\n"))")
    }
}
