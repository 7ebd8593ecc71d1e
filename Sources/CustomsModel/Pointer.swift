/// A WCO DM pointer: an element named by its class path, such as `42A/67A/68A/03A/226`
/// (the statement code of an additional-information line of a goods item of the goods shipment
/// of a declaration). National systems quote pointers in error messages.
///
/// A segment is a WCO ID (`42A`, `226`) or, for a national addition, its XML tag.
public struct Pointer: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The path segments from the root class down.
    public let segments: [String]

    /// Creates a pointer from its segments.
    public init(_ segments: [String]) { self.segments = segments }

    /// Reads `42A/67A/68A/03A/226`; empty segments (`42A//226`) make it nil.
    public init?(parsing text: String) {
        let parts = text.trimmingASCIIWhitespace().split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        self.init(parts.map(String.init))
    }

    /// The pointer of a child named `segment`.
    public func appending(_ segment: String) -> Pointer { Pointer(segments + [segment]) }

    /// The pointer of the parent, or nil at the root.
    public var parent: Pointer? { segments.count > 1 ? Pointer(Array(segments.dropLast())) : nil }

    /// The last segment: the ID of the node it names.
    public var last: String { segments.last ?? "" }

    /// True when `self` names `other` or one of its ancestors.
    public func isPrefix(of other: Pointer) -> Bool {
        segments.count <= other.segments.count && Array(other.segments.prefix(segments.count)) == segments
    }

    public var description: String { segments.joined(separator: "/") }

    /// The WCO ID a segment is made from: `L110` for `L110`, `L110(Name)` and
    /// `42A{urn:…}(Declaration)`, the qualifiers that imported schemas' reused IDs get.
    public static func plainID(of segment: String) -> Substring {
        segment.prefix { $0 != "(" && $0 != "{" }
    }

    /// True when a node's `segment` answers the pointer segment `query`: the same, or `query`
    /// is a plain ID and `segment` that ID qualified.
    public static func segment(_ segment: String, matches query: String) -> Bool {
        segment == query || (plainID(of: query) == query && plainID(of: segment) == query)
    }

    public static func < (lhs: Pointer, rhs: Pointer) -> Bool { lhs.description < rhs.description }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let pointer = Pointer(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "bad pointer '\(text)'"))
        }
        self = pointer
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
