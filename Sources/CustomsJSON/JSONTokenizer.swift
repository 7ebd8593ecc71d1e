import CustomsValidation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A strict RFC 8259 tokenizer that takes its input in chunks: UTF-8 only (no byte order mark),
/// every string checked for well-formed UTF-8, escapes and surrogate pairs decoded, the number
/// grammar enforced, duplicate member names refused, nothing after the value. Limits on depth,
/// string and number length stop hostile input at once.
///
/// Pull tokens with `next()`; `.needMore` asks for another `feed` (or `finish()` at the end).
/// A token's text is a view into the tokenizer's buffers, valid until the next call. The tokenizer
/// checks the grammar itself (colons, commas, nesting), so its user sees only meaningful tokens.
///
/// Hand-written, on bytes, because it is the JSON validation hot path: Foundation's parsers run
/// at about a twentieth of a byte loop's speed and build whole trees (see SWIFT-NOTES.md).
///
/// ```swift
/// var tokenizer = JSONTokenizer()
/// tokenizer.feed(Array(#"{"a": ["b"]}"#.utf8))
/// tokenizer.finish()
/// while case let token = tokenizer.next(), token != .endOfInput, token != .error { … }
/// ```
public struct JSONTokenizer: ~Copyable {
    /// The limits in force.
    public let limits: JSONReaderLimits
    /// When true, the input is a sequence of values separated by whitespace (NDJSON), not one.
    public let isSequence: Bool

    // The input not yet consumed (and the partial token it may end with).
    var input: UnsafeMutablePointer<UInt8>
    var capacity: Int
    var count = 0
    var position = 0
    /// Bytes dropped from the front of `input` so far: `base + position` is the offset in the input.
    var base = 0
    var isFinal = false

    var line = 1
    /// Offset in the input of the current line's first byte.
    var lineStart = 0

    var containers = ContainerStack()
    var expect = Expectation.value
    var started = false
    var recovering = false
    /// The last error consumed the line break it stopped at (so recovery starts right there).
    var failedAtLineEnd = false
    /// The error, once one stopped the tokenizer.
    public internal(set) var failure: JSONSyntaxError?

    // A string token under way across `feed`s: where it began, how far it is checked, and its
    // unescaped bytes once it held an escape.
    var partialString = false
    var tokenStart = 0
    var scanPosition = 0
    var escaped = false
    var stringIsKey = false
    var decoded = Stack<UInt8>(capacity: 256)
    var keys = KeyStore()

    /// The text of the last `.key`, `.string` or `.number`.
    public internal(set) var text = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    /// 1-based line of the last token.
    public internal(set) var tokenLine = 1
    /// 1-based column (in bytes) of the last token.
    public internal(set) var tokenColumn = 1

    /// What may come next.
    enum Expectation: UInt8 {
        case value, firstValueOrEnd, firstKeyOrEnd, key, colon, commaOrEnd, afterTop
    }

    /// A tokenizer with `limits`; with `sequence`, for NDJSON.
    public init(limits: JSONReaderLimits = JSONReaderLimits(), sequence: Bool = false) {
        self.limits = limits
        self.isSequence = sequence
        capacity = 64 << 10
        input = .allocate(capacity: capacity)
    }

    deinit {
        input.deallocate()
    }

    /// How many objects and arrays are open.
    public var depth: Int { containers.count }

    /// Bytes of input consumed so far (the offset of the next token).
    public var offset: Int { base + position }

    /// An RFC 6901 JSON Pointer to the current member or item of each container up to
    /// `level` (0: the outermost): `/Declaration/GoodsShipment/GovernmentAgencyGoodsItem/1`.
    public func pointer(through level: Int) -> String {
        var pointer = ""
        guard level >= 0 else { return pointer }
        for index in 0...min(level, containers.count - 1) {
            if containers.isObject(index) {
                let last = (index + 1 < containers.count ? containers.keyStart(index + 1) : keys.count) - 1
                guard last >= containers.keyStart(index) else { break }
                pointer += "/" + JSONPointer.escape(String(decoding: keys.name(at: last), as: UTF8.self))
            } else {
                guard containers.items(index) > 0 else { break }
                pointer += "/\(containers.items(index) - 1)"
            }
        }
        return pointer
    }

