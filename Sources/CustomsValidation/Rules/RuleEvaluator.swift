import CustomsModel

/// Evaluates a rule's expressions on the records a session kept, with XPath 1.0's meaning:
/// a path gives the elements (or attribute values) it reaches; a comparison with a node set
/// holds when it holds for one of its values; `=` and `!=` compare strings unless a number or
/// a boolean is involved; `<`, `>` compare numbers; arithmetic is exact decimal (`RuleDecimal`), and a
/// value that is not a number (or a division by zero) is NaN, for which every comparison is
/// false. Our own functions are documented in DataModel/README.md.
struct RuleEvaluator {
    enum Value {
        case nodes(SmallSet<Int32>)
        case attributes(SmallSet<String>)
        case string(String)
        /// nil: NaN.
        case number(RuleDecimal?)
        case boolean(Bool)
    }

    let records: RuleRecords
    let compiled: RuleProgram.Compiled
    /// What an evaluation notes as it goes, owned by the records (one per session, not one
    /// allocation per rule evaluated).
    var scratch: RuleEvaluationScratch { records.scratch }

    /// The value of `expression` at scope record `scope`.
    func evaluate(_ expression: RuleProgram.Expression, at scope: Int32) -> Value {
        switch expression {
        case .path(let path): return select(path, from: scope)
        case .string(let text): return .string(text)
        case .number(let value): return .number(value)
        case .negate(let operand): return .number(number(evaluate(operand, at: scope)).map { -$0 })
        case .binary(let op, let left, let right):
            switch op {
            case .or: return .boolean(boolean(evaluate(left, at: scope)) || boolean(evaluate(right, at: scope)))
            case .and: return .boolean(boolean(evaluate(left, at: scope)) && boolean(evaluate(right, at: scope)))
            case .plus, .minus, .times, .divide, .modulo:
                return .number(arithmetic(op, number(evaluate(left, at: scope)), number(evaluate(right, at: scope))))
            default:
                return .boolean(compare(op, evaluate(left, at: scope), evaluate(right, at: scope)))
            }
        case .call(let function, let arguments):
            return call(function, arguments.map { evaluate($0, at: scope) })
        case .aggregate(let function, let aggregate):
            return self.aggregate(function, aggregate, at: scope)
        }
    }

    /// An aggregate's running value at `scope`, as `function` of the elements it counted (none
    /// when its owner has no record).
    func aggregate(_ function: RuleFunction, _ aggregate: RuleProgram.Aggregate, at scope: Int32) -> Value {
        let running =
            records.start(isAbsolute: aggregate.isAbsolute, up: aggregate.up, from: scope).map {
                records.accumulator(of: $0, slot: aggregate.slot)
            } ?? RuleAccumulator()
        if running.sawInvalid, function == .sum || function == .min || function == .max { scratch.readInvalid = true }
        return function == .exists ? .boolean(running.count > 0) : .number(running.result(function))
    }

    // MARK: Paths

    func select(_ compiledPath: RuleProgram.CompiledPath, from scope: Int32) -> Value {
        guard let start = records.start(isAbsolute: compiledPath.isAbsolute, up: compiledPath.up, from: scope) else {
            return .nodes(SmallSet())
        }
        let down = compiledPath.stepsFromStart
        guard scratch.caching, compiledPath.isAbsolute || compiledPath.up > 0 else {
            return walk(compiledPath, from: start, down)
        }
        let key = Int(start) << 16 | compiledPath.id
        if let known = scratch.selections[key] { return known }
        let selected = walk(compiledPath, from: start, down)
        scratch.selections[key] = selected
        return selected
    }

    /// The elements (or attribute values) `down` the path's nodes from `start`: one element
    /// at a time while each step reaches one, a set from the first step that reaches more.
    private func walk(
        _ compiledPath: RuleProgram.CompiledPath, from start: Int32, _ down: ArraySlice<Int>
    ) -> Value {
        var single = start
        var many: [Int32]?
        for node in down {
            if let set = many {
                var next: [Int32] = []
                for element in set { records.appendChildren(of: element, node: node, to: &next) }
                many = next
            } else {
                let (first, more) = records.firstChild(of: single, node: node)
                if more {
                    var next: [Int32] = []
                    records.appendChildren(of: single, node: node, to: &next)
                    many = next
                } else if first >= 0 {
                    single = first
                } else {
                    many = []
                }
            }
        }
        if let name = compiledPath.attribute {
            guard let set = many else {
                return .attributes(SmallSet(records.attribute(name, of: single).map { [$0] } ?? []))
            }
            return .attributes(SmallSet(set.lazy.compactMap { records.attribute(name, of: $0) }))
        }
        return .nodes(many.map { SmallSet($0) } ?? SmallSet(single))
    }

