import CustomsModel
import CustomsValidation
import Testing

/// The session alone, fed events directly as a reader would, with no parser: where findings are
/// placed when a reader passes byte offsets, and what a finding past the cap costs.
@Suite("Validation session without a parser")
struct SessionEventTests {
    /// Offsets resolved as line = offset / 100 + 1, column = offset % 100 + 1, every request
    /// recorded: a reader's `PositionResolver` reduced to arithmetic, to see what is asked.
    final class RecordingResolver: PositionResolver {
        var asked: [Int] = []
        func position(of offset: Int) -> (line: Int, column: Int) {
            asked.append(offset)
            return (offset / 100 + 1, offset % 100 + 1)
        }
    }

    static let package = GeneratorTests.compiled
    static let namespace = Array(package.namespace.utf8)

    static func start(_ session: ValidationSession, _ tag: String, at offset: Int) {
        let name = Array(tag.utf8)
        name.withUnsafeBufferPointer { name in
            namespace.withUnsafeBufferPointer { namespace in
                session.startElement(
                    name: name, namespace: namespace, attributes: UnsafeBufferPointer(start: nil, count: 0),
                    at: SourceMark(offset: offset))
            }
        }
    }

    /// A session for a new message, resolving through a new recording resolver.
    static func session(maxFindings: Int = 1000) -> (ValidationSession, RecordingResolver) {
        let session = ValidationSession(package: package, maxFindings: maxFindings)
        let resolver = RecordingResolver()
        session.reset()
        session.resolver = resolver
        return (session, resolver)
    }

    static func text(_ session: ValidationSession, _ value: String) {
        Array(value.utf8).withUnsafeBufferPointer { session.characters($0) }
    }

    @Test("a finding at an element's end is placed at its start tag, resolved only when reported")
    func placesFromOffsets() {
        let (session, resolver) = Self.session()
        Self.start(session, "Declaration", at: 5)
        Self.start(session, "FunctionCode", at: 250)
        Self.text(session, "9")
        session.endElement()
        #expect(resolver.asked.isEmpty)  // nothing reported, nothing resolved
        Self.start(session, "IssueDateTime", at: 1_234)
        Self.text(session, String(repeating: "1", count: 40))
        session.endElement()
        session.endElement()
        let findings = session.finish()
        let length = findings.first { $0.code == Diagnostic.Code.length }
        #expect(length?.line == 13)
        #expect(length?.column == 35)
        #expect(resolver.asked == resolver.asked.sorted(), "asked in increasing order: \(resolver.asked)")
        #expect(resolver.asked.first == 5, "the root's mark first: \(resolver.asked)")
    }

    @Test("findings past the cap are counted, but neither worded nor placed")
    func pastTheCap() {
        let (session, resolver) = Self.session(maxFindings: 2)
        Self.start(session, "Declaration", at: 0)
        for index in 0..<50 {
            Self.start(session, "NoSuchElement", at: 100 * (index + 1))
            session.endElement()
        }
        session.endElement()
        _ = session.finish()
        #expect(session.findingCount > 50)
        #expect(session.findings.count == 3)  // two kept and the notice
        #expect(session.findings.last?.code == .tooManyFindings)
        // The root's mark, the two kept findings' places and the notice's: nothing for the rest.
        #expect(resolver.asked.count <= 4, "\(resolver.asked)")
    }

    @Test("a reader about to drop bytes has the open elements' marks resolved first")
    func marksResolvedBeforeDropping() {
        let (session, resolver) = Self.session()
        Self.start(session, "Declaration", at: 7)
        Self.start(session, "FunctionCode", at: 150)
        Self.text(session, "9")
        session.endElement()
        session.resolveMarks(before: 300)
        #expect(resolver.asked == [7])  // the open root only; the closed FunctionCode needs none
        session.resolver = nil  // the bytes are gone: only resolved marks can be placed now
        Self.text(session, "stray")  // text in the root, reported at the root's start tag
        session.endElement()
        let stray = session.finish().first { $0.code == Diagnostic.Code.textNotAllowed }
        #expect(stray?.line == 1)
        #expect(stray?.column == 8)
    }
}
