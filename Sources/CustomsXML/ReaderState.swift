import CLibXML2
import CustomsModel
import CustomsValidation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the C callbacks reach through the parser context's `_private` pointer: the session to
/// feed, the limits, and the counters that enforce them.
final class ReaderState {
    let limits: XMLReaderLimits
    /// Unmanaged: `SecureXMLReader.run` holds the session for the whole parse, and retaining it
    /// in every callback showed up in profiles. Use it through `withSession`.
    private var session: Unmanaged<ValidationSession>?
    /// Why the parse stopped, once it has: handed to the session when the message ends
    /// (`SecureXMLReader.libxml2Finish`), as the scanner's is.
    private(set) var failure: XMLSyntaxError?
    /// True once the parse has stopped on `failure`.
    var stopped: Bool { failure != nil }
    /// The first error libxml2 raised without a parser context during this parse (see
    /// `SAXCallbacks.contextlessError`).
    var contextlessMessage: String?
    var depth = 0
    var elements = 0
    var textLength = 0
    /// libxml2 interns namespace URIs, so the last one's length is remembered by its address.
    var lastURI: UnsafePointer<xmlChar>?
    /// The namespace `lastURI` names: the package's own buffer when it is one of the package's
    /// namespaces (the session then recognises it by address, without comparing bytes), else
    /// libxml2's bytes (decoded, when they held a reference).
    var lastURINamespace: UnsafeBufferPointer<UInt8>?
    /// A namespace name with its references decoded (see `namespaceAsWritten`).
    private var namespaceText = Stack<UInt8>(capacity: 64)
    /// The package's namespaces, from the session's compiled package.
    private(set) var namespaces: [UnsafeBufferPointer<UInt8>] = []
    /// Reused for every start tag with attributes; grown when a tag has more.
    private(set) var attributes = UnsafeMutableBufferPointer<MarkupAttribute>.allocate(capacity: 16)
    /// Decoded attribute values of the current start tag (see `decodedValue`); grown as needed.
    private var decoded = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256)

    /// Where in the document the last CDATA piece that ended with a CR ended (-1: none): a
    /// piece starting there that opens with LF holds the rest of that line end.
    var cdataCREnd = -1
    /// A CDATA piece with normalised line ends (see `normalizedLineEnds`).
    private var cdataText = Stack<UInt8>(capacity: 256)

    init(limits: XMLReaderLimits) { self.limits = limits }

    deinit {
        attributes.deallocate()
        decoded.deallocate()
    }

    /// `text` (a CDATA piece) with each CR LF and lone CR as LF, valid until the next call;
    /// `continuing`: the piece goes on from one that ended with a CR. Normalised in a copy, in
    /// place (it only ever shortens).
    func normalizedLineEnds(_ text: UnsafeBufferPointer<UInt8>, continuing: Bool) -> UnsafeBufferPointer<UInt8> {
        cdataText.removeAll()
        cdataText.append(contentsOf: text)
        let bytes = cdataText.base
        var written = 0
        var index = continuing && text.first == 0x0A ? 1 : 0
        while index < text.count {
            let byte = bytes[index]
            index += 1
            if byte == 0x0D && index < text.count && bytes[index] == 0x0A { index += 1 }
            bytes[written] = byte == 0x0D ? 0x0A : byte
            written += 1
        }
        cdataText.truncate(to: written)
        return cdataText.buffer
    }

    /// The namespace name the document wrote, for `given` as libxml2 hands it over: nil when it
    /// holds no '&' (then the two are the same), else with each "&#38;" turned back into "&"
    /// (see `decodedValue`), valid until the next call. Decoded in a copy, in place.
    func namespaceAsWritten(_ given: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        guard let start = given.baseAddress, memchr(start, Int32(UInt8(ascii: "&")), given.count) != nil else {
            return nil
        }
        namespaceText.removeAll()
        namespaceText.append(contentsOf: given)
        namespaceText.truncate(to: Self.decodeAmpersands(namespaceText.buffer, into: namespaceText.base))
        return namespaceText.buffer
    }

    /// Room for `count` decoded bytes in this start tag; called once per tag, before its first
    /// `decodedValue`, so that earlier decoded values stay valid.
    func reserveDecoded(_ count: Int) {
        guard count > decoded.count else { return }
        decoded.deallocate()
        decoded = .allocate(capacity: count)
    }

    /// An attribute value as the document means it. Without entity replacement (which stays off:
    /// no entities are ever expanded), libxml2 hands SAX2 an attribute value with each `&`
    /// written as `&#38;` (every other reference is already replaced, and a DOCTYPE, the only
    /// source of other entities, is refused): this turns them back into `&`, into the tag's
    /// decode buffer at `offset`.
    func decodedValue(_ value: UnsafeBufferPointer<UInt8>, at offset: inout Int) -> UnsafeBufferPointer<UInt8> {
        let start = offset
        offset += Self.decodeAmpersands(value, into: decoded.baseAddress! + start)
        return UnsafeBufferPointer(start: decoded.baseAddress! + start, count: offset - start)
    }

    /// Copies `value` to `target` (which may be `value` itself: the copy only ever shortens)
    /// with each "&#38;" turned back into "&"; returns the count.
    private static func decodeAmpersands(
        _ value: UnsafeBufferPointer<UInt8>, into target: UnsafeMutablePointer<UInt8>
    ) -> Int {
        var written = 0
        var index = 0
        while index < value.count {
            if value[index] == UInt8(ascii: "&"), index + 5 <= value.count, value[index + 1] == UInt8(ascii: "#"),
                value[index + 2] == UInt8(ascii: "3"), value[index + 3] == UInt8(ascii: "8"),
                value[index + 4] == UInt8(ascii: ";")
            {
                target[written] = UInt8(ascii: "&")
                index += 5
            } else {
                target[written] = value[index]
                index += 1
            }
            written += 1
        }
        return written
    }

    /// Room for `count` attributes.
    func reserveAttributes(_ count: Int) {
        guard count > attributes.count else { return }
        attributes.deallocate()
        attributes = .allocate(capacity: count)
    }

    func begin(session: ValidationSession) {
        self.session = Unmanaged.passUnretained(session)
        namespaces = session.package.table.namespaces
        failure = nil
        contextlessMessage = nil
        depth = 0
        elements = 0
        textLength = 0
        cdataCREnd = -1
        lastURI = nil  // the parser's dictionary is reset between messages; addresses may be reused
        lastURINamespace = nil
    }

    /// Options and back-pointers, set again after every reset.
    func configure(_ context: xmlParserCtxtPtr) {
        _ = xmlCtxtUseOptions(context, LibXML2.secureOptions)
        context.pointee._private = Unmanaged.passUnretained(self).toOpaque()
        context.pointee.userData = UnsafeMutableRawPointer(context)
    }

    func end() { session = nil }

    /// Stops the parse with a fatal finding (the first one wins).
    func fail(
        _ code: Diagnostic.Code, _ message: String, context: xmlParserCtxtPtr, line: Int? = nil, column: Int? = nil
    ) {
        guard !stopped else { return }
        failure = XMLSyntaxError(
            code: code, message: message, line: line ?? Int(xmlSAX2GetLineNumber(context)),
            column: column ?? Int(xmlSAX2GetColumnNumber(context)))
        xmlStopParser(context)
    }

    /// Stops the parse when libxml2 returned error `status` from a chunk without reporting it
    /// through the parser context: it halts on a byte sequence the document's encoding cannot
    /// convert (windows-1252 `0x81`, a lone UTF-16 surrogate) with no error callback at all, and
    /// without this the message would end there, with no finding, as if it were valid.
    func failUnreported(_ status: Int32, context: xmlParserCtxtPtr) {
        guard !stopped else { return }
        let encoding = Int32(XML_ERR_INVALID_ENCODING.rawValue)
        let detail =
            contextlessMessage
            ?? (status == encoding ? "the bytes are not valid in the document's encoding" : "syntax error \(status)")
        let prefix = status == encoding || contextlessMessage != nil ? "encoding error: " : ""
        fail(.notWellFormed, prefix + detail, context: context)
    }

    /// Stops the parse when libxml2 raised an error without a parser context (an input
    /// conversion that failed) even though the chunk went on: with some encodings (a declared
    /// `UTF8-`, which iconv takes for UTF-8) libxml2 reports the failed conversion, drops the rest
    /// of the buffer and parses on, so a name cut at the bad byte would pass for the whole name.
    func failOnContextlessError(context: xmlParserCtxtPtr) {
        guard !stopped, let message = contextlessMessage else { return }
        fail(.notWellFormed, "encoding error: " + message, context: context)
    }

    /// Runs `body` with the session, unless the parse has stopped.
    @inline(__always)
    func withSession(_ body: (ValidationSession) -> Void) {
        guard !stopped, let session else { return }
        session._withUnsafeGuaranteedRef(body)
    }

    /// Runs `body` with the state behind a callback's context, without retaining it: the reader
    /// owns the state for as long as libxml2 can call back.
    @inline(__always)
    static func with(_ context: UnsafeMutableRawPointer?, _ body: (ReaderState, xmlParserCtxtPtr) -> Void) {
        guard let context else { return }
        let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let raw = parser.pointee._private else { return }
        Unmanaged<ReaderState>.fromOpaque(raw)._withUnsafeGuaranteedRef { body($0, parser) }
    }
}
