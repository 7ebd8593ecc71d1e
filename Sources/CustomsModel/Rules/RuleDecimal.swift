/// An exact decimal number for business rules: a 128-bit significand and a count of decimal
/// places (`12.50` is 1250 with scale 2), enough for 38 digits, where customs amounts need at
/// most 22 (`n..16,6`). Hand-written rather than Foundation's `Decimal`: the rule types live in
/// modules that also import libxml2, and a target that sees both Foundation and libxml2's ICU
/// headers does not build (see ../shared/SWIFT-NOTES.md). Arithmetic that would overflow gives
/// nil, which the rules treat as NaN; division keeps 18 decimal places (truncated).
public struct RuleDecimal: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The value times 10^scale.
    public let significand: Int128
    /// Decimal places, 0 to `maximumScale`.
    public let scale: Int

    /// The most decimal places a result keeps.
    public static let maximumScale = 18

    /// `significand` / 10^`scale`.
    public init(significand: Int128, scale: Int) {
        self.significand = significand
        self.scale = scale
    }

    /// A whole number.
    public init(_ value: Int) { self.init(significand: Int128(value), scale: 0) }

    /// Reads `-? digits (. digits)?` (also `.5` and `5.`), nil for anything else or more than
    /// 38 digits. Inlinable: rules parse numbers at every comparison, and across modules an
    /// unspecialized generic walked the text through protocol witnesses.
    @inlinable
    public init?(parsing text: some StringProtocol) {
        var bytes = Substring(text).utf8[...]
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { bytes = bytes.dropFirst() }
        var significand: Int128 = 0
        var digits = 0
        var scale = -1
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard scale < 0 else { return nil }
                scale = 0
                continue
            }
            guard byte >= 0x30 && byte <= 0x39, digits < 38 else { return nil }
            digits += 1
            if scale >= 0 { scale += 1 }
            significand = significand * 10 + Int128(byte - 0x30)
        }
        guard digits > 0 else { return nil }
        self.init(significand: negative ? -significand : significand, scale: max(0, scale))
    }

    /// Written as its text (`12.5`): every encoder handles a string, while a 128-bit integer
    /// is one that the snapshot cache's encoder (and many others) cannot write.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = RuleDecimal(parsing: text) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "not a decimal: \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var isZero: Bool { significand == 0 }

    public var description: String {
        let negative = significand < 0
        var digits = String(significand.magnitude)
        guard scale > 0 else { return (negative ? "-" : "") + digits }
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        var whole = String(digits.dropLast(scale))
        var fraction = String(digits.suffix(scale))
        while fraction.last == "0" { fraction.removeLast() }
        if whole.isEmpty { whole = "0" }
        return (negative ? "-" : "") + whole + (fraction.isEmpty ? "" : "." + fraction)
    }

    static func power(_ exponent: Int) -> Int128? {
        var result: Int128 = 1
        for _ in 0..<exponent {
            let (next, overflow) = result.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            result = next
        }
        return result
    }

    /// The significand at a larger scale, nil on overflow.
    func significand(at target: Int) -> Int128? {
        guard target >= scale, let factor = Self.power(target - scale) else { return nil }
        let (value, overflow) = significand.multipliedReportingOverflow(by: factor)
        return overflow ? nil : value
    }

    /// Both significands at the larger of the two scales.
    static func aligned(_ a: RuleDecimal, _ b: RuleDecimal) -> (Int128, Int128, Int)? {
        let scale = max(a.scale, b.scale)
        guard let x = a.significand(at: scale), let y = b.significand(at: scale) else { return nil }
        return (x, y, scale)
    }

    public static func + (a: RuleDecimal, b: RuleDecimal) -> RuleDecimal? {
        guard let (x, y, scale) = aligned(a, b) else { return nil }
        let (sum, overflow) = x.addingReportingOverflow(y)
        return overflow ? nil : RuleDecimal(significand: sum, scale: scale)
    }

    public static func - (a: RuleDecimal, b: RuleDecimal) -> RuleDecimal? {
        a + RuleDecimal(significand: -b.significand, scale: b.scale)
    }

    public static func * (a: RuleDecimal, b: RuleDecimal) -> RuleDecimal? {
        let (product, overflow) = a.significand.multipliedReportingOverflow(by: b.significand)
        guard !overflow else { return nil }
        return RuleDecimal(significand: product, scale: a.scale + b.scale).reduced()
    }

    /// `a / b` with `maximumScale` decimal places, truncated; nil for a zero divisor.
    public static func / (a: RuleDecimal, b: RuleDecimal) -> RuleDecimal? {
        guard !b.isZero else { return nil }
        // a/b = (x / 10^sa) / (y / 10^sb); scaled so the quotient has maximumScale places.
        let shift = maximumScale - a.scale + b.scale
        var x = a.significand
        if shift > 0 {
            guard let scaled = a.significand(at: a.scale + shift) else { return nil }
            x = scaled
        }
        var quotient = x / b.significand
        if shift < 0, let factor = power(-shift) { quotient /= factor }
        return RuleDecimal(significand: quotient, scale: maximumScale).reduced()
    }

    /// The remainder of `a / b` truncated toward zero (XPath's `mod`), nil for a zero divisor.
    public static func % (a: RuleDecimal, b: RuleDecimal) -> RuleDecimal? {
        guard !b.isZero, let (x, y, scale) = aligned(a, b) else { return nil }
        return RuleDecimal(significand: x % y, scale: scale)
    }

    public static prefix func - (a: RuleDecimal) -> RuleDecimal {
        RuleDecimal(significand: -a.significand, scale: a.scale)
    }

    /// The same value with trailing zero places dropped (`1.50` → `1.5`), so that scales stay
    /// small through repeated arithmetic.
    func reduced() -> RuleDecimal {
        var significand = self.significand
        var scale = self.scale
        while scale > 0 && significand % 10 == 0 {
            significand /= 10
            scale -= 1
        }
        if scale > Self.maximumScale, let factor = Self.power(scale - Self.maximumScale) {
            return RuleDecimal(significand: significand / factor, scale: Self.maximumScale)
        }
        return RuleDecimal(significand: significand, scale: scale)
    }

    public static func == (a: RuleDecimal, b: RuleDecimal) -> Bool {
        guard let (x, y, _) = aligned(a, b) else {
            return a.reduced().significand == b.reduced().significand && a.reduced().scale == b.reduced().scale
        }
        return x == y
    }

    public func hash(into hasher: inout Hasher) {
        let canonical = reduced()
        hasher.combine(canonical.significand)
        hasher.combine(canonical.scale)
    }

    public static func < (a: RuleDecimal, b: RuleDecimal) -> Bool {
        if let (x, y, _) = aligned(a, b) { return x < y }
        // Too far apart to align: compare the whole parts, then the signs tell.
        let wholeA = a.significand / (power(a.scale) ?? 1)
        let wholeB = b.significand / (power(b.scale) ?? 1)
        return wholeA < wholeB
    }
}

extension RuleDecimal: ExpressibleByIntegerLiteral {
    /// A whole number written as a literal.
    public init(integerLiteral value: Int) { self.init(value) }
}
