import CustomsModel

/// The checks of an imported XSD value type that are not lengths of WCO formats: the lexical
/// form of the built-in type, its lengths and digit counts, and decimal bounds. Enumerations
/// and patterns are `ValueRule`'s own (codes, patterns), shared with WCO formats.
///
/// Values arrive after whitespace processing (the session collapses or replaces in place).
enum XSDValueCheck {
    static func check(_ type: XSDValueType, _ value: UnsafeBufferPointer<UInt8>) -> ValueRule.Violation? {
        let builtin = type.builtin
        if builtin.hasLength {
            if builtin == .language && !isLanguage(value) {
                return ValueRule.Violation(code: .datatype, message: "not an xs:language tag (such as EN or en-GB)")
            }
            guard type.minLength != nil || type.maxLength != nil else { return nil }
            return ValueRule.checkLength(value, min: type.minLength ?? 0, max: type.maxLength ?? .max)
        }
        if builtin.isNumeric { return checkNumber(type, value) }
        switch builtin {
        case .boolean:
            let text = String(decoding: value, as: UTF8.self)
            if !["true", "false", "1", "0"].contains(text) {
                return ValueRule.Violation(code: .datatype, message: "not an xs:boolean (true, false, 1 or 0)")
            }
        case .date, .dateTime, .time:
            if !XSDDateText.isValid(builtin, value) {
                return ValueRule.Violation(code: .datatype, message: "not a valid xs:\(builtin.rawValue)")
            }
        default: break
        }
        return nil
    }

    private static func checkNumber(_ type: XSDValueType, _ value: UnsafeBufferPointer<UInt8>) -> ValueRule.Violation? {
        if let violation = ValueRule.checkDecimal(
            value, total: type.totalDigits, fraction: type.fractionDigits,
            integerType: type.builtin.isInteger ? type.builtin.rawValue : nil)
        {
            return violation
        }
        if let bound = type.minInclusive, DecimalText.compare(value, bound.utf8) < 0 {
            return ValueRule.Violation(code: .datatype, message: "below the minimum \(bound)")
        }
        if let bound = type.maxInclusive, DecimalText.compare(value, bound.utf8) > 0 {
            return ValueRule.Violation(code: .datatype, message: "above the maximum \(bound)")
        }
        if let bound = type.minExclusive, DecimalText.compare(value, bound.utf8) <= 0 {
            return ValueRule.Violation(code: .datatype, message: "not above \(bound)")
        }
        if let bound = type.maxExclusive, DecimalText.compare(value, bound.utf8) >= 0 {
            return ValueRule.Violation(code: .datatype, message: "not below \(bound)")
        }
        return nil
    }

    /// `[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*`, the lexical space of `xs:language`.
    static func isLanguage(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        var first = true
        while true {
            var length = 0
            while index < value.count, value[index] != UInt8(ascii: "-") {
                let byte = value[index]
                guard ValueRule.isLetter(byte) || (!first && ValueRule.isDigit(byte)) else { return false }
                length += 1
                index += 1
            }
            guard (1...8).contains(length) else { return false }
            if index == value.count { return true }
            index += 1  // the hyphen
            first = false
        }
    }
}

extension DecimalText {
    /// Compares two decimal lexical forms by value: -1, 0 or 1. Both must be decimals. Generic,
    /// so that a value's bytes compare with a bound's UTF-8 without copying either.
    static func compare<A: BidirectionalCollection<UInt8>, B: BidirectionalCollection<UInt8>>(_ a: A, _ b: B) -> Int {
        let (signA, wholeA, fractionA) = parts(a)
        let (signB, wholeB, fractionB) = parts(b)
        let negativeA = signA && !(wholeA.isEmpty && fractionA.isEmpty)
        let negativeB = signB && !(wholeB.isEmpty && fractionB.isEmpty)
        if negativeA != negativeB { return negativeA ? -1 : 1 }
        let magnitude: Int
        if wholeA.count != wholeB.count {
            magnitude = wholeA.count < wholeB.count ? -1 : 1
        } else if !wholeA.elementsEqual(wholeB) {
            magnitude = wholeA.lexicographicallyPrecedes(wholeB) ? -1 : 1
        } else if fractionA.elementsEqual(fractionB) {
            magnitude = 0
        } else {
            magnitude = fractionA.lexicographicallyPrecedes(fractionB) ? -1 : 1
        }
        return negativeA ? -magnitude : magnitude
    }

