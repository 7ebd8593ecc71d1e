import CustomsModel

/// The hot-path view of a compiled package: every node as a plain struct in one raw buffer,
/// children as index lists, tags as bytes in one pool. Nothing here is reference-counted, so
/// walking it costs no retains or releases; `CompiledNode`s stay for value rules and messages.
///
/// Built once per compiled package, immutable afterwards, freed with it.
public final class NodeTable: @unchecked Sendable {
    /// One node's structural facts.
    public struct Node {
        /// Class (children) or element (value).
        public var isClass: Bool
        /// Least occurrences that the parent checks at its end: 0 for a choice's alternative,
        /// whose runs its group checks instead.
        public var minOccurs: Int
        /// Most occurrences that the parent checks on each start (`Int.max` when unbounded, and
        /// for a choice's alternative).
        public var maxOccurs: Int
        /// For a choice's alternative: the group's index among its parent's groups; else -1.
        public var groupSlot: Int
        /// For a choice's alternative: its own least and most occurrences in one occurrence of
        /// the choice.
        public var alternativeMin: Int
        /// See `alternativeMin` (`Int.max` when unbounded).
        public var alternativeMax: Int
        /// For a class: where its choice groups start in `groups`.
        public var groupStart: Int
        /// For a class: how many choice groups it has.
        public var groupCount: Int
        /// The node's namespace: an index into `namespaces` (0 is the package's).
        public var namespaceIndex: Int
        /// For a class: true when a child is a wildcard (an unknown name is then tried on it).
        public var hasWildcard: Bool
        /// Where the node's child indices start in `children`.
        public var childStart: Int
        /// How many children.
        public var childCount: Int
        /// Where the node's tag starts in `tags`.
        public var tagStart: Int
        /// The tag's length in bytes.
        public var tagLength: Int
        /// True when the node has attribute definitions.
        public var hasAttributes: Bool
        /// True when the node may occur more than once (`CompiledNode.isRepeating`).
        public var isRepeating: Bool
        /// True when its JSON key is `{namespace}tag` rather than its tag (`CompiledNode.jsonKeys`).
        public var isQualifiedInJSON: Bool
        /// Where the ordinals of the required children start in `required`.
        public var requiredStart: Int
        /// How many children are required.
        public var requiredCount: Int
    }

    /// A choice among a class's children: its alternatives are consecutive ordinals.
    public struct Group {
        /// Least occurrences of the choice.
        public var minOccurs: Int
        /// Most occurrences of the choice (`Int.max` when unbounded).
        public var maxOccurs: Int
        /// True when an alternative may be empty (`minOccurs` 0), so any number of empty
        /// occurrences satisfies the choice's minimum.
        public var isEmptiable: Bool
        /// The ordinal of the first alternative among the parent's children.
        public var firstOrdinal: Int
        /// How many alternatives.
        public var alternativeCount: Int
    }

    /// How many `counts` slots a frame keeps per choice group (see `ValidationSession`).
    public static let slotsPerGroup = 4

    /// The choice groups of every class, each class's run together.
    public let groups: UnsafeMutableBufferPointer<Group>

