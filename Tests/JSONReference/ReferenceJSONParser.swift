import CustomsJSON

/// A deliberately plain RFC 8259 parser, the reference our streaming `JSONTokenizer` is fuzzed
/// and tested against: recursive descent over the whole input, one rule per grammar production,
/// no buffers, no speed tricks. It adds the rules the tokenizer adds to RFC 8259 — UTF-8 only
/// (no byte order mark), no lone surrogate in an escape, no duplicate member name (compared
/// after unescaping, byte for byte), and the limits of `JSONReaderLimits` — and writes what it
/// reads as a `JSONTrace`, in the tokenizer's own order.
public struct ReferenceJSONParser {
    let bytes: [UInt8]
    let limits: JSONReaderLimits
    var index = 0
    var depth = 0
    var trace = JSONTrace()

    /// Why parsing stopped.
    struct Stop: Error {
        let kind: JSONSyntaxError.Kind
    }

    /// The trace of `bytes` as one JSON text.
    public static func trace(_ bytes: [UInt8], limits: JSONReaderLimits = JSONReaderLimits()) -> JSONTrace {
        var parser = ReferenceJSONParser(bytes: bytes, limits: limits)
        do {
            guard bytes.count <= limits.maxMessageSize else { throw Stop(kind: .limit) }
            // UTF-16 and UTF-32 JSON (a zero byte in the first two) is refused as such at once.
            if bytes.prefix(2).contains(0) { throw Stop(kind: .syntax) }
            parser.skipWhitespace()
            try parser.value()
            parser.skipWhitespace()
            guard parser.index == bytes.count else { throw Stop(kind: .syntax) }
        } catch let stop as Stop {
            parser.trace.failure = stop.kind
        } catch {
            parser.trace.failure = .syntax
        }
        return parser.trace
    }

    /// Limits small enough for test and fuzz inputs to reach each of them: depth 6, strings of
    /// 40 bytes, numbers of 12 characters.
    public static let smallLimits: JSONReaderLimits = {
        var limits = JSONReaderLimits()
        limits.maxDepth = 6
        limits.maxStringLength = 40
        limits.maxNumberLength = 12
        return limits
    }()

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    mutating func value() throws {
        switch current {
        case UInt8(ascii: "{"): try object()
        case UInt8(ascii: "["): try array()
        case UInt8(ascii: "\""): trace.tokens.append("s:" + String(decoding: try string(), as: UTF8.self))
        case UInt8(ascii: "t"): try literal("true", token: "trueValue")
        case UInt8(ascii: "f"): try literal("false", token: "falseValue")
        case UInt8(ascii: "n"): try literal("null", token: "null")
        default: try number()
        }
    }

    mutating func literal(_ word: String, token: String) throws {
        for byte in word.utf8 {
            guard current == byte else { throw Stop(kind: .syntax) }
            index += 1
        }
        trace.tokens.append(token)
    }

    mutating func enter(_ token: String) throws {
        depth += 1
        guard depth <= limits.maxDepth else { throw Stop(kind: .limit) }
        index += 1
        trace.tokens.append(token)
        skipWhitespace()
    }

    mutating func object() throws {
        var names: Set<[UInt8]> = []
        try container("objectStart", "objectEnd", closing: UInt8(ascii: "}")) { parser in
            guard parser.current == UInt8(ascii: "\"") else { throw Stop(kind: .syntax) }
            let name = try parser.string()
            guard names.insert(name).inserted else { throw Stop(kind: .syntax) }
            parser.trace.tokens.append("key:" + String(decoding: name, as: UTF8.self))
            parser.skipWhitespace()
            guard parser.current == UInt8(ascii: ":") else { throw Stop(kind: .syntax) }
            parser.index += 1
            parser.skipWhitespace()
            try parser.value()
        }
    }

    mutating func array() throws {
        try container("arrayStart", "arrayEnd", closing: UInt8(ascii: "]")) { try $0.value() }
    }

