/// A date/time layout named by a UN/EDIFACT 2379 format code, such as `102` (`CCYYMMDD`) or
/// `304` (`CCYYMMDDHHMMSSZZZ`). Elements whose values are dates carry the code in their
/// `formatCode` attribute; the code list `edifact-2379` gives each code's pattern.
///
/// Pattern tokens: `CCYY` year, `YY` two-digit year, `MM` month (minutes when it follows `HH`),
/// `DD` day, `HH` hour, `SS` second, `WW` ISO week, `ZZZ` a zone: `Z` or `+HH`, `+HHMM`, `-HH`,
/// `-HHMM`.
public struct DateTimeFormat: Hashable, Sendable, Codable {
    /// One field of a pattern.
    public enum Field: String, Hashable, Sendable, Codable {
        case century4 = "CCYY", year2 = "YY", month = "MM", day = "DD", hour = "HH", minute = "mm",
            second = "SS", week = "WW", zone = "ZZZ"
    }

    /// The 2379 code, e.g. `102`.
    public let code: String
    /// The pattern as written, e.g. `CCYYMMDD`.
    public let pattern: String
    /// The pattern read into fields.
    public let fields: [Field]

    /// Reads a pattern such as `CCYYMMDDHHMMSSZZZ`; nil if it holds anything else.
    public init?(code: String, pattern: String) {
        var fields: [Field] = []
        var rest = Substring(pattern)
        while !rest.isEmpty {
            let token: Field
            if rest.hasPrefix("CCYY") {
                token = .century4
            } else if rest.hasPrefix("ZZZ") {
                token = .zone
            } else {
                switch rest.prefix(2) {
                case "YY": token = .year2
                case "MM": token = fields.last == .hour ? .minute : .month
                case "DD": token = .day
                case "HH": token = .hour
                case "SS": token = .second
                case "WW": token = .week
                default: return nil
                }
            }
            fields.append(token)
            rest = rest.dropFirst(token == .minute ? 2 : token.rawValue.count)
        }
        guard !fields.isEmpty else { return nil }
        self.code = code
        self.pattern = pattern
        self.fields = fields
    }

    /// True when `value` is a real date/time in this layout (month 1–12, day within its month,
    /// hour 0–23, minute and second 0–59, week 1–53).
    public func accepts(_ value: String) -> Bool {
        var bytes = Array(value.utf8)[...]
        var year: Int?
        var month: Int?
        var day: Int?
        func digits(_ count: Int) -> Int? {
            guard bytes.count >= count else { return nil }
            var number = 0
            for byte in bytes.prefix(count) {
                guard (48...57).contains(byte) else { return nil }
                number = number * 10 + Int(byte - 48)
            }
            bytes = bytes.dropFirst(count)
            return number
        }
        for field in fields {
            switch field {
            case .century4: guard let value = digits(4) else { return false }; year = value
            case .year2: guard let value = digits(2) else { return false }; year = 2000 + value
            case .month: guard let value = digits(2), (1...12).contains(value) else { return false }; month = value
            case .day: guard let value = digits(2), (1...31).contains(value) else { return false }; day = value
            case .hour: guard let value = digits(2), value <= 23 else { return false }
            case .minute, .second: guard let value = digits(2), value <= 59 else { return false }
            case .week: guard let value = digits(2), (1...53).contains(value) else { return false }
            case .zone:
                if bytes.first == UInt8(ascii: "Z") {
                    bytes = bytes.dropFirst()
                } else {
                    guard let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else {
                        return false
                    }
                    bytes = bytes.dropFirst()
                    guard let hours = digits(2), hours <= 14 else { return false }
                    if !bytes.isEmpty { guard let minutes = digits(2), minutes <= 59 else { return false } }
                }
            }
        }
        guard bytes.isEmpty else { return false }
        if let day, let month { return day <= Self.daysIn(month: month, year: year ?? 2000) }
        return true
    }

    /// How many days month `month` (1–12) of `year` has, leap years counted.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
