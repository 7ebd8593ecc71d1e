import CustomsModel

/// How an element's text is checked. The rules are those of the XSD that `customs export xsd`
/// writes for the same format, so that our verdicts and an XSD validator's agree:
///
/// | format | coded | XSD type | check here |
/// |---|---|---|---|
/// | `an..35` | no | `xs:string`, min/maxLength | length in characters, whitespace kept |
/// | `an..3` | yes | `xs:token`, length, enumeration | collapsed, length, code |
/// | `a2` | either | pattern `[A-Za-z]{2}` | letters (collapsed when coded) |
/// | `n1`, coded `n..2` | | `xs:token`, pattern `[0-9]{1,2}` | collapsed digits |
/// | `n..16,3`, `n..5` | no | `xs:decimal`, totalDigits, fractionDigits | collapsed decimal, value-space digit counts |
///
/// A final class, not a struct: the validation hot path calls it once per value through an
/// unretained reference, where a struct of sets and arrays was copied (retaining each) per call.
public final class ValueRule: Sendable {
    /// The lexical shape a value must have.
    public enum Shape: Sendable, Equatable {
        /// Any characters, `min...max` of them.
        case text(min: Int, max: Int)
        /// ASCII letters, `min...max` of them.
        case letters(min: Int, max: Int)
        /// ASCII digits, `min...max` of them.
        case digits(min: Int, max: Int)
        /// An XSD decimal with at most `total` significant digits, `fraction` after the point.
        case decimal(total: Int, fraction: Int)
        /// An imported XSD simple type (its enumeration and patterns are `codes` and `patterns`).
        case xsd(XSDValueType)
    }

    /// The shape.
    public let shape: Shape
    /// True when whitespace is collapsed before checking (XSD token and decimal types).
    public let collapsesWhitespace: Bool
    /// True when tabs and line breaks become spaces before checking (`xs:normalizedString`).
    public let replacesWhitespace: Bool
    /// The allowed codes, for coded elements.
    public let codes: Set<String>?
    /// The code list the codes come from (for messages).
    public let codeListID: String?
    /// The same codes, for lookups by bytes.
    public let codeSet: CodeSet?
    /// Patterns the value must match, all of them (checked on the collapsed value for token
    /// types, as XSD does).
    public let patterns: [XSDPattern]
    /// The patterns compiled for matching bytes, index-aligned with `patterns`.
    let matchers: [XSDPattern.Matcher]

    /// The rule for a node's format, allowed codes and patterns.
    public init(format: Format, codes: Set<String>?, codeListID: String?, patterns: [XSDPattern] = []) {
        self.patterns = patterns
        self.matchers = patterns.map { $0.makeMatcher() }
        self.codes = codes
        self.codeListID = codeListID
        self.codeSet = codes.map(CodeSet.init)
        self.replacesWhitespace = false
        let coded = codes != nil
        switch format.characters {
        case .alphabetic:
            shape = .letters(min: format.minLength, max: format.maxLength)
            collapsesWhitespace = coded
        case .numeric where coded || (format.isFixedLength && format.fractionDigits == nil):
            shape = .digits(min: format.minLength, max: format.maxLength)
            collapsesWhitespace = true
        case .numeric:
            shape = .decimal(total: format.maxLength, fraction: format.fractionDigits ?? 0)
            collapsesWhitespace = true
        case .alphanumeric where format.fractionDigits != nil && !coded:
            shape = .decimal(total: format.maxLength, fraction: format.fractionDigits ?? 0)
            collapsesWhitespace = true
        case .alphanumeric:
            shape = .text(min: format.minLength, max: format.maxLength)
            collapsesWhitespace = coded
        }
    }

    /// The rule for an imported XSD simple type.
    public init(xsd type: XSDValueType) {
        shape = .xsd(type)
        collapsesWhitespace = type.whitespace == .collapse
        replacesWhitespace = type.whitespace == .replace
        codes = type.enumeration.map(Set.init)
        codeListID = nil
        codeSet = codes.map(CodeSet.init)
        patterns = type.patterns
        matchers = patterns.map { $0.makeMatcher() }
    }

