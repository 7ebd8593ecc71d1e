/// A range of integers as a regular expression over their lexical form (an optional sign,
/// leading zeros allowed, `-0` being zero), for XSD integer types whose bounds JSON Schema
/// cannot check as numbers: the binding writes values as strings. Bounds are decimal strings of
/// any length (`xs:unsignedLong` exceeds 64-bit signed arithmetic), so digits are handled as
/// digit arrays.
enum IntegerRangeRegex {
    /// A signed integer: its sign and its digits without leading zeros (`[]` is zero).
    struct Value {
        var negative: Bool
        var digits: [Int]

        /// The integer `text` writes, or nil when it is not one (a point, an exponent).
        init?(_ text: String) {
            var body = Substring(text)
            negative = body.first == "-"
            if body.first == "-" || body.first == "+" { body = body.dropFirst() }
            guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            digits = Array(body.drop { $0 == "0" }).map { Int($0.asciiValue! - 48) }
            if digits.isEmpty { negative = false }
        }

        init(negative: Bool, digits: [Int]) {
            self.negative = negative && !digits.isEmpty
            self.digits = digits
        }

        var isZero: Bool { digits.isEmpty }

        /// The next integer up (`successor`) or down.
        func moved(up: Bool) -> Value {
            if isZero { return Value(negative: !up, digits: [1]) }
            // Away from zero on the side the value is on, else towards it.
            return negative == !up
                ? Value(negative: negative, digits: IntegerRangeRegex.increment(digits))
                : Value(negative: negative, digits: IntegerRangeRegex.decrement(digits))
        }
    }

    /// The pattern for integers from `min` to `max` (nil: unbounded), anchored at the start and
    /// matched against the whole value (`SchemaRegex.end`).
    static func regex(min: Value?, max: Value?) -> String {
        var alternatives: [String] = []
        let zeroAbove = min.map { $0.isZero || $0.negative } ?? true
        let zeroBelow = max.map { $0.isZero || !$0.negative } ?? true
        if zeroAbove && zeroBelow { alternatives.append("[+-]?0+") }
        // Positive values: magnitudes from max(min, 1) up to max.
        if max.map({ !$0.isZero && !$0.negative }) ?? true {
            let low = min.flatMap { $0.negative || $0.isZero ? nil : $0.digits } ?? [1]
            if let magnitudes = positive(low, max?.digits) { alternatives.append("\\+?0*" + magnitudes) }
        }
        // Negative values: magnitudes from |max| (or 1) up to |min|.
        if min.map({ $0.negative }) ?? true {
            let low = max.flatMap { $0.negative ? $0.digits : nil } ?? [1]
            if let magnitudes = positive(low, min?.digits) { alternatives.append("-0*" + magnitudes) }
        }
        if alternatives.isEmpty { return "^(?!)" }  // an empty range: nothing matches
        return "^(?:" + alternatives.joined(separator: "|") + ")" + SchemaRegex.end
    }

    /// Magnitudes from `low` (at least 1) to `high` (nil: unbounded), written without leading
    /// zeros; nil when there are none.
    static func positive(_ low: [Int], _ high: [Int]?) -> String? {
        if let high, compare(low, high) > 0 { return nil }
        var alternatives: [String] = []
        for length in low.count...(high?.count ?? low.count) {
            let from = length == low.count ? low : [1] + Array(repeating: 0, count: length - 1)
            let to = high.flatMap { length == $0.count ? $0 : nil } ?? Array(repeating: 9, count: length)
            alternatives.append(sameLength(from, to))
        }
        if high == nil { alternatives.append("[1-9][0-9]{\(low.count),}") }
        return "(?:" + alternatives.joined(separator: "|") + ")"
    }

    /// Digit strings of one length from `low` to `high` (`low` ≤ `high`).
    static func sameLength(_ low: [Int], _ high: [Int]) -> String {
        guard let first = low.first, let last = high.first else { return "" }
        let rest = low.count - 1
        if first == last { return "\(first)" + sameLength(Array(low.dropFirst()), Array(high.dropFirst())) }
        var alternatives: [String] = []
        var start = first
        var end = last
        if !low.dropFirst().allSatisfy({ $0 == 0 }) {
            alternatives.append("\(first)" + sameLength(Array(low.dropFirst()), Array(repeating: 9, count: rest)))
            start += 1
        }
        var top: String?
        if !high.dropFirst().allSatisfy({ $0 == 9 }) {
            top = "\(last)" + sameLength(Array(repeating: 0, count: rest), Array(high.dropFirst()))
            end -= 1
        }
        if start <= end {
            alternatives.append((start == end ? "\(start)" : "[\(start)-\(end)]") + (rest > 0 ? "[0-9]{\(rest)}" : ""))
        }
        if let top { alternatives.append(top) }
        return alternatives.count == 1 ? alternatives[0] : "(?:" + alternatives.joined(separator: "|") + ")"
    }

    static func compare(_ a: [Int], _ b: [Int]) -> Int {
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return 0
    }

    static func increment(_ digits: [Int]) -> [Int] {
        var digits = digits
        var index = digits.count - 1
        while index >= 0 {
            if digits[index] < 9 {
                digits[index] += 1
                return digits
            }
            digits[index] = 0
            index -= 1
        }
        return [1] + digits
    }

    /// `digits` minus one (`digits` is at least 1); leading zeros dropped.
    static func decrement(_ digits: [Int]) -> [Int] {
        var digits = digits
        var index = digits.count - 1
        while digits[index] == 0 {
            digits[index] = 9
            index -= 1
        }
        digits[index] -= 1
        return Array(digits.drop { $0 == 0 })
    }
}
