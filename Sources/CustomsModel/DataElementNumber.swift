/// A national data-element number that a published schema puts beside the WCO ID: above all
/// the EU customs data model's (`12 09 001 000` since EUCDM 5, `2/5` in the older UCC numbering),
/// with the numbering it belongs to when the schema says (`EUCDM 6.1`).
///
/// ```swift
/// DataElementNumber(parsing: "1209001000")?.number   // "12 09 001 000"
/// DataElementNumber(parsing: "DE 2/5")?.number       // "2/5"
/// DataElementNumber(parsing: "see 2/5")              // nil: not a number
/// ```
public struct DataElementNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The number in its canonical spelling: `12 09 001 000` (groups of 2, 2, 3, 3 digits) or
    /// `2/5` (group / number).
    public let number: String
    /// The numbering it belongs to, as the schema names it (`EUCDM 6.1`), when it does.
    public let scheme: String?

    /// Creates a number from its canonical spelling.
    public init(number: String, scheme: String? = nil) {
        self.number = number
        self.scheme = scheme
    }

    /// Reads a number as schemas write it: the four digit groups separated by any white space
    /// or run together (ten digits), or `group/number` (`2/5`, `3/39`), each optionally after
    /// `DE`; anything else is nil, so that prose is never taken for a number.
    public init?(parsing text: String, scheme: String? = nil) {
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
        if words.first?.uppercased() == "DE" { words.removeFirst() }
        let joined = words.joined()
        let digits = joined.unicodeScalars.allSatisfy(\.isASCIIDigit)
        if digits && joined.count == 10 && (words.count == 1 || words.map(\.count) == [2, 2, 3, 3]) {
            let scalars = Array(joined)
            number = [scalars[0..<2], scalars[2..<4], scalars[4..<7], scalars[7..<10]].map { String($0) }
                .joined(separator: " ")
        } else if words.count == 1, let slash = joined.firstIndex(of: "/") {
            let group = joined[..<slash]
            let item = joined[joined.index(after: slash)...]
            guard (1...2).contains(group.count), (1...3).contains(item.count),
                (group + item).unicodeScalars.allSatisfy(\.isASCIIDigit)
            else { return nil }
            number = joined
        } else {
            return nil
        }
        self.scheme = scheme.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `12 09 001 000 (EUCDM 6.1)`, or the number alone.
    public var description: String { scheme.map { "\(number) (\($0))" } ?? number }
}