    /// A value that breaks the rule: which code, and why.
    public struct Violation: Sendable, Equatable {
        /// The diagnostic code.
        public let code: Diagnostic.Code
        /// Why, for people.
        public let message: String
    }

    /// The first way `raw` breaks the rule, or nil when it is fine.
    public func check(_ raw: [UInt8]) -> Violation? {
        var value = raw
        let count = value.withUnsafeMutableBufferPointer { prepare($0) }
        return value.withUnsafeBufferPointer { checkPrepared(UnsafeBufferPointer(rebasing: $0[..<count])) }
    }

    /// Applies the rule's whitespace processing (XSD's collapse or replace) to `bytes` in place,
    /// and returns how many bytes remain: what `checkPrepared` expects, without allocating.
    @inline(__always)
    public func prepare(_ bytes: UnsafeMutableBufferPointer<UInt8>) -> Int {
        if collapsesWhitespace { return XMLWhitespace.collapseInPlace(bytes) }
        if replacesWhitespace {
            for index in bytes.indices { bytes[index] = XMLWhitespace.replaced(bytes[index]) }
        }
        return bytes.count
    }

    /// True when `prepare` would leave `value` as it is (no white space to collapse or replace),
    /// so that `checkPrepared` may read it where it lies.
    @inline(__always)
    public func isPrepared(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        if collapsesWhitespace { return !value.contains(where: XMLWhitespace.isSpace) }
        if replacesWhitespace { return !value.contains { XMLWhitespace.replaced($0) != $0 } }
        return true
    }

    /// `check` for a value already prepared (`prepare`): the validation hot path prepares in
    /// place and calls this without allocating.
    @inline(__always)
    public func checkPrepared(_ value: UnsafeBufferPointer<UInt8>) -> Violation? {
        switch shape {
        case .text(let min, let max):
            // A UTF-8 text has between bytes/4 (rounded up) and bytes characters: count them only
            // when that range does not settle the bounds (rarely, for short values).
            if value.count > max || (value.count + 3) / 4 < min,
                let violation = Self.checkLength(value, min: min, max: max)
            {
                return violation
            }
        case .letters(let min, let max):
            if let violation = Self.checkRun(value, min: min, max: max, what: "letters", allowed: Self.isLetter) {
                return violation
            }
        case .digits(let min, let max):
            if let violation = Self.checkRun(value, min: min, max: max, what: "digits", allowed: Self.isDigit) {
                return violation
            }
        case .decimal(let total, let fraction):
            if let violation = Self.checkDecimal(value, total: total, fraction: fraction) { return violation }
        case .xsd(let type):
            if let violation = XSDValueCheck.check(type, value) { return violation }
        }
        if let codeSet, !codeSet.contains(value) {
            return Violation(code: .codeNotInList, message: "not a code of \(codeListID ?? "the allowed codes")")
        }
        for (offset, matcher) in matchers.enumerated() where !matcher.matches(value) {
            return Violation(code: .pattern, message: "does not match the pattern \(patterns[offset])")
        }
        return nil
    }

    static func range(_ min: Int, _ max: Int) -> String {
        min == max ? "exactly \(min)" : max == .max ? "at least \(min)" : "\(min) to \(max)"
    }

    /// A text whose length in characters (Unicode scalars, counted in its UTF-8) is outside
    /// `min...max` (`Int.max`: unbounded).
    @inline(__always)
    static func checkLength(_ value: UnsafeBufferPointer<UInt8>, min: Int, max: Int) -> Violation? {
        var count = 0
        for byte in value where byte & 0xC0 != 0x80 { count += 1 }
        guard count < min || count > max else { return nil }
        return Violation(code: .length, message: "\(count) characters where \(range(min, max)) are allowed")
    }

