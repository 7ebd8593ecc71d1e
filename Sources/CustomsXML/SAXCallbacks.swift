import CLibXML2
import CustomsModel
import CustomsValidation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The SAX2 handler: C function pointers that capture nothing and reach the reader's state
/// through the parser context. Only what validation needs is set; `error`/`warning` (C-variadic)
/// stay nil and errors come through `serror`.
enum SAXCallbacks {
    static func handler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = startElement
        handler.endElementNs = endElement
        handler.characters = characters
        handler.cdataBlock = cdataBlock
        handler.internalSubset = internalSubset
        handler.serror = structuredError
        return handler
    }

    /// Line and column of the parser's current input, read from libxml2's input struct: the same
    /// fields `xmlSAX2GetLineNumber`/`ColumnNumber` return, without two calls per event.
    @inline(__always)
    private static func position(_ parser: xmlParserCtxtPtr) -> (line: Int, column: Int) {
        guard let input = parser.pointee.input else { return (0, 0) }
        return (Int(input.pointee.line), Int(input.pointee.col))
    }

    @inline(__always)
    private static func bytes(_ pointer: UnsafePointer<xmlChar>?) -> UnsafeBufferPointer<UInt8> {
        guard let pointer else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(
            start: pointer, count: strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self)))
    }

    private static let startElement: startElementNsSAX2Func = {
        context, localName, _, uri, namespaceCount, namespaces, attributeCount, _, attributeValues in
        ReaderState.with(context) { state, parser in
            if namespaceCount > 0, let namespaces {
                checkDeclaredNamespaces(state, parser, Int(namespaceCount), namespaces)
            }
            start(state, parser, localName, uri, Int(attributeCount), attributeValues)
        }
    }

    /// libxml2 checks that a declared namespace name is a URI reference on its own form of the
    /// value, with each '&' written "&#38;" (see `ReaderState.decodedValue`): "urn&amp;a:b" then
    /// passes as the reference "urn&" with the fragment "38;a:b". The name the document declares
    /// is the decoded value (Namespaces in XML 1.0, section 2.2), checked here as the scanner
    /// checks it (RFC 3986: the first segment of a relative reference holds no colon).
    @inline(never)
    private static func checkDeclaredNamespaces(
        _ state: ReaderState, _ parser: xmlParserCtxtPtr, _ count: Int,
        _ namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>
    ) {
        for index in 0..<count {
            guard let uri = namespaces[2 * index + 1], let decoded = state.namespaceAsWritten(bytes(uri)) else {
                continue
            }
            if !URIReference.isValid(decoded) {
                state.fail(
                    .notWellFormed,
                    "the namespace name '\(String(decoding: decoded, as: UTF8.self))' is not a valid URI",
                    context: parser)
                return
            }
        }
    }

    @inline(__always)
    private static func start(
        _ state: ReaderState, _ parser: xmlParserCtxtPtr, _ localName: UnsafePointer<xmlChar>?,
        _ uri: UnsafePointer<xmlChar>?, _ attributeCount: Int,
        _ attributeValues: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        guard !state.stopped else { return }
        state.depth += 1
        state.elements += 1
        state.textLength = 0
        if state.depth > state.limits.maxDepth {
            state.fail(.limit, "elements nest deeper than \(state.limits.maxDepth) levels", context: parser)
            return
        }
        if state.elements > state.limits.maxElements {
            state.fail(.limit, "more than \(state.limits.maxElements) elements", context: parser)
            return
        }
        var count = 0
        if attributeCount > 0, let values = attributeValues {
            state.reserveAttributes(attributeCount)
            var decodedOffset = -1  // no value of this tag decoded yet
            for index in 0..<attributeCount {
                let base = index * 5
                guard let valueStart = values[base + 3], let valueEnd = values[base + 4] else { continue }
                let length = valueEnd - valueStart
                if length > state.limits.maxAttributeLength {
                    state.fail(
                        .limit, "an attribute value is longer than \(state.limits.maxAttributeLength) bytes",
                        context: parser)
                    return
                }
                var value = UnsafeBufferPointer(start: valueStart, count: length)
                if memchr(valueStart, Int32(UInt8(ascii: "&")), length) != nil {
                    if decodedOffset < 0 {
                        // Room for every value of the tag at once: decoded values stay where they are.
                        state.reserveDecoded(totalValueLength(values, attributeCount))
                        decodedOffset = 0
                    }
                    value = state.decodedValue(value, at: &decodedOffset)
                }
                state.attributes[count] = MarkupAttribute(
                    name: bytes(values[base]), namespace: bytes(values[base + 2]), value: value)
                count += 1
            }
        }
        let attributes = UnsafeBufferPointer(rebasing: state.attributes[0..<count])
        if uri != state.lastURI {
            // Without entity substitution libxml2 keeps an '&' of a namespace name as "&#38;",
            // as in attribute values: the name the document means has the '&'.
            let given = state.namespaceAsWritten(bytes(uri)) ?? bytes(uri)
            state.lastURI = uri
            state.lastURINamespace = state.namespaces.first { Bytes.equal(given, $0) } ?? given
        }
        let namespace = state.lastURINamespace ?? UnsafeBufferPointer(start: nil, count: 0)
        let (line, column) = position(parser)
        state.withSession { session in
            session.startElement(
                name: bytes(localName), namespace: namespace, attributes: attributes, line: line, column: column)
        }
    }

    /// The bytes of all attribute values of a start tag, together.
    private static func totalValueLength(_ values: UnsafeMutablePointer<UnsafePointer<xmlChar>?>, _ count: Int) -> Int {
        (0..<count).reduce(0) { total, index in
            guard let start = values[index * 5 + 3], let end = values[index * 5 + 4] else { return total }
            return total + (end - start)
        }
    }

    private static let endElement: endElementNsSAX2Func = { context, _, _, _ in
        ReaderState.with(context) { state, _ in
            guard !state.stopped else { return }
            state.depth -= 1
            state.textLength = 0
            state.withSession { $0.endElement() }
        }
    }

    private static let characters: charactersSAXFunc = { context, text, length in
        ReaderState.with(context) { state, parser in
            guard !state.stopped, let text else { return }
            state.textLength += Int(length)
            if state.textLength > state.limits.maxTextLength {
                state.fail(.limit, "a text is longer than \(state.limits.maxTextLength) bytes", context: parser)
                return
            }
            state.withSession { $0.characters(UnsafeBufferPointer(start: text, count: Int(length))) }
        }
    }

    /// A CDATA section, or a piece of one. libxml2 2.9.14's push parser hands CDATA over with
    /// its line ends as written (its pull parser and xmllint do not), but XML 1.0 (section
    /// 2.11) normalises every CR LF and lone CR to LF before parsing, inside CDATA too.
    private static let cdataBlock: cdataBlockSAXFunc = { context, text, length in
        ReaderState.with(context) { state, parser in
            guard !state.stopped, let text else { return }
            // Where the piece starts in the document: a piece continues the last one (and may
            // hold the LF of its CR LF) only if it starts where that one ended.
            var start = -1
            if let input = parser.pointee.input, let base = input.pointee.base {
                start = Int(input.pointee.consumed) + (text - base)
            }
            let continues = start >= 0 && start == state.cdataCREnd
            state.cdataCREnd = -1
            guard continues || memchr(text, 0x0D, Int(length)) != nil else {
                characters(context, text, length)
                return
            }
            let piece = UnsafeBufferPointer(start: text, count: Int(length))
            let normalized = state.normalizedLineEnds(piece, continuing: continues)
            if piece.last == 0x0D, start >= 0 { state.cdataCREnd = start + piece.count }
            characters(context, normalized.baseAddress, Int32(normalized.count))
        }
    }

    private static let internalSubset: internalSubsetSAXFunc = { context, _, _, _ in
        ReaderState.with(context) { state, parser in
            state.fail(.limit, "DOCTYPE declarations are not accepted (no DTDs, no entities)", context: parser)
        }
    }

    private static let structuredError: xmlStructuredErrorFunc = { context, error in
        ReaderState.with(context) { state, parser in
            guard let error else { return }
            let level = error.pointee.level
            guard level == XML_ERR_FATAL || level == XML_ERR_ERROR, !isValidDecodedNamespace(state, error) else {
                return
            }
            var message = LibXML2.message(error.pointee.message) ?? "syntax error"
            if error.pointee.code == Int32(XML_ERR_DOCUMENT_END.rawValue), let premature = prematureEnd(state, parser) {
                message = premature
            }
            state.fail(
                .notWellFormed, message, context: parser, line: Int(error.pointee.line), column: Int(error.pointee.int2)
            )
        }
    }

    /// True for libxml2's "not a valid URI" on a namespace name that is one once its "&#38;"s
    /// are the '&'s the document wrote ("a#b&amp;c": libxml2 sees a second '#'); see
    /// `checkDeclaredNamespaces`, which checks the decoded name instead.
    private static func isValidDecodedNamespace(_ state: ReaderState, _ error: xmlErrorPtr) -> Bool {
        guard error.pointee.code == Int32(XML_WAR_NS_URI.rawValue) else { return false }
        // The name is the first string for "xmlns", the second (after the prefix) for "xmlns:p".
        guard let uri = error.pointee.str2 ?? error.pointee.str1 else { return false }
        let given = UnsafeBufferPointer(
            start: UnsafeRawPointer(uri).assumingMemoryBound(to: UInt8.self), count: strlen(uri))
        return state.namespaceAsWritten(given).map(URIReference.isValid) ?? false
    }

    /// What an end of input before the document's end means, where libxml2 calls it "Extra
    /// content at the end of the document" (it does for every end inside the root, in CDATA,
    /// and before any root): nil when it is really content after the root.
    private static func prematureEnd(_ state: ReaderState, _ parser: xmlParserCtxtPtr) -> String? {
        if state.elements == 0 { return "the document ends before its root element starts" }
        guard state.depth > 0 else { return nil }
        let name = parser.pointee.name.map { "<" + String(cString: $0) + ">" } ?? "an element"
        let place = parser.pointee.instate == XML_PARSER_CDATA_SECTION ? "in a CDATA section of " : "inside "
        return "premature end of the document " + place + name
    }

    /// The thread's structured error handler while a reader parses (`userData` is its
    /// `ReaderState`): errors raised without a parser context, above all a byte sequence that
    /// the document's encoding cannot convert. The first message is kept for the fatal finding
    /// that the parser's return code then makes (`ReaderState.failUnreported`).
    static let contextlessError: xmlStructuredErrorFunc = { userData, error in
        guard let userData, let error else { return }
        let state = Unmanaged<ReaderState>.fromOpaque(userData).takeUnretainedValue()
        guard error.pointee.level == XML_ERR_FATAL || error.pointee.level == XML_ERR_ERROR,
            state.contextlessMessage == nil
        else { return }
        state.contextlessMessage = LibXML2.message(error.pointee.message)
    }
}
