/// Finds the records of a JSON record file as its bytes arrive: the elements of a top-level
/// array, each handed on as soon as the comma or bracket after it comes, so that a file of a
/// million records needs the memory of one. A file whose document is not an array (one record
/// as an object) is kept whole and read at its end.
///
/// Only strings (with their escapes) and brackets are followed; each element is then parsed on
/// its own, so a malformed record is that record's error and the next one still reads.
struct JSONRecordSplitter {
    /// An element found: its bytes (indexes into the buffer fed) and the line it starts on.
    struct Element {
        let range: Range<Int>
        let line: Int
        let column: Int
    }

    /// Why the file's records cannot be told apart.
    struct Failure: Error {
        let message: String
    }

    /// nil until the document's first byte: true for an array.
    private(set) var isArray: Bool?
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var closed = false
    /// Where the element being read starts in the buffer, and its line.
    private(set) var elementStart: Int?
    private var elementLine = 0
    private var elementColumn = 0
    /// The line and column of the byte being scanned.
    private var line = 1
    private var column = 0
    /// True after a comma between records, until the next record starts.
    private var afterComma = false
    /// Bytes of a UTF-8 byte order mark still allowed before the document.
    private var markLeft = 3

    /// Scans `buffer[range]` (bytes after those scanned before), reporting each element it
    /// completes.
    mutating func scan(_ buffer: [UInt8], _ range: Range<Int>, found: (Element) -> Void) throws(Failure) {
        for index in range {
            let byte = buffer[index]
            column += 1
            if byte == 0x0A {
                line += 1
                column = 0
            }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == 0x5C {
                    escaped = true
                } else if byte == 0x22 {
                    inString = false
                }
                continue
            }
            if isArray == nil {
                if Self.isSpace(byte) { continue }
                if markLeft > 0, byte == [0xEF, 0xBB, 0xBF][3 - markLeft] {
                    markLeft -= 1
                    continue
                }
                isArray = byte == 0x5B
                guard isArray == true else { return }
                depth = 1
                continue
            }
            guard isArray == true else { return }
            if closed {
                guard Self.isSpace(byte) else {
                    throw Failure(message: "line \(line): something after the array of records")
                }
                continue
            }
            switch byte {
            case 0x22:
                inString = true
                startElement(at: index)
            case 0x7B, 0x5B:
                startElement(at: index)
                depth += 1
            case 0x7D, 0x5D:
                depth -= 1
                if depth == 0 {
                    if byte == 0x7D { throw Failure(message: "line \(line): '}' closes the array of records") }
                    if afterComma && elementStart == nil {
                        throw Failure(message: "line \(line): a comma before the array's ']'")
                    }
                    closed = true
                    finishElement(at: index, found: found)
                }
            case 0x2C where depth == 1:
                guard elementStart != nil else {
                    throw Failure(message: "line \(line): a record is missing before ','")
                }
                finishElement(at: index, found: found)
                afterComma = true
            default:
                if !Self.isSpace(byte) { startElement(at: index) }
            }
        }
    }

    /// Ends the file; an array must have been closed.
    func finish() throws(Failure) {
        if isArray == true && !closed {
            throw Failure(
                message: inString
                    ? "line \(line): the file ends inside a string" : "line \(line): the array of records is not closed"
            )
        }
    }

    /// The buffer's first byte still needed: the element being read, else none.
    func firstNeeded(bufferCount: Int) -> Int { elementStart ?? bufferCount }

    /// The buffer lost its first `count` bytes.
    mutating func dropped(_ count: Int) {
        if let start = elementStart { elementStart = start - count }
    }

    private mutating func startElement(at index: Int) {
        guard depth == 1, elementStart == nil else { return }
        elementStart = index
        elementLine = line
        elementColumn = column
        afterComma = false
    }

    private mutating func finishElement(at index: Int, found: (Element) -> Void) {
        guard let start = elementStart else { return }
        found(Element(range: start..<index, line: elementLine, column: elementColumn))
        elementStart = nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
}
