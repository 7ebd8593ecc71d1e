/// What a session keeps of a message for its package's business rules: one record per element
/// the rules read (`RuleProgram.kept`), linked as the message nests them, with the values and
/// attributes the rules use. Records are appended in document order, so an element's
/// descendants are the records after its own: when an anchor's rules are evaluated and no rule
/// above needs its records, they are dropped by truncation, and a goods item's values leave
/// memory with the goods item.
final class RuleRecords {
    struct Record {
        let node: Int32
        let parent: Int32
        var firstChild: Int32 = -1
        var lastChild: Int32 = -1
        var nextSibling: Int32 = -1
        /// 1-based occurrence among its siblings of the same tag.
        let position: Int32
        /// Index into `values`, once the element's value is known.
        var value: Int32 = -1
        /// True when the value failed its own check (format, code list): rules reading it are
        /// not evaluated, since the value has its finding already.
        var isInvalid = false
        /// Where its attributes start in `attributeValues`, and how many.
        var attributeStart: Int32 = 0
        var attributeCount: Int32 = 0
        /// Where its running values start in `accumulators` (`RuleProgram.aggregateSlots`).
        var aggregateStart: Int32 = -1
        /// `values.count`, `attributeValues.count` and `accumulators.count` when the record was
        /// made (for truncation).
        let valuesMark: Int32
        let attributesMark: Int32
        let accumulatorsMark: Int32
        /// Where the element starts, for findings about it as a scope: a byte offset until the
        /// session resolves it (`nextUnresolvedOffset`), in order with its open elements' marks,
        /// so that a message whose rules all hold never pays for line and column.
        var mark: SourceMark
    }

    // One thread uses a session, and so its records, at a time: as class properties these paid
    // a dynamic exclusivity check on every access (a tenth of rule evaluation in a profile).
    let program: RuleProgram
    @exclusivity(unchecked) private(set) var records: [Record] = []
    @exclusivity(unchecked) private(set) var values: [String] = []
    @exclusivity(unchecked) private(set) var attributeValues: [(name: String, value: String)] = []
    @exclusivity(unchecked) private(set) var accumulators: [RuleAccumulator] = []
    /// Per open element (the session's frames): its record, or -1.
    @exclusivity(unchecked) private var open: [Int32] = []
    /// The instance path above a record that has no parent record.
    @exclusivity(unchecked) private var prefixes: [Int32: String] = [:]
    /// What rule evaluations note as they go.
    let scratch = RuleEvaluationScratch()
    /// Per rule: its paths out of the scope all start at the root and were found ready.
    @exclusivity(unchecked) private var readyFromRoot: [Bool]
    /// Records before this one have resolved marks (or none worth resolving).
    private var unresolved = 0
    /// The most records held at once since the session began (what the memory tests watch).
    private(set) var mostRecords = 0

    init(program: RuleProgram) {
        self.program = program
        readyFromRoot = Array(repeating: false, count: program.rules.count)
    }

    func reset() {
        records.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        attributeValues.removeAll(keepingCapacity: true)
        accumulators.removeAll(keepingCapacity: true)
        open.removeAll(keepingCapacity: true)
        unresolved = 0
        for index in readyFromRoot.indices { readyFromRoot[index] = false }
        prefixes.removeAll(keepingCapacity: true)
    }

    /// The record of the innermost open element that has one.
    private var openParent: Int32 {
        for index in open.indices.reversed() where open[index] >= 0 { return open[index] }
        return -1
    }

    /// True when the innermost open element has a record (its value is wanted).
    var isOpenKept: Bool { (open.last ?? -1) >= 0 }

    /// True when `node`'s element gets a record.
    @inline(__always)
    func keeps(_ node: Int) -> Bool { program.kept[node] }

    /// An element the rules do not read was opened: only its place among the open ones.
    @inline(__always)
    func openUnkept() { open.append(-1) }

