/// What `JSONTokenizer.next()` found.
public enum JSONToken: UInt8, Sendable {
    /// `{`
    case objectStart
    /// `}`
    case objectEnd
    /// `[`
    case arrayStart
    /// `]`
    case arrayEnd
    /// A member name; its unescaped bytes are `JSONTokenizer.text`.
    case key
    /// A string value; its unescaped bytes are `JSONTokenizer.text`.
    case string
    /// A number, as written (`JSONTokenizer.text`).
    case number
    /// `true`
    case trueValue
    /// `false`
    case falseValue
    /// `null`
    case null
    /// The bytes given so far end inside a token: feed more, or finish.
    case needMore
    /// The input is finished and complete.
    case endOfInput
    /// The input breaks RFC 8259 or a limit: see `JSONTokenizer.failure`.
    case error
}

/// Why the tokenizer stopped.
public struct JSONSyntaxError: Error, Sendable, Equatable {
    /// Whether a limit or the grammar (or the encoding) was broken.
    public enum Kind: Sendable, Equatable {
        /// Not RFC 8259 JSON (or not UTF-8).
        case syntax
        /// A `JSONReaderLimits` limit.
        case limit
    }

    /// Which kind.
    public let kind: Kind
    /// What is wrong, for people.
    public let message: String
    /// 1-based line.
    public let line: Int
    /// 1-based column, in bytes.
    public let column: Int
}
