/// Where in a message an event happened: a line and column already known (libxml2 and the JSON
/// reader know them for every event), or a byte offset that the reader works out only when a
/// finding is reported there (our XML scanner: counting lines for every tag of every valid
/// message cost a seventh of validation, and most messages report nothing).
@frozen public struct SourceMark: Sendable, Equatable {
    /// ≥ 0: a byte offset from the start of the message; < 0: -1 - (line << 32 | column).
    @usableFromInline let raw: Int

    /// A known line and column.
    @inlinable public init(line: Int, column: Int) {
        raw = -1 - (max(0, line) << 32 | (max(0, column) & 0xFFFF_FFFF))
    }

    /// A byte offset, to be resolved by the reader's `PositionResolver`.
    @inlinable public init(offset: Int) { raw = offset }

    /// The byte offset, if this mark is one.
    @inlinable public var offset: Int? { raw >= 0 ? raw : nil }

    /// The line and column, if known.
    @inlinable public var position: (line: Int, column: Int)? {
        guard raw < 0 else { return nil }
        let packed = -1 - raw
        return (packed >> 32, packed & 0xFFFF_FFFF)
    }
}

/// Works out line and column of byte offsets of the message being read, for a reader that
/// passes offsets (`SourceMark(offset:)`). The session asks for offsets in increasing order: it
/// resolves the open elements' marks below an offset before that offset (`ValidationSession`'s
/// `resolveMarks(before:)` lets the reader make it do so before it drops bytes).
public protocol PositionResolver: AnyObject {
    /// Line and column of `offset`, which is at least every offset asked about before.
    func position(of offset: Int) -> (line: Int, column: Int)
}