    /// The nodes; index 0 is the root.
    public let nodes: UnsafeMutableBufferPointer<Node>
    /// Child node indices, each node's run in sequence order.
    public let children: UnsafeMutableBufferPointer<Int>
    /// All tags, back to back.
    public let tags: UnsafeMutableBufferPointer<UInt8>
    /// Each node's tag as one word, index-aligned with `nodes`: where it starts in `tags`
    /// (bits 16 and up), its length (bits 1–15, `maximumTagWordLength` at most) and whether
    /// it is a plain name (bit 0, see `isPlainName`); 0 for a tag too long to say so. A reader matching a start
    /// tag against the expected children reads these eight bytes per child, siblings side by
    /// side (the table is breadth-first), instead of a 136-byte node each.
    public let tagWords: UnsafeMutableBufferPointer<UInt64>
    /// For each class, the ordinals of its required children (`minOccurs > 0`, not in a choice).
    public let required: UnsafeMutableBufferPointer<Int>
    /// The rich nodes, index-aligned with `nodes`.
    public let compiled: [CompiledNode]
    /// Each class's children by JSON member name.
    let members: MemberIndex
    /// Each node's value rule (a placeholder for classes), read in place on the hot path.
    /// Unretained: `compiled` (and `placeholder`) keep the rules alive, and the hot path calls
    /// them through `_withUnsafeGuaranteedRef`, with no reference counting.
    public let rules: UnsafeMutableBufferPointer<Unmanaged<ValueRule>>
    /// `compiled` again, unretained, for the hot path's attribute checks: reading a node out of
    /// `compiled` retains it, an atomic count on an object every worker thread shares.
    public let unretainedNodes: UnsafeMutableBufferPointer<Unmanaged<CompiledNode>>
    /// The rule that classes' slots in `rules` point to.
    private let placeholder = ValueRule(
        format: Format(characters: .alphanumeric, minLength: 0, maxLength: 0), codes: nil, codeListID: nil)
    /// Every namespace the package's elements are in, interned: index 0 is the package's own
    /// (empty for none). Readers hand these very buffers to the session, which then recognises
    /// them by address. Owned by the table.
    public let namespaces: [UnsafeBufferPointer<UInt8>]

    /// The package's namespace, `namespaces[0]`.
    public var namespaceBytes: UnsafeBufferPointer<UInt8> { namespaces[0] }