    /// A number that is not an XSD decimal (for `integerType`, one without a point), or has more
    /// decimals or significant digits than allowed (nil: no limit).
    @inline(__always)
    static func checkDecimal(
        _ value: UnsafeBufferPointer<UInt8>, total: Int?, fraction: Int?, integerType: String? = nil
    ) -> Violation? {
        guard let digits = DecimalText.significantDigits(value) else {
            return Violation(
                code: .decimal, message: "not a decimal number (digits, an optional sign and decimal point)")
        }
        if let integerType, value.contains(UInt8(ascii: ".")) {
            return Violation(code: .datatype, message: "not an xs:\(integerType): no decimal point allowed")
        }
        if let fraction, digits.fraction > fraction {
            return Violation(
                code: .decimal,
                message: fraction == 0
                    ? "a whole number is required, found \(digits.fraction) decimal(s)"
                    : "\(digits.fraction) decimals where at most \(fraction) are allowed")
        }
        if let total, digits.total > total {
            return Violation(code: .decimal, message: "\(digits.total) digits where at most \(total) are allowed")
        }
        return nil
    }

    static func isLetter(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (97...122).contains(byte) }
    static func isDigit(_ byte: UInt8) -> Bool { (48...57).contains(byte) }

    private static func checkRun(
        _ value: UnsafeBufferPointer<UInt8>, min: Int, max: Int, what: String, allowed: (UInt8) -> Bool
    )
        -> Violation?
    {
        if !value.allSatisfy(allowed) {
            return Violation(code: .characters, message: "only \(what) are allowed")
        }
        if value.count < min || value.count > max {
            return Violation(code: .length, message: "\(value.count) \(what) where \(range(min, max)) are allowed")
        }
        return nil
    }
}

/// XML whitespace handling as XSD defines it for `collapse`.
enum XMLWhitespace {
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// A tab or line break as a space (XSD's `replace`).
    static func replaced(_ byte: UInt8) -> UInt8 { isSpace(byte) ? 0x20 : byte }

    /// Collapses `bytes` in place (no allocation): the hot path's form of `collapse`.
    static func collapseInPlace(_ bytes: inout [UInt8]) {
        let count = bytes.withUnsafeMutableBufferPointer { collapseInPlace($0) }
        bytes.removeLast(bytes.count - count)
    }

    /// Collapses the bytes in place and returns how many remain.
    static func collapseInPlace(_ bytes: UnsafeMutableBufferPointer<UInt8>) -> Int {
        guard bytes.contains(where: isSpace) else { return bytes.count }
        var write = 0
        var pendingSpace = false
        for read in bytes.indices {
            let byte = bytes[read]
            if isSpace(byte) {
                pendingSpace = write > 0
            } else {
                if pendingSpace {
                    bytes[write] = 0x20
                    write += 1
                }
                pendingSpace = false
                bytes[write] = byte
                write += 1
            }
        }
        return write
    }

    /// Leading and trailing whitespace removed, inner runs turned into one space.
    static func collapse(_ bytes: [UInt8]) -> [UInt8] {
        var copy = bytes
        collapseInPlace(&copy)
        return copy
    }
}

/// Counting characters of UTF-8 text without decoding it.
enum UTF8Text {
    /// The number of Unicode scalars: bytes that do not continue a sequence.
    static func characterCount(_ bytes: [UInt8]) -> Int { bytes.count { $0 & 0xC0 != 0x80 } }
}

/// The lexical space of `xs:decimal` and its value-space digit counts.
enum DecimalText {
    /// Significant digits (leading zeros of the whole part and trailing zeros of the fraction
    /// do not count, as in XSD's value space); nil when the text is not a decimal. One pass, no
    /// allocation.
    @inline(__always)
    static func significantDigits(_ text: UnsafeBufferPointer<UInt8>) -> (total: Int, fraction: Int)? {
        var index = 0
        if index < text.count, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") { index += 1 }
        var wholeDigits = 0  // significant: from the first non-zero digit
        var fractionDigits = 0  // significant: up to the last non-zero digit
        var fractionSeen = 0
        var anyDigit = false
        var seenPoint = false
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
            } else if ValueRule.isDigit(byte) {
                anyDigit = true
                if seenPoint {
                    fractionSeen += 1
                    if byte != UInt8(ascii: "0") { fractionDigits = fractionSeen }
                } else if wholeDigits > 0 || byte != UInt8(ascii: "0") {
                    wholeDigits += 1
                }
            } else {
                return nil
            }
            index += 1
        }
        guard anyDigit else { return nil }
        return (wholeDigits + fractionDigits, fractionDigits)
    }
}
