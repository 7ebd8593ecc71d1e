import CustomsModel

/// A package's business rules compiled against its `NodeTable`: every path turned into node
/// indices, and per node what the session must keep of a message for the rules — the nodes on
/// some rule's paths (`kept`), the attributes they read, the rules to evaluate when a node's
/// element ends (`anchored`). A rule is evaluated at the end of its anchor: the nearest element
/// that holds its scope and everything its paths reach, so that a value that comes after the
/// scope's own (JSON has no order) is there when it is evaluated, and what the rule read is
/// dropped as soon as no rule needs it (see `RuleRecords`).
public final class RuleProgram: Sendable {
    /// A path as node steps from where it starts.
    struct CompiledPath: Sendable {
        /// From the root (true) or from the scope.
        let isAbsolute: Bool
        /// Levels up (`..`) before going down.
        let up: Int
        /// The nodes down from there, in order.
        let down: [Int]
        /// The attribute read at the end, if any.
        let attribute: String?
    }

    /// An expression with its paths compiled and its number literals read: what the evaluator
    /// walks (no lookups by path while evaluating).
    indirect enum Expression: Sendable {
        case path(CompiledPath)
        case string(String)
        case number(RuleDecimal?)
        case call(RuleFunction, [Expression])
        case binary(RuleOperator, Expression, Expression)
        case negate(Expression)
    }

    /// A rule with its paths compiled (a class: the evaluator reads it without copying its
    /// arrays).
    final class Compiled: Sendable {
        let rule: BusinessRule
        let condition: Expression?
        let assertion: Expression
        /// The message's placeholders' paths, in order.
        let messagePaths: [CompiledPath]
        /// The scope's node, and its chain down from the anchor (anchor excluded).
        let scope: Int
        let scopeFromAnchor: [Int]
        let anchor: Int
        /// Every path the rule reads, once each, as written and compiled, in reading order
        /// (what `customs rules explain` shows).
        let readPaths: [(text: String, path: CompiledPath)]
        /// Codes of the code lists `in-code-list` names.
        let codeLists: [String: Set<String>]

        init(
            rule: BusinessRule, condition: Expression?, assertion: Expression, messagePaths: [CompiledPath], scope: Int,
            scopeFromAnchor: [Int], anchor: Int, readPaths: [(text: String, path: CompiledPath)],
            codeLists: [String: Set<String>]
        ) {
            self.rule = rule
            self.condition = condition
            self.assertion = assertion
            self.messagePaths = messagePaths
            self.scope = scope
            self.scopeFromAnchor = scopeFromAnchor
            self.anchor = anchor
            self.readPaths = readPaths
            self.codeLists = codeLists
        }
    }

    let rules: [Compiled]
    /// Per node: kept while a message is read (on some rule's paths).
    let kept: [Bool]
    /// Per node: the attributes some rule reads.
    let attributes: [[String]]
    /// Per node: the rules anchored there, by index in `rules`.
    let anchored: [[Int]]
    /// Per node: kept for a rule anchored above it (so its records outlive its own end).
    let keptAbove: [Bool]
    /// Per node: the scope of some rule (its records know where their element starts).
    let isScope: [Bool]

    /// The program of `rules` for `table`; nil when there are none.
    static func compile(_ rules: [BusinessRule], table: NodeTable, codeLists: [String: CodeList]) -> RuleProgram? {
        guard !rules.isEmpty else { return nil }
        return RuleProgram(rules, table: table, codeLists: codeLists)
    }

