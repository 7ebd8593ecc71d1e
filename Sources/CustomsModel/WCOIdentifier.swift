/// The identifier of a WCO Data Model data element (`017`, `D026`, `R014`) or class (`42A`).
///
/// WCO IDs are opaque strings; their shape tells what they name:
/// - a class ID ends in a letter (`42A` Declaration, `67A` GoodsShipment);
/// - a data element ID is digits (`017`) or a letter prefix and digits (`D026` documents,
///   `R014` parties, `T005` transport, `L009` locations, `G005` government offices);
/// - IDs that start with `X-` are **unassigned**: placeholders of ours for elements that a
///   dataset needs but for which no public WCO source confirms an ID (see DataModel/README.md).
///
/// ```swift
/// let id: WCOIdentifier = "42A"
/// id.isClass        // true
/// WCOIdentifier("X-CO-01").isUnassigned  // true
/// ```
public struct WCOIdentifier: Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The identifier as written, e.g. `"D026"`.
    public let rawValue: String

    /// Wraps an identifier as written in a definition file.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(stringLiteral value: String) { self.init(value) }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    /// The prefix that marks an identifier as ours rather than WCO's.
    public static let unassignedPrefix = "X-"

    /// True for placeholders of ours (`X-…`) that the WCO has not assigned.
    public var isUnassigned: Bool { rawValue.hasPrefix(Self.unassignedPrefix) }

    /// True when the identifier has the shape of a WCO class ID (digits then a letter, like `42A`).
    /// Unassigned IDs (`X-…`) have no shape rule: the dictionary file that defines them decides.
    public var isClass: Bool {
        guard !isUnassigned, let last = rawValue.unicodeScalars.last, rawValue.count >= 2 else { return false }
        return ("A"..."Z").contains(last) && rawValue.unicodeScalars.first.map { ("0"..."9").contains($0) } == true
    }

    /// True when the identifier has the shape of a WCO ID at all: a class (`42A`), a numeric
    /// element (`017`), a prefixed element (`D026`) or an unassigned placeholder (`X-CO-01`).
    public var isWellFormed: Bool {
        if isUnassigned {
            return rawValue.count > Self.unassignedPrefix.count
                && rawValue.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "-" }
        }
        let scalars = Array(rawValue.unicodeScalars)
        guard (2...5).contains(scalars.count) else { return false }
        if isClass { return scalars.dropLast().allSatisfy(\.isASCIIDigit) }
        let digits = scalars.first!.isASCIIDigit ? scalars[...] : scalars.dropFirst()
        return !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit)
            && (scalars.first!.isASCIIDigit || ("A"..."Z").contains(scalars.first!))
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension Unicode.Scalar {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
    var isASCIIAlphanumeric: Bool { isASCIIDigit || ("A"..."Z").contains(self) || ("a"..."z").contains(self) }
}
