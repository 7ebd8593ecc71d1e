import CustomsModel
import CustomsValidation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Feeds a message to `XMLScanner`: one window over bytes all in memory (no copy), or, for a
/// message given in pieces (a file read in chunks, an HTTP body), a buffer that each piece is
/// appended to, scanned, and has its unscanned tail moved to the front. The buffer grows only as far as one token
/// needs (a start tag, a comment, a CDATA section), and no token may exceed `tokenLimit`.
final class ScannedMessage {
    var scanner: XMLScanner
    private var buffer: UnsafeMutableBufferPointer<UInt8>
    /// The bytes one read asks for.
    static let chunkSize = 64 << 10

    init(limits: XMLReaderLimits) {
        scanner = XMLScanner(limits: limits)
        buffer = .allocate(capacity: 2 * Self.chunkSize)
    }

    deinit { buffer.deallocate() }

    /// The longest single token a message may hold, beyond which the buffer would grow without
    /// bound: a text or CDATA section is limited by `maxTextLength`, an attribute by
    /// `maxAttributeLength`; a tag may hold several attributes.
    var tokenLimit: Int { scanner.limits.maxTextLength + 4 * scanner.limits.maxAttributeLength + (64 << 10) }

    /// Validates `bytes`, all in memory: scanned where they lie, as one window.
    func validate(
        _ bytes: UnsafeBufferPointer<UInt8>, encoding: XMLScanner.Encoding, with session: ValidationSession
    ) -> MessageResult {
        begin(encoding: encoding, with: session)
        total = bytes.count
        scanner.positions.setWindow(bytes, start: 0)
        if withinMessageSize() { _ = scanner.scan(bytes, start: 0, isFinal: true) }
        return end()
    }

    /// The first bytes a reader needs to choose the parser: the XML declaration's worth.
    static let headSize = 1024

    // The message being streamed: `filled` bytes in the buffer, the first of them at offset
    // `windowStart` of the message, the first `scanned` of them consumed; `total` bytes so far.
    // Consumed bytes stay until the buffer needs their room, so that a message that fits is
    // never moved, and line and column of any of its bytes can be worked out when reported.
    private var filled = 0
    private var scanned = 0
    private var windowStart = 0
    private var total = 0
    private var session: ValidationSession?

    /// Starts a message given in pieces (`feed`, then `finish`).
    func begin(encoding: XMLScanner.Encoding, with session: ValidationSession) {
        readAheadCount = 0
        self.session = session
        scanner.begin(session: session, asciiOnly: encoding == .ascii)
        filled = 0
        scanned = 0
        windowStart = 0
        total = 0
    }

    /// The buffer's bytes of the message.
    private var window: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: buffer.baseAddress, count: filled) }

    /// The next piece of the message begun with `begin`.
    func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !scanner.stopped, let start = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (buffer.baseAddress! + filled).update(from: start, count: bytes.count)
        advance(by: bytes.count)
    }

    /// Reads a message's first chunk from `descriptor` into the buffer before the parser is
    /// chosen, so that, when it is this scanner, the bytes need not be copied into the window
    /// (`begin(encoding:with:readAhead:)`; a small file is all in that one chunk): the count
    /// read, 0 at the end, -1 on an error. `readAheadBytes` shows them.
    func readAhead(from descriptor: Int32) -> Int {
        let count = read(descriptor, buffer.baseAddress!, Self.chunkSize)
        readAheadCount = max(count, 0)
        return count
    }

    /// What `readAhead` read.
    var readAheadBytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: buffer.baseAddress, count: readAheadCount)
    }
    private var readAheadCount = 0

    /// `begin`, with what `readAhead` read as the message's first piece, scanned where it lies.
    func beginWithReadAhead(encoding: XMLScanner.Encoding, with session: ValidationSession) {
        let count = readAheadCount
        readAheadCount = 0
        begin(encoding: encoding, with: session)
        if count > 0 { advance(by: count) }
    }

    /// The next piece of the message begun with `begin`, read from `descriptor` straight into
    /// the window (no copy): the count read, 0 at the end, -1 on an error.
    func feed(readingFrom descriptor: Int32) -> Int {
        reserve(Self.chunkSize)
        let count = read(descriptor, buffer.baseAddress! + filled, Self.chunkSize)
        if count > 0 { advance(by: count) }
        return count
    }

    /// The end of the message begun with `begin`: its result.
    func finish() -> MessageResult {
        if !scanner.stopped {
            _ = scanner.scan(window, start: windowStart, from: scanned, isFinal: true)
        }
        return end()
    }

    /// The message's result, once it is scanned to its end or stopped.
    private func end() -> MessageResult {
        defer {
            scanner.end()
            session = nil
        }
        guard let session else { return MessageResult(diagnostics: [], findingCount: 0, byteCount: 0, isFatal: true) }
        scanner.failure?.report(to: session)
        return MessageResult(
            diagnostics: session.finish(), findingCount: session.findingCount, byteCount: total,
            isFatal: scanner.stopped)
    }

    /// False, with a fatal finding, once the message is larger than allowed.
    private func withinMessageSize() -> Bool {
        guard total > scanner.limits.maxMessageSize else { return true }
        scanner.failOutside(.limit, "the message is larger than \(scanner.limits.maxMessageSize) bytes")
        return false
    }

    /// Scans the `count` bytes just put behind the buffer's `filled` ones.
    private func advance(by count: Int) {
        filled += count
        total += count
        scanner.positions.setWindow(window, start: windowStart)
        guard withinMessageSize() else { return }
        scanned = scanner.scan(window, start: windowStart, from: scanned, isFinal: false)
        if scanner.stopped { return }
        if filled - scanned > tokenLimit {
            scanner.failOutside(.limit, "one tag, comment or text is longer than \(tokenLimit) bytes")
        }
    }

    /// Room for `count` more bytes behind the `filled` ones: the consumed bytes dropped (their
    /// marks resolved first), then, if that is not enough, a larger buffer.
    private func reserve(_ count: Int) {
        if buffer.count - filled < count && scanned > 0 {
            scanner.dropping(upTo: windowStart + scanned)
            let tail = filled - scanned
            if tail > 0 { buffer.baseAddress!.update(from: buffer.baseAddress! + scanned, count: tail) }
            filled = tail
            windowStart += scanned
            scanned = 0
        }
        var capacity = buffer.count
        while capacity - filled < count { capacity *= 2 }
        if capacity > buffer.count { grow(to: capacity) }
        scanner.positions.setWindow(window, start: windowStart)
    }

    /// A buffer of `capacity` bytes holding what this one held.
    private func grow(to capacity: Int) {
        let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
        larger.baseAddress!.update(from: buffer.baseAddress!, count: buffer.count)
        buffer.deallocate()
        buffer = larger
    }
}
