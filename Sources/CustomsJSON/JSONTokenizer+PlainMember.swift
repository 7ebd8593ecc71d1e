import CustomsValidation

/// A member `"key": "value"` of the innermost object, read ahead whole (see
/// `JSONTokenizer.peekPlainMember`). Its buffers point into the tokenizer's input: valid until
/// the next `feed`.
struct PlainMember {
    /// The member name, without quotes.
    let key: UnsafeBufferPointer<UInt8>
    /// `MemberIndex.hash(key)`.
    let hash: UInt64
    /// The string value, without quotes.
    let value: UnsafeBufferPointer<UInt8>
    /// Where the value's opening quote is, as `tokenLine` and `tokenColumn` would say.
    let line: Int
    let column: Int
    /// Input offset (in the buffer) just past the value's closing quote.
    let end: Int
    /// Line and line start after the member (a non-NDJSON input may break lines in between).
    let lineStart: Int
}

// The JSON reader's fast path: most of a message's members are a plain name and a plain string
// value, and taking each through `next()` as two tokens (dispatch on what may come next, the
// name copied, then the value) cost more than checking it. Here the pair is read ahead in one
// pass; nothing changes until `commit`, so anything unusual (an escape, a control character,
// invalid UTF-8, a non-ASCII name, the chunk's end, a line break in NDJSON) just leaves it to
// `next()`, which decides it exactly as before.
extension JSONTokenizer {
    /// The next member of the innermost object when it is `"key": "value"` with a plain ASCII
    /// name and a string of plain bytes and well-formed UTF-8, wholly in the input at hand;
    /// nil (nothing consumed) otherwise.
    @inline(__always)
    mutating func peekPlainMember() -> PlainMember? {
        guard failure == nil, !partialString, containers.topIsObject else { return nil }
        var index = position
        var currentLine = line
        var currentLineStart = lineStart
        // Blanks; a line break only outside NDJSON (where it ends the message: `next()` says so).
        func skipBlanks() -> Bool {
            while index < count {
                let byte = input[index]
                if byte == 0x20 || byte == 0x09 || byte == 0x0D {
                    index += 1
                } else if byte == 0x0A {
                    if isSequence { return false }
                    index += 1
                    currentLine += 1
                    currentLineStart = base + index
                } else {
                    return true
                }
            }
            return false
        }
        switch expect {
        case .commaOrEnd:
            guard skipBlanks(), input[index] == UInt8(ascii: ",") else { return nil }
            index += 1
        case .key, .firstKeyOrEnd:
            break
        default:
            return nil
        }
        guard skipBlanks(), input[index] == UInt8(ascii: "\"") else { return nil }
        let keyStart = index + 1
        let keyEnd = Self.plainRun(input, from: keyStart, to: count)
        guard keyEnd < count, input[keyEnd] == UInt8(ascii: "\""), keyEnd - keyStart <= limits.maxStringLength
        else { return nil }
        index = keyEnd + 1
        guard skipBlanks(), input[index] == UInt8(ascii: ":") else { return nil }
        index += 1
        guard skipBlanks(), input[index] == UInt8(ascii: "\"") else { return nil }
        let valueQuote = index
        let valueStart = index + 1
        index = valueStart
        while true {
            index = Self.plainRun(input, from: index, to: count)
            guard index < count else { return nil }
            let byte = input[index]
            if byte == UInt8(ascii: "\"") { break }
            guard byte >= 0x80 else { return nil }  // an escape or a control character
            let length = Self.sequenceLength(input + index, available: count - index)
            guard length > 0 else { return nil }
            index += length
        }
        guard index - valueStart <= limits.maxStringLength else { return nil }
        let key = UnsafeBufferPointer(start: input + keyStart, count: keyEnd - keyStart)
        return PlainMember(
            key: key, hash: MemberIndex.hash(key),
            value: UnsafeBufferPointer(start: input + valueStart, count: index - valueStart),
            line: currentLine, column: base + valueQuote - currentLineStart + 1, end: index + 1,
            lineStart: currentLineStart)
    }

    /// Consumes `member` as `next()` would have returned its `.key` and `.string`; false
    /// (nothing consumed) when the object already has a member of that name, which `next()`
    /// then reports.
    @inline(__always)
    mutating func commit(_ member: PlainMember) -> Bool {
        guard keys.add(member.key, hash: member.hash, object: containers.count - 1, from: containers.topKeyStart)
        else { return false }
        position = member.end
        line = member.line
        lineStart = member.lineStart
        tokenLine = member.line
        tokenColumn = member.column
        text = member.value
        expect = .commaOrEnd
        return true
    }
}
