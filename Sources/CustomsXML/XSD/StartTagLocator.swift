/// Where each start tag of a well-formed UTF-8 document begins: line and column of its `<`, in
/// document order.
///
/// libxml2's tree gives a node only the line its start tag *ends* on and no column, and its
/// position records (`record_info`) are unreliable for elements with content in 2.9.14; but
/// import warnings point at one annotation among many on a line (`file:line:column`). So the
/// bytes are scanned once more, here: the document is already known to be well-formed, so a
/// `<` followed by a name character is a start tag once comments, processing instructions and
/// CDATA sections are stepped over (no `<` can appear unescaped anywhere else), and the n-th
/// start tag is the n-th element of the tree in pre-order. Lines and columns are counted as the
/// scanner counts them (`PositionTracker`).
enum StartTagLocator {
    /// A 1-based line and column; the column counts characters (Unicode scalars), a tab as one.
    struct Position: Equatable {
        let line: Int
        let column: Int
    }

    /// The position of every start tag of `bytes`, in document order.
    static func positions(in bytes: [UInt8]) -> [Position] {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return [] }
            var positions: [Position] = []
            var tracker = PositionTracker()
            let end = buffer.count
            var index = buffer.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0

            /// Moves `index` past the next `terminator` (or to the end).
            func skip(past terminator: [UInt8]) {
                while index < end, !buffer[index...].starts(with: terminator) { index += 1 }
                index = min(end, index + terminator.count)
            }

            while index < end {
                guard buffer[index] == UInt8(ascii: "<"), index + 1 < end else {
                    index += 1
                    continue
                }
                let next = buffer[index + 1]
                if buffer[index...].starts(with: commentStart) {
                    skip(past: commentEnd)
                } else if buffer[index...].starts(with: cdataStart) {
                    skip(past: cdataEnd)
                } else if next == UInt8(ascii: "?") {
                    skip(past: instructionEnd)
                } else if next == UInt8(ascii: "/") || next == UInt8(ascii: "!") {
                    index += 2
                } else {
                    let (line, column) = tracker.position(of: index, in: base, windowStart: 0)
                    positions.append(Position(line: line, column: column))
                    index += 1
                }
            }
            return positions
        }
    }

    private static let commentStart = Array("<!--".utf8)
    private static let commentEnd = Array("-->".utf8)
    private static let cdataStart = Array("<![CDATA[".utf8)
    private static let cdataEnd = Array("]]>".utf8)
    private static let instructionEnd = Array("?>".utf8)
}
