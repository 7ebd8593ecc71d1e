/// An expression of the business-rule language (DataModel/README.md, "Business rules"): a
/// subset of XPath 1.0 over a message's elements, so that every rule can be written out as ISO
/// Schematron unchanged in meaning, plus a few functions of our own (dates, code lists,
/// patterns, `min`/`max`).
///
/// Values are XPath's: a node set (what a path selects), a string, a number (decimal, exact:
/// `RuleDecimal`, not binary floating point, so that `0.1 + 0.2 = 0.3` holds as customs amounts
/// need) and a boolean; comparisons between a node set and a value hold when they hold for one
/// node of the set, as in XPath.
public indirect enum RuleExpression: Sendable, Hashable, Codable {
    /// Elements or an attribute reached from the rule's scope (or from the root).
    case path(RulePath)
    /// A string literal, at `offset` in the text.
    case string(String, offset: Int)
    /// A number literal, at `offset` in the text.
    case number(RuleDecimal, offset: Int)
    /// A function call, its name at `offset` in the text.
    case call(RuleFunction, [RuleExpression], offset: Int)
    /// `left op right`.
    case binary(RuleOperator, RuleExpression, RuleExpression)
    /// `-operand`.
    case negate(RuleExpression)

    /// The expression and every expression inside it, outermost first, in reading order.
    public var subexpressions: [RuleExpression] {
        switch self {
        case .path, .string, .number: [self]
        case .call(_, let arguments, _): [self] + arguments.flatMap(\.subexpressions)
        case .binary(_, let left, let right): [self] + left.subexpressions + right.subexpressions
        case .negate(let operand): [self] + operand.subexpressions
        }
    }

    /// Every path in the expression, in reading order.
    public var paths: [RulePath] {
        subexpressions.compactMap {
            guard case .path(let path) = $0 else { return nil }
            return path
        }
    }

    /// Where the expression starts in its text (a byte offset), for located errors.
    public var offset: Int {
        switch self {
        case .path(let path): path.offset
        case .string(_, let offset), .number(_, let offset), .call(_, _, let offset): offset
        case .binary(_, let left, _): left.offset
        case .negate(let operand): max(0, operand.offset - 1)
        }
    }
}

/// A location path: steps down to children by tag, up to the parent (`..`), and at the end an
/// attribute (`@currencyID`); absolute when it starts with `/` (from the document's root).
public struct RulePath: Sendable, Hashable, Codable, CustomStringConvertible {
    /// One step of a path.
    public enum Step: Sendable, Hashable, Codable {
        /// The parent element (`..`).
        case parent
        /// The children with this tag.
        case child(String)
        /// The attribute of this name (only last).
        case attribute(String)
    }

    /// True when the path starts at the document's root.
    public var isAbsolute: Bool
    /// The steps, in order.
    public var steps: [Step]
    /// Where the path starts in the expression's text (a byte offset), for located errors.
    public var offset: Int

    /// A path of `steps`.
    public init(isAbsolute: Bool, steps: [Step], offset: Int) {
        self.isAbsolute = isAbsolute
        self.steps = steps
        self.offset = offset
    }

    /// The path as written: `GoodsShipment/Consignee/ID`, `../@currencyID`, `/Declaration/TypeCode`.
    public var description: String {
        let text = steps.map { step in
            switch step {
            case .parent: ".."
            case .child(let tag): tag
            case .attribute(let name): "@" + name
            }
        }.joined(separator: "/")
        return isAbsolute ? "/" + text : text
    }
}

/// A binary operator, lowest precedence first: `or`, `and`, the comparisons, `+ -`, `* div mod`.
public enum RuleOperator: String, Sendable, Hashable, Codable, CaseIterable {
    case or, and
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case plus = "+", minus = "-", times = "*", divide = "div", modulo = "mod"

    /// True for `=`, `!=`, `<`, `<=`, `>`, `>=`.
    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: true
        default: false
        }
    }

    /// True for `+`, `-`, `*`, `div`, `mod`.
    public var isArithmetic: Bool {
        switch self {
        case .plus, .minus, .times, .divide, .modulo: true
        default: false
        }
    }
}

/// The value types of the rule language (XPath 1.0's four).
public enum RuleValueType: String, Sendable, Hashable, Codable {
    case nodeSet = "node set", string, number, boolean
}

/// The functions a rule may call: XPath 1.0's that rules need, and our own (marked).
public enum RuleFunction: String, Sendable, Hashable, Codable, CaseIterable {
    // XPath 1.0
    case not, boolean, count, sum, number, string, contains
    case startsWith = "starts-with", stringLength = "string-length", normalizeSpace = "normalize-space"
    // Our own: no XPath 1.0 equivalent of the same meaning (written out for Schematron as
    // XPath 1.0 expressions where one exists, see the exporter).
    case exists, min, max
    /// `matches(s, 'pattern')`: the whole value matches an XSD pattern.
    case matches
    /// `in-code-list(s, 'list-id')`: the value is a code of that code list.
    case inCodeList = "in-code-list"
    /// `date(s)`: a date written `YYYYMMDD` (format 102) or `YYYY-MM-DD`, as a day number that
    /// compares and subtracts (days since 0001-01-01); not a number when it is no real date.
    case date

    /// The argument types the function takes (a node set is accepted where a string or number
    /// is, as XPath converts it: its first node's value).
    public var parameters: [RuleValueType] {
        switch self {
        case .not, .boolean: [.boolean]
        case .count, .sum, .exists, .min, .max: [.nodeSet]
        case .number, .stringLength, .normalizeSpace, .date: [.string]
        case .string: [.nodeSet]
        case .contains, .startsWith, .matches, .inCodeList: [.string, .string]
        }
    }

    /// What the function returns.
    public var result: RuleValueType {
        switch self {
        case .not, .boolean, .contains, .startsWith, .exists, .matches, .inCodeList: .boolean
        case .count, .sum, .number, .stringLength, .min, .max, .date: .number
        case .string, .normalizeSpace: .string
        }
    }
}