    /// An element of `node`, which `keeps`, opened at `position`; `prefix` gives the instance
    /// path of its parent (asked only when the record is the first of its branch, or when a
    /// repeating element without a record lies between it and its parent record), `mark` where
    /// it starts (asked only for a rule's scope).
    func open(
        node: Int, position: Int, attributes: (String) -> String?, prefix: () -> String,
        mark: () -> SourceMark
    ) {
        let parent = openParent
        var record = Record(
            node: Int32(node), parent: parent, position: Int32(position), valuesMark: Int32(values.count),
            attributesMark: Int32(attributeValues.count), accumulatorsMark: Int32(accumulators.count),
            mark: program.isScope[node] ? mark() : SourceMark(line: 0, column: 0))
        let slots = program.aggregateSlots[node]
        if slots > 0 {
            record.aggregateStart = Int32(accumulators.count)
            accumulators.append(contentsOf: repeatElement(RuleAccumulator(), count: slots))
        }
        let names = program.attributes[node]
        if !names.isEmpty {
            record.attributeStart = Int32(attributeValues.count)
            for name in names {
                if let value = attributes(name) { attributeValues.append((name, value)) }
            }
            record.attributeCount = Int32(attributeValues.count) - record.attributeStart
        }
        let index = Int32(records.count)
        records.append(record)
        mostRecords = max(mostRecords, records.count)
        if parent >= 0 {
            if records[Int(parent)].lastChild >= 0 {
                records[Int(records[Int(parent)].lastChild)].nextSibling = index
            } else {
                records[Int(parent)].firstChild = index
            }
            records[Int(parent)].lastChild = index
        }
        if parent < 0 || program.tagsToKeptAncestor[node] == nil {
            // The first record of its branch, or one whose parent elements without records
            // include a repeating one: the instance path above it is written down now.
            prefixes[index] = prefix()
        }
        open.append(index)
    }

    /// The value of the innermost open element (a value element), as checked; `valid` says
    /// whether it passed its check.
    func value(_ text: String, valid: Bool) {
        guard let index = open.last, index >= 0 else { return }
        records[Int(index)].value = Int32(values.count)
        records[Int(index)].isInvalid = !valid
        values.append(text)
    }

    /// An element of `node`, the target of `aggregates`, ends: each adds it to the running
    /// value of its owner's innermost open occurrence; `text` gives its value (asked only when
    /// an aggregate reads values), `valid` whether that passed its own check.
    func aggregate(_ aggregates: [RuleProgram.Aggregate], text: () -> String, valid: Bool) {
        var value: String?
        for aggregate in aggregates {
            guard let owner = open.last(where: { $0 >= 0 && records[Int($0)].node == Int32(aggregate.owner) }) else {
                continue
            }
            if aggregate.readsValues, value == nil { value = text() }
            let slot = Int(records[Int(owner)].aggregateStart) + aggregate.slot
            accumulators[slot].add(aggregate.readsValues ? value : nil, valid: valid)
        }
    }

    /// The offset of the first record whose mark is still an offset, if any.
    func nextUnresolvedOffset() -> Int? {
        while unresolved < records.count {
            if let offset = records[unresolved].mark.offset { return offset }
            unresolved += 1
        }
        return nil
    }

    /// Gives that record its resolved mark.
    func resolveNext(_ mark: SourceMark) {
        records[unresolved].mark = mark
        unresolved += 1
    }

    /// The running value of slot `slot` of record `index`.
    func accumulator(of index: Int32, slot: Int) -> RuleAccumulator {
        accumulators[Int(records[Int(index)].aggregateStart) + slot]
    }

    /// True when record `index`'s value failed its own check.
    func isInvalid(_ index: Int32) -> Bool { records[Int(index)].isInvalid }

    /// The innermost open element ends: the rules anchored at its node to evaluate now on its
    /// record (by `evaluate`, with `asScope` false: on every occurrence of their scope below
    /// it), after which its records are dropped unless a rule anchored above needs them. A
    /// rule anchored above whose scope this is, and that can be decided now
    /// (`RuleProgram.dropsWhenDecided`, `isReady`), is evaluated here on this scope (`asScope`
    /// true) instead of at its anchor's end, and the records go.
    func close(evaluate: (_ record: Int32, _ rules: [Int], _ asScope: Bool) -> Void) {
        guard let index = open.popLast(), index >= 0 else { return }
        let node = Int(records[Int(index)].node)
        let anchored = program.anchored[node]
        if !anchored.isEmpty { evaluate(index, anchored, false) }
        if program.keptAbove[node] {
            let early = program.earlyRules[node]
            guard program.dropsWhenDecided[node], early.allSatisfy({ isReady(rule: $0, scope: index) }) else {
                return
            }
            evaluate(index, early, true)
        }
        let record = records[Int(index)]
        values.removeLast(values.count - Int(record.valuesMark))
        attributeValues.removeLast(attributeValues.count - Int(record.attributesMark))
        accumulators.removeLast(accumulators.count - Int(record.accumulatorsMark))
        prefixes[index] = nil
        records.removeLast(records.count - Int(index))
        unresolved = min(unresolved, records.count)
        if record.parent >= 0 {
            // Unlink it from its parent: it was the last child appended.
            let parent = Int(record.parent)
            var previous: Int32 = -1
            var child = records[parent].firstChild
            while child >= 0 && child != index {
                previous = child
                child = records[Int(child)].nextSibling
            }
            if previous >= 0 { records[Int(previous)].nextSibling = -1 } else { records[parent].firstChild = -1 }
            records[parent].lastChild = previous
        }
    }

