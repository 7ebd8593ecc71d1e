import CustomsModel
import CustomsValidation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Strings and member names: UTF-8 checked byte by byte (RFC 3629 ranges: no overlong forms,
// no encoded surrogates, nothing above U+10FFFF), escapes decoded, surrogate pairs joined. A
// string may span `feed`s: its scan resumes where the last chunk ended.
extension JSONTokenizer {
    mutating func startString(isKey: Bool) -> JSONToken {
        tokenStart = position
        scanPosition = position + 1
        escaped = false
        stringIsKey = isKey
        decoded.removeAll()
        return resumeString()
    }

    mutating func resumeString() -> JSONToken {
        partialString = false
        let contentStart = tokenStart + 1
        var index = scanPosition
        let limit = limits.maxStringLength
        while true {
            let runStart = index
            index = Self.plainRun(input, from: index, to: count)
            if escaped {
                decoded.append(contentsOf: UnsafeBufferPointer(start: input + runStart, count: index - runStart))
            }
            if (escaped ? decoded.count : index - contentStart) > limit {
                // At the opening quote: where the scan noticed depends on where chunks end.
                position = tokenStart
                return fail("a string is longer than \(limit) bytes", kind: .limit)
            }
            guard index < count else { return suspendString(at: index, "the input ends inside a string (truncated?)") }
            let byte = input[index]
            if byte == UInt8(ascii: "\"") {
                break
            } else if byte == UInt8(ascii: "\\") {
                if !escaped {
                    decoded.append(
                        contentsOf: UnsafeBufferPointer(start: input + contentStart, count: index - contentStart))
                    escaped = true
                }
                switch unescape(at: index) {
                case .done(let next): index = next
                case .needMore: return suspendString(at: index, "the input ends inside an escape (truncated?)")
                case .invalid(let message):
                    position = index
                    return fail(message)
                }
            } else if byte < 0x20 {
                position = index
                if byte == 0x0A && isSequence { return failAtLineEnd("the line ends inside a string") }
                return fail(
                    "control character \(Self.describe(byte)) inside a string (write it as an escape, e.g. \\n)")
            } else {
                let length = Self.sequenceLength(input + index, available: count - index)
                if length == 0 {
                    if count - index < 4 && !isFinal && Self.couldContinue(input + index, available: count - index) {
                        return suspendString(at: index, "")
                    }
                    position = index
                    return fail("invalid UTF-8 (\(Self.describe(byte)) does not start a well-formed sequence)")
                }
                if escaped { decoded.append(contentsOf: UnsafeBufferPointer(start: input + index, count: length)) }
                index += length
            }
        }
        text =
            escaped
            ? UnsafeBufferPointer(start: decoded.base, count: decoded.count)
            : UnsafeBufferPointer(start: input + contentStart, count: index - contentStart)
        position = index + 1
        if stringIsKey {
            guard
                keys.add(text, hash: MemberIndex.hash(text), object: containers.count - 1, from: containers.topKeyStart)
            else {
                position = tokenStart
                return fail("duplicate member name \"\(String(decoding: text.prefix(80), as: UTF8.self))\"")
            }
            expect = .colon
            return .key
        }
        valueDone()
        return .string
    }

    /// Where the run of plain bytes (printable ASCII other than `"` and `\`) starting at `start`
    /// ends: eight bytes at a time, then byte by byte for the last few of the input. Strings are
    /// most of a message's bytes, and a byte loop alone took a sixth of JSON validation.
    @inline(__always)
    static func plainRun(_ input: UnsafeMutablePointer<UInt8>, from start: Int, to end: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = start
        while index + 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(input + index).loadUnaligned(as: UInt64.self))
            // High bits of the bytes below 0x20, equal to 0x22 or 0x5C (zero after XOR), or
            // non-ASCII. Borrows can only set bits above a byte that really matches, so the
            // lowest bit set marks the first byte that ends the run.
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let special =
                ((word &- ones &* 0x20) & ~word) | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                | word
            let stops = special & highs
            if stops != 0 { return index + stops.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < end {
            let byte = input[index]
            guard byte >= 0x20, byte < 0x80, byte != 0x22, byte != 0x5C else { break }
            index += 1
        }
        return index
    }

    /// Stops a string scan at `index` until more input comes (or fails if none will).
    private mutating func suspendString(at index: Int, _ truncated: String) -> JSONToken {
        if isFinal {
            position = index
            return fail(truncated.isEmpty ? "invalid UTF-8 at the end of the input" : truncated)
        }
        scanPosition = index
        partialString = true
        return .needMore
    }

    enum Unescaped {
        case done(Int)
        case needMore
        case invalid(String)
    }

    /// Decodes the escape at `index` into `decoded`.
    private mutating func unescape(at index: Int) -> Unescaped {
        guard index + 1 < count else { return .needMore }
        let simple: UInt8
        switch input[index + 1] {
        case UInt8(ascii: "\""): simple = 0x22
        case UInt8(ascii: "\\"): simple = 0x5C
        case UInt8(ascii: "/"): simple = 0x2F
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"):
            guard index + 6 <= count else { return .needMore }
            guard let unit = hex4(at: index + 2) else { return .invalid("\\u must be followed by 4 hex digits") }
            var scalar = unit
            var next = index + 6
            if (0xDC00...0xDFFF).contains(unit) {
                return .invalid("a lone low surrogate \\u\(String(unit, radix: 16, uppercase: true))")
            }
            if (0xD800...0xDBFF).contains(unit) {
                guard index + 12 <= count else {
                    return isFinal ? .invalid("a lone high surrogate at the end of the input") : .needMore
                }
                guard input[index + 6] == UInt8(ascii: "\\"), input[index + 7] == UInt8(ascii: "u"),
                    let low = hex4(at: index + 8), (0xDC00...0xDFFF).contains(low)
                else {
                    return .invalid(
                        "a lone high surrogate \\u\(String(unit, radix: 16, uppercase: true)) (not followed by a low one)"
                    )
                }
                scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                next = index + 12
            }
            appendUTF8(scalar)
            return .done(next)
        default:
            return .invalid(
                "unknown escape \\\(Self.describe(input[index + 1])) (JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)")
        }
        decoded.append(simple)
        return .done(index + 2)
    }

    private func hex4(at index: Int) -> UInt32? {
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = input[index + offset]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            decoded.append(UInt8(scalar))
        case 0x80..<0x800:
            decoded.append(UInt8(0xC0 | scalar >> 6))
            decoded.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            decoded.append(UInt8(0xE0 | scalar >> 12))
            decoded.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            decoded.append(UInt8(0x80 | scalar & 0x3F))
        default:
            decoded.append(UInt8(0xF0 | scalar >> 18))
            decoded.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            decoded.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            decoded.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// The length of the well-formed UTF-8 sequence of 2 to 4 bytes at `bytes`, or 0.
    static func sequenceLength(_ bytes: UnsafeMutablePointer<UInt8>, available: Int) -> Int {
        let lead = bytes[0]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return 0
        }
        guard available >= length, (low...high).contains(bytes[1]) else { return 0 }
        for offset in 2..<length where !(0x80...0xBF).contains(bytes[offset]) { return 0 }
        return length
    }

    /// True when the bytes at the end of the input may be the start of a sequence cut by the
    /// chunk boundary.
    static func couldContinue(_ bytes: UnsafeMutablePointer<UInt8>, available: Int) -> Bool {
        let expected: Int
        switch bytes[0] {
        case 0xC2...0xDF: expected = 2
        case 0xE0...0xEF: expected = 3
        case 0xF0...0xF4: expected = 4
        default: return false
        }
        guard available < expected else { return false }
        for offset in 1..<available where !(0x80...0xBF).contains(bytes[offset]) { return false }
        return true
    }
}
