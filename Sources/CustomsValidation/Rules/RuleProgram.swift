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
    ///
    /// A class: the evaluator passes paths around at every step, and a struct holding an array
    /// and a string cost three reference counts per copy where a class reference costs one.
    final class CompiledPath: Sendable {
        /// Its number in its rule (the evaluator's cache key).
        let id: Int
        /// From the root (true) or from the scope.
        let isAbsolute: Bool
        /// Levels up (`..`) before going down.
        let up: Int
        /// The nodes down from there, in order.
        let down: [Int]
        /// The attribute read at the end, if any.
        let attribute: String?
        /// Served by a running value (`Aggregate`): its elements get no records.
        let isAggregated: Bool

        /// The nodes down from the record the path starts at (`RuleRecords.start`): a path
        /// from the root starts at the root's record, past its own step.
        var stepsFromStart: ArraySlice<Int> { isAbsolute ? down.dropFirst() : down[...] }

        init(id: Int, isAbsolute: Bool, up: Int, down: [Int], attribute: String?, isAggregated: Bool) {
            self.id = id
            self.isAbsolute = isAbsolute
            self.up = up
            self.down = down
            self.attribute = attribute
            self.isAggregated = isAggregated
        }
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
        /// `count`, `sum`, `min`, `max` or `exists` of a path through a repeating element,
        /// kept as a running value while the message is read (`Aggregate`).
        case aggregate(RuleFunction, Aggregate)
    }

    /// A path whose elements a rule only counts, adds up, compares the least or greatest of, or
    /// tests for: instead of a record per element (a goods item's, for a total over every goods
    /// item, until the message ends), each occurrence of its `owner` (the node the path starts
    /// from: the scope, an ancestor of it, or the root) keeps a running value
    /// (`RuleAccumulator`) that each element of `target` adds to as it ends. This keeps memory
    /// flat for such rules whatever the number of goods items.
    struct Aggregate: Sendable {
        /// From the root (true) or from the scope, `up` levels up.
        let isAbsolute: Bool
        let up: Int
        /// The node whose records hold the running value, and its slot among theirs.
        let owner: Int
        let slot: Int
        /// The node whose elements are counted or added up.
        let target: Int
        /// Whether its values are read (`sum`, `min`, `max`) or only counted.
        let readsValues: Bool
    }

    /// A rule with its paths compiled (a class: the evaluator reads it without copying its
    /// arrays).
    final class Compiled: Sendable {
        let rule: BusinessRule
        let condition: Expression?
        let assertion: Expression
        /// The message's placeholders' paths, in order.
        let messagePaths: [CompiledPath]
        /// The message's text around its placeholders: one more than `messagePaths` (split
        /// once here, not at every finding).
        let messageTexts: [String]
        /// The scope's node, and its chain down from the anchor (anchor excluded).
        let scope: Int
        let scopeFromAnchor: [Int]
        let anchor: Int
        /// Every path the rule reads, once each, as written and compiled, in reading order
        /// (what `customs rules explain` shows).
        let readPaths: [(text: String, path: CompiledPath)]
        /// Codes of the code lists `in-code-list` names.
        let codeLists: [String: Set<String>]
        /// For a rule anchored above its scope that may be decided as each scope ends: the
        /// paths that leave the scope (each through elements that do not repeat), whose
        /// elements must all be there, and ended, for that (`RuleRecords.isReady`); nil for a
        /// rule that waits for its anchor's end.
        let earlyPaths: [CompiledPath]?

        init(
            rule: BusinessRule, condition: Expression?, assertion: Expression, messagePaths: [CompiledPath], scope: Int,
            scopeFromAnchor: [Int], anchor: Int, readPaths: [(text: String, path: CompiledPath)],
            codeLists: [String: Set<String>], earlyPaths: [CompiledPath]?
        ) {
            self.rule = rule
            self.condition = condition
            self.assertion = assertion
            self.messagePaths = messagePaths
            self.messageTexts = rule.messageTexts
            self.scope = scope
            self.scopeFromAnchor = scopeFromAnchor
            self.anchor = anchor
            self.readPaths = readPaths
            self.codeLists = codeLists
            self.earlyPaths = earlyPaths
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
    /// Per node: the tags of the elements between it and its nearest ancestor that is kept
    /// (from the top down), which have no records (a goods item's Commodity when only the item
    /// and its GoodsMeasure are read); nil when one of them repeats, so that the instance path
    /// needs its position and is written down as the element opens.
    let tagsToKeptAncestor: [[String]?]
    /// Per node: the rules with `earlyPaths` whose scope it is.
    let earlyRules: [[Int]]
    /// Per node: kept above only for `earlyRules`, nothing below it kept for other rules: when
    /// those rules are decided as the element ends, its records go with it (a goods item's, for
    /// a rule that compares each item with a total given once).
    let dropsWhenDecided: [Bool]
    /// Per node: the aggregates whose elements it is (`Aggregate.target`).
    let aggregatesOfTarget: [[Aggregate]]
    /// Per node: how many running values each of its records holds (`Aggregate.owner`).
    let aggregateSlots: [Int]
    /// Per node: the session must see its elements end (kept, or an aggregate's target).
    let watched: [Bool]

    /// The program of `rules` for `table`; nil when there are none. Without `aggregating`,
    /// every value a rule reads is kept as a record (what `customs rules explain` shows).
    static func compile(
        _ rules: [BusinessRule], table: NodeTable, codeLists: [String: CodeList], aggregating: Bool = true
    ) -> RuleProgram? {
        guard !rules.isEmpty else { return nil }
        return RuleProgram(rules, table: table, codeLists: codeLists, aggregating: aggregating)
    }

    private init(_ rules: [BusinessRule], table: NodeTable, codeLists: [String: CodeList], aggregating: Bool) {
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
        var aggregatesOfTarget = [[Aggregate]](repeating: [], count: count)
        var aggregateSlots = [Int](repeating: 0, count: count)
        var compiledRules: [Compiled] = []
        for rule in rules {
            let aggregated = aggregating ? Self.aggregatedPaths(of: rule) : []
            // The scope, down from the root by tag (the loader checked it against this tree).
            var scope = 0
            for tag in rule.scope.dropFirst() { scope = child(of: scope, tag: tag) ?? scope }
            let scopeChain = chain(to: scope)
            var paths: [RulePath: CompiledPath] = [:]
            var readPaths: [(text: String, path: CompiledPath)] = []
            var targets: [[Int]] = []  // each path's chain from the root to its last node (kept)
            var aggregates: [RulePath: Aggregate] = [:]
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
                let isAggregated =
                    aggregated.contains(path.description) && attribute == nil && !down.isEmpty
                    && down.contains(where: { table.nodes[$0].isRepeating })
                let compiledPath = CompiledPath(
                    id: paths.count, isAbsolute: path.isAbsolute, up: up, down: down, attribute: attribute,
                    isAggregated: isAggregated)
                paths[path] = compiledPath
                if !readPaths.contains(where: { $0.text == path.description }) {
                    readPaths.append((path.description, compiledPath))
                }
                if isAggregated, let target = down.last {
                    let owner = path.isAbsolute ? 0 : scopeChain[scopeChain.count - 1 - up]
                    let aggregate = Aggregate(
                        isAbsolute: path.isAbsolute, up: up, owner: owner, slot: aggregateSlots[owner], target: target,
                        readsValues: !table.nodes[target].isClass)
                    aggregateSlots[owner] += 1
                    aggregatesOfTarget[target].append(aggregate)
                    aggregates[path] = aggregate
                    targets.append(Array(position.prefix(position.count - down.count)))
                } else {
                    targets.append(position)
                }
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
            // Decidable at the scope's end: every path that leaves the scope is a plain path to
            // elements that do not repeat (so once there, and ended, they are all there).
            var earlyPaths: [CompiledPath]? = anchor == scope ? nil : []
            for (path, compiledPath) in paths where path.isAbsolute || compiledPath.up > 0 {
                if aggregates[path] != nil || compiledPath.down.isEmpty
                    || compiledPath.down.contains(where: { table.nodes[$0].isRepeating })
                {
                    earlyPaths = nil
                    break
                }
                earlyPaths?.append(compiledPath)
            }
            /// `truth`: the expression's value is taken as true or false (a path there only
            /// asks whether it reaches something).
            func compile(_ expression: RuleExpression, truth: Bool = false) -> Expression {
                switch expression {
                case .path(let path):
                    if truth, let aggregate = aggregates[path] { return .aggregate(.exists, aggregate) }
                    return .path(paths[path]!)
                case .string(let text, _): return .string(text)
                case .number(let value, _): return .number(value)
                case .call(let function, let arguments, _):
                    if let path = Self.aggregatedArgument(of: function, arguments), let aggregate = aggregates[path] {
                        return .aggregate(function, aggregate)
                    }
                    return .call(function, arguments.map { compile($0, truth: Self.takesTruths(function)) })
                case .binary(let op, let left, let right):
                    let truths = Self.takesTruths(op)
                    return .binary(op, compile(left, truth: truths), compile(right, truth: truths))
                case .negate(let operand): return .negate(compile(operand))
                }
            }
            compiledRules.append(
                Compiled(
                    rule: rule, condition: rule.condition.map { compile($0, truth: true) },
                    assertion: compile(rule.assertion, truth: true),
                    messagePaths: rule.messagePaths.map { paths[$0]! }, scope: scope,
                    scopeFromAnchor: Array(scopeChain[(anchorDepth + 1)...]), anchor: anchor, readPaths: readPaths,
                    codeLists: lists, earlyPaths: earlyPaths))
        }
        // A node that a rule reads below its anchor (every node its scope chain and its paths go
        // down through lies below it) outlives its own element: the rule is evaluated later.
        var keptAbove = [Bool](repeating: false, count: count)
        var isScope = [Bool](repeating: false, count: count)
        var earlyRules = [[Int]](repeating: [], count: count)
        // Nodes below whose element (at it or under it) some rule anchored above it reads,
        // other than what a rule decided at its scope's end reads inside that scope: each node
        // a rule reads below its anchor, and each node between that and the anchor. Such an
        // element's records must outlive it; a scope of early rules without it can drop them.
        var neededAfter = [Bool](repeating: false, count: count)
        for (index, compiled) in compiledRules.enumerated() {
            let early = compiled.earlyPaths != nil
            if early { earlyRules[compiled.scope].append(index) }
            var reads = compiled.scopeFromAnchor
            for (_, path) in compiled.readPaths where !path.isAggregated { reads += path.down }
            for node in reads where node != compiled.anchor { keptAbove[node] = true }
            var needed = early ? Array(compiled.scopeFromAnchor.dropLast()) : reads
            if early {
                for path in compiled.earlyPaths ?? [] { needed += path.down }
            }
            for node in needed where node != compiled.anchor {
                var current = node
                while current >= 0, current != compiled.anchor {
                    neededAfter[current] = true
                    current = parents[current]
                }
            }
            isScope[compiled.scope] = true
        }
        self.earlyRules = earlyRules
        self.tagsToKeptAncestor = (0..<count).map { node in
            var tags: [String] = []
            var current = parents[node]
            while current >= 0, !kept[current] {
                if table.nodes[current].isRepeating { return nil }
                tags.append(table.compiled[current].tag)
                current = parents[current]
            }
            return tags.reversed()
        }
        self.dropsWhenDecided = (0..<count).map { !earlyRules[$0].isEmpty && !neededAfter[$0] }
        self.isScope = isScope
        self.aggregatesOfTarget = aggregatesOfTarget
        self.aggregateSlots = aggregateSlots
        self.watched = (0..<count).map { kept[$0] || !aggregatesOfTarget[$0].isEmpty }
        self.rules = compiledRules
        self.kept = kept
        self.attributes = attributes
        self.anchored = anchored
        self.keptAbove = keptAbove
    }

    /// The paths (as written) that `rule` reads only as the argument of `count`, `sum`, `min`,
    /// `max` or `exists`, or as a truth value: those a running value can serve
    /// (`Aggregate`). A path that also appears anywhere else in the rule, its message included,
    /// needs its elements' records.
    static func aggregatedPaths(of rule: BusinessRule) -> Set<String> {
        var aggregated = Set<String>()
        var elsewhere = Set(rule.messagePaths.map(\.description))
        func visit(_ expression: RuleExpression, truth: Bool) {
            switch expression {
            case .path(let path):
                if truth { aggregated.insert(path.description) } else { elsewhere.insert(path.description) }
            case .string, .number: break
            case .call(let function, let arguments, _):
                if let path = aggregatedArgument(of: function, arguments) {
                    aggregated.insert(path.description)
                    return
                }
                for argument in arguments { visit(argument, truth: takesTruths(function)) }
            case .binary(let op, let left, let right):
                visit(left, truth: takesTruths(op))
                visit(right, truth: takesTruths(op))
            case .negate(let operand): visit(operand, truth: false)
            }
        }
        if let condition = rule.condition { visit(condition, truth: true) }
        visit(rule.assertion, truth: true)
        return aggregated.subtracting(elsewhere)
    }

    /// The path of a call that a running value can answer: `count`, `sum`, `min`, `max` or
    /// `exists` of one path.
    static func aggregatedArgument(of function: RuleFunction, _ arguments: [RuleExpression]) -> RulePath? {
        guard [.count, .sum, .min, .max, .exists].contains(function), arguments.count == 1,
            case .path(let path) = arguments[0]
        else { return nil }
        return path
    }

    /// True when the function's arguments are taken as true or false (`not`, `boolean`).
    static func takesTruths(_ function: RuleFunction) -> Bool { function == .not || function == .boolean }

    /// True when the operator's operands are taken as true or false (`and`, `or`).
    static func takesTruths(_ op: RuleOperator) -> Bool { op == .and || op == .or }
}