    /// An object or an array from its opening bracket: `item`s separated by commas up to
    /// `closing` (none at all, or no trailing comma).
    mutating func container(
        _ startToken: String, _ endToken: String, closing: UInt8, item: (inout ReferenceJSONParser) throws -> Void
    ) throws {
        try enter(startToken)
        if current == closing {
            index += 1
        } else {
            while true {
                try item(&self)
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    index += 1
                    skipWhitespace()
                    continue
                }
                guard current == closing else { throw Stop(kind: .syntax) }
                index += 1
                break
            }
        }
        depth -= 1
        trace.tokens.append(endToken)
    }

    /// RFC 8259 section 6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, ending at a
    /// delimiter ("01" and "0x10" are one bad token, not "0" and an error). The length limit
    /// applies first, to the run read as one number: the sign and digits, then the fraction and
    /// the exponent for as long as the number is valid so far (a 10,000-digit run is refused
    /// as too long, whatever follows).
    mutating func number() throws {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        let wholeStart = index
        let whole = digits()
        var valid = whole > 0 && !(whole > 1 && bytes[wholeStart] == UInt8(ascii: "0"))
        if valid && current == UInt8(ascii: ".") {
            index += 1
            valid = digits() > 0
        }
        if valid && (current == UInt8(ascii: "e") || current == UInt8(ascii: "E")) {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            valid = digits() > 0
        }
        guard index - start <= limits.maxNumberLength else { throw Stop(kind: .limit) }
        guard valid, current.map(Self.isDelimiter) ?? true else { throw Stop(kind: .syntax) }
        trace.tokens.append("n:" + String(decoding: bytes[start..<index], as: UTF8.self))
    }

    static func isDelimiter(_ byte: UInt8) -> Bool { Array(" \t\r\n,]}".utf8).contains(byte) }

    mutating func digits() -> Int {
        let start = index
        while let byte = current, byte >= 0x30 && byte <= 0x39 { index += 1 }
        return index - start
    }

    /// A string from its opening quote: its unescaped bytes.
    mutating func string() throws -> [UInt8] {
        index += 1
        var result: [UInt8] = []
        while true {
            guard let byte = current else { throw Stop(kind: .syntax) }
            if byte == UInt8(ascii: "\"") {
                index += 1
                break
            }
            if byte < 0x20 { throw Stop(kind: .syntax) }
            if byte == UInt8(ascii: "\\") {
                index += 1
                try escape(into: &result)
            } else if byte < 0x80 {
                result.append(byte)
                index += 1
            } else {
                try utf8Scalar(into: &result)
            }
            guard result.count <= limits.maxStringLength else { throw Stop(kind: .limit) }
        }
        return result
    }

    mutating func escape(into result: inout [UInt8]) throws {
        guard let byte = current else { throw Stop(kind: .syntax) }
        index += 1
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F, UInt8(ascii: "b"): 0x08,
            UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
        ]
        if let decoded = simple[byte] {
            result.append(decoded)
            return
        }
        guard byte == UInt8(ascii: "u") else { throw Stop(kind: .syntax) }
        var scalar = try hex4()
        if scalar >= 0xDC00 && scalar <= 0xDFFF { throw Stop(kind: .syntax) }
        if scalar >= 0xD800 && scalar <= 0xDBFF {
            guard current == UInt8(ascii: "\\") else { throw Stop(kind: .syntax) }
            index += 1
            guard current == UInt8(ascii: "u") else { throw Stop(kind: .syntax) }
            index += 1
            let low = try hex4()
            guard low >= 0xDC00 && low <= 0xDFFF else { throw Stop(kind: .syntax) }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        result.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
    }

    mutating func hex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = Self.hexValue(byte) else { throw Stop(kind: .syntax) }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte - 0x30)
        case 0x41...0x46: UInt32(byte - 0x41 + 10)
        case 0x61...0x66: UInt32(byte - 0x61 + 10)
        default: nil
        }
    }

    /// One multi-byte UTF-8 sequence, decoded by the standard library's own decoder (a second
    /// opinion to the tokenizer's hand-written check): well-formed, shortest form, no
    /// surrogates, at most U+10FFFF.
    mutating func utf8Scalar(into result: inout [UInt8]) throws {
        let lead = bytes[index]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard index + length <= bytes.count else { throw Stop(kind: .syntax) }
        let sequence = Array(bytes[index..<index + length])
        var decoder = UTF8()
        var iterator = sequence.makeIterator()
        guard case .scalarValue = decoder.decode(&iterator), iterator.next() == nil else { throw Stop(kind: .syntax) }
        result.append(contentsOf: sequence)
        index += length
    }
}
