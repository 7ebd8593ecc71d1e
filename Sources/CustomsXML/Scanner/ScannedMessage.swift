import CustomsModel
import CustomsValidation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Feeds a message to `XMLScanner` from memory or from a file descriptor: one window over the
/// bytes in memory (no copy), or a buffer that is read into, scanned, and has its unscanned
/// tail moved to the front before the next read. The buffer grows only as far as one token
/// needs (a start tag, a comment, a CDATA section), and no token may exceed `tokenLimit`.
final class ScannedMessage {
    var scanner: XMLScanner
    private var buffer: UnsafeMutableBufferPointer<UInt8>
    /// The bytes one read asks for.
    static let chunkSize = 64 << 10

    /// The most bytes one read may bring (`chunkSize`; tests make it tiny, so that every token
    /// is cut by a window's end somewhere).
    let readSize: Int

    init(limits: XMLReaderLimits, readSize: Int = chunkSize) {
        scanner = XMLScanner(limits: limits)
        buffer = .allocate(capacity: 2 * Self.chunkSize)
        self.readSize = max(1, min(readSize, Self.chunkSize))
    }

    deinit { buffer.deallocate() }

    /// The longest single token a message may hold, beyond which the buffer would grow without
    /// bound: a text or CDATA section is limited by `maxTextLength`, an attribute by
    /// `maxAttributeLength`; a tag may hold several attributes.
    var tokenLimit: Int { scanner.limits.maxTextLength + 4 * scanner.limits.maxAttributeLength + (64 << 10) }

    /// Validates `bytes`, all in memory.
    func validate(
        _ bytes: UnsafeBufferPointer<UInt8>, encoding: XMLScanner.Encoding, with session: ValidationSession
    ) -> MessageResult {
        run(encoding: encoding, with: session) {
            if bytes.count > scanner.limits.maxMessageSize {
                scanner.failOutside(.limit, "the message is larger than \(scanner.limits.maxMessageSize) bytes")
            } else {
                _ = scanner.scan(bytes, start: 0, isFinal: true)
            }
            return bytes.count
        }
    }

    /// The first bytes a reader needs to choose the parser: the XML declaration's worth.
    static let headSize = 1024

    /// Bytes read into the buffer ahead of the scan (by `readHead`, or given to `validate`).
    private var headCount = 0

    /// Reads the first bytes of the message on `descriptor` into the buffer, behind `prefix`
    /// (bytes already read from it): at least `headSize` unless the input ends first (a pipe may
    /// give less per read). Returns the encoding they say; `head` holds them.
    func readHead(descriptor: Int32, after prefix: [UInt8]) -> XMLScanner.Encoding {
        prefix.withUnsafeBufferPointer { place($0) }
        while headCount < Self.headSize {
            let count = read(descriptor, buffer.baseAddress! + headCount, min(buffer.count - headCount, readSize))
            if count <= 0 { break }  // an error comes back at the next read, which reports it
            headCount += count
        }
        return XMLScanner.encoding(of: UnsafeBufferPointer(start: buffer.baseAddress, count: headCount))
    }

    /// What `readHead` read, for the libxml2 reader when it says another encoding.
    var head: [UInt8] { Array(UnsafeBufferPointer(start: buffer.baseAddress, count: headCount)) }

    /// Validates the message read from `descriptor`, whose first bytes `head` were read already.
    func validate(
        descriptor: Int32, head: UnsafeBufferPointer<UInt8>, encoding: XMLScanner.Encoding,
        with session: ValidationSession
    ) -> MessageResult {
        place(head)
        return validateAfterHead(descriptor: descriptor, encoding: encoding, with: session)
    }

    /// Validates the message read from `descriptor`, whose first bytes are in the buffer
    /// (`readHead`, `place`).
    func validateAfterHead(
        descriptor: Int32, encoding: XMLScanner.Encoding, with session: ValidationSession
    ) -> MessageResult {
        var filled = headCount
        headCount = 0
        return run(encoding: encoding, with: session) {
            var total = filled
            var windowStart = 0
            var atEnd = false
            while true {
                if !atEnd {
                    if buffer.count - filled < Self.chunkSize / 4 { grow(to: buffer.count * 2) }
                    let count = read(descriptor, buffer.baseAddress! + filled, min(buffer.count - filled, readSize))
                    if count < 0 {
                        scanner.failOutside(.io, "read error: \(String(cString: strerror(errno)))")
                        break
                    }
                    if count == 0 { atEnd = true }
                    filled += count
                    total += count
                    if total > scanner.limits.maxMessageSize {
                        scanner.failOutside(
                            .limit, "the message is larger than \(scanner.limits.maxMessageSize) bytes")
                        break
                    }
                }
                let consumed = scanner.scan(
                    UnsafeBufferPointer(start: buffer.baseAddress, count: filled), start: windowStart, isFinal: atEnd)
                if scanner.stopped || atEnd { break }
                let tail = filled - consumed
                if tail > tokenLimit {
                    scanner.failOutside(.limit, "one tag, comment or text is longer than \(tokenLimit) bytes")
                    break
                }
                if consumed > 0 && tail > 0 {
                    buffer.baseAddress!.update(from: buffer.baseAddress! + consumed, count: tail)
                }
                filled = tail
                windowStart += consumed
            }
            return total
        }
    }

    /// One message through the scanner: `body` feeds it and returns the bytes it read.
    private func run(
        encoding: XMLScanner.Encoding, with session: ValidationSession, _ body: () -> Int
    ) -> MessageResult {
        session.reset()
        scanner.begin(session: session, asciiOnly: encoding == .ascii)
        defer { scanner.end() }
        let byteCount = body()
        return MessageResult(
            diagnostics: session.finish(), findingCount: session.findingCount, byteCount: byteCount,
            isFatal: scanner.stopped)
    }

    /// Puts `bytes` at the front of the buffer, as read ahead of the scan.
    private func place(_ bytes: UnsafeBufferPointer<UInt8>) {
        if bytes.count > buffer.count { grow(to: bytes.count + Self.chunkSize) }
        if let source = bytes.baseAddress { buffer.baseAddress!.update(from: source, count: bytes.count) }
        headCount = bytes.count
    }

    /// A buffer of `capacity` bytes holding what this one held.
    private func grow(to capacity: Int) {
        let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
        larger.baseAddress!.update(from: buffer.baseAddress!, count: buffer.count)
        buffer.deallocate()
        buffer = larger
    }
}
