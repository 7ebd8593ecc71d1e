import CLibXML2
import CustomsModel
import CustomsValidation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams XML messages into a `ValidationSession`: UTF-8 documents through our own scanner
/// (`XMLScanner`), every other encoding through libxml2's SAX2 push parser, which
/// `Parser.libxml2` selects for every document (to compare, or to work around a scanner bug).
/// Both give the same findings at the same lines and columns; only the wording of syntax
/// errors differs.
///
/// libxml2 is secure by default (see `XMLReaderLimits`): `XML_PARSE_NONET`, no `NOENT`, no `DTDLOAD`, no
/// `HUGE`; a process-wide external entity loader that loads nothing; any `<!DOCTYPE` stops the
/// parse. Depth, text, attribute and element-count limits are enforced in the callbacks. Syntax
/// errors come through libxml2's structured error callback, so libxml2 never prints.
///
/// One reader owns one libxml2 parser context and reuses it for every message (creating a
/// context costs more than parsing a small message); use one reader per thread.
///
/// ```swift
/// let reader = SecureXMLReader()
/// let session = ValidationSession(package: compiled)
/// let result = reader.validate(file: "declaration.xml", with: session)
/// ```
public final class SecureXMLReader: MessageReader {
    /// Which parser reads a document.
    public enum Parser: String, Sendable, CaseIterable {
        /// Our scanner for UTF-8 documents (and US-ASCII ones), libxml2 for the rest.
        case automatic = "auto"
        /// libxml2 for every document.
        case libxml2
    }

    /// The limits in force.
    public let limits: XMLReaderLimits
    /// The parser choice.
    public let parser: Parser
    var context: xmlParserCtxtPtr
    let state: ReaderState
    private var buffer: [UInt8]
    let scanned: ScannedMessage
    /// The message being pushed (`begin`, `feed`, `finish`).
    var pushed = PushedMessage.none

    /// A reader with `limits`, reading with `parser`.
    public init(limits: XMLReaderLimits = XMLReaderLimits(), parser: Parser = .automatic) {
        LibXML2.setUp()
        self.limits = limits
        self.parser = parser
        self.scanned = ScannedMessage(limits: limits)
        self.state = ReaderState(limits: limits)
        self.buffer = [UInt8](repeating: 0, count: 64 << 10)
        self.context = Self.makeContext()
    }

    /// The bytes of names a context's dictionary may hold before the context is replaced.
    /// libxml2 interns every element, attribute and prefix name and namespace URI it reads, and
    /// `xmlCtxtResetPush` keeps the dictionary, so across messages with ever new names (hostile
    /// input, fuzzing) it grows until its 10,000,000-byte limit, after which libxml2 refuses even
    /// valid messages ("Dictionary allocation failure"). Real messages repeat their names, so
    /// the context is replaced rarely.
    static let dictionaryLimit = 1 << 20

    private static func makeContext() -> xmlParserCtxtPtr {
        var handler = SAXCallbacks.handler()
        return xmlCreatePushParserCtxt(&handler, nil, nil, 0, nil)
    }

    /// A fresh context when the dictionary holds more than `dictionaryLimit` bytes.
    private func renewContextIfDictionaryFull() {
        guard let dictionary = context.pointee.dict, xmlDictGetUsage(dictionary) > Self.dictionaryLimit else { return }
        xmlFreeParserCtxt(context)
        context = Self.makeContext()
    }

    /// Bytes held by the parser context's name dictionary (for tests).
    var dictionaryUsage: Int { context.pointee.dict.map { Int(xmlDictGetUsage($0)) } ?? 0 }

    deinit { xmlFreeParserCtxt(context) }

    /// What one message gave.
    public typealias Result = MessageResult

