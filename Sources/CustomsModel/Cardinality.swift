/// How often a node may occur under its parent: `0..1`, `1`, `0..n`, `1..999`.
///
/// Written `min..max` in definition files; `n` (or `*`) is unbounded, and a single number means
/// exactly that many.
public struct Cardinality: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The least number of occurrences.
    public let min: Int
    /// The greatest number of occurrences, or nil for unbounded.
    public let max: Int?

    /// Creates a cardinality; `max == nil` means unbounded.
    public init(min: Int, max: Int?) {
        self.min = min
        self.max = max
    }

    /// `0..1`, the default of every node.
    public static let optional = Cardinality(min: 0, max: 1)
    /// `1`, exactly once.
    public static let required = Cardinality(min: 1, max: 1)

    /// True when the node must occur at least once.
    public var isRequired: Bool { min > 0 }
    /// True when the node may occur more than once.
    public var isRepeating: Bool { max.map { $0 > 1 } ?? true }

    /// Why a cardinality could not be read.
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        /// The text is not of the form `min..max`, `n` or a number.
        case malformed(String)
        /// `min` is greater than `max`.
        case minGreaterThanMax(min: Int, max: Int)

        public var description: String {
            switch self {
            case .malformed(let text): "cardinality '\(text)' is not of the form 0..1, 1, 0..n or 1..999"
            case .minGreaterThanMax(let min, let max): "min (\(min)) is greater than max (\(max))"
            }
        }
    }

    /// Reads `0..1`, `1`, `0..n`, `0..*`, `1..999`.
    public static func parse(_ text: String) throws(ParseError) -> Cardinality {
        let trimmed = String(text.trimmingASCIIWhitespace())
        let parts = trimmed.split(separator: "..", omittingEmptySubsequences: false).map(String.init)
        func bound(_ part: String) -> Int?? {
            if part == "n" || part == "*" || part == "unbounded" { return .some(nil) }
            guard let value = Int(part), value >= 0 else { return nil }
            return .some(value)
        }
        switch parts.count {
        case 1:
            guard let value = Int(trimmed), value >= 0 else { throw .malformed(text) }
            return Cardinality(min: value, max: value)
        case 2:
            guard let min = Int(parts[0]), min >= 0, let max = bound(parts[1]) else { throw .malformed(text) }
            if let max, max < min { throw .minGreaterThanMax(min: min, max: max) }
            if max == 0 { throw .malformed(text) }
            return Cardinality(min: min, max: max)
        default:
            throw .malformed(text)
        }
    }

    /// `min..max`, with `n` for unbounded; a fixed count is written once (`1`).
    public var description: String {
        if let max, max == min { return String(min) }
        return "\(min)..\(max.map(String.init) ?? "n")"
    }

    /// True when every count this allows is also allowed by `base` (a tightening).
    public func isWithin(_ base: Cardinality) -> Bool {
        guard min >= base.min else { return false }
        switch (max, base.max) {
        case (_, nil): return true
        case (nil, .some): return false
        case (.some(let mine), .some(let theirs)): return mine <= theirs
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try Cardinality.parse(text) } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
