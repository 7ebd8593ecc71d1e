/// The security limits of the JSON reader. Defaults suit customs messages (a large declaration
/// is a few MB) and stop hostile input at once; each is configurable.
public struct JSONReaderLimits: Sendable {
    /// Deepest nesting of objects and arrays.
    public var maxDepth: Int = 256
    /// Longest string (a key or a value), in bytes after unescaping.
    public var maxStringLength: Int = 10 << 20
    /// Longest number, in characters (values are strings in the binding; a number only earns a
    /// finding, and one of 10,000 digits is refused outright).
    public var maxNumberLength: Int = 256
    /// Largest message (for NDJSON: one line), in bytes.
    public var maxMessageSize: Int = 1 << 30

    /// The defaults.
    public init() {}
}