    /// Sign (true for minus), whole digits without leading zeros, fraction without trailing zeros.
    private static func parts<C: BidirectionalCollection<UInt8>>(_ text: C) -> (Bool, C.SubSequence, C.SubSequence) {
        var body = text[...]
        var negative = false
        if let first = body.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            body = body.dropFirst()
        }
        let point = body.firstIndex(of: UInt8(ascii: ".")) ?? body.endIndex
        var whole = body[..<point]
        while whole.first == UInt8(ascii: "0") { whole = whole.dropFirst() }
        var fraction = point < body.endIndex ? body[body.index(after: point)...] : body[body.endIndex...]
        while fraction.last == UInt8(ascii: "0") { fraction = fraction.dropLast() }
        return (negative, whole, fraction)
    }
}

/// The lexical spaces of `xs:date`, `xs:dateTime` and `xs:time`, with real calendar dates.
enum XSDDateText {
    static func isValid(_ builtin: XSDValueType.Builtin, _ value: UnsafeBufferPointer<UInt8>) -> Bool {
        var cursor = Cursor(bytes: value)
        switch builtin {
        case .date:
            guard cursor.date() else { return false }
        case .dateTime:
            guard cursor.date(), cursor.take(UInt8(ascii: "T")), cursor.time() else { return false }
        case .time:
            guard cursor.time() else { return false }
        default: return false
        }
        return cursor.zone() && cursor.atEnd
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<digits {
                let byte = bytes[index + offset]
                guard ValueRule.isDigit(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += digits
            return value
        }

        /// `-?YYYY+-MM-DD` with a real day.
        mutating func date() -> Bool {
            _ = take(UInt8(ascii: "-"))
            var yearDigits = 0
            var year = 0  // modulo 400, all that leap years depend on, however long the year
            while index < bytes.count, ValueRule.isDigit(bytes[index]) {
                year = (year * 10 + Int(bytes[index] - 48)) % 400
                yearDigits += 1
                index += 1
            }
            guard yearDigits >= 4, take(UInt8(ascii: "-")), let month = number(2), take(UInt8(ascii: "-")),
                let day = number(2), (1...12).contains(month), day >= 1
            else { return false }
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
            return day <= days
        }

        /// `hh:mm:ss(.s+)?`, with `24:00:00` allowed.
        mutating func time() -> Bool {
            guard let hour = number(2), take(UInt8(ascii: ":")), let minute = number(2), take(UInt8(ascii: ":")),
                let second = number(2)
            else { return false }
            var fractionNonZero = false
            if take(UInt8(ascii: ".")) {
                var digits = 0
                while index < bytes.count, ValueRule.isDigit(bytes[index]) {
                    if bytes[index] != UInt8(ascii: "0") { fractionNonZero = true }
                    digits += 1
                    index += 1
                }
                guard digits > 0 else { return false }
            }
            if hour == 24 { return minute == 0 && second == 0 && !fractionNonZero }
            return hour < 24 && minute < 60 && second < 60
        }

        /// `Z`, `±hh:mm` (up to 14:00), or nothing.
        mutating func zone() -> Bool {
            if atEnd { return true }
            if take(UInt8(ascii: "Z")) { return true }
            guard take(UInt8(ascii: "+")) || take(UInt8(ascii: "-")), let hours = number(2), take(UInt8(ascii: ":")),
                let minutes = number(2)
            else { return false }
            return minutes < 60 && (hours < 14 || (hours == 14 && minutes == 0))
        }
    }
}
