import CustomsModel

/// Compares a `WCOFormat` annotation with the facets that actually restrict the value. Only
/// facets the type has are compared, and an enumerated type (a code list) is left alone: its
/// codes, not its length, are the rule.
enum FormatFacets {
    /// How `type`'s facets contradict `format`, or nil when they do not.
    static func contradiction(between format: Format, and type: XSDValueType) -> String? {
        if type.enumeration != nil { return nil }
        if type.builtin.isNumeric {
            if let total = type.totalDigits, total != format.maxLength {
                return "allows \(format.maxLength) digits but totalDigits is \(total)"
            }
            if let fraction = type.fractionDigits, let wanted = format.fractionDigits, fraction != wanted {
                return "allows \(wanted) decimals but fractionDigits is \(fraction)"
            }
            return nil
        }
        guard type.builtin.hasLength else { return nil }
        if let maximum = type.maxLength, maximum != format.maxLength {
            return "allows at most \(format.maxLength) characters but maxLength is \(maximum)"
        }
        if format.isFixedLength, let minimum = type.minLength, minimum != format.minLength {
            return "is exactly \(format.minLength) characters but minLength is \(minimum)"
        }
        return nil
    }
}
