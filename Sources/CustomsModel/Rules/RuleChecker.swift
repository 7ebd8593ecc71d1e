/// Checks a parsed rule expression against a package: every path leads somewhere in the tree
/// (from the rule's scope, or from the root), every operand has a type its operator takes, a
/// code list named in `in-code-list` exists, a pattern in `matches` compiles. Problems carry
/// the offset of the token concerned, so that the loader can place them at file:line:column.
public struct RuleChecker {
    /// One problem with an expression.
    public struct Problem: Sendable, Hashable {
        /// Byte offset in the expression's text.
        public let offset: Int
        /// What is wrong.
        public let message: String
        /// A known name close to a misspelled one.
        public let suggestion: String?
    }

    /// Where a path ended: the nodes from the root down, and an attribute if it named one.
    public struct Resolution: Sendable, Hashable {
        /// The nodes from the root to the path's last element.
        public let nodes: [PackageNode]
        /// The attribute the path ends at, if any.
        public let attribute: AttributeDefinition?

        /// True when the path selects a value (an element that holds one, or an attribute).
        public var isValue: Bool { attribute != nil || nodes.last?.kind == .element }
    }

    let root: PackageNode
    let codeLists: Set<String>
    /// The nodes from the root to the rule's scope.
    let scope: [PackageNode]
    /// The problems found so far (`check` starts afresh; `resolve` adds).
    public private(set) var problems: [Problem] = []

    /// A checker for expressions evaluated at `scope` (nodes from the root of `root`'s tree).
    public init(root: PackageNode, scope: [PackageNode], codeLists: Set<String>) {
        self.root = root
        self.scope = scope
        self.codeLists = codeLists
    }

    /// The nodes from the root down to the class that `tags` (from the root's tag on) name, or
    /// the index of the first tag that names nothing with what was expected there.
    public static func scope(_ tags: [String], in root: PackageNode) -> Result<[PackageNode], ScopeError> {
        guard tags.first == root.tag else {
            return .failure(ScopeError(index: 0, known: [root.tag]))
        }
        var nodes = [root]
        for (index, tag) in tags.enumerated().dropFirst() {
            guard let child = nodes.last!.children.first(where: { $0.tag == tag }) else {
                return .failure(ScopeError(index: index, known: nodes.last!.children.map(\.tag)))
            }
            nodes.append(child)
        }
        return .success(nodes)
    }

    /// Why a scope names no class: the position of the tag that is wrong, and the tags known
    /// there.
    public struct ScopeError: Error, Sendable, Hashable {
        public let index: Int
        public let known: [String]
    }

    /// Checks `expression`, which must be true or false (`purpose` says what it is, for the
    /// message); returns the problems found.
    public mutating func check(_ expression: RuleExpression, as purpose: String) -> [Problem] {
        problems = []
        let type = infer(expression)
        if type == .number || type == .string {
            report(
                at: expression.offset,
                "\(purpose) must be true or false; this is a \(type.rawValue) (compare it with something)")
        }
        return problems
    }

    /// Where a path leads, or nil (with a problem reported) when it leads nowhere.
    public mutating func resolve(_ path: RulePath) -> Resolution? {
        var nodes = path.isAbsolute ? [] : scope
        var attribute: AttributeDefinition?
        for step in path.steps {
            switch step {
            case .parent:
                guard nodes.count > 1 else {
                    report(at: path.offset, "'\(path)' goes above the root element")
                    return nil
                }
                nodes.removeLast()
            case .child(let tag):
                if nodes.isEmpty {
                    guard tag == root.tag else {
                        report(
                            at: path.offset, "'\(path)' starts at <\(tag)>, but the root is <\(root.tag)>",
                            suggestion: root.tag)
                        return nil
                    }
                    nodes = [root]
                    continue
                }
                let parent = nodes.last!
                guard parent.kind == .class else {
                    report(at: path.offset, "in '\(path)', <\(parent.tag)> holds a value, not elements")
                    return nil
                }
                guard let child = parent.children.first(where: { $0.tag == tag }) else {
                    report(
                        at: path.offset, "'\(path)': <\(parent.tag)> has no child <\(tag)>",
                        suggestion: Suggestions.closest(to: tag, among: parent.children.map(\.tag)))
                    return nil
                }
                nodes.append(child)
            case .attribute(let name):
                guard let element = nodes.last else {
                    report(at: path.offset, "'\(path)' names an attribute of no element")
                    return nil
                }
                guard let definition = element.attributes.first(where: { $0.name == name }) else {
                    report(
                        at: path.offset, "'\(path)': <\(element.tag)> has no attribute '\(name)'",
                        suggestion: Suggestions.closest(to: name, among: element.attributes.map(\.name)))
                    return nil
                }
                attribute = definition
            }
        }
        guard !nodes.isEmpty else {
            report(at: path.offset, "'/' alone selects no element")
            return nil
        }
        return Resolution(nodes: nodes, attribute: attribute)
    }

