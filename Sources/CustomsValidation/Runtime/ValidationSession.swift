import CustomsModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Validates one message at a time against a compiled package, fed by a reader's events
/// (XML now, JSON later: the same events). Reuse one session per thread: `reset()` keeps its
/// buffers.
///
/// The session keeps a stack of frames, one per open element; paths for diagnostics are built
/// from it only when something is reported. Subtrees the package does not describe are reported
/// once and skipped.
public final class ValidationSession {
    /// The package messages are checked against.
    public var package: CompiledPackage { core.pointee.package }
    /// At most this many findings are kept per message; one `too-many-findings` follows.
    public var maxFindings: Int { core.pointee.maxFindings }
    /// Findings of the current message, at most `maxFindings` (+1 notice).
    public var findings: [Diagnostic] { core.pointee.findings }
    /// All findings of the current message, including those not kept.
    public var findingCount: Int { core.pointee.findingCount }
    /// How many findings are kept so far (`findings.count`, without touching the array): all
    /// up to the cap, then one notice.
    /// Inlinable, as `isSkipping`: the JSON reader asks before and after every token.
    @inlinable public var keptFindingCount: Int { core.pointee.keptFindingCount }

    /// Lets a reader add what only it knows to the findings kept from `index` on (the JSON
    /// reader: their JSON Pointer).
    public func annotateFindings(from index: Int, _ body: (inout Diagnostic) -> Void) {
        core.pointee.annotateFindings(from: index, body)
    }

    // The state lives in a struct behind a pointer the session owns: as class properties, every
    // field access paid a dynamic exclusivity check (12% of validation time in a profile), and
    // as one struct property, one check per event still showed. A session is used by one
    // thread at a time, so nothing is lost.
    @usableFromInline let core: UnsafeMutablePointer<SessionCore>

    /// A session for `package`.
    public init(package: CompiledPackage, maxFindings: Int = 1000) {
        core = .allocate(capacity: 1)
        core.initialize(to: SessionCore(package: package, maxFindings: max(1, maxFindings)))
    }

    deinit {
        core.pointee.release()
        core.deinitialize(count: 1)
        core.deallocate()
    }

    /// Forgets the previous message, keeping buffers. `syntax` says how the next message is
    /// written: XML checks sibling order and namespaces; JSON (whose object members have no
    /// order, and whose keys are local names) checks neither.
    public func reset(syntax: MessageSyntax = .xml) { core.pointee.reset(syntax: syntax) }

    /// True while the session skips a subtree it reported (an unknown element, a wrong root):
    /// a reader may skip the subtree's events too.
    @inlinable public var isSkipping: Bool { core.pointee.isSkipping }

    /// What the innermost open element is, for readers whose syntax must follow the package
    /// (JSON: an object for a class, an array for a repeating element); nil while skipping or
    /// before the root.
    public var openElement: OpenElementShape? { core.pointee.openElement }

    /// Reports a finding about the innermost open element (a reader's binding rule, such as a
    /// JSON value of the wrong type); validation goes on.
    public func reportAtOpenElement(_ code: Diagnostic.Code, _ message: String, line: Int, column: Int) {
        core.pointee.reportAtOpenElement(code, message, line: line, column: column)
    }

    /// A start tag.
    @inline(__always)
    public func startElement(
        name: UnsafeBufferPointer<UInt8>, namespace: UnsafeBufferPointer<UInt8>,
        attributes: UnsafeBufferPointer<MarkupAttribute>,
        line: Int, column: Int
    ) {
        core.pointee.startElement(name: name, namespace: namespace, attributes: attributes, line: line, column: column)
    }

    /// Text (and CDATA) content.
    @inline(__always)
    public func characters(_ bytes: UnsafeBufferPointer<UInt8>) { core.pointee.characters(bytes) }

    /// An end tag.
    @inline(__always)
    public func endElement(line: Int, column: Int) { core.pointee.endElement(line: line, column: column) }

    /// The end of the message; returns its findings.
    public func finish() -> [Diagnostic] { core.pointee.finish() }

    /// Reports a finding that the reader found (fatal syntax, limits): validation ends there.
    public func reportFatal(_ code: Diagnostic.Code, _ message: String, line: Int, column: Int) {
        core.pointee.reportFatal(code, message, line: line, column: column)
    }
}

