/// The security limits of the XML reader. Defaults suit customs messages (a large declaration
/// is a few MB) and stop hostile input at once; each limit is configurable.
///
/// Always on, not configurable: no network, no DTD loading, no external entities, no entity
/// expansion — a document with a DOCTYPE is refused.
public struct XMLReaderLimits: Sendable {
    /// Deepest element nesting. The push parser does not enforce libxml2's own limit, so the
    /// reader does. Cost: none.
    public var maxDepth: Int = 256
    /// Longest text of one element, in bytes. Cost: none.
    public var maxTextLength: Int = 10 << 20
    /// Longest attribute value, in bytes.
    public var maxAttributeLength: Int = 1 << 20
    /// Most elements in one message.
    public var maxElements: Int = 5_000_000
    /// Largest message, in bytes.
    public var maxMessageSize: Int = 1 << 30

    /// The defaults.
    public init() {}
}
