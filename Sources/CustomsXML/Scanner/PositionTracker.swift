/// Line and column of a byte offset, worked out only when asked (for a finding that is kept, or
/// an open element's start tag before its bytes are dropped: see `MessagePositions`) by counting
/// from the last offset asked about: the scanning loops never count lines themselves.
///
/// The numbering is libxml2's, so that findings keep their places whichever parser reads the
/// message: lines are counted at line feeds only (a lone carriage return is a character of its
/// line), columns in characters from 1.
struct PositionTracker {
    /// The offset (from the start of the message) the position is known for.
    private(set) var offset = 0
    /// The line at `offset`.
    private(set) var line = 1
    /// The column at `offset`.
    private(set) var column = 1

    private static let high: UInt64 = 0x8080_8080_8080_8080
    private static let lineFeeds: UInt64 = 0x0A0A_0A0A_0A0A_0A0A

    /// The high bit of each zero byte of `word`, exactly (no false positives).
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((word & low) &+ low) | word | low)
    }

    /// Forgets everything: a new message starts.
    mutating func reset() {
        offset = 0
        line = 1
        column = 1
    }

    /// The position of `target` (≥ the last offset asked about), given the window of the message
    /// that holds the bytes in between: `window[0]` is the message's byte at `windowStart`.
    mutating func position(
        of target: Int, in window: UnsafePointer<UInt8>, windowStart: Int
    ) -> (line: Int, column: Int) {
        if target > offset {
            var index = offset - windowStart
            let end = target - windowStart
            var line = self.line
            var column = self.column
            // Eight bytes at a time: line feeds and UTF-8 continuation bytes found by bit tricks
            // (this runs over every byte of every message, so it is the scanner's second loop).
            while index + 8 <= end {
                let word = UInt64(littleEndian: UnsafeRawPointer(window + index).loadUnaligned(as: UInt64.self))
                let continuations = word & ~(word << 1) & Self.high
                let feeds = Self.zeroBytes(word ^ Self.lineFeeds)
                if feeds == 0 {
                    column += 8 - continuations.nonzeroBitCount
                } else {
                    line += feeds.nonzeroBitCount
                    // Characters after the last line feed of the word (the bytes above it).
                    let lastFeed = (63 - feeds.leadingZeroBitCount) / 8
                    let remaining = 7 - lastFeed
                    let after = remaining == 0 ? 0 : continuations >> UInt64((lastFeed + 1) * 8)
                    column = 1 + remaining - after.nonzeroBitCount
                }
                index += 8
            }
            while index < end {
                let byte = window[index]
                if byte == 0x0A {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
                index += 1
            }
            self.line = line
            self.column = column
            offset = target
        }
        return (line, column)
    }
}