    /// True when every path by which `compiled` leaves scope record `scope` reaches one
    /// element per step, already ended: nothing later in the message can change what the rule
    /// reads there (an element that is not there yet may still come, JSON members having no
    /// order).
    func isReady(rule: Int, scope: Int32) -> Bool {
        // Paths from the root that were ready stay so for the rest of the message: what they
        // reach has ended (asked at every goods item otherwise).
        if readyFromRoot[rule] { return true }
        guard let paths = program.rules[rule].earlyPaths else { return false }
        for path in paths {
            guard var current = start(isAbsolute: path.isAbsolute, up: path.up, from: scope) else { return false }
            for node in path.stepsFromStart {
                let (child, more) = firstChild(of: current, node: node)
                guard child >= 0, !more else { return false }
                current = child
            }
            if open.contains(current) { return false }
        }
        if paths.allSatisfy(\.isAbsolute) { readyFromRoot[rule] = true }
        return true
    }

    /// The record a path starts from: the root's for a path from the root, else the one `up`
    /// records above `scope`; nil when there is none.
    func start(isAbsolute: Bool, up: Int, from scope: Int32) -> Int32? {
        if isAbsolute { return records.first?.node == 0 ? 0 : nil }
        var record = scope
        for _ in 0..<up {
            record = records[Int(record)].parent
            if record < 0 { return nil }
        }
        return record
    }

    /// The instance path of record `index` (nodes of `table`): its branch's prefix, then tags
    /// down, with positions on repeating elements, as `SessionCore.path()` writes them.
    func path(of index: Int32, in table: NodeTable) -> String {
        var parts: [String] = []
        var current = index
        while current >= 0 {
            let record = records[Int(current)]
            let name = table.compiled[Int(record.node)].tag
            parts.append(table.nodes[Int(record.node)].isRepeating ? "\(name)[\(record.position)]" : name)
            if record.parent < 0 || prefixes[current] != nil {
                return (prefixes[current] ?? "") + "/" + parts.reversed().joined(separator: "/")
            }
            // The elements between it and its parent record, which have no records.
            parts += (program.tagsToKeptAncestor[Int(record.node)] ?? []).reversed()
            current = record.parent
        }
        return ""
    }

    /// The first child of record `index` of node `node` (-1 for none), and whether it has more.
    func firstChild(of index: Int32, node: Int) -> (Int32, more: Bool) {
        var found: Int32 = -1
        var child = records[Int(index)].firstChild
        while child >= 0 {
            if records[Int(child)].node == Int32(node) {
                if found >= 0 { return (found, true) }
                found = child
            }
            child = records[Int(child)].nextSibling
        }
        return (found, false)
    }

    /// Appends the children of record `index` of node `node` to `result`.
    func appendChildren(of index: Int32, node: Int, to result: inout [Int32]) {
        var child = records[Int(index)].firstChild
        while child >= 0 {
            if records[Int(child)].node == Int32(node) { result.append(child) }
            child = records[Int(child)].nextSibling
        }
    }

    /// The children of record `index` of node `node`.
    func children(of index: Int32, node: Int) -> [Int32] {
        var result: [Int32] = []
        appendChildren(of: index, node: node, to: &result)
        return result
    }

    /// The value of record `index` ("" for a class or a value not given).
    func stringValue(_ index: Int32) -> String {
        let value = records[Int(index)].value
        return value >= 0 ? values[Int(value)] : ""
    }

    /// The attribute `name` of record `index`, if given.
    func attribute(_ name: String, of index: Int32) -> String? {
        let record = records[Int(index)]
        for offset in 0..<Int(record.attributeCount) {
            let entry = attributeValues[Int(record.attributeStart) + offset]
            if entry.name == name { return entry.value }
        }
        return nil
    }
}
