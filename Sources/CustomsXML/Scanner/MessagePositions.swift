import CustomsValidation

/// Line and column of the message's byte offsets, worked out only when a finding is reported
/// there (see `SourceMark`): forward from the last offset worked out, or, for an offset behind
/// it, from the start of the bytes the reader still holds. The reader tells it where those
/// bytes are (`setWindow`) and calls `drop` before it lets some go.
///
/// A class apart from the scanner, because the session asks for positions while the scanner is
/// in the middle of a scan: the scanner cannot be reached then, its state is being changed.
final class MessagePositions: PositionResolver {
    /// Positions worked out so far, forward only.
    private var tracker = PositionTracker()
    /// The position at the first byte held (`windowStart`).
    private var windowTracker = PositionTracker()
    private var bytes: UnsafePointer<UInt8>?
    private var count = 0
    private var windowStart = 0

    /// A new message.
    func reset() {
        tracker.reset()
        windowTracker.reset()
        bytes = nil
        count = 0
        windowStart = 0
    }

    /// The bytes held: the message's bytes from offset `start`.
    func setWindow(_ window: UnsafeBufferPointer<UInt8>, start: Int) {
        bytes = window.baseAddress
        count = window.count
        windowStart = start
    }

    /// Line and column of `offset` (libxml2's numbering: see `PositionTracker`), or (0, 0) for
    /// an offset whose bytes are gone (the session resolves those before they go).
    func position(of offset: Int) -> (line: Int, column: Int) {
        guard let bytes, offset >= windowStart, offset <= windowStart + count else {
            return offset == tracker.offset ? (tracker.line, tracker.column) : (0, 0)
        }
        if offset >= tracker.offset {
            return tracker.position(of: offset, in: bytes, windowStart: windowStart)
        }
        var behind = windowTracker
        return behind.position(of: offset, in: bytes, windowStart: windowStart)
    }

    /// The bytes before `offset` are about to go: the positions move past them.
    func drop(upTo offset: Int) {
        if let bytes, offset > tracker.offset, offset <= windowStart + count {
            _ = tracker.position(of: offset, in: bytes, windowStart: windowStart)
        }
        windowTracker = tracker
    }
}