    /// Appends `bytes` to the input.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        let tail = reserve(bytes.count)
        tail.baseAddress!.copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        count += bytes.count
    }

    /// Appends `bytes` to the input.
    public mutating func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { feed($0) }
    }

    /// Lets `fill` write up to `maximum` bytes straight into the input buffer (from a file, say);
    /// `fill` returns how many it wrote (0 at the end, negative on error, which is returned).
    public mutating func feed(upTo maximum: Int, _ fill: (UnsafeMutableRawBufferPointer) -> Int) -> Int {
        let tail = reserve(maximum)
        let written = fill(tail)
        if written > 0 { count += written }
        return written
    }

    /// No more input will come.
    public mutating func finish() { isFinal = true }

    /// Clears everything for a new input, keeping the buffers.
    public mutating func reset() {
        count = 0
        position = 0
        base = 0
        isFinal = false
        line = 1
        lineStart = 0
        containers.removeAll()
        keys.removeAll()
        expect = .value
        started = false
        recovering = false
        failedAtLineEnd = false
        failure = nil
        partialString = false
    }

    /// After an error in a sequence: drops the rest of the line and goes on with the next value.
    public mutating func recoverAtNextLine() {
        failure = nil
        partialString = false
        recovering = !failedAtLineEnd
        failedAtLineEnd = false
        containers.removeAll()
        keys.removeAll()
        expect = .afterTop
    }

    /// Room for `needed` more bytes after the input, dropping what was consumed.
    private mutating func reserve(_ needed: Int) -> UnsafeMutableRawBufferPointer {
        let keep = partialString ? tokenStart : position
        if keep > 0 {
            (input).update(from: input + keep, count: count - keep)
            count -= keep
            position -= keep
            base += keep
            if partialString {
                tokenStart -= keep
                scanPosition -= keep
            }
        }
        if count + needed > capacity {
            var newCapacity = capacity * 2
            while newCapacity < count + needed { newCapacity *= 2 }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            grown.update(from: input, count: count)
            input.deallocate()
            input = grown
            capacity = newCapacity
        }
        return UnsafeMutableRawBufferPointer(start: input + count, count: needed)
    }

    /// The next token.
    public mutating func next() -> JSONToken {
        if failure != nil { return .error }
        if partialString { return resumeString() }
        if !started, let token = checkStart() { return token }
        while true {
            // Whitespace, counting lines.
            while position < count {
                let byte = input[position]
                if byte == 0x20 || byte == 0x09 || byte == 0x0D {
                    position += 1
                } else if byte == 0x0A {
                    if isSequence && containers.count > 0 && !recovering {
                        return failAtLineEnd(
                            "the line ends inside \(containers.topIsObject ? "an object" : "an array") (NDJSON holds one message per line)"
                        )
                    }
                    position += 1
                    line += 1
                    lineStart = base + position
                    if recovering {
                        recovering = false
                        expect = .afterTop
                    }
                } else if recovering {
                    position += 1
                } else {
                    break
                }
            }
            if position == count { return endOfBytes() }
            tokenLine = line
            tokenColumn = base + position - lineStart + 1
            let byte = input[position]
            switch expect {
            case .afterTop:
                guard isSequence else { return fail("unexpected content after the JSON value") }
                expect = .value
                continue
            case .colon:
                guard byte == UInt8(ascii: ":") else { return fail("expected ':' after the member name") }
                position += 1
                expect = .value
                continue
            case .commaOrEnd:
                let inObject = containers.topIsObject
                if byte == UInt8(ascii: ",") {
                    position += 1
                    expect = inObject ? .key : .value
                    continue
                }
                if byte == UInt8(ascii: "}") && inObject { return close(.objectEnd) }
                if byte == UInt8(ascii: "]") && !inObject { return close(.arrayEnd) }
                return fail(inObject ? "expected ',' or '}' after a member" : "expected ',' or ']' after an item")
            case .firstKeyOrEnd, .key:
                if byte == UInt8(ascii: "}") && expect == .firstKeyOrEnd { return close(.objectEnd) }
                guard byte == UInt8(ascii: "\"") else {
                    return fail(
                        expect == .key
                            ? "expected a member name in double quotes after ',' (no trailing commas in JSON)"
                            : "expected a member name in double quotes or '}'")
                }
                return startString(isKey: true)
            case .firstValueOrEnd:
                if byte == UInt8(ascii: "]") { return close(.arrayEnd) }
                return countedValue(byte)
            case .value:
                return countedValue(byte)
            }
        }
    }

    /// The input ran out between tokens.
    private mutating func endOfBytes() -> JSONToken {
        guard isFinal else { return .needMore }
        if recovering { return .endOfInput }
        if containers.count > 0 {
            return fail("the input ends inside \(containers.topIsObject ? "an object" : "an array") (truncated?)")
        }
        if expect == .value && !isSequence { return fail("the input holds no JSON value") }
        return .endOfInput
    }

    /// Before the first token: refuses byte order marks and UTF-16/32 (RFC 8259 §8.1).
    private mutating func checkStart() -> JSONToken? {
        if count < 4 && !isFinal { return .needMore }
        started = true
        if count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF {
            return fail("the input starts with a byte order mark; JSON text must not (RFC 8259 §8.1)")
        }
        if count >= 2, (input[0] == 0xFE && input[1] == 0xFF) || (input[0] == 0xFF && input[1] == 0xFE) {
            return fail("the input starts with a UTF-16 byte order mark; JSON must be UTF-8")
        }
        if count >= 2, input[0] == 0 || input[1] == 0 {
            return fail("the input looks like UTF-16 or UTF-32; JSON must be UTF-8")
        }
        return nil
    }

    /// A value starting with `byte`, counted as an item of the array it is in. A number or a
    /// literal cut by the end of the input so far is read again from its start, so it is not
    /// counted until it is read whole (counting it on every attempt made the JSON Pointers of
    /// what follows depend on where chunks end); a string resumes where it stopped, without
    /// coming back here, so it stays counted.
    private mutating func countedValue(_ byte: UInt8) -> JSONToken {
        containers.countItem()
        let token = value(byte)
        if token == .needMore && !partialString { containers.uncountItem() }
        return token
    }

    /// A value starting with `byte`.
    private mutating func value(_ byte: UInt8) -> JSONToken {
        switch byte {
        case UInt8(ascii: "{"):
            return open(isObject: true)
        case UInt8(ascii: "["):
            return open(isObject: false)
        case UInt8(ascii: "\""):
            return startString(isKey: false)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return number()
        case UInt8(ascii: "t"):
            return literal("true", .trueValue)
        case UInt8(ascii: "f"):
            return literal("false", .falseValue)
        case UInt8(ascii: "n"):
            return literal("null", .null)
        case UInt8(ascii: "]") where expect == .value && containers.count > 0 && !containers.topIsObject:
            return fail("expected a value after ',' (no trailing commas in JSON)")
        default:
            return fail("unexpected \(Self.describe(byte)) where a value should start")
        }
    }

    private mutating func open(isObject: Bool) -> JSONToken {
        guard containers.count < limits.maxDepth else {
            return fail("objects and arrays nest deeper than \(limits.maxDepth) levels", kind: .limit)
        }
        containers.push(isObject: isObject, keyStart: keys.count)
        position += 1
        expect = isObject ? .firstKeyOrEnd : .firstValueOrEnd
        return isObject ? .objectStart : .arrayStart
    }

    private mutating func close(_ token: JSONToken) -> JSONToken {
        if token == .objectEnd { keys.removeObject(at: containers.count - 1, from: containers.topKeyStart) }
        containers.pop()
        position += 1
        expect = containers.count == 0 ? .afterTop : .commaOrEnd
        return token
    }

    /// After a complete value.
    mutating func valueDone() {
        expect = containers.count == 0 ? .afterTop : .commaOrEnd
    }

    private mutating func literal(_ word: StaticString, _ token: JSONToken) -> JSONToken {
        let length = word.utf8CodeUnitCount
        if count - position < length {
            if !isFinal && memcmp(input + position, word.utf8Start, count - position) == 0 { return .needMore }
            return fail("unexpected \(Self.describe(input[position])) where a value should start")
        }
        guard memcmp(input + position, word.utf8Start, length) == 0 else {
            return fail("unexpected \(Self.describe(input[position])) where a value should start")
        }
        position += length
        valueDone()
        return token
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, then a delimiter.
    private mutating func number() -> JSONToken {
        let start = position
        var index = position
        func digits() -> Int {
            let first = index
            while index < count, input[index] >= 0x30, input[index] <= 0x39 { index += 1 }
            return index - first
        }
        if input[index] == UInt8(ascii: "-") { index += 1 }
        let wholeStart = index
        let whole = digits()
        var valid = whole > 0 && !(whole > 1 && input[wholeStart] == UInt8(ascii: "0"))
        if valid, index < count, input[index] == UInt8(ascii: ".") {
            index += 1
            valid = digits() > 0
        }
        if valid, index < count, input[index] == UInt8(ascii: "e") || input[index] == UInt8(ascii: "E") {
            index += 1
            if index < count, input[index] == UInt8(ascii: "+") || input[index] == UInt8(ascii: "-") { index += 1 }
            valid = digits() > 0
        }
        if index - start > limits.maxNumberLength {
            return fail("a number is longer than \(limits.maxNumberLength) characters", kind: .limit)
        }
        if index == count && !isFinal { return .needMore }  // the number may go on in the next chunk
        if valid, index < count {
            let next = input[index]
            valid =
                next == 0x20 || next == 0x09 || next == 0x0A || next == 0x0D || next == UInt8(ascii: ",")
                || next == UInt8(ascii: "}") || next == UInt8(ascii: "]")
        }
        guard valid else {
            return fail("not a JSON number (-? digits, optional .digits, optional e±digits; no leading zeros)")
        }
        text = UnsafeBufferPointer(start: input + start, count: index - start)
        position = index
        valueDone()
        return .number
    }

    /// Stops with an error at the current position.
    mutating func fail(_ message: String, kind: JSONSyntaxError.Kind = .syntax) -> JSONToken {
        let column = base + position - lineStart + 1
        failure = JSONSyntaxError(kind: kind, message: message, line: line, column: column)
        return .error
    }

    /// In a sequence, stops with an error at the line break at `position`, consuming it.
    mutating func failAtLineEnd(_ message: String) -> JSONToken {
        let token = fail(message)
        position += 1
        line += 1
        lineStart = base + position
        failedAtLineEnd = true
        return token
    }

    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }
}
