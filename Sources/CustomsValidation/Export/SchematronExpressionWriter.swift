import CustomsModel

/// A rule expression written as XPath 1.0 for the Schematron export (`SchematronExporter`),
/// relative to the rule's context, its scope. Our own functions become XPath 1.0 (or EXSLT,
/// which lxml, Saxon and libxslt provide) of the same meaning; `date` needs the digits of its
/// argument several times, so each call gets `sch:let` variables of its own (`lets`).
struct SchematronExpressionWriter {
    /// Why an expression cannot be written.
    struct Failure: Error {
        let reason: String
    }

    let rule: BusinessRule
    let namespaces: SchematronNamespaces
    let codeLists: [String: CodeList]
    /// The variables the written expressions use, in the order they must be declared.
    private(set) var lets: [(name: String, value: String)] = []
    /// Set when an expression calls EXSLT's `math:` functions.
    private(set) var usesMath = false
    /// Set when an expression calls EXSLT's `re:test`.
    private(set) var usesRegex = false
    private var dates = 0

    init(rule: BusinessRule, namespaces: SchematronNamespaces, codeLists: [String: CodeList]) {
        self.rule = rule
        self.namespaces = namespaces
        self.codeLists = codeLists
    }

    /// `expression` in XPath 1.0.
    mutating func write(_ expression: RuleExpression) throws(Failure) -> String {
        switch expression {
        case .path(let path): return self.path(path)
        case .string(let text, _): return Self.literal(text)
        case .number(let value, _): return value.description
        case .negate(let operand): return "-(" + (try write(operand)) + ")"
        case .binary(let op, let left, let right):
            return try operand(left) + " " + op.rawValue + " " + operand(right)
        case .call(let function, let arguments, _):
            return try call(function, arguments)
        }
    }

    /// An operand of a binary operator, in parentheses when it is one itself.
    private mutating func operand(_ expression: RuleExpression) throws(Failure) -> String {
        guard case .binary = expression else { return try write(expression) }
        return "(" + (try write(expression)) + ")"
    }

    /// A path from the rule's scope (or from the root) with the elements' prefixes.
    func path(_ path: RulePath) -> String {
        var tags = path.isAbsolute ? [] : rule.scope
        var steps: [String] = []
        for step in path.steps {
            switch step {
            case .parent:
                tags.removeLast()
                steps.append("..")
            case .child(let tag):
                tags.append(tag)
                steps.append(namespaces.name(at: tags))
            case .attribute(let name):
                steps.append("@" + name)
            }
        }
        return (path.isAbsolute ? "/" : "") + steps.joined(separator: "/")
    }

    private mutating func call(_ function: RuleFunction, _ arguments: [RuleExpression]) throws(Failure) -> String {
        var written: [String] = []
        for argument in arguments { written.append(try write(argument)) }
        switch function {
        case .exists:
            return "boolean(\(written[0]))"
        case .min, .max:
            usesMath = true
            return "math:\(function.rawValue)(\(written[0]))"
        case .matches:
            guard case .string(let pattern, _) = arguments[1], let regex = XSDPattern.portableRegex(pattern) else {
                throw Failure(reason: "the pattern in matches() has no equivalent in EXSLT's re:test (Python's re)")
            }
            usesRegex = true
            return "re:test(string(\(written[0])), \(Self.literal(regex)), '')"
        case .inCodeList:
            guard case .string(let id, _) = arguments[1], let list = codeLists[id] else {
                throw Failure(reason: "in-code-list() names a code list that is not loaded")
            }
            let codes = list.entries.map(\.code)
            guard
                let separator = ["|", " ", "#", "~", ",", ";"].first(where: { (mark: String) in
                    !codes.contains { $0.contains(mark) }
                })
            else { throw Failure(reason: "the codes of \(id) use every separator the export could write") }
            let all = separator + codes.joined(separator: separator) + separator
            let value = "string(\(written[0]))"
            let mark = Self.literal(separator)
            return
                "(not(contains(\(value), \(mark))) and contains(\(Self.literal(all)), concat(\(mark), \(value), \(mark))))"
        case .date:
            return date(of: written[0])
        default:
            return function.rawValue + "(" + written.joined(separator: ", ") + ")"
        }
    }

    /// `date(text)`: the days since 0001-01-01 of `YYYYMMDD` or `YYYY-MM-DD`, as
    /// `RuleEvaluator.dayNumber` counts them, NaN (`number('')`) for anything else or a day
    /// that does not exist.
    private mutating func date(of argument: String) -> String {
        dates += 1
        let v = "d\(dates)"
        lets.append((v, "string(\(argument))"))
        lets.append((v + "digits", "translate($\(v), '-', '')"))
        lets.append((v + "year", "number(substring($\(v)digits, 1, 4))"))
        lets.append((v + "month", "number(substring($\(v)digits, 5, 2))"))
        lets.append((v + "day", "number(substring($\(v)digits, 7, 2))"))
        lets.append(
            (v + "leap", "($\(v)year mod 4 = 0 and $\(v)year mod 100 != 0) or $\(v)year mod 400 = 0"))
        lets.append(
            (
                v + "real",
                "string-length($\(v)digits) = 8 and translate($\(v)digits, '0123456789', '') = ''"
                    + " and (string-length($\(v)) = 8 or (string-length($\(v)) = 10 and substring($\(v), 5, 1) = '-' and substring($\(v), 8, 1) = '-'))"
                    + " and $\(v)year >= 1 and $\(v)month >= 1 and $\(v)month <= 12 and $\(v)day >= 1"
                    + " and $\(v)day <= number(substring('312831303130313130313031', 2 * $\(v)month - 1, 2)) + ($\(v)month = 2 and $\(v)leap)"
            ))
        let years = "($\(v)year - 1)"
        let daysBeforeMonth = "number(substring('000031059090120151181212243273304334', 3 * $\(v)month - 2, 3))"
        return "(\(years) * 365 + floor(\(years) div 4) - floor(\(years) div 100) + floor(\(years) div 400)"
            + " + \(daysBeforeMonth) + ($\(v)month > 2 and $\(v)leap) + $\(v)day - 1"
            + " + number(substring('0', 1, number($\(v)real))))"
    }

    /// A string literal: in single quotes, in double quotes when it holds a single quote, and
    /// as `concat()` of both kinds when it holds both (XPath 1.0 has no escapes).
    static func literal(_ text: String) -> String {
        if !text.contains("'") { return "'" + text + "'" }
        if !text.contains("\"") { return "\"" + text + "\"" }
        let pieces = text.split(separator: "'", omittingEmptySubsequences: false).map { "'" + $0 + "'" }
        return "concat(" + pieces.joined(separator: ", \"'\", ") + ")"
    }
}
