/// A parsed JSON value, for the places that need a whole document (conversion, tests); validation
/// streams tokens instead. Member order is kept.
public indirect enum JSONValue: Sendable, Equatable {
    case string(String)
    /// A number, as written.
    case number(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    public static func == (left: JSONValue, right: JSONValue) -> Bool {
        switch (left, right) {
        case (.string(let a), .string(let b)), (.number(let a), .number(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// Parses `bytes` (strict RFC 8259, the tokenizer's limits).
    public static func parse(
        _ bytes: [UInt8], limits: JSONReaderLimits = JSONReaderLimits()
    ) throws(JSONSyntaxError)
        -> JSONValue
    {
        var tokenizer = JSONTokenizer(limits: limits)
        tokenizer.feed(bytes)
        tokenizer.finish()
        let value = try parseValue(&tokenizer, tokenizer.next())
        let end = tokenizer.next()
        if end == .error { throw tokenizer.failure! }
        return value
    }

    private static func parseValue(
        _ tokenizer: inout JSONTokenizer, _ token: JSONToken
    ) throws(JSONSyntaxError)
        -> JSONValue
    {
        switch token {
        case .string: return .string(String(decoding: tokenizer.text, as: UTF8.self))
        case .number: return .number(String(decoding: tokenizer.text, as: UTF8.self))
        case .trueValue: return .bool(true)
        case .falseValue: return .bool(false)
        case .null: return .null
        case .arrayStart:
            var items: [JSONValue] = []
            while true {
                let next = tokenizer.next()
                if next == .arrayEnd { return .array(items) }
                items.append(try parseValue(&tokenizer, next))
            }
        case .objectStart:
            var members: [(key: String, value: JSONValue)] = []
            while true {
                let next = tokenizer.next()
                if next == .objectEnd { return .object(members) }
                guard next == .key else { return try parseValue(&tokenizer, next) }  // .error: thrown below
                let key = String(decoding: tokenizer.text, as: UTF8.self)
                members.append((key, try parseValue(&tokenizer, tokenizer.next())))
            }
        default:
            throw tokenizer.failure
                ?? JSONSyntaxError(
                    kind: .syntax, message: "unexpected end of input", line: tokenizer.tokenLine,
                    column: tokenizer.tokenColumn)
        }
    }

    /// The value as compact JSON text.
    public var text: String {
        var output = ""
        JSONText.write(self, into: &output, indent: nil, depth: 0)
        return output
    }
}

/// Writing JSON text.
public enum JSONText {
    static func write(_ value: JSONValue, into output: inout String, indent: Int?, depth: Int) {
        switch value {
        case .string(let string): quote(string, into: &output)
        case .number(let number): output += number
        case .bool(let flag): output += flag ? "true" : "false"
        case .null: output += "null"
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                newline(&output, indent, depth + 1)
                write(item, into: &output, indent: indent, depth: depth + 1)
            }
            if !items.isEmpty { newline(&output, indent, depth) }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { output += "," }
                newline(&output, indent, depth + 1)
                quote(member.key, into: &output)
                output += indent == nil ? ":" : ": "
                write(member.value, into: &output, indent: indent, depth: depth + 1)
            }
            if !members.isEmpty { newline(&output, indent, depth) }
            output += "}"
        }
    }

    private static func newline(_ output: inout String, _ indent: Int?, _ depth: Int) {
        guard let indent else { return }
        output += "\n" + String(repeating: " ", count: indent * depth)
    }

    /// `string` as a JSON string: `"` and `\` escaped, control characters as escapes, the rest
    /// as UTF-8.
    static func quote(_ string: String, into output: inout String) {
        // Most values need no escape: appended whole (scalar by scalar cost more than the rest
        // of writing a mapped message).
        if !needsEscape(string) {
            output += "\""
            output += string
            output += "\""
            return
        }
        var bytes: [UInt8] = []
        appendQuoted(string, to: &bytes)
        output += String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `string` holds a quote, a backslash or a control character.
    private static func needsEscape(_ string: String) -> Bool {
        string.utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
    }

    /// Appends `string` as a JSON string to `bytes`: `"` and `\` escaped, control characters as
    /// escapes (`\n`, `\u001f`), the rest as UTF-8. The one place JSON strings are written.
    public static func appendQuoted(_ string: String, to bytes: inout [UInt8]) {
        bytes.append(0x22)
        // Most strings need no escape: copied whole.
        if !needsEscape(string) {
            bytes.append(contentsOf: string.utf8)
            bytes.append(0x22)
            return
        }
        for byte in string.utf8 {
            switch byte {
            case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
            case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
            case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
            case 0x08: bytes.append(contentsOf: [0x5C, 0x62])
            case 0x0C: bytes.append(contentsOf: [0x5C, 0x66])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(0x22)
    }
}