    /// The string values of a node set or attribute set.
    func strings(_ value: Value) -> [String] {
        switch value {
        case .nodes(let nodes): nodes.map { stringValue($0) }
        case .attributes(let values): Array(values)
        default: [string(value)]
        }
    }

    /// Record `node`'s value, noting whether it failed its own check.
    private func stringValue(_ node: Int32) -> String {
        if records.isInvalid(node) { scratch.readInvalid = true }
        return records.stringValue(node)
    }

    /// True when `test` holds for one of the string values of a node set or attribute set
    /// (without gathering them).
    func anyString(of value: Value, _ test: (String) -> Bool) -> Bool {
        switch value {
        case .nodes(let nodes): nodes.contains { test(stringValue($0)) }
        case .attributes(let values): values.contains(where: test)
        default: test(string(value))
        }
    }

    // MARK: Conversions (XPath 1.0 section 4)

    func string(_ value: Value) -> String {
        switch value {
        case .nodes(let nodes): nodes.first.map(stringValue) ?? ""
        case .attributes(let values): values.first ?? ""
        case .string(let text): text
        case .number(let number): number?.description ?? "NaN"
        case .boolean(let flag): flag ? "true" : "false"
        }
    }

    func number(_ value: Value) -> RuleDecimal? {
        switch value {
        case .number(let number): number
        case .boolean(let flag): RuleDecimal(flag ? 1 : 0)
        default: Self.parseNumber(string(value))
        }
    }

    func boolean(_ value: Value) -> Bool {
        switch value {
        case .nodes(let nodes): !nodes.isEmpty
        case .attributes(let values): !values.isEmpty
        case .string(let text): !text.isEmpty
        case .number(let number): number.map { !$0.isZero } ?? false
        case .boolean(let flag): flag
        }
    }

    /// XPath's number syntax (digits, at most one '.', an optional leading '-'), around which
    /// white space is allowed; anything else is NaN.
    static func parseNumber(_ text: String) -> RuleDecimal? {
        let utf8 = text.utf8
        if let first = utf8.first, let last = utf8.last, !XMLWhitespace.isSpace(first), !XMLWhitespace.isSpace(last) {
            return RuleDecimal(parsing: text)
        }
        var bytes = Substring(text).utf8[...]
        while let first = bytes.first, XMLWhitespace.isSpace(first) { bytes = bytes.dropFirst() }
        while let last = bytes.last, XMLWhitespace.isSpace(last) { bytes = bytes.dropLast() }
        return RuleDecimal(parsing: Substring(bytes))
    }

    // MARK: Operators

    func arithmetic(_ op: RuleOperator, _ left: RuleDecimal?, _ right: RuleDecimal?) -> RuleDecimal? {
        guard let left, let right else { return nil }
        switch op {
        case .plus: return left + right
        case .minus: return left - right
        case .times: return left * right
        case .divide: return left / right
        case .modulo: return left % right
        default: return nil
        }
    }

    func compare(_ op: RuleOperator, _ left: Value, _ right: Value) -> Bool {
        switch (left, right) {
        case (.nodes, _), (.attributes, _):
            if case .boolean(let flag) = right { return compareAtoms(op, .boolean(boolean(left)), .boolean(flag)) }
            return anyString(of: left) { item in
                switch right {
                case .nodes, .attributes: anyString(of: right) { compareAtoms(op, .string(item), .string($0)) }
                case .number: compareAtoms(op, .number(Self.parseNumber(item)), right)
                default: compareAtoms(op, .string(item), right)
                }
            }
        case (_, .nodes), (_, .attributes):
            return compare(op.mirrored, right, left)
        default:
            return compareAtoms(op, left, right)
        }
    }

    /// Two values that are not node sets.
    func compareAtoms(_ op: RuleOperator, _ left: Value, _ right: Value) -> Bool {
        if op == .equal || op == .notEqual {
            let equal: Bool
            switch (left, right) {
            case (.boolean, _), (_, .boolean): equal = boolean(left) == boolean(right)
            case (.number, _), (_, .number):
                guard let a = number(left), let b = number(right) else { return op == .notEqual }
                equal = a == b
            default: equal = string(left) == string(right)
            }
            return op == .equal ? equal : !equal
        }
        guard let a = number(left), let b = number(right) else { return false }
        switch op {
        case .less: return a < b
        case .lessOrEqual: return a <= b
        case .greater: return a > b
        default: return a >= b
        }
    }