    init(root: CompiledNode, namespace: [UInt8]) {
        var order: [CompiledNode] = []
        var queue = [root]
        while !queue.isEmpty {  // breadth-first, so each node's children get consecutive indices
            let node = queue.removeFirst()
            order.append(node)
            queue.append(contentsOf: node.children)
        }
        let index = Dictionary(uniqueKeysWithValues: order.enumerated().map { (ObjectIdentifier($1), $0) })
        var namespaceIndex: [String: Int] = [:]
        var interned: [UnsafeBufferPointer<UInt8>] = []
        for name in [String(decoding: namespace, as: UTF8.self)] + order.compactMap(\.namespace)
        where namespaceIndex[name] == nil {
            namespaceIndex[name] = interned.count
            let bytes = Array(name.utf8)
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, bytes.count))
            _ = buffer.initialize(from: bytes)
            interned.append(UnsafeBufferPointer(start: buffer.baseAddress, count: bytes.count))
        }
        namespaces = interned
        nodes = .allocate(capacity: order.count)
        children = .allocate(capacity: max(1, order.count - 1))
        tags = .allocate(capacity: max(1, order.reduce(0) { $0 + $1.tagBytes.count }))
        let requiredTotal = order.reduce(0) { total, node in
            total + node.children.count { $0.minOccurs > 0 && $0.choice == nil }
        }
        required = .allocate(capacity: max(1, requiredTotal))
        var qualifiedInJSON: Set<ObjectIdentifier> = []
        for node in order {
            for (child, key) in zip(node.children, node.jsonKeys) where key != child.tag {
                qualifiedInJSON.insert(ObjectIdentifier(child))
            }
        }
        var allGroups: [Group] = []
        var slotOfChild: [ObjectIdentifier: Int] = [:]
        var groupStarts: [Int] = []
        for node in order {
            groupStarts.append(allGroups.count)
            var local = 0
            for (ordinal, child) in node.children.enumerated() {
                guard let choice = child.choice else { continue }
                if ordinal == 0 || node.children[ordinal - 1].choice != choice {  // a group's first alternative
                    let alternatives = node.children[ordinal...].prefix { $0.choice == choice }
                    allGroups.append(
                        Group(
                            minOccurs: choice.cardinality.min, maxOccurs: choice.cardinality.max ?? .max,
                            isEmptiable: alternatives.contains { $0.minOccurs == 0 }, firstOrdinal: ordinal,
                            alternativeCount: alternatives.count))
                    local += 1
                }
                slotOfChild[ObjectIdentifier(child)] = local - 1
            }
        }
        groups = .allocate(capacity: max(1, allGroups.count))
        for (offset, group) in allGroups.enumerated() { groups[offset] = group }
        var requiredCursor = 0
        var childCursor = 0
        var tagCursor = 0
        for (position, node) in order.enumerated() {
            for (offset, byte) in node.tagBytes.enumerated() { tags[tagCursor + offset] = byte }
            let slot = slotOfChild[ObjectIdentifier(node)]
            let groupEnd = position + 1 < order.count ? groupStarts[position + 1] : allGroups.count
            nodes[position] = Node(
                isClass: node.isClass, minOccurs: slot == nil ? node.minOccurs : 0,
                maxOccurs: slot == nil ? node.maxOccurs : .max, groupSlot: slot ?? -1,
                alternativeMin: node.minOccurs, alternativeMax: node.maxOccurs, groupStart: groupStarts[position],
                groupCount: groupEnd - groupStarts[position],
                namespaceIndex: node.namespace.flatMap { namespaceIndex[$0] } ?? 0,
                hasWildcard: node.children.contains { $0.wildcard != nil }, childStart: childCursor,
                childCount: node.children.count, tagStart: tagCursor, tagLength: node.tagBytes.count,
                hasAttributes: !node.attributes.isEmpty, isRepeating: node.isRepeating,
                isQualifiedInJSON: qualifiedInJSON.contains(ObjectIdentifier(node)), requiredStart: requiredCursor,
                requiredCount: node.children.count { $0.minOccurs > 0 && $0.choice == nil })
            for (ordinal, child) in node.children.enumerated() where child.minOccurs > 0 && child.choice == nil {
                required[requiredCursor] = ordinal
                requiredCursor += 1
            }
            tagCursor += node.tagBytes.count
            for child in node.children {
                children[childCursor] = index[ObjectIdentifier(child)]!
                childCursor += 1
            }
        }
        tagWords = .allocate(capacity: order.count)
        for (position, node) in order.enumerated() {
            let (start, length) = (nodes[position].tagStart, node.tagBytes.count)
            tagWords[position] =
                length <= Self.maximumTagWordLength
                ? UInt64(start) << 16 | UInt64(length) << 1 | (Self.isPlainName(node.tagBytes) ? 1 : 0) : 0
        }
        compiled = order
        members = MemberIndex(compiled: order, nodes: nodes, children: children)
        unretainedNodes = .allocate(capacity: order.count)
        rules = .allocate(capacity: order.count)
        for (position, node) in order.enumerated() {
            unretainedNodes[position] = Unmanaged.passUnretained(node)
            rules[position] = Unmanaged.passUnretained(node.value ?? placeholder)
        }
    }

    /// The longest tag a `tagWords` entry describes.
    public static let maximumTagWordLength = (1 << 15) - 1

    /// True when `tag` is an ASCII XML name without a colon (a letter or `_` first; then also
    /// digits, `-`, `.`), so that input bytes equal to it are a well-formed name: a reader may
    /// match it in place without scanning the name (`SessionCore.expectedChild`).
    static func isPlainName(_ tag: [UInt8]) -> Bool {
        func isLetter(_ byte: UInt8) -> Bool {
            (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
        }
        guard let first = tag.first, isLetter(first) || first == UInt8(ascii: "_") else { return false }
        return tag.allSatisfy {
            isLetter($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".")
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
        }
    }

    deinit {
        members.deallocate()
        tagWords.deallocate()
        rules.deallocate()
        unretainedNodes.deallocate()
        for buffer in namespaces { UnsafeMutableRawPointer(mutating: buffer.baseAddress)?.deallocate() }
        nodes.deallocate()
        children.deallocate()
        tags.deallocate()
        required.deallocate()
        groups.deallocate()
    }
}
