/// Where each start tag of a well-formed UTF-8 document begins: line and column of its `<`, in
/// document order.
///
/// libxml2's tree gives a node only the line its start tag *ends* on and no column, and its
/// position records (`record_info`) are unreliable for elements with content in 2.9.14; but
/// import warnings point at one annotation among many on a line (`file:line:column`). So the
/// bytes are scanned once more, here: the document is already known to be well-formed, so a
/// `<` followed by a name character is a start tag once comments, processing instructions and
/// CDATA sections are stepped over (no `<` can appear unescaped anywhere else), and the n-th
/// start tag is the n-th element of the tree in pre-order.
enum StartTagLocator {
    /// A 1-based line and column; the column counts characters (Unicode scalars), a tab as one.
    struct Position: Equatable {
        let line: Int
        let column: Int
    }

    /// The position of every start tag of `bytes`, in document order.
    static func positions(in bytes: [UInt8]) -> [Position] {
        var positions: [Position] = []
        var line = 1
        var lineStart = 0
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let end = bytes.count

        /// Moves `index` past the next `terminator`, counting the lines it steps over.
        func skip(past terminator: [UInt8]) {
            while index < end {
                if bytes[index] == 0x0A {
                    line += 1
                    lineStart = index + 1
                }
                if bytes[index] == terminator[0], bytes[index...].starts(with: terminator) {
                    index += terminator.count
                    return
                }
                index += 1
            }
        }

        while index < end {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                lineStart = index + 1
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "<"), index + 1 < end else {
                index += 1
                continue
            }
            let next = bytes[index + 1]
            if bytes[index...].starts(with: commentStart) {
                skip(past: commentEnd)
            } else if bytes[index...].starts(with: cdataStart) {
                skip(past: cdataEnd)
            } else if next == UInt8(ascii: "?") {
                skip(past: instructionEnd)
            } else if next == UInt8(ascii: "/") || next == UInt8(ascii: "!") {
                index += 2
            } else {
                positions.append(Position(line: line, column: characters(in: bytes[lineStart..<index]) + 1))
                index += 1
            }
        }
        return positions
    }

    private static let commentStart = Array("<!--".utf8)
    private static let commentEnd = Array("-->".utf8)
    private static let cdataStart = Array("<![CDATA[".utf8)
    private static let cdataEnd = Array("]]>".utf8)
    private static let instructionEnd = Array("?>".utf8)

    /// The number of characters UTF-8 `bytes` encode: every byte that does not continue a
    /// sequence starts one.
    private static func characters(in bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { count, byte in byte & 0xC0 == 0x80 ? count : count + 1 }
    }
}