    /// The expression's type, reporting what does not fit on the way.
    mutating func infer(_ expression: RuleExpression) -> RuleValueType {
        switch expression {
        case .path(let path):
            _ = resolve(path)
            return .nodeSet
        case .string: return .string
        case .number: return .number
        case .negate(let operand):
            requireNumber(operand, for: "'-'")
            return .number
        case .binary(let op, let left, let right):
            if op.isArithmetic {
                requireNumber(left, for: "'\(op.rawValue)'")
                requireNumber(right, for: "'\(op.rawValue)'")
                return .number
            }
            if op.isComparison {
                requireValue(left, for: "'\(op.rawValue)'")
                requireValue(right, for: "'\(op.rawValue)'")
                return .boolean
            }
            _ = infer(left)
            _ = infer(right)
            return .boolean
        case .call(let function, let arguments, _):
            for (argument, parameter) in zip(arguments, function.parameters) {
                switch parameter {
                case .nodeSet:
                    guard case .path(let path) = argument else {
                        report(at: argument.offset, "\(function.rawValue)() takes a path")
                        _ = infer(argument)
                        continue
                    }
                    if let resolution = resolve(path), [.sum, .min, .max].contains(function), !resolution.isValue {
                        report(
                            at: path.offset,
                            "\(function.rawValue)() adds up values, and '\(path)' selects <\(resolution.nodes.last!.tag)>, which holds elements"
                        )
                    }
                case .string, .number:
                    requireValue(argument, for: "\(function.rawValue)()")
                case .boolean:
                    _ = infer(argument)
                }
            }
            checkLiteralArguments(function, arguments)
            return function.result
        }
    }

    /// `in-code-list` names a known list; `matches` has a pattern that compiles.
    private mutating func checkLiteralArguments(_ function: RuleFunction, _ arguments: [RuleExpression]) {
        guard function == .inCodeList || function == .matches, arguments.count == 2 else { return }
        guard case .string(let literal, _) = arguments[1] else {
            report(at: arguments[1].offset, "the second argument of \(function.rawValue)() is a string in quotes")
            return
        }
        if function == .inCodeList, !codeLists.contains(literal) {
            report(
                at: arguments[1].offset, "unknown code list '\(literal)'",
                suggestion: Suggestions.closest(to: literal, among: codeLists))
        }
        if function == .matches {
            do throws(XSDPattern.ParseError) {
                _ = try XSDPattern(literal)
            } catch {
                report(at: arguments[1].offset, "the pattern does not compile: \(error)")
            }
        }
    }

    /// An operand that must be a number: a number, or a value a path selects.
    private mutating func requireNumber(_ operand: RuleExpression, for what: String) {
        guard case .path = operand else {
            let type = infer(operand)
            if type == .string || type == .boolean {
                report(at: operand.offset, "\(what) takes numbers; this is a \(type.rawValue)")
            }
            return
        }
        requireValue(operand, for: what)
    }

    /// An operand that stands for a value: not a path to a class (whose "value" would be all
    /// its text run together, which no rule means).
    private mutating func requireValue(_ operand: RuleExpression, for what: String) {
        guard case .path(let path) = operand else {
            _ = infer(operand)
            return
        }
        guard let resolution = resolve(path), !resolution.isValue else { return }
        report(
            at: path.offset,
            "\(what) compares values, and '\(path)' selects <\(resolution.nodes.last!.tag)>, which holds elements (count() or exists() it, or name one of its elements)"
        )
    }

    private mutating func report(at offset: Int, _ message: String, suggestion: String? = nil) {
        problems.append(Problem(offset: offset, message: message, suggestion: suggestion))
    }
}
