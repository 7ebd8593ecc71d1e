import CustomsModel
import CustomsValidation

/// Where a message given in pieces stands: its first bytes collected until they name the
/// parser, then streaming through it.
enum PushedMessage {
    case none
    case collecting(ValidationSession, head: [UInt8])
    case scanning
    case libxml2(ValidationSession)
}

/// A message given in pieces, as it arrives (an HTTP body, a socket): `begin`, any number of
/// `feed`s, then `finish` for the result, the same as `validate(bytes:with:)` gives for the
/// whole. Memory stays bounded by the largest token, as when reading a file. One message at a
/// time per reader; between `begin` and `finish` the thread's libxml2 error handler is this
/// reader's.
///
/// ```swift
/// reader.begin(with: session)
/// for chunk in body { chunk.withUnsafeBytes { reader.feed($0) } }
/// let result = reader.finish()
/// ```
extension SecureXMLReader {
    /// Starts a message; what was begun and not finished is dropped.
    public func begin(with session: ValidationSession) {
        if case .none = pushed {} else { _ = finish() }
        pushed = .collecting(session, head: [])
    }

    /// The next piece of the message.
    public func feed(_ bytes: UnsafeRawBufferPointer) {
        let piece = bytes.bindMemory(to: UInt8.self)
        switch pushed {
        case .none: return
        case .collecting(let session, var head):
            if head.isEmpty && piece.count >= ScannedMessage.headSize {
                decide(session, first: piece)  // the usual case: no copy into `head`
                return
            }
            pushed = .none  // `head` is the only reference while it grows
            head.append(contentsOf: piece)
            pushed = .collecting(session, head: head)
            if head.count >= ScannedMessage.headSize { decide() }
        case .scanning: scanned.feed(piece)
        case .libxml2: libxml2Feed(piece)
        }
    }

    /// The end of the message: its result.
    public func finish() -> MessageResult {
        if case .collecting = pushed { decide() }
        defer { pushed = .none }
        switch pushed {
        case .scanning: return scanned.finish()
        case .libxml2(let session): return libxml2Finish(session: session)
        case .none, .collecting:
            return MessageResult(diagnostics: [], findingCount: 0, byteCount: 0, isFatal: true)
        }
    }

    /// True once the message stopped on a fatal finding: further pieces are not read.
    var hasStopped: Bool {
        switch pushed {
        case .scanning: scanned.scanner.stopped
        case .libxml2: state.stopped
        case .none, .collecting: false
        }
    }

    /// Stops the message with a fatal finding of the reader's own (an I/O error).
    func failPushed(_ code: Diagnostic.Code, _ message: String) {
        if case .collecting = pushed { decide() }
        switch pushed {
        case .scanning: scanned.scanner.failOutside(code, message)
        case .libxml2: state.fail(code, message, context: context)
        case .none, .collecting: break
        }
    }

    /// Chooses the parser from the first bytes (at least `ScannedMessage.headSize` of them, or
    /// the whole message), as `validate(descriptor:after:with:)` does, and hands them over.
    private func decide() {
        guard case .collecting(let session, let head) = pushed else { return }
        head.withUnsafeBufferPointer { decide(session, first: $0) }
    }

    /// Chooses the parser from the first chunk `ScannedMessage.readAhead` read: the scanner
    /// scans it where it lies; a short chunk (under `headSize`: more may follow) or libxml2
    /// takes it as a piece like any other.
    func startWithReadAhead(_ session: ValidationSession) {
        let first = scanned.readAheadBytes
        let encoding = first.count >= ScannedMessage.headSize ? XMLScanner.encoding(of: first) : .other
        guard encoding != .other else {
            // Copied out first: the scanner, if chosen after all, fills the buffer they are in.
            return Array(first).withUnsafeBytes { feed($0) }
        }
        pushed = .scanning
        scanned.beginWithReadAhead(encoding: encoding, with: session)
    }

    /// Chooses the parser from `first`, the message's first bytes, and hands them over.
    private func decide(_ session: ValidationSession, first: UnsafeBufferPointer<UInt8>) {
        let encoding = parser == .automatic ? XMLScanner.encoding(of: first) : .other
        if encoding != .other {
            pushed = .scanning
            scanned.begin(encoding: encoding, with: session)
            scanned.feed(first)
        } else {
            pushed = .libxml2(session)
            libxml2Begin(session: session, head: first)
        }
    }
}
