/// A value type as an XSD simple type defines it: a built-in base type (which fixes the
/// lexical form and the whitespace rule) narrowed by facets. Imported schemas describe their
/// values this way; packages written in our YAML use WCO formats (`an..35`) instead.
///
/// Facets from several restriction steps combine as XSD combines them: lengths and digits take
/// the tightest value, enumerations the last step's, and patterns are kept one per step — every
/// step's pattern must match (a step with several `xs:pattern`s is one alternation).
public struct XSDValueType: Sendable, Hashable, Codable {
    /// The built-in types the importer supports.
    public enum Builtin: String, Sendable, Hashable, Codable, CaseIterable {
        case string, normalizedString, token, language, anyURI
        case decimal, integer, nonNegativeInteger, positiveInteger, nonPositiveInteger, negativeInteger
        case long, int, short, byte, unsignedLong, unsignedInt, unsignedShort, unsignedByte
        case boolean, date, dateTime, time

        /// The built-in that `xs:<name>` names, if supported.
        public init?(xsdName: String) { self.init(rawValue: xsdName) }

        /// True for the decimal family (integers included).
        public var isNumeric: Bool {
            switch self {
            case .string, .normalizedString, .token, .language, .anyURI, .boolean, .date, .dateTime, .time: false
            default: true
            }
        }

        /// True for the integer types (no decimal point in their lexical form).
        public var isInteger: Bool { isNumeric && self != .decimal }

        /// True for types whose length facets count characters.
        public var hasLength: Bool {
            switch self {
            case .string, .normalizedString, .token, .language, .anyURI: true
            default: false
            }
        }

        /// The whitespace rule of the type.
        public var whitespace: Whitespace {
            switch self {
            case .string: .preserve
            case .normalizedString: .replace
            default: .collapse
            }
        }

        /// The value range the integer types imply, as decimal strings.
        public var impliedBounds: (min: String?, max: String?) {
            switch self {
            case .nonNegativeInteger, .unsignedLong, .unsignedInt, .unsignedShort, .unsignedByte:
                (
                    "0",
                    [
                        .unsignedLong: "18446744073709551615", .unsignedInt: "4294967295", .unsignedShort: "65535",
                        .unsignedByte: "255",
                    ][self]
                )
            case .positiveInteger: ("1", nil)
            case .nonPositiveInteger: (nil, "0")
            case .negativeInteger: (nil, "-1")
            case .long: ("-9223372036854775808", "9223372036854775807")
            case .int: ("-2147483648", "2147483647")
            case .short: ("-32768", "32767")
            case .byte: ("-128", "127")
            default: (nil, nil)
            }
        }
    }

    /// XSD's `whiteSpace` rules, weakest first.
    public enum Whitespace: Int, Sendable, Hashable, Codable, Comparable {
        /// Kept as it is.
        case preserve
        /// Tabs and line breaks become spaces.
        case replace
        /// As `replace`, then runs of spaces become one and the ends are trimmed.
        case collapse

        public static func < (a: Whitespace, b: Whitespace) -> Bool { a.rawValue < b.rawValue }
    }

    /// The built-in base.
    public var builtin: Builtin
    /// The whitespace rule (the base's, or stricter through a `whiteSpace` facet).
    public var whitespace: Whitespace
    /// Least length in characters.
    public var minLength: Int?
    /// Greatest length in characters.
    public var maxLength: Int?
    /// Most significant digits.
    public var totalDigits: Int?
    /// Most digits after the decimal point.
    public var fractionDigits: Int?
    /// Allowed values (after whitespace processing), when enumerated.
    public var enumeration: [String]?
    /// One pattern per restriction step that has any; all must match.
    public var patterns: [XSDPattern]
    /// Decimal bounds, as written in the schema.
    public var minInclusive: String?
    /// See `minInclusive`.
    public var maxInclusive: String?
    /// See `minInclusive`.
    public var minExclusive: String?
    /// See `minInclusive`.
    public var maxExclusive: String?

    /// The unrestricted built-in type.
    public init(builtin: Builtin) {
        self.builtin = builtin
        self.whitespace = builtin.whitespace
        self.patterns = []
        let bounds = builtin.impliedBounds
        self.minInclusive = bounds.min
        self.maxInclusive = bounds.max
        if builtin.isInteger { fractionDigits = 0 }
    }
}

extension XSDValueType {
    /// A compact description for people: `token 1..3 {9,13,14} /([0-9])*/`, `decimal 16,6 >0`.
    public var summary: String {
        var parts = [builtin.rawValue + (whitespace > builtin.whitespace ? "(\(whitespace))" : "")]
        switch (minLength, maxLength) {
        case (nil, nil): break
        case (let low?, let high?) where low == high: parts.append("=\(low)")
        case (let low, let high): parts.append("\(low ?? 0)..\(high.map(String.init) ?? "n")")
        }
        let implied = XSDValueType(builtin: builtin)
        if totalDigits != implied.totalDigits || fractionDigits != implied.fractionDigits {
            // As in WCO notation: total digits, then the decimals (none shown for integers).
            let decimals = builtin.isInteger ? nil : fractionDigits
            parts.append("\(totalDigits.map(String.init) ?? "n")\(decimals.map { ",\($0)" } ?? "")")
        }
        if minInclusive != implied.minInclusive, let bound = minInclusive { parts.append("≥\(bound)") }
        if maxInclusive != implied.maxInclusive, let bound = maxInclusive { parts.append("≤\(bound)") }
        if let bound = minExclusive { parts.append(">\(bound)") }
        if let bound = maxExclusive { parts.append("<\(bound)") }
        if let enumeration { parts.append("{\(enumeration.joined(separator: ","))}") }
        for pattern in patterns { parts.append("/\(pattern.source)/") }
        return parts.joined(separator: " ")
    }
}
