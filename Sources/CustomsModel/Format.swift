/// A WCO DM value format such as `an..35`, `n..16,3`, `a2` or `n1`.
///
/// The notation comes from UN/EDIFACT: `a` alphabetic, `n` numeric, `an` alphanumeric; a bare
/// number is an exact length (`a2` is exactly two letters), `..` an upper bound (`an..35` is up to
/// 35 characters); for numbers, `,3` allows up to three of the digits after the decimal point.
///
/// ```swift
/// let amount = try Format.parse("n..16,3")
/// amount.maxLength        // 16
/// amount.fractionDigits   // 3
/// try Format.parse("an..22").isWithin(try Format.parse("an..35"))  // true: a tighter format
/// ```
public struct Format: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Which characters a value may hold.
    public enum Characters: String, Sendable, Codable, CaseIterable {
        /// `a`: letters only.
        case alphabetic = "a"
        /// `n`: a number (digits, an optional decimal point and sign).
        case numeric = "n"
        /// `an`: any printable characters.
        case alphanumeric = "an"

        /// True when every value of `self` is also a value of `other`.
        public func isWithin(_ other: Characters) -> Bool { self == other || other == .alphanumeric }
    }

    /// The character class.
    public let characters: Characters
    /// The least number of characters (digits, for numbers): equal to `maxLength` for a fixed
    /// length, 1 for a variable one.
    public let minLength: Int
    /// The greatest number of characters (digits, for numbers).
    public let maxLength: Int
    /// For decimals: at most this many of the digits after the decimal point.
    public let fractionDigits: Int?

    /// True when the length is fixed (`a2`), false for an upper bound (`an..35`).
    public var isFixedLength: Bool { minLength == maxLength }

    /// Creates a format from its parts; `parse(_:)` is the usual way in.
    public init(characters: Characters, minLength: Int, maxLength: Int, fractionDigits: Int? = nil) {
        self.characters = characters
        self.minLength = minLength
        self.maxLength = maxLength
        self.fractionDigits = fractionDigits
    }

    /// Why a format string could not be read.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        /// The text that was given.
        public let text: String
        /// What is wrong with it.
        public let reason: String
        public var description: String { "unknown format '\(text)': \(reason)" }
    }

    /// Reads the WCO notation: `a3`, `an..35`, `n..16,3`, `n1`, `an..17,3`.
    public static func parse(_ text: String) throws(ParseError) -> Format {
        var rest = Substring(text.trimmingASCIIWhitespace())
        let characters: Characters
        if rest.hasPrefix("an") {
            characters = .alphanumeric
            rest = rest.dropFirst(2)
        } else if rest.hasPrefix("a") {
            characters = .alphabetic
            rest = rest.dropFirst()
        } else if rest.hasPrefix("n") {
            characters = .numeric
            rest = rest.dropFirst()
        } else {
            throw ParseError(text: text, reason: "it must start with a, n or an (as in an..35, n..16,3, a2)")
        }
        let variable = rest.hasPrefix("..")
        if variable { rest = rest.dropFirst(2) }
        var fraction: Int?
        if let comma = rest.firstIndex(of: ",") {
            guard let digits = Int(rest[rest.index(after: comma)...]), digits >= 0 else {
                throw ParseError(text: text, reason: "the digits after ',' must be a whole number")
            }
            fraction = digits
            rest = rest[..<comma]
        }
        guard let length = Int(rest), length > 0, length <= 100_000 else {
            throw ParseError(text: text, reason: "the length must be a whole number from 1 to 100000")
        }
        if let fraction, fraction >= length {
            throw ParseError(text: text, reason: "the decimals (\(fraction)) must be fewer than the digits (\(length))")
        }
        if fraction != nil && characters == .alphabetic {
            throw ParseError(text: text, reason: "decimals only make sense for n or an formats")
        }
        return Format(
            characters: characters, minLength: variable ? 1 : length, maxLength: length, fractionDigits: fraction)
    }

    /// The WCO notation, e.g. `an..35`.
    public var description: String {
        var text = characters.rawValue + (isFixedLength ? "" : "..") + String(maxLength)
        if let fractionDigits { text += ",\(fractionDigits)" }
        return text
    }

    /// True when every value this format accepts is also accepted by `base`: what a national
    /// profile may do to its base package (tighten, never loosen).
    public func isWithin(_ base: Format) -> Bool {
        guard characters.isWithin(base.characters), minLength >= base.minLength, maxLength <= base.maxLength else {
            return false
        }
        switch (fractionDigits, base.fractionDigits) {
        case (nil, _): return true
        case (.some, nil): return base.characters == .alphanumeric
        case (.some(let mine), .some(let theirs)): return mine <= theirs
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try Format.parse(text) } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    public func trimmingASCIIWhitespace() -> SubSequence {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return self[endIndex...] }
        let last = lastIndex(where: { !isSpace($0) })!
        return self[first...last]
    }
}