    private init(_ rules: [BusinessRule], table: NodeTable, codeLists: [String: CodeList]) {
        let count = table.compiled.count
        var parents = [Int](repeating: -1, count: count)
        for node in 0..<count {
            let entry = table.nodes[node]
            for offset in 0..<entry.childCount { parents[table.children[entry.childStart + offset]] = node }
        }
        func child(of node: Int, tag: String) -> Int? {
            let entry = table.nodes[node]
            return (0..<entry.childCount).lazy.map { table.children[entry.childStart + $0] }.first {
                table.compiled[$0].tag == tag
            }
        }
        func chain(to node: Int) -> [Int] {  // root ... node
            var result = [node]
            while let last = result.last, parents[last] >= 0 { result.append(parents[last]) }
            return result.reversed()
        }
        var kept = [Bool](repeating: false, count: count)
        var attributes = [[String]](repeating: [], count: count)
        var anchored = [[Int]](repeating: [], count: count)
        var compiledRules: [Compiled] = []
        for rule in rules {
            // The scope, down from the root by tag (the loader checked it against this tree).
            var scope = 0
            for tag in rule.scope.dropFirst() { scope = child(of: scope, tag: tag) ?? scope }
            let scopeChain = chain(to: scope)
            var paths: [RulePath: CompiledPath] = [:]
            var readPaths: [(text: String, path: CompiledPath)] = []
            var targets: [[Int]] = []  // each path's chain from the root to its last node
            // The highest depth some path climbs to (`..` from the scope, or the root).
            var highest = scopeChain.count - 1
            for path in rule.paths {
                var position = path.isAbsolute ? [Int]() : scopeChain
                if path.isAbsolute { highest = 0 }
                var up = 0
                var down: [Int] = []
                var attribute: String?
                for step in path.steps {
                    switch step {
                    case .parent:
                        if down.isEmpty { up += 1 } else { down.removeLast() }
                        position.removeLast()
                        highest = min(highest, max(0, position.count - 1))
                    case .child(let tag):
                        if position.isEmpty {
                            position = [0]  // the root's own tag, checked by the loader
                            down.append(0)
                            continue
                        }
                        guard let next = child(of: position.last!, tag: tag) else { continue }
                        position.append(next)
                        down.append(next)
                    case .attribute(let name):
                        attribute = name
                        if let last = position.last, !attributes[last].contains(name) { attributes[last].append(name) }
                    }
                }
                let compiledPath = CompiledPath(isAbsolute: path.isAbsolute, up: up, down: down, attribute: attribute)
                paths[path] = compiledPath
                if !readPaths.contains(where: { $0.text == path.description }) {
                    readPaths.append((path.description, compiledPath))
                }
                targets.append(position)
            }
            // The anchor: the deepest node on the scope's chain that every path passes through,
            // on its way up (`../X` from the scope climbs to the parent, whose other children it
            // reads) and down.
            var anchorDepth = highest
            for target in targets {
                var common = 0
                while common < min(target.count, scopeChain.count), target[common] == scopeChain[common] { common += 1 }
                anchorDepth = min(anchorDepth, common - 1)
            }
            anchorDepth = max(0, anchorDepth)
            let anchor = scopeChain[anchorDepth]
            for node in scopeChain[anchorDepth...] { kept[node] = true }
            for target in targets {
                for node in target.dropFirst(min(anchorDepth, target.count)) { kept[node] = true }
            }
            var lists: [String: Set<String>] = [:]
            for case .call(.inCodeList, let arguments, _) in rule.calls {
                if arguments.count == 2, case .string(let id, _) = arguments[1], let list = codeLists[id] {
                    lists[id] = Set(list.entries.map(\.code))
                }
            }
            anchored[anchor].append(compiledRules.count)
            func compile(_ expression: RuleExpression) -> Expression {
                switch expression {
                case .path(let path): .path(paths[path]!)
                case .string(let text, _): .string(text)
                case .number(let value, _): .number(value)
                case .call(let function, let arguments, _): .call(function, arguments.map(compile))
                case .binary(let op, let left, let right): .binary(op, compile(left), compile(right))
                case .negate(let operand): .negate(compile(operand))
                }
            }
            compiledRules.append(
                Compiled(
                    rule: rule, condition: rule.condition.map(compile), assertion: compile(rule.assertion),
                    messagePaths: rule.messagePaths.map { paths[$0]! }, scope: scope,
                    scopeFromAnchor: Array(scopeChain[(anchorDepth + 1)...]), anchor: anchor, readPaths: readPaths,
                    codeLists: lists))
        }
        // A node that a rule reads below its anchor (every node its scope chain and its paths go
        // down through lies below it) outlives its own element: the rule is evaluated later.
        var keptAbove = [Bool](repeating: false, count: count)
        var isScope = [Bool](repeating: false, count: count)
        for compiled in compiledRules {
            for node in compiled.scopeFromAnchor + compiled.readPaths.flatMap(\.path.down) where node != compiled.anchor
            {
                keptAbove[node] = true
            }
            isScope[compiled.scope] = true
        }
        self.isScope = isScope
        self.rules = compiledRules
        self.kept = kept
        self.attributes = attributes
        self.anchored = anchored
        self.keptAbove = keptAbove
    }
}