    /// Validates the file at `path`, read in 64 KiB chunks.
    public func validate(file path: String, with session: ValidationSession) -> Result {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            return failure(.io, "cannot read \(path): \(String(cString: strerror(errno)))", session: session)
        }
        defer { close(descriptor) }
        return validate(descriptor: descriptor, after: [], with: session)
    }

    /// Validates the message read from `descriptor` (left open), after `prefix`: bytes already
    /// read from it. The one read loop: each chunk read goes to `feed`.
    public func validate(descriptor: Int32, after prefix: [UInt8], with session: ValidationSession) -> Result {
        begin(with: session)
        if prefix.isEmpty && parser == .automatic {
            // The first chunk read into the scanner's buffer, to be scanned there if the
            // scanner is chosen: for a file of one chunk, no copy at all.
            let count = scanned.readAhead(from: descriptor)
            if count < 0 {
                failPushed(.io, "read error: \(String(cString: strerror(errno)))")
                return finish()
            }
            startWithReadAhead(session)
        } else {
            prefix.withUnsafeBytes { feed($0) }
        }
        while !hasStopped {
            let count: Int
            if case .scanning = pushed {
                count = scanned.feed(readingFrom: descriptor)  // into the scanner's window
            } else {
                count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count > 0 { buffer.withUnsafeBytes { feed(UnsafeRawBufferPointer(rebasing: $0[0..<count])) } }
            }
            if count < 0 {
                failPushed(.io, "read error: \(String(cString: strerror(errno)))")
                break
            }
            if count == 0 { break }
        }
        return finish()
    }

    /// Validates a message held in memory: UTF-8 scanned where it lies, without a copy.
    public func validate(bytes: [UInt8], with session: ValidationSession) -> Result {
        if parser == .automatic {
            let encoding = bytes.withUnsafeBufferPointer { XMLScanner.encoding(of: $0) }
            if encoding != .other {
                return bytes.withUnsafeBufferPointer { scanned.validate($0, encoding: encoding, with: session) }
            }
        }
        begin(with: session)
        bytes.withUnsafeBytes { feed($0) }
        return finish()
    }

    /// `validate(file:with:)`, as a `MessageReader`: an XML file holds one message.
    public func validateMessages(file path: String, with session: ValidationSession) -> FileResults {
        FileResults(validate(file: path, with: session))
    }

    /// `validate(descriptor:after:with:)`, as a `MessageReader`.
    public func validateMessages(
        descriptor: Int32, after prefix: [UInt8], with session: ValidationSession
    )
        -> FileResults
    {
        FileResults(validate(descriptor: descriptor, after: prefix, with: session))
    }

    /// `validate(bytes:with:)`, as a `MessageReader`.
    public func validateMessages(bytes: [UInt8], with session: ValidationSession) -> FileResults {
        FileResults(validate(bytes: bytes, with: session))
    }

    private func failure(_ code: Diagnostic.Code, _ message: String, session: ValidationSession) -> Result {
        session.reset()
        session.reportFatal(code, message, line: 0, column: 0)
        return Result(diagnostics: session.finish(), findingCount: session.findingCount, byteCount: 0, isFatal: true)
    }

    /// Bytes libxml2 has been given of the current message.
    private var libxml2Total = 0

    /// Starts a message through libxml2 with its first bytes, which tell libxml2 the encoding
    /// (UTF-8, UTF-16 with or without BOM, a declaration). Until `libxml2Finish`, the thread's
    /// context-free libxml2 errors (encoding conversion, I/O) go to this parse's state.
    func libxml2Begin(session: ValidationSession, head: UnsafeBufferPointer<UInt8>) {
        session.reset()
        state.begin(session: session)
        renewContextIfDictionaryFull()
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(state).toOpaque(), SAXCallbacks.contextlessError)
        let first = min(head.count, 4)
        head.withMemoryRebound(to: CChar.self) { _ = xmlCtxtResetPush(context, $0.baseAddress, Int32(first), nil, nil) }
        state.configure(context)
        libxml2Total = first
        if head.count > first { libxml2Feed(UnsafeBufferPointer(rebasing: head[first...])) }
    }

    /// The next bytes of the message begun with `libxml2Begin`.
    func libxml2Feed(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !state.stopped, !bytes.isEmpty else { return }
        libxml2Total += bytes.count
        if libxml2Total > limits.maxMessageSize {
            state.fail(.limit, "the message is larger than \(limits.maxMessageSize) bytes", context: context)
            return
        }
        let status = bytes.withMemoryRebound(to: CChar.self) {
            xmlParseChunk(context, $0.baseAddress, Int32($0.count), 0)
        }
        if status != 0 { state.failUnreported(status, context: context) }
        state.failOnContextlessError(context: context)
    }

    /// The end of the message begun with `libxml2Begin`: its result.
    func libxml2Finish(session: ValidationSession) -> Result {
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        if !state.stopped && libxml2Total == 0 {
            state.fail(.notWellFormed, "the document is empty", context: context)
        }
        if !state.stopped {
            let status = xmlParseChunk(context, nil, 0, 1)
            if status != 0 { state.failUnreported(status, context: context) }
            state.failOnContextlessError(context: context)
        }
        if !state.stopped && context.pointee.wellFormed == 0 {
            state.fail(.notWellFormed, "the document is not well-formed", context: context)
        }
        state.failure?.report(to: session)
        let diagnostics = session.finish()
        let result = Result(
            diagnostics: diagnostics, findingCount: session.findingCount, byteCount: libxml2Total,
            isFatal: state.stopped)
        state.end()
        return result
    }
}

/// Process-wide libxml2 set-up, done once.
enum LibXML2 {
    private static let once: Void = {
        xmlInitParser()
        customs_silenceGenericErrors()
        // With this loader, no external entity, DTD or XInclude is ever fetched or read, even if
        // some option asked for one.
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()

    static func setUp() {
        _ = once
        // Per thread: a thread that used libxml2 before `once` ran keeps its own handler.
        customs_silenceGenericErrors()
    }

    /// The parser options every reader here uses: no network, and libxml2 never prints (errors
    /// come back through the structured error callback or `xmlGetLastError`). Entities are not
    /// substituted and DTDs not loaded, because neither option is given.
    static let secureOptions = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)

    /// libxml2's message text without its trailing line break.
    static func message(_ text: UnsafePointer<CChar>?) -> String? {
        text.map { SchemaText.trimmed(String(cString: $0)) }
    }
}
