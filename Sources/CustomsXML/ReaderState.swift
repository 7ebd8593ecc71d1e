import CLibXML2
import CustomsModel
import CustomsValidation

/// What the C callbacks reach through the parser context's `_private` pointer: the session to
/// feed, the limits, and the counters that enforce them.
final class ReaderState {
    let limits: XMLReaderLimits
    private(set) var session: ValidationSession?
    private(set) var stopped = false
    var depth = 0
    var elements = 0
    var textLength = 0
    /// Reused for every start tag with attributes.
    var attributes: [MarkupAttribute] = []

    init(limits: XMLReaderLimits) { self.limits = limits }

    func begin(session: ValidationSession, context: xmlParserCtxtPtr) {
        self.session = session
        stopped = false
        depth = 0
        elements = 0
        textLength = 0
    }

    /// Options and back-pointers, set again after every reset.
    func configure(_ context: xmlParserCtxtPtr) {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        _ = xmlCtxtUseOptions(context, options)
        context.pointee._private = Unmanaged.passUnretained(self).toOpaque()
        context.pointee.userData = UnsafeMutableRawPointer(context)
    }

    func end() { session = nil }

    /// Stops the parse with a fatal finding (the first one wins).
    func fail(
        _ code: Diagnostic.Code, _ message: String, context: xmlParserCtxtPtr, line: Int? = nil, column: Int? = nil
    ) {
        guard !stopped else { return }
        stopped = true
        let position = (line ?? Int(xmlSAX2GetLineNumber(context)), column ?? Int(xmlSAX2GetColumnNumber(context)))
        session?.reportFatal(code, message, line: position.0, column: position.1)
        xmlStopParser(context)
    }

    static func from(_ context: UnsafeMutableRawPointer?) -> (ReaderState, xmlParserCtxtPtr)? {
        guard let context else { return nil }
        let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let raw = parser.pointee._private else { return nil }
        return (Unmanaged<ReaderState>.fromOpaque(raw).takeUnretainedValue(), parser)
    }
}