    // MARK: Functions

    func call(_ function: RuleFunction, _ values: [Value]) -> Value {
        switch function {
        case .not: return .boolean(!boolean(values[0]))
        case .boolean, .exists: return .boolean(boolean(values[0]))
        case .count:
            // Counting reads no value (and so never one that failed its check).
            switch values[0] {
            case .nodes(let nodes): return .number(RuleDecimal(nodes.count))
            case .attributes(let values): return .number(RuleDecimal(values.count))
            default: return .number(RuleDecimal(1))
            }
        case .sum, .min, .max:
            var running = RuleAccumulator()
            for text in strings(values[0]) { running.add(text, valid: true) }
            return .number(running.result(function))
        case .number: return .number(number(values[0]))
        case .string: return .string(string(values[0]))
        // XPath counts characters as code points (not Swift's grapheme clusters) and its white
        // space is XML's four characters, so that the Schematron export means the same.
        case .stringLength: return .number(RuleDecimal(string(values[0]).unicodeScalars.count))
        case .normalizeSpace:
            return .string(
                string(values[0]).utf8.split(whereSeparator: XMLWhitespace.isSpace).map {
                    String(decoding: $0, as: UTF8.self)
                }
                .joined(separator: " "))
        // Code points compared as they are, as XPath does (Swift's String would compare
        // canonically equivalent forms as equal).
        case .contains: return .boolean(Self.contains(string(values[0]), string(values[1])))
        case .startsWith: return .boolean(string(values[0]).utf8.starts(with: string(values[1]).utf8))
        case .matches:
            guard let pattern = try? XSDPattern(string(values[1])) else { return .boolean(false) }
            return .boolean(pattern.matches(string(values[0])))
        case .inCodeList:
            return .boolean(compiled.codeLists[string(values[1])]?.contains(string(values[0])) ?? false)
        case .date:
            return .number(Self.dayNumber(string(values[0])).map { RuleDecimal($0) })
        }
    }

    /// True when `needle`'s bytes occur in `text`'s (a plain search: rule values are short,
    /// and the standard library's generic searcher cost more than the whole rule).
    static func contains(_ text: String, _ needle: String) -> Bool {
        let haystack = Array(text.utf8)
        let pattern = Array(needle.utf8)
        guard pattern.count <= haystack.count else { return false }
        guard let first = pattern.first else { return true }
        for start in 0...(haystack.count - pattern.count) where haystack[start] == first {
            if haystack[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
        }
        return false
    }

    /// Days since 0001-01-01 of a date written `YYYYMMDD` or `YYYY-MM-DD`; nil for anything else
    /// or a day that does not exist.
    static func dayNumber(_ text: String) -> Int? {
        let digits = text.filter { $0 != "-" }
        guard digits.count == 8, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
            text.count == 8 || (text.count == 10 && Array(text)[4] == "-" && Array(text)[7] == "-")
        else { return nil }
        let value = Int(digits)!
        let (year, month, day) = (value / 10000, value / 100 % 100, value % 100)
        guard year >= 1, (1...12).contains(month), (1...DateTimeFormat.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        let years = year - 1
        let before = (1..<month).reduce(0) { $0 + DateTimeFormat.daysIn(month: $1, year: year) }
        return years * 365 + years / 4 - years / 100 + years / 400 + before + day - 1
    }
}

extension RuleOperator {
    /// The operator with its operands swapped (`a < b` is `b > a`).
    var mirrored: RuleOperator {
        switch self {
        case .less: .greater
        case .lessOrEqual: .greaterOrEqual
        case .greater: .less
        case .greaterOrEqual: .lessOrEqual
        default: self
        }
    }
}

/// What rule evaluations note as they go (`RuleEvaluator`): whether a value read had failed its
/// own check, and, while one rule is evaluated on several scopes, the selections of paths that
/// climb or start at the root, which are the same from every scope under one parent (what made
/// `count(../GovernmentAgencyGoodsItem)` on each of n goods items cost n²).
final class RuleEvaluationScratch {
    var readInvalid = false
    /// Selections by start record and path (`caching` only).
    var selections: [Int: RuleEvaluator.Value] = [:]
    var caching = false
}
