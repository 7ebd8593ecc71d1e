import CustomsModel

/// Regular expressions for the JSON Schema export, in the subset that ECMA-262 (the schema's
/// dialect) and Python's `re` read alike. Each is anchored at both ends; the end is
/// `(?![\s\S])`, not `$`, because Python's `$` also matches before a final line break.
enum SchemaRegex {
    static let end = XSDPattern.portableEnd
}

/// `xs:decimal` text with at most `total` significant digits, `fraction` of them after the
/// point, as `ValueRule` counts them (leading zeros of the whole part and trailing zeros of the
/// fraction do not count); nil is no limit. Without `point`, the integer types' form.
enum DecimalRegex {
    static func regex(total: Int?, fraction: Int?, point: Bool = true) -> String {
        let start = "^[+-]?(?=" + (point ? "\\.?" : "") + "[0-9])"
        guard let total else {
            guard point else { return start + "[0-9]*" + SchemaRegex.end }
            let decimals = fraction.map { "[0-9]{0,\($0)}0*" } ?? "[0-9]*"
            return start + "[0-9]*(?:\\." + decimals + ")?" + SchemaRegex.end
        }
        let fraction = point ? min(fraction ?? total, total) : 0
        var alternatives = ["(?:[1-9][0-9]{0,\(total - 1)})?" + (point ? "(?:\\.0*)?" : "")]
        if fraction > 0 {
            for digits in 1...fraction {
                let whole = total - digits >= 1 ? "(?:[1-9][0-9]{0,\(total - digits - 1)})?" : ""
                let inner = digits > 1 ? "[0-9]{\(digits - 1)}" : ""
                alternatives.append(whole + "\\." + inner + "[1-9]0*")
            }
        }
        return start + "0*(?:" + alternatives.joined(separator: "|") + ")" + SchemaRegex.end
    }
}

/// A date or time layout (`DateTimeFormat`, e.g. `CCYYMMDD`) as a regular expression that
/// accepts what `DateTimeFormat.accepts` does: field ranges, and where year, month and day
/// follow each other, the real number of days of the month, leap years included.
enum DateRegex {
    /// A month and a day that it has, 29 February left out (`separator` between them: `-` in
    /// XSD dates).
    static func monthDay(separator: String = "") -> String {
        let thirtyOne = "(?:0[13578]|1[02])\(separator)(?:0[1-9]|[12][0-9]|3[01])"
        let thirty = "(?:0[469]|11)\(separator)(?:0[1-9]|[12][0-9]|30)"
        let february = "02\(separator)(?:0[1-9]|1[0-9]|2[0-8])"
        return "(?:\(thirtyOne)|\(thirty)|\(february))"
    }

    /// A leap year, of four digits or (`anyLength`) four or more: divisible by 4, and by 400
    /// where it ends a century.
    static func leapYear(anyLength: Bool = false) -> String {
        let (leading, century) = anyLength ? ("[0-9]{2,}", "[0-9]*") : ("[0-9]{2}", "")
        return "(?:\(leading)(?:0[48]|[2468][048]|[13579][26])|\(century)(?:[02468][048]|[13579][26])00)"
    }

    static func regex(_ format: DateTimeFormat) -> String {
        var parts: [String] = []
        let fields = format.fields
        var index = 0
        while index < fields.count {
            let field = fields[index]
            let rest = fields[(index + 1)...]
            if field == .century4 || field == .year2, rest.starts(with: [.month, .day]) {
                let leapYear = field == .century4 ? leapYear() : "(?:[02468][048]|[13579][26])"
                let anyYear = field == .century4 ? "[0-9]{4}" : "[0-9]{2}"
                parts.append("(?:\(anyYear)\(monthDay())|\(leapYear)0229)")
                index += 3
                continue
            }
            if field == .month, rest.first == .day {
                // No year: DateTimeFormat counts in 2000, a leap year.
                parts.append("(?:\(monthDay())|0229)")
                index += 2
                continue
            }
            parts.append(single(field))
            index += 1
        }
        return "^" + parts.joined() + SchemaRegex.end
    }

    private static func single(_ field: DateTimeFormat.Field) -> String {
        switch field {
        case .century4: "[0-9]{4}"
        case .year2: "[0-9]{2}"
        case .month: "(?:0[1-9]|1[0-2])"
        case .day: "(?:0[1-9]|[12][0-9]|3[01])"
        case .hour: "(?:[01][0-9]|2[0-3])"
        case .minute, .second: "[0-5][0-9]"
        case .week: "(?:0[1-9]|[1-4][0-9]|5[0-3])"
        case .zone: "(?:Z|[+-](?:0[0-9]|1[0-4])(?:[0-5][0-9])?)"
        }
    }
}
