/// Why a rule expression could not be read: where (a byte offset into the text and the token's
/// length), and what was expected.
public struct RuleSyntaxError: Error, Sendable, Hashable {
    /// Byte offset of the offending token in the expression.
    public let offset: Int
    /// The token as written ("end of the expression" at the end).
    public let token: String
    /// What is wrong.
    public let message: String
    /// A known name close to a misspelled function's.
    public let suggestion: String?
}

/// Reads rule expressions (see `RuleExpression`; the grammar is in DataModel/README.md,
/// "Business rules"). Recursive descent over a token list, precedence climbing by level; every
/// error names the token where reading stopped.
///
/// ```swift
/// let expression = try RuleParser.parse("count(GoodsShipment/GovernmentAgencyGoodsItem) = GoodsItemQuantity")
/// ```
public struct RuleParser {
    enum Token: Equatable {
        case name(String), string(String), number(RuleDecimal), symbol(String), end
    }

    private var tokens: [(token: Token, offset: Int, text: String)] = []
    private var index = 0

    /// The expression `text` says, or the first reason it says none.
    public static func parse(_ text: String) throws(RuleSyntaxError) -> RuleExpression {
        var parser = RuleParser()
        parser.tokens = try tokenize(text)
        let expression = try parser.or()
        guard case .end = parser.current else {
            throw parser.error("expected an operator or the end of the expression")
        }
        return expression
    }

    // MARK: Tokens

