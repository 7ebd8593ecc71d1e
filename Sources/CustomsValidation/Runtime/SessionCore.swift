import CustomsModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The session's state and logic. The hot path reads only the flat `NodeTable` (plain structs
/// in raw buffers, indices instead of references); `CompiledNode`s are consulted for value rules,
/// attributes and messages.
@usableFromInline struct SessionCore: ~Copyable {
    let package: CompiledPackage
    /// The message's findings.
    @usableFromInline let log: FindingLog
    /// Works out the offsets a reader passes as marks (nil: the reader passes positions).
    var resolver: PositionResolver?
    /// At most this many findings are kept per message.
    @usableFromInline var maxFindings: Int { log.cap }
    let table: NodeTable
    let nodes: UnsafeMutableBufferPointer<NodeTable.Node>
    let childList: UnsafeMutableBufferPointer<Int>
    let tags: UnsafeMutableBufferPointer<UInt8>
    let tagWords: UnsafeMutableBufferPointer<UInt64>
    let required: UnsafeMutableBufferPointer<Int>
    let namespace: UnsafeBufferPointer<UInt8>
    /// What the business rules read of the message; nil when the package has none.
    let ruleRecords: RuleRecords?
    /// Given every rule evaluation when set (`ValidationSession.traceRules`).
    var ruleTracer: ((RuleTrace) -> Void)?

    struct Frame {
        /// Index of the node in the table.
        let node: Int
        /// 1-based occurrence among siblings with the same tag.
        let position: Int
        /// Where this frame's child counts start in `counts`.
        let countsStart: Int
        /// The highest child ordinal seen so far (for order).
        var lastChild: Int
        /// Where its start tag is: an offset until a report or the reader resolves it.
        var mark: SourceMark
    }

    var frames = Stack<Frame>(capacity: 64)
    var counts = Stack<Int>(capacity: 512)
    var text = Stack<UInt8>(capacity: 1024)
    /// True while `text` holds text that a class element (which holds none) was given since its
    /// last tag: reported once, as one finding with the whole text, at the next tag — however
    /// many pieces a reader delivered it in (libxml2 and our scanner split text differently).
    var classText = false
    /// Reused for attribute values.
    var scratch: [UInt8] = []
    /// The `formatCode` of the open value element (only a value element can hold one).
    var formatCode: String?
    @usableFromInline private(set) var skipDepth = 0
    var sawRoot = false
    /// How the message is written (see `reset(syntax:)`).
    var syntax = MessageSyntax.xml
    /// False for JSON: members of an object have no order.
    var checksOrder: Bool { syntax == .xml }
    /// False for JSON: keys are local names, so an element is found by its tag alone.
    var checksNamespaces: Bool { syntax == .xml }
    var findings: [Diagnostic] { log.kept }
    @usableFromInline var findingCount: Int { log.count }

    init(package: CompiledPackage, maxFindings: Int) {
        self.package = package
        log = FindingLog(cap: maxFindings)
        table = package.table
        nodes = table.nodes
        childList = table.children
        tags = table.tags
        tagWords = table.tagWords
        required = table.required
        namespace = table.namespaceBytes
        ruleRecords = package.rules.map(RuleRecords.init)
    }

    mutating func reset(syntax: MessageSyntax) {
        self.syntax = syntax
        resolver = nil
        frames.removeAll()
        counts.removeAll()
        text.removeAll()
        classText = false
        log.removeAll()
        formatCode = nil
        skipDepth = 0
        sawRoot = false
        ruleRecords?.reset()
    }

