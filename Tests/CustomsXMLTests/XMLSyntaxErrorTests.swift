import CustomsModel
import Foundation
import Testing

@testable import CustomsXML

/// The scanner's verdict on well-formedness as a value of its own, without any session or
/// package: what the readers then hand to the session as the message's fatal finding.
@Suite("XML syntax errors apart from findings")
struct XMLSyntaxErrorTests {
    /// Scans `text` alone, as one window, and gives its error.
    static func failure(of text: String, limits: XMLReaderLimits = XMLReaderLimits()) -> XMLSyntaxError? {
        var scanner = XMLScanner(limits: limits)
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { window in
            scanner.positions.setWindow(window, start: 0)
            _ = scanner.scan(window, start: 0, isFinal: true)
            return scanner.failure
        }
    }

    @Test("a well-formed document has none, without a session")
    func wellFormed() {
        #expect(Self.failure(of: "<a xmlns='urn:x'><b c='1'>t&amp;u</b><!-- c --><![CDATA[x]]></a>") == nil)
    }

    @Test(
        "each kind of mistake is one error with its code and place",
        arguments: [
            ("<a><b></a>", Diagnostic.Code.notWellFormed, 1, "mismatch"),
            ("<a>\n  <b x='1' x='2'/></a>", .notWellFormed, 2, "redefined"),
            ("<a>&bogus;</a>", .notWellFormed, 1, "entity"),
            ("<p:a/>", .notWellFormed, 1, "not defined"),
            ("<a></a><b/>", .notWellFormed, 1, ""),
            ("<a>", .notWellFormed, 1, ""),
        ])
    func mistakes(text: String, code: Diagnostic.Code, line: Int, words: String) throws {
        let failure = try #require(Self.failure(of: text))
        #expect(failure.code == code)
        #expect(failure.line == line, "\(failure)")
        #expect(words.isEmpty || failure.message.localizedCaseInsensitiveContains(words), "\(failure)")
    }

    @Test("a limit passed is an error of its own code")
    func limit() throws {
        var limits = XMLReaderLimits()
        limits.maxDepth = 3
        let failure = try #require(Self.failure(of: "<a><b><c><d/></c></b></a>", limits: limits))
        #expect(failure.code == .limit)
        #expect(failure.description.hasSuffix("[limit]"))
    }
}