    static func tokenize(_ text: String) throws(RuleSyntaxError) -> [(token: Token, offset: Int, text: String)] {
        let bytes = Array(text.utf8)
        var tokens: [(token: Token, offset: Int, text: String)] = []
        var index = 0
        func word(_ start: Int, _ end: Int) -> String { String(decoding: bytes[start..<end], as: UTF8.self) }
        while index < bytes.count {
            let byte = bytes[index]
            let start = index
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
                continue
            }
            if isNameStart(byte) {
                while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
                tokens.append((.name(word(start, index)), start, word(start, index)))
            } else if isDigit(byte)
                || (byte == UInt8(ascii: ".") && index + 1 < bytes.count && isDigit(bytes[index + 1]))
            {
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
                if index < bytes.count, bytes[index] == UInt8(ascii: "."),
                    index + 1 >= bytes.count || bytes[index + 1] != UInt8(ascii: ".")
                {
                    index += 1
                    while index < bytes.count, isDigit(bytes[index]) { index += 1 }
                }
                let literal = word(start, index)
                guard let value = RuleDecimal(parsing: literal) else {
                    throw RuleSyntaxError(offset: start, token: literal, message: "not a number", suggestion: nil)
                }
                tokens.append((.number(value), start, literal))
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                index += 1
                while index < bytes.count, bytes[index] != byte { index += 1 }
                guard index < bytes.count else {
                    throw RuleSyntaxError(
                        offset: start, token: word(start, bytes.count),
                        message: "a string is not closed (\(Character(Unicode.Scalar(byte))) missing)", suggestion: nil)
                }
                index += 1
                tokens.append((.string(word(start + 1, index - 1)), start, word(start, index)))
            } else {
                let two = index + 1 < bytes.count ? word(index, index + 2) : ""
                if ["!=", "<=", ">=", ".."].contains(two) {
                    index += 2
                    tokens.append((.symbol(two), start, two))
                } else if "/@(),=<>+-*".utf8.contains(byte) {
                    index += 1
                    tokens.append((.symbol(word(start, index)), start, word(start, index)))
                } else {
                    let scalar = String(text[text.utf8.index(text.startIndex, offsetBy: start)...].prefix(1))
                    throw RuleSyntaxError(
                        offset: start, token: scalar, message: "'\(scalar)' has no meaning in a rule", suggestion: nil)
                }
            }
        }
        tokens.append((.end, bytes.count, "end of the expression"))
        return tokens
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isNameStart(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "_")
            || byte >= 0x80
    }

    /// XPath's name characters: a `-` inside a name belongs to it (`starts-with`), so
    /// subtraction needs spaces around its `-` (`a - b`), as in XPath.
    static func isNameByte(_ byte: UInt8) -> Bool {
        isNameStart(byte) || isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    // MARK: Grammar

    private var current: Token { tokens[index].token }

    private func error(_ message: String, suggestion: String? = nil) -> RuleSyntaxError {
        RuleSyntaxError(
            offset: tokens[index].offset, token: tokens[index].text, message: message, suggestion: suggestion)
    }

    private func isSymbol(_ symbol: String) -> Bool { current == .symbol(symbol) }

    /// The operator at the current token when it is one of `operators` (words only where an
    /// operator may stand, so `div` may still name an element elsewhere).
    private func currentOperator(_ operators: [RuleOperator]) -> RuleOperator? {
        let text: String
        switch current {
        case .symbol(let symbol): text = symbol
        case .name(let name): text = name
        default: return nil
        }
        return operators.first { $0.rawValue == text }
    }

    private mutating func binaryLevel(
        _ operators: [RuleOperator], next: (inout RuleParser) throws(RuleSyntaxError) -> RuleExpression
    ) throws(RuleSyntaxError) -> RuleExpression {
        var left = try next(&self)
        while let op = currentOperator(operators) {
            index += 1
            left = .binary(op, left, try next(&self))
        }
        return left
    }

    mutating func or() throws(RuleSyntaxError) -> RuleExpression {
        try binaryLevel([.or]) { (parser: inout RuleParser) throws(RuleSyntaxError) in try parser.and() }
    }

    mutating func and() throws(RuleSyntaxError) -> RuleExpression {
        try binaryLevel([.and]) { (parser: inout RuleParser) throws(RuleSyntaxError) in try parser.comparison() }
    }

    mutating func comparison() throws(RuleSyntaxError) -> RuleExpression {
        let comparisons = RuleOperator.allCases.filter(\.isComparison)
        let left = try additive()
        guard let op = currentOperator(comparisons) else { return left }
        index += 1
        let right = try additive()
        if currentOperator(comparisons) != nil {
            throw error("one comparison at a time: join two with 'and' (a < b and b < c)")
        }
        return .binary(op, left, right)
    }

    mutating func additive() throws(RuleSyntaxError) -> RuleExpression {
        try binaryLevel([.plus, .minus]) { (parser: inout RuleParser) throws(RuleSyntaxError) in
            try parser.multiplicative()
        }
    }

    mutating func multiplicative() throws(RuleSyntaxError) -> RuleExpression {
        try binaryLevel([.times, .divide, .modulo]) { (parser: inout RuleParser) throws(RuleSyntaxError) in
            try parser.unary()
        }
    }

    mutating func unary() throws(RuleSyntaxError) -> RuleExpression {
        if isSymbol("-") {
            index += 1
            return .negate(try unary())
        }
        return try primary()
    }

    mutating func primary() throws(RuleSyntaxError) -> RuleExpression {
        switch current {
        case .number(let value):
            index += 1
            return .number(value, offset: tokens[index - 1].offset)
        case .string(let value):
            index += 1
            return .string(value, offset: tokens[index - 1].offset)
        case .symbol("("):
            index += 1
            let inner = try or()
            guard isSymbol(")") else { throw error("expected ')'") }
            index += 1
            return inner
        case .name(let name) where tokens[index + 1].token == .symbol("("):
            return try call(name)
        case .name, .symbol("/"), .symbol(".."), .symbol("@"):
            return .path(try path())
        default:
            throw error("expected a value: a path, a string in quotes, a number, a function or '('")
        }
    }

    mutating func call(_ name: String) throws(RuleSyntaxError) -> RuleExpression {
        guard let function = RuleFunction(rawValue: name) else {
            throw error(
                "unknown function '\(name)'",
                suggestion: Suggestions.closest(to: name, among: RuleFunction.allCases.map(\.rawValue)))
        }
        let offset = tokens[index].offset
        index += 2  // the name and '('
        var arguments: [RuleExpression] = []
        if !isSymbol(")") {
            arguments.append(try or())
            while isSymbol(",") {
                index += 1
                arguments.append(try or())
            }
        }
        guard isSymbol(")") else { throw error("expected ',' or ')' after an argument of \(name)()") }
        let count = function.parameters.count
        guard arguments.count == count else {
            throw error("\(name)() takes \(count) argument\(count == 1 ? "" : "s"), not \(arguments.count)")
        }
        index += 1
        return .call(function, arguments, offset: offset)
    }

    mutating func path() throws(RuleSyntaxError) -> RulePath {
        let offset = tokens[index].offset
        var isAbsolute = false
        if isSymbol("/") {
            isAbsolute = true
            index += 1
        }
        var steps: [RulePath.Step] = []
        while true {
            switch current {
            case .name(let name):
                steps.append(.child(name))
            case .symbol(".."):
                steps.append(.parent)
            case .symbol("@"):
                index += 1
                guard case .name(let name) = current else { throw error("expected an attribute name after '@'") }
                steps.append(.attribute(name))
                index += 1
                if isSymbol("/") { throw error("an attribute ends a path") }
                return RulePath(isAbsolute: isAbsolute, steps: steps, offset: offset)
            default:
                throw error("expected an element name, '..' or '@attribute' in a path")
            }
            index += 1
            guard isSymbol("/") else { return RulePath(isAbsolute: isAbsolute, steps: steps, offset: offset) }
            index += 1
        }
    }
}