/// The session's state and logic. The hot path reads only the flat `NodeTable` (plain structs
/// in raw buffers, indices instead of references); `CompiledNode`s are consulted for value rules,
/// attributes and messages.
@usableFromInline struct SessionCore {
    let package: CompiledPackage
    @usableFromInline let maxFindings: Int
    private let table: NodeTable
    private let nodes: UnsafeMutableBufferPointer<NodeTable.Node>
    private let childList: UnsafeMutableBufferPointer<Int>
    private let tags: UnsafeMutableBufferPointer<UInt8>
    private let required: UnsafeMutableBufferPointer<Int>
    private let namespace: UnsafeBufferPointer<UInt8>

    private struct Frame {
        /// Index of the node in the table.
        let node: Int
        /// 1-based occurrence among siblings with the same tag.
        let position: Int
        /// Where this frame's child counts start in `counts`.
        let countsStart: Int
        /// The highest child ordinal seen so far (for order).
        var lastChild: Int
        let line: Int
        let column: Int
    }

    private var frames = Stack<Frame>(capacity: 64)
    private var counts = Stack<Int>(capacity: 512)
    private var text = Stack<UInt8>(capacity: 1024)
    /// True while `text` holds text that a class element (which holds none) was given since its
    /// last tag: reported once, as one finding with the whole text, at the next tag — however
    /// many pieces a reader delivered it in (libxml2 and our scanner split text differently).
    private var classText = false
    /// Reused for attribute values.
    private var scratch: [UInt8] = []
    /// The `formatCode` of the open value element (only a value element can hold one).
    private var formatCode: String?
    @usableFromInline private(set) var skipDepth = 0
    private var sawRoot = false
    /// How the message is written (see `reset(syntax:)`).
    private var syntax = MessageSyntax.xml
    /// False for JSON: members of an object have no order.
    private var checksOrder: Bool { syntax == .xml }
    /// False for JSON: keys are local names, so an element is found by its tag alone.
    private var checksNamespaces: Bool { syntax == .xml }
    private(set) var findings: [Diagnostic] = []
    @usableFromInline private(set) var findingCount = 0

    init(package: CompiledPackage, maxFindings: Int) {
        self.package = package
        self.maxFindings = maxFindings
        table = package.table
        nodes = table.nodes
        childList = table.children
        tags = table.tags
        required = table.required
        namespace = table.namespaceBytes
    }

    /// Frees the stacks (from the owning session's deinit).
    func release() {
        frames.release()
        counts.release()
        text.release()
    }

    mutating func reset(syntax: MessageSyntax) {
        self.syntax = syntax
        frames.removeAll()
        counts.removeAll()
        text.removeAll()
        classText = false
        findings.removeAll(keepingCapacity: true)
        formatCode = nil
        findingCount = 0
        skipDepth = 0
        sawRoot = false
    }