    // The helpers below are static on purpose: called as methods from a mutating method, they
    // made the compiler copy the whole session struct on every event (seen in the disassembly).
    // For the same reason they take a node's fields, not a `NodeTable.Node`: binding the
    // 136-byte struct made the compiler copy it with `memcpy` on every start tag.
    @inline(__always)
    static func tag(
        of node: Int, _ nodes: UnsafeMutableBufferPointer<NodeTable.Node>, _ tags: UnsafeMutableBufferPointer<UInt8>
    ) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: tags.baseAddress! + nodes[node].tagStart, count: nodes[node].tagLength)
    }

    mutating func startElement(
        name: UnsafeBufferPointer<UInt8>, namespace elementNamespace: UnsafeBufferPointer<UInt8>,
        attributes: UnsafeBufferPointer<MarkupAttribute>, at mark: SourceMark
    ) {
        if skipDepth > 0 {
            skipDepth += 1
            return
        }
        guard !frames.isEmpty else {
            startRoot(name: name, namespace: elementNamespace, attributes: attributes, at: mark)
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
                _ = count(ordinal, in: top, at: mark)
            } else {
                reportUnknown(name: name, namespace: elementNamespace, parent: parentIndex, at: mark)
            }
            skipDepth = 1
            return
        }
        openChild(ordinal, in: top, attributes: attributes, at: mark)
    }

    /// The child of the open element that the bytes at `input` (a start tag's name, `available`
    /// bytes readable) name, when it is the one the hint points at or the next: its ordinal and
    /// the name's length. A reader that gets one knows the name is well-formed and which child
    /// it is, and calls `startExpectedChild` instead of `startElement`. Nil whenever the full
    /// search could decide otherwise or more is needed: skipping, at the root, another name, a
    /// name in `namespace` (the default namespace in force) that is not the child's.
    @inline(__always)
    func expectedChild(
        at input: UnsafePointer<UInt8>, available: Int, namespace elementNamespace: UnsafeBufferPointer<UInt8>
    ) -> (ordinal: Int, length: Int)? {
        guard skipDepth == 0, checksNamespaces, let frame = frames.last else { return nil }
        let parent = nodes.baseAddress! + frame.node
        guard parent.pointee.isClass else { return nil }
        let childCount = parent.pointee.childCount
        var ordinal = frame.lastChild < childCount ? frame.lastChild : 0
        // The element itself again, or one of the next few (optional ones may be left out):
        // where a valid message's next child nearly always is. A miss costs one word compare.
        for _ in 0..<min(Self.expectedCandidates, childCount) {
            let child = childList[parent.pointee.childStart + ordinal]
            let word = tagWords[child]  // start, length and plain-name flag in one load
            let length = Int(truncatingIfNeeded: (word >> 1) & 0x7FFF)
            if word & 1 == 1, length < available,  // bit 0: a plain name (`NodeTable.isPlainName`)
                Bytes.equal(input, tags.baseAddress! + Int(truncatingIfNeeded: word >> 16), count: length)
            {
                switch input[length] {
                case UInt8(ascii: ">"), UInt8(ascii: "/"), 0x20, 0x09, 0x0A, 0x0D:
                    // The search would stop here too; a namespace it would then look past is
                    // left to it.
                    return isNamed(child, namespace: elementNamespace) ? (ordinal, length) : nil
                default: break  // a longer name
                }
            }
            ordinal += 1
            if ordinal == childCount { return nil }
        }
        return nil
    }

    /// How many children from the hint on `expectedChild` tries.
    static let expectedCandidates = 4

    /// The start of child `ordinal` of the open element, as `expectedChild` or `memberChild`
    /// found it: what `startElement` does once it has found the child.
    mutating func startChild(
        ordinal: Int, attributes: UnsafeBufferPointer<MarkupAttribute>, at mark: SourceMark
    ) {
        reportClassText()
        openChild(ordinal, in: frames.count - 1, attributes: attributes, at: mark)
    }

    /// Counts child `ordinal` of frame `top`'s node and opens it: the end of both start paths.
    @inline(__always)
    mutating func openChild(
        _ ordinal: Int, in top: Int, attributes: UnsafeBufferPointer<MarkupAttribute>, at mark: SourceMark
    ) {
        let childIndex = childList[nodes[frames[top].node].childStart + ordinal]
        let position = count(ordinal, in: top, at: mark)
        push(childIndex, position: position, attributes: attributes, at: mark)
    }

    mutating func startRoot(
        name: UnsafeBufferPointer<UInt8>, namespace elementNamespace: UnsafeBufferPointer<UInt8>,
        attributes: UnsafeBufferPointer<MarkupAttribute>, at mark: SourceMark
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
                path: "/" + found, node: root, at: mark)
            skipDepth = 1
            return
        }
        push(0, position: 1, attributes: attributes, at: mark)
    }

    mutating func push(
        _ node: Int, position: Int, attributes: UnsafeBufferPointer<MarkupAttribute>, at mark: SourceMark
    ) {
        let entry = nodes[node]
        let start = counts.count
        let slots = entry.childCount + entry.groupCount * NodeTable.slotsPerGroup
        if slots > 0 { counts.append(repeating: 0, count: slots) }
        frames.append(
            Frame(node: node, position: position, countsStart: start, lastChild: 0, mark: mark))
        if !entry.isClass {
            text.removeAll()
            formatCode = nil
        }
        if !attributes.isEmpty || entry.hasAttributes {
            table.unretainedNodes[node]._withUnsafeGuaranteedRef {
                checkAttributes(attributes, of: $0, at: mark)
            }
        }
        if let ruleRecords {
            // Only an element the rules read costs more than marking its place.
            if ruleRecords.keeps(node) {
                ruleOpen(ruleRecords, node: node, position: position, attributes: attributes)
            } else {
                ruleRecords.openUnkept()
            }
        }
    }

    /// True when white space given now would change nothing: while skipping, outside the root,
    /// or in an element that holds elements, between its tags (no text reported yet).
    var ignoresWhitespaceText: Bool {
        guard skipDepth == 0, let frame = frames.last else { return true }
        return nodes[frame.node].isClass && !classText
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

    mutating func endElement() {
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
                        table.compiled[frame.node], table.compiled[childIndex], found: found, at: frame.mark)
                }
            }
            if entry.groupCount > 0 { finishGroups(of: frame, at: frame.mark) }
            counts.removeLast(entry.childCount + entry.groupCount * NodeTable.slotsPerGroup)
            if let ruleRecords { ruleClose(ruleRecords, node: frame.node, checkedValue: nil) }
        } else {
            let valid = checkValue(of: frame)
            if let ruleRecords { ruleClose(ruleRecords, node: frame.node, checkedValue: valid) }
        }
        frames.removeLast()
    }

    mutating func finish() -> [Diagnostic] {
        if !sawRoot {
            report(
                .wrongRoot, "the message has no root element", path: "/", node: nil, at: SourceMark(line: 0, column: 0))
        }
        return findings
    }

    mutating func reportFatal(_ code: Diagnostic.Code, _ message: String, at mark: SourceMark) {
        if skipDepth == 0 { reportClassText() }
        report(code, message, path: frames.isEmpty ? "/" : path(), node: nil, at: mark)
        sawRoot = true
    }

    @inlinable var isSkipping: Bool { skipDepth > 0 }

    /// See `ValidationSession.keptFindingCount`.
    @inlinable var keptFindingCount: Int { log.keptCount }

    mutating func annotateFindings(from index: Int, _ body: (inout Diagnostic) -> Void) {
        guard index < log.kept.count else { return }
        for position in index..<log.kept.count { body(&log.kept[position]) }
    }

    var openElement: OpenElementShape? {
        guard skipDepth == 0, let frame = frames.last else { return nil }
        let node = nodes.baseAddress! + frame.node  // read in place (see `startElement`)
        return OpenElementShape(
            isClass: node.pointee.isClass, isRepeating: node.pointee.isRepeating,
            takesAttributes: node.pointee.hasAttributes)
    }

    mutating func reportAtOpenElement(_ code: Diagnostic.Code, _ message: String, at mark: SourceMark) {
        if frames.isEmpty { sawRoot = true }  // a finding about the root itself: there was one
        let node = frames.last.map { table.compiled[$0.node] }
        report(code, message, path: frames.isEmpty ? "/" : path(), node: node, at: mark)
    }
}
