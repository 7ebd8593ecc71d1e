import CustomsModel

/// The JSON Schema form of an imported XSD value type (`ValueRule.Shape.xsd`): the lexical space
/// of its built-in type and its length and digit facets, as `XSDValueCheck` checks them.
/// Enumerations and patterns are the rule's own and written by the caller.
///
/// Values stay strings in the JSON binding, so bounds (`minInclusive`, the ranges `xs:int` and its
/// kin imply) become patterns too: exact ranges of digits for integer types, a sign test for a
/// decimal bounded by zero; other decimal bounds are refused by name rather than left out.
enum XSDTypeSchema {
    /// Keywords to add beside `"type": "string"`, and anchored patterns that must all match.
    static func keywords(
        _ type: XSDValueType, at path: String
    ) throws(JSONSchemaExporter.Failure) -> (
        keywords: [(key: String, value: JSONValue)], patterns: [String]
    ) {
        let builtin = type.builtin
        if builtin.hasLength {
            var keywords: [(key: String, value: JSONValue)] = []
            if let min = type.minLength, min > 0 { keywords.append(("minLength", .number(String(min)))) }
            if let max = type.maxLength { keywords.append(("maxLength", .number(String(max)))) }
            return (keywords, builtin == .language ? [language] : [])
        }
        if builtin.isNumeric {
            let lexical = DecimalRegex.regex(
                total: type.totalDigits, fraction: type.fractionDigits, point: !builtin.isInteger)
            return ([], [lexical] + (try bounds(type, at: path)))
        }
        switch builtin {
        case .boolean: return ([], ["^(?:true|false|1|0)" + SchemaRegex.end])
        case .date: return ([], ["^" + XSDDateRegex.date + XSDDateRegex.zone + SchemaRegex.end])
        case .dateTime:
            return ([], ["^" + XSDDateRegex.date + "T" + XSDDateRegex.time + XSDDateRegex.zone + SchemaRegex.end])
        case .time: return ([], ["^" + XSDDateRegex.time + XSDDateRegex.zone + SchemaRegex.end])
        default:
            throw JSONSchemaExporter.Failure(description: "\(path) has the XSD type xs:\(builtin.rawValue)")
        }
    }

    /// Patterns for the bounds of a numeric type: integer types' exactly, as ranges of digit
    /// strings (`IntegerRangeRegex`); a decimal's when the bound is zero (sign and a non-zero
    /// digit settle it). Other decimal bounds are refused.
    static func bounds(_ type: XSDValueType, at path: String) throws(JSONSchemaExporter.Failure) -> [String] {
        let written = [type.minInclusive, type.maxInclusive, type.minExclusive, type.maxExclusive]
        guard written.contains(where: { $0 != nil }) else { return [] }
        func refuse() -> JSONSchemaExporter.Failure {
            JSONSchemaExporter.Failure(
                description:
                    "\(path): xs:\(type.builtin.rawValue) is bounded (\(written.compactMap { $0 }.joined(separator: ", "))), which JSON Schema cannot check on a decimal written as a string unless the bound is an integer of an integer type, or zero"
            )
        }
        // Each bound as an integer; a bound that is not one (a fraction) cannot be written.
        var values: [IntegerRangeRegex.Value?] = []
        for bound in written {
            guard let bound else {
                values.append(nil)
                continue
            }
            guard let value = IntegerRangeRegex.Value(bound) else { throw refuse() }
            values.append(value)
        }
        if type.builtin.isInteger {
            // Exclusive bounds as the inclusive ones next to them; each pair one pattern.
            let low = [values[0], values[2]?.moved(up: true)].compactMap { $0 }
            let high = [values[1], values[3]?.moved(up: false)].compactMap { $0 }
            return (0..<max(low.count, high.count)).map { index in
                IntegerRangeRegex.regex(
                    min: index < low.count ? low[index] : nil, max: index < high.count ? high[index] : nil)
            }
        }
        guard values.allSatisfy({ $0?.isZero ?? true }) else { throw refuse() }
        var patterns: [String] = []
        let nonZero = "[0.]*[1-9]"
        if values[0] != nil { patterns.append("^(?!-\(nonZero))") }  // ≥ 0: not negative
        if values[1] != nil { patterns.append("^(?!\\+?\(nonZero))") }  // ≤ 0: not positive
        if values[2] != nil { patterns.append("^\\+?\(nonZero)") }  // > 0
        if values[3] != nil { patterns.append("^-\(nonZero)") }  // < 0
        return patterns
    }

    /// `[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*`, the lexical space of `xs:language`.
    static let language = "^[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*" + SchemaRegex.end
}

/// `xs:date`, `xs:time` and their zone as `XSDDateText` reads them: a year of four digits or
/// more (a leading minus allowed), real calendar days with 29 February in leap years only,
/// `24:00:00` as the end of a day, zones up to ±14:00.
enum XSDDateRegex {
    static let date =
        "-?(?:[0-9]{4,}-\(DateRegex.monthDay(separator: "-"))|\(DateRegex.leapYear(anyLength: true))-02-29)"
    static let time = "(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]+)?|24:00:00(?:\\.0+)?)"
    static let zone = "(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
}