    // The helpers below are static on purpose: called as methods from a mutating method, they
    // made the compiler copy the whole session struct on every event (seen in the disassembly).
    // For the same reason they take a node's fields, not a `NodeTable.Node`: binding the
    // 136-byte struct made the compiler copy it with `memcpy` on every start tag.
    @inline(__always)
    private static func tag(
        of node: Int, _ nodes: UnsafeMutableBufferPointer<NodeTable.Node>, _ tags: UnsafeMutableBufferPointer<UInt8>
    ) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: tags.baseAddress! + nodes[node].tagStart, count: nodes[node].tagLength)
    }

    /// The ordinal of `parent`'s child named `name`, searching from `hint` (messages list children
    /// in sequence order) and wrapping around.
    @inline(__always)
    private static func childOrdinal(
        childStart: Int, count: Int, named name: UnsafeBufferPointer<UInt8>, from hint: Int,
        _ nodes: UnsafeMutableBufferPointer<NodeTable.Node>, _ childList: UnsafeMutableBufferPointer<Int>,
        _ tags: UnsafeMutableBufferPointer<UInt8>
    ) -> Int? {
        guard count > 0 else { return nil }
        var ordinal = hint < count ? hint : 0
        for _ in 0..<count {
            if Bytes.equal(name, tag(of: childList[childStart + ordinal], nodes, tags)) { return ordinal }
            ordinal += 1
            if ordinal == count { ordinal = 0 }
        }
        return nil
    }

    mutating func startElement(
        name: UnsafeBufferPointer<UInt8>, namespace elementNamespace: UnsafeBufferPointer<UInt8>,
        attributes: UnsafeBufferPointer<MarkupAttribute>, line: Int, column: Int
    ) {
        if skipDepth > 0 {
            skipDepth += 1
            return
        }
        guard !frames.isEmpty else {
            startRoot(name: name, namespace: elementNamespace, attributes: attributes, line: line, column: column)
            return
        }
        reportClassText()
        let top = frames.count - 1
        let parentIndex = frames[top].node
        let parent = nodes.baseAddress! + parentIndex  // fields read in place, the struct never copied
        let childStart = parent.pointee.childStart
        let hint = frames[top].lastChild
        guard parent.pointee.isClass,
            var ordinal = Self.childOrdinal(
                childStart: childStart, count: parent.pointee.childCount, named: name, from: hint, nodes, childList,
                tags),
            isNamed(childList[childStart + ordinal], namespace: elementNamespace)
                || sameName(as: &ordinal, under: parentIndex, namespace: elementNamespace)
        else {
            // A plain JSON key is in its parent's namespace, as the binding converts it
            // (`namespaces[0]` is the package's).
            let admitted =
                checksNamespaces || elementNamespace.count > 0
                ? elementNamespace : table.namespaces[parent.pointee.namespaceIndex]
            if parent.pointee.hasWildcard, let ordinal = wildcardOrdinal(in: frames[top], namespace: admitted) {
                // Filled by a wildcard: counted in its place, its content not validated.
                _ = count(ordinal, in: top, line: line, column: column)
            } else {
                reportUnknown(name: name, namespace: elementNamespace, parent: parentIndex, line: line, column: column)
            }
            skipDepth = 1
            return
        }
        let childIndex = childList[childStart + ordinal]
        let position = count(ordinal, in: top, line: line, column: column)
        push(childIndex, position: position, attributes: attributes, line: line, column: column)
    }

    /// True when node `child` is the element an element of its tag in `given` stands for. XML:
    /// the node is in that namespace. JSON, where a plain key comes with no namespace and
    /// `{namespace}tag` with its own (`CompiledNode.jsonKeys`): the node is the sibling keyed
    /// plainly, or the qualified one in that namespace.
    @inline(__always)
    private func isNamed(_ child: Int, namespace given: UnsafeBufferPointer<UInt8>) -> Bool {
        if checksNamespaces { return Self.isNamespace(given, nodes[child].namespaceIndex, namespace, table) }
        guard nodes[child].isQualifiedInJSON else { return given.count == 0 }
        return given.count > 0 && Self.isNamespace(given, nodes[child].namespaceIndex, namespace, table)
    }

    /// Another child with the tag of child `ordinal` that `isNamed` the element (imported
    /// schemas may have siblings of one name in two namespaces); on success `ordinal` names it.
    @inline(never)
    private func sameName(
        as ordinal: inout Int, under parent: Int, namespace given: UnsafeBufferPointer<UInt8>
    )
        -> Bool
    {
        let childStart = nodes[parent].childStart
        let name = Self.tag(of: childList[childStart + ordinal], nodes, tags)
        for other in 0..<nodes[parent].childCount where other != ordinal {
            let child = childList[childStart + other]
            if Bytes.equal(name, Self.tag(of: child, nodes, tags)), isNamed(child, namespace: given) {
                ordinal = other
                return true
            }
        }
        return false
    }

    /// Counts an occurrence of child `ordinal` of frame `top`'s node: order, required children
    /// passed over, most occurrences, choices. Returns its 1-based position.
    @inline(__always)
    private mutating func count(_ ordinal: Int, in top: Int, line: Int, column: Int) -> Int {
        let childStart = nodes[frames[top].node].childStart
        let childIndex = childList[childStart + ordinal]
        let slot = frames[top].countsStart + ordinal
        counts[slot] += 1
        let position = counts[slot]
        let lastChild = frames[top].lastChild
        // A required child that arrives after its place was passed was reported missing there
        // ("needs <A> before <B>"); saying it is out of order too would tell one fault twice.
        let reportedMissing = position <= nodes[childIndex].minOccurs
        if !checksOrder {
            frames[top].lastChild = ordinal  // only the search hint: required children are checked at the end
        } else if ordinal < lastChild && !Self.sameGroup(ordinal, lastChild, childStart: childStart, nodes, childList)
            && !reportedMissing
        {
            let later = table.compiled[childList[childStart + lastChild]]
            let child = table.compiled[childIndex]
            report(
                .outOfOrder, "<\(child.tag)> must come before <\(later.tag)>", path: path(appending: child, position),
                node: child, line: line, column: column)
        } else if ordinal > lastChild {
            if ordinal > lastChild + 1
                || counts[frames[top].countsStart + lastChild]
                    < nodes[childList[childStart + lastChild]].minOccurs
            {
                checkPassed(from: lastChild, to: ordinal, in: frames[top], line: line, column: column)
            }
            frames[top].lastChild = ordinal
        }
        if position > nodes[childIndex].maxOccurs {
            let child = table.compiled[childIndex]
            report(
                .tooMany, "\(child.displayName) occurs \(position) times; at most \(child.maxOccurs) allowed",
                path: path(appending: child, position), node: child, line: line, column: column)
        }
        if nodes[childIndex].groupSlot >= 0 {
            countAlternative(ordinal, childIndex, position: position, in: frames[top], line: line, column: column)
        }
        return position
    }

    /// The wildcard child of `frame`'s node that admits an element in `namespace`: the first
    /// from the last child seen on (the message's order), else an earlier one (out of order).
    @inline(never)
    private func wildcardOrdinal(in frame: Frame, namespace: UnsafeBufferPointer<UInt8>) -> Int? {
        let parent = nodes[frame.node]
        let given = String(decoding: namespace, as: UTF8.self)
        let ordinals = Array(frame.lastChild..<parent.childCount) + Array(0..<frame.lastChild)
        return ordinals.first { ordinal in
            table.compiled[childList[parent.childStart + ordinal]].wildcard?.admits(given) ?? false
        }
    }

    mutating func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard skipDepth == 0, let frame = frames.last else { return }
        if nodes[frame.node].isClass {
            if classText || bytes.contains(where: { !XMLWhitespace.isSpace($0) }) {
                if !classText { text.removeAll() }  // what a child's value left there
                classText = true
                text.append(contentsOf: bytes)
            }
            return
        }
        text.append(contentsOf: bytes)
    }

    /// Reports the text a class element was given since its last tag, if any (see `classText`).
    private mutating func reportClassText() {
        guard classText, let frame = frames.last else { return }
        classText = false
        let node = table.compiled[frame.node]
        report(
            .textNotAllowed, "\(node.tag) holds elements, not text", path: path(), node: node,
            line: frame.line, column: frame.column,
            value: String(decoding: XMLWhitespace.collapse(Array(text.buffer)), as: UTF8.self))
        text.removeAll()
    }

    mutating func endElement(line: Int, column: Int) {
        if skipDepth > 0 {
            skipDepth -= 1
            return
        }
        reportClassText()
        guard let frame = frames.last else { return }
        let entry = nodes[frame.node]
        if entry.isClass {
            // Required children before the last one seen were checked when the message passed
            // them; the rest are checked here, reported at the start tag as XSD validators do.
            for offset in 0..<entry.requiredCount {
                let ordinal = required[entry.requiredStart + offset]
                guard ordinal >= frame.lastChild || !checksOrder else { continue }
                let childIndex = childList[entry.childStart + ordinal]
                let found = counts[frame.countsStart + ordinal]
                if found < nodes[childIndex].minOccurs {
                    reportMissing(
                        table.compiled[frame.node], table.compiled[childIndex], found: found, line: frame.line,
                        column: frame.column)
                }
            }
            if entry.groupCount > 0 { finishGroups(of: frame, line: frame.line, column: frame.column) }
            counts.removeLast(entry.childCount + entry.groupCount * NodeTable.slotsPerGroup)
        } else {
            checkValue(of: frame)
        }
        frames.removeLast()
    }

    mutating func finish() -> [Diagnostic] {
        if !sawRoot {
            report(.wrongRoot, "the message has no root element", path: "/", node: nil, line: 0, column: 0)
        }
        return findings
    }

    mutating func reportFatal(_ code: Diagnostic.Code, _ message: String, line: Int, column: Int) {
        if skipDepth == 0 { reportClassText() }
        report(code, message, path: frames.isEmpty ? "/" : path(), node: nil, line: line, column: column)
        sawRoot = true
    }

    @inlinable var isSkipping: Bool { skipDepth > 0 }

    /// See `ValidationSession.keptFindingCount`.
    @inlinable var keptFindingCount: Int { min(findingCount, maxFindings + 1) }

    mutating func annotateFindings(from index: Int, _ body: (inout Diagnostic) -> Void) {
        guard index < findings.count else { return }
        for position in index..<findings.count { body(&findings[position]) }
    }

    var openElement: OpenElementShape? {
        guard skipDepth == 0, let frame = frames.last else { return nil }
        let node = nodes.baseAddress! + frame.node  // read in place (see `startElement`)
        return OpenElementShape(
            isClass: node.pointee.isClass, isRepeating: node.pointee.isRepeating,
            takesAttributes: node.pointee.hasAttributes)
    }

    mutating func reportAtOpenElement(_ code: Diagnostic.Code, _ message: String, line: Int, column: Int) {
        if frames.isEmpty { sawRoot = true }  // a finding about the root itself: there was one
        let node = frames.last.map { table.compiled[$0.node] }
        report(code, message, path: frames.isEmpty ? "/" : path(), node: node, line: line, column: column)
    }

    // MARK: - Internals

    private mutating func startRoot(
        name: UnsafeBufferPointer<UInt8>, namespace elementNamespace: UnsafeBufferPointer<UInt8>,
        attributes: UnsafeBufferPointer<MarkupAttribute>, line: Int, column: Int
    ) {
        sawRoot = true
        guard Bytes.equal(name, Self.tag(of: 0, nodes, tags)),
            Bytes.equal(elementNamespace, namespace) || !checksNamespaces
        else {
            let root = package.root
            let found = String(decoding: name, as: UTF8.self)
            let foundNamespace = String(decoding: elementNamespace, as: UTF8.self)
            let expected =
                package.namespace.isEmpty ? "<\(root.tag)>" : "<\(root.tag)> in namespace '\(package.namespace)'"
            report(
                .wrongRoot,
                "the root is <\(found)>\(foundNamespace.isEmpty ? "" : " in namespace '\(foundNamespace)'"); package \(package.id) expects \(expected)",
                path: "/" + found, node: root, line: line, column: column)
            skipDepth = 1
            return
        }
        push(0, position: 1, attributes: attributes, line: line, column: column)
    }

    private mutating func push(
        _ node: Int, position: Int, attributes: UnsafeBufferPointer<MarkupAttribute>, line: Int, column: Int
    ) {
        let entry = nodes[node]
        let start = counts.count
        let slots = entry.childCount + entry.groupCount * NodeTable.slotsPerGroup
        if slots > 0 { counts.append(repeating: 0, count: slots) }
        frames.append(
            Frame(node: node, position: position, countsStart: start, lastChild: 0, line: line, column: column))
        if !entry.isClass {
            text.removeAll()
            formatCode = nil
        }
        if !attributes.isEmpty || entry.hasAttributes {
            table.unretainedNodes[node]._withUnsafeGuaranteedRef {
                checkAttributes(attributes, of: $0, line: line, column: column)
            }
        }
    }

    /// True when `given` is the namespace at `namespaceIndex` (most often the package's, 0,
    /// compared first).
    @inline(__always)
    private static func isNamespace(
        _ given: UnsafeBufferPointer<UInt8>, _ namespaceIndex: Int, _ packageNamespace: UnsafeBufferPointer<UInt8>,
        _ table: NodeTable
    ) -> Bool {
        namespaceIndex == 0
            ? Bytes.equal(given, packageNamespace) : Bytes.equal(given, table.namespaces[namespaceIndex])
    }

    /// True when children `a` and `b` of `parent` are alternatives of the same choice.
    @inline(__always)
    private static func sameGroup(
        _ a: Int, _ b: Int, childStart: Int, _ nodes: UnsafeMutableBufferPointer<NodeTable.Node>,
        _ childList: UnsafeMutableBufferPointer<Int>
    ) -> Bool {
        let slot = nodes[childList[childStart + a]].groupSlot
        return slot >= 0 && slot == nodes[childList[childStart + b]].groupSlot
    }

    // MARK: - Choices
    //
    // Each choice keeps four `counts` slots after its parent's child counts: the least and the
    // most occurrences of the choice that the closed runs can make, the open run's alternative
    // (ordinal + 1, 0 for none) and its length. A run of k occurrences of an alternative that
    // occurs lo...hi times per occurrence of the choice makes between ceil(k / hi) and
    // floor(k / lo) occurrences (any number when lo is 0); the message is valid when the sum
    // of these ranges (unbounded when an alternative may be empty) meets the choice's own
    // cardinality. That is exact for choices of single nodes with distinct tags.

    /// Offsets of a group's four slots: the least and the most occurrences the closed runs make,
    /// the open run's alternative (ordinal + 1, 0 for none), the open run's length.
    private static let leastSlot = 0
    private static let mostSlot = 1
    private static let runSlot = 2
    private static let lengthSlot = 3

    /// The slots of group `slot` of `frame`'s node.
    @inline(__always)
    private func groupBase(_ frame: Frame, _ slot: Int) -> Int {
        frame.countsStart + nodes[frame.node].childCount + slot * NodeTable.slotsPerGroup
    }

    /// ceil(k / hi): the fewest occurrences a run of k can make.
    private static func fewest(_ k: Int, _ hi: Int) -> Int { hi == .max ? 1 : (k + hi - 1) / hi }
    /// floor(k / lo): the most occurrences a run of k can make (`Int.max` when lo is 0).
    private static func most(_ k: Int, _ lo: Int) -> Int { lo == 0 ? .max : k / lo }

    @inline(never)
    private mutating func countAlternative(
        _ ordinal: Int, _ childIndex: Int, position: Int, in frame: Frame, line: Int, column: Int
    ) {
        let child = nodes[childIndex]
        let groupIndex = nodes[frame.node].groupStart + child.groupSlot
        let group = table.groups[groupIndex]
        let base = groupBase(frame, child.groupSlot)
        let before: Int
        if counts[base + Self.runSlot] == ordinal + 1 {
            before = counts[base + Self.leastSlot] + Self.fewest(counts[base + Self.lengthSlot], child.alternativeMax)
            counts[base + Self.lengthSlot] += 1
        } else {
            closeRun(of: frame, slot: child.groupSlot, line: line, column: column)
            before = counts[base + Self.leastSlot]
            counts[base + Self.runSlot] = ordinal + 1
            counts[base + Self.lengthSlot] = 1
        }
        let fewest = counts[base + Self.leastSlot] + Self.fewest(counts[base + Self.lengthSlot], child.alternativeMax)
        guard fewest > group.maxOccurs, fewest > before else { return }
        let node = table.compiled[childIndex]
        let message =
            group.maxOccurs == 1 && counts[base + Self.lengthSlot] > 1
            ? "\(node.displayName) occurs \(counts[base + Self.lengthSlot]) times; at most \(child.alternativeMax) allowed"
            : "\(node.displayName) makes \(fewest) occurrences of the choice \(alternatives(group, of: frame)); at most \(group.maxOccurs) allowed"
        report(.tooMany, message, path: path(appending: node, position), node: node, line: line, column: column)
    }

    /// Adds the open run of group `slot` to the closed ones, reporting a run that cannot be
    /// split into occurrences of the choice.
    private mutating func closeRun(of frame: Frame, slot: Int, line: Int, column: Int) {
        let base = groupBase(frame, slot)
        guard counts[base + Self.runSlot] > 0 else { return }
        let ordinal = counts[base + Self.runSlot] - 1
        let childIndex = childList[nodes[frame.node].childStart + ordinal]
        let child = nodes[childIndex]
        let k = counts[base + Self.lengthSlot]
        let fewest = Self.fewest(k, child.alternativeMax)
        var most = Self.most(k, child.alternativeMin)
        if fewest > most {
            most = fewest  // reported here once; the choice's totals go on as if the run fitted
            let node = table.compiled[childIndex]
            if k < child.alternativeMin {
                reportMissing(table.compiled[frame.node], node, found: k, line: line, column: column)
            } else {
                report(
                    .tooMany,
                    "\(node.displayName) occurs \(k) times in a row; each occurrence of the choice \(alternatives(table.groups[nodes[frame.node].groupStart + slot], of: frame)) takes \(child.alternativeMin)..\(child.alternativeMax)",
                    path: path(appending: node, counts[frame.countsStart + ordinal]), node: node, line: line,
                    column: column)
            }
        }
        counts[base + Self.leastSlot] += fewest
        counts[base + Self.mostSlot] =
            most == .max || counts[base + Self.mostSlot] == .max ? .max : counts[base + Self.mostSlot] + most
        counts[base + Self.runSlot] = 0
        counts[base + Self.lengthSlot] = 0
    }

    /// At the end of `frame`'s element: each choice must have occurred often enough.
    @inline(never)
    private mutating func finishGroups(of frame: Frame, line: Int, column: Int) {
        let entry = nodes[frame.node]
        for slot in 0..<entry.groupCount {
            closeRun(of: frame, slot: slot, line: line, column: column)
            let group = table.groups[entry.groupStart + slot]
            let base = groupBase(frame, slot)
            guard !group.isEmptiable, counts[base + Self.mostSlot] < group.minOccurs else { continue }
            let parent = table.compiled[frame.node]
            let first = table.compiled[childList[entry.childStart + group.firstOrdinal]]
            let wanted = group.minOccurs == 1 ? "one of" : "\(group.minOccurs) occurrences of"
            report(
                .missingElement,
                "\(parent.tag) needs \(wanted) \(alternatives(group, of: frame)), found \(counts[base + Self.mostSlot])",
                path: path(appending: first, 1), node: first, line: line, column: column)
        }
    }

    /// `<A> | <B>`, for messages.
    private func alternatives(_ group: NodeTable.Group, of frame: Frame) -> String {
        let entry = nodes[frame.node]
        return (group.firstOrdinal..<group.firstOrdinal + group.alternativeCount).map {
            "<" + table.compiled[childList[entry.childStart + $0]].tag + ">"
        }.joined(separator: " | ")
    }

    private mutating func reportUnknown(
        name: UnsafeBufferPointer<UInt8>, namespace elementNamespace: UnsafeBufferPointer<UInt8>, parent index: Int,
        line: Int, column: Int
    ) {
        let parent = table.compiled[index]
        let tag = String(decoding: name, as: UTF8.self)
        let why: String
        if !parent.isClass {
            why = "\(parent.tag) holds a value and cannot contain <\(tag)>"
        } else if let known = parent.childIndex(named: name) {
            let expected = parent.children[known].namespace ?? package.namespace
            why =
                "<\(tag)> is in namespace '\(String(decoding: elementNamespace, as: UTF8.self))', not '\(expected)'"
        } else {
            let known = parent.children.map(\.tag)
            why =
                "\(parent.tag) has no child <\(tag)>"
                + (Suggestions.closest(to: tag, among: known).map { " (did you mean <\($0)>?)" } ?? "")
        }
        report(
            .unknownElement, why + "; its content is skipped", path: path(appending: tag), node: nil, line: line,
            column: column)
    }

    /// The message moved on from child `from` to child `to` of `frame`'s node: required
    /// children in between (and `from` itself) that occurred too rarely are missing, reported
    /// at the element that came in their place, where an XSD validator stops.
    @inline(never)
    private mutating func checkPassed(from: Int, to: Int, in frame: Frame, line: Int, column: Int) {
        let entry = nodes[frame.node]
        for ordinal in from..<to {
            let childIndex = childList[entry.childStart + ordinal]
            let found = counts[frame.countsStart + ordinal]
            guard found < nodes[childIndex].minOccurs else { continue }
            reportMissing(
                table.compiled[frame.node], table.compiled[childIndex], found: found, line: line, column: column,
                before: table.compiled[childList[entry.childStart + to]])
        }
    }

    /// `parent` has too few `child`ren; `before` is the element that came in their place.
    private mutating func reportMissing(
        _ parent: CompiledNode, _ child: CompiledNode, found: Int, line: Int, column: Int,
        before next: CompiledNode? = nil
    ) {
        let wanted = child.minOccurs == 1 ? "" : "\(child.minOccurs) × "
        report(
            .missingElement,
            "\(parent.tag) needs \(wanted)<\(child.tag)> (\(child.wcoID.map { $0 + " " } ?? "")\(child.nationalName ?? child.name))"
                + (next.map { " before <\($0.tag)>" } ?? "") + ", found \(found)",
            path: path(appending: child, found + 1), node: child, line: line, column: column)
    }

    private mutating func checkAttributes(
        _ attributes: UnsafeBufferPointer<MarkupAttribute>, of node: CompiledNode, line: Int, column: Int
    ) {
        var present: UInt64 = 0  // bit i: attribute definition i was seen (nodes have a handful)
        for attribute in attributes {
            if !attribute.namespace.isEmpty {
                if Bytes.equal(attribute.namespace, xmlSchemaInstanceNamespace) { continue }
                report(
                    .unknownAttribute,
                    "\(node.tag) has no attribute \(String(decoding: attribute.name, as: UTF8.self)) in namespace \(String(decoding: attribute.namespace, as: UTF8.self))",
                    path: path(), node: node, line: line, column: column)
                continue
            }
            guard let index = node.attributes.firstIndex(where: { Bytes.equal(attribute.name, $0.nameBytes) }) else {
                let name = String(decoding: attribute.name, as: UTF8.self)
                let suggestion = Suggestions.closest(to: name, among: node.attributes.map(\.name))
                report(
                    .unknownAttribute,
                    "\(node.tag) has no attribute \(name)" + (suggestion.map { " (did you mean \($0)?)" } ?? ""),
                    path: path(), node: node, line: line, column: column)
                continue
            }
            if index < 64 { present |= 1 << UInt64(index) }
            checkAttributeValue(attribute.value, definition: index, of: node, line: line, column: column)
        }
        // By index, not `enumerated()`: that copies every definition (see `checkAttributeValue`).
        for index in node.attributes.indices
        where node.attributes[index].isRequired && (index >= 64 || present & (1 << UInt64(index)) == 0) {
            report(
                .missingAttribute, "\(node.tag) needs the attribute \(node.attributes[index].name)", path: path(),
                node: node, line: line, column: column)
        }
    }

    /// An attribute's value against `node.attributes[index]`, whose fields are read one by one,
    /// in place: copying the whole definition retained and released each of its strings, sets
    /// and rules, objects that every worker thread shares (atomic counts on shared cache lines,
    /// a suspect for the second core's shortfall; see Benchmarks/README.md).
    private mutating func checkAttributeValue(
        _ value: UnsafeBufferPointer<UInt8>, definition index: Int, of node: CompiledNode, line: Int, column: Int
    ) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: value)
        if let rule = node.attributes[index].rule {
            // An imported attribute type: its own whitespace rule, lexical form and facets,
            // applied in place (no copy per attribute).
            let prepared = scratch.withUnsafeMutableBufferPointer { rule.prepare($0) }
            scratch.removeLast(scratch.count - prepared)
            if let violation = scratch.withUnsafeBufferPointer({ rule.checkPrepared($0) }) {
                let name = node.attributes[index].name
                report(
                    violation.code == .codeNotInList ? .attributeCode : violation.code,
                    "@\(name): \(violation.message)",
                    path: path() + "/@" + name, node: node, line: line, column: column,
                    value: String(decoding: scratch, as: UTF8.self))
                return
            }
        }
        XMLWhitespace.collapseInPlace(&scratch)
        let known =
            node.attributes[index].codeSet.map { set in scratch.withUnsafeBufferPointer { set.contains($0) } } ?? true
        if !known {
            let name = node.attributes[index].name
            report(
                .attributeCode, "@\(name) is not a code of \(node.attributes[index].codeListID ?? "the allowed codes")",
                path: path() + "/@" + name, node: node, line: line, column: column,
                value: String(decoding: scratch, as: UTF8.self))
        } else if node.attributes[index].isFormatCode {
            formatCode = String(decoding: scratch, as: UTF8.self)
        }
    }

    private mutating func checkValue(of frame: Frame) {
        let violation = table.rules[frame.node]._withUnsafeGuaranteedRef { rule -> ValueRule.Violation? in
            text.truncate(to: rule.prepare(UnsafeMutableBufferPointer(start: text.base, count: text.count)))
            return rule.checkPrepared(text.buffer)
        }
        if let violation {
            let node = table.compiled[frame.node]
            report(
                violation.code, "\(node.displayName): \(violation.message)", path: path(), node: node,
                line: frame.line, column: frame.column, value: String(decoding: text.buffer, as: UTF8.self))
            return
        }
        if let code = formatCode {
            let node = table.compiled[frame.node]
            guard let format = node.dateFormats[code] else { return }
            let value = String(decoding: text.buffer, as: UTF8.self)
            if !format.accepts(value) {
                report(
                    .dateTime, "\(node.displayName): not a real date/time in format \(code) (\(format.pattern))",
                    path: path(), node: node, line: frame.line, column: frame.column, value: value)
            }
        }
    }

    private mutating func report(
        _ code: Diagnostic.Code, _ message: String, path: String, node: CompiledNode?, line: Int, column: Int,
        value: String? = nil
    ) {
        findingCount += 1
        if findings.count < maxFindings {
            findings.append(
                Diagnostic(
                    code: code, message: message, instancePath: path, definitionPath: node?.definitionPath,
                    wcoID: node?.wcoID, pointer: node?.pointer, nationalName: node?.nationalName,
                    nationalID: node?.nationalID, line: line,
                    column: column, value: value))
        } else if findings.count == maxFindings {
            findings.append(
                Diagnostic(
                    code: .tooManyFindings, severity: .warning,
                    message: "more than \(maxFindings) findings; the rest are counted, not kept", instancePath: path,
                    line: line, column: column))
        }
    }

    /// The instance path of the open elements, with 1-based positions on repeating ones.
    private func path() -> String {
        var result = ""
        for index in 0..<frames.count {
            let frame = frames[index]
            let node = table.compiled[frame.node]
            result += "/" + node.tag
            if node.isRepeating { result += "[\(frame.position)]" }
        }
        return result
    }

    private func path(appending node: CompiledNode, _ position: Int) -> String {
        path() + "/" + node.tag + (node.isRepeating ? "[\(position)]" : "")
    }

    private func path(appending tag: String) -> String { path() + "/" + tag }
}
