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
        /// Least occurrences.
        public var minOccurs: Int
        /// Most occurrences (`Int.max` when unbounded).
        public var maxOccurs: Int
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
        /// Where the ordinals of the required children start in `required`.
        public var requiredStart: Int
        /// How many children are required.
        public var requiredCount: Int
    }

    /// The nodes; index 0 is the root.
    public let nodes: UnsafeMutableBufferPointer<Node>
    /// Child node indices, each node's run in sequence order.
    public let children: UnsafeMutableBufferPointer<Int>
    /// All tags, back to back.
    public let tags: UnsafeMutableBufferPointer<UInt8>
    /// For each class, the ordinals of its required children (`minOccurs > 0`).
    public let required: UnsafeMutableBufferPointer<Int>
    /// The rich nodes, index-aligned with `nodes`.
    public let compiled: [CompiledNode]
    /// Each node's value rule (a placeholder for classes), read in place on the hot path.
    public let rules: UnsafeMutableBufferPointer<ValueRule>
    /// The package's namespace as bytes (empty for none).
    public let namespace: UnsafeMutableBufferPointer<UInt8>

    init(root: CompiledNode, namespace: [UInt8]) {
        self.namespace = .allocate(capacity: max(1, namespace.count))
        for (offset, byte) in namespace.enumerated() { self.namespace[offset] = byte }
        namespaceLength = namespace.count
        var order: [CompiledNode] = []
        var queue = [root]
        while !queue.isEmpty {  // breadth-first, so each node's children get consecutive indices
            let node = queue.removeFirst()
            order.append(node)
            queue.append(contentsOf: node.children)
        }
        let index = Dictionary(uniqueKeysWithValues: order.enumerated().map { (ObjectIdentifier($1), $0) })
        nodes = .allocate(capacity: order.count)
        children = .allocate(capacity: max(1, order.count - 1))
        tags = .allocate(capacity: max(1, order.reduce(0) { $0 + $1.tagBytes.count }))
        let requiredTotal = order.reduce(0) { total, node in total + node.children.count { $0.minOccurs > 0 } }
        required = .allocate(capacity: max(1, requiredTotal))
        var requiredCursor = 0
        var childCursor = 0
        var tagCursor = 0
        for (position, node) in order.enumerated() {
            for (offset, byte) in node.tagBytes.enumerated() { tags[tagCursor + offset] = byte }
            nodes[position] = Node(
                isClass: node.isClass, minOccurs: node.minOccurs, maxOccurs: node.maxOccurs, childStart: childCursor,
                childCount: node.children.count, tagStart: tagCursor, tagLength: node.tagBytes.count,
                hasAttributes: !node.attributes.isEmpty, requiredStart: requiredCursor,
                requiredCount: node.children.count { $0.minOccurs > 0 })
            for (ordinal, child) in node.children.enumerated() where child.minOccurs > 0 {
                required[requiredCursor] = ordinal
                requiredCursor += 1
            }
            tagCursor += node.tagBytes.count
            for child in node.children {
                children[childCursor] = index[ObjectIdentifier(child)]!
                childCursor += 1
            }
        }
        compiled = order
        rules = .allocate(capacity: order.count)
        let placeholder = ValueRule(
            format: Format(characters: .alphanumeric, minLength: 0, maxLength: 0), codes: nil, codeListID: nil)
        for (position, node) in order.enumerated() {
            (rules.baseAddress! + position).initialize(to: node.value ?? placeholder)
        }
    }

    /// How many bytes of `namespace` are used.
    public let namespaceLength: Int

    /// The namespace's bytes, one buffer for every reader and session of the package.
    public var namespaceBytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: namespace.baseAddress, count: namespaceLength)
    }

    deinit {
        rules.baseAddress!.deinitialize(count: rules.count)
        rules.deallocate()
        namespace.deallocate()
        nodes.deallocate()
        children.deallocate()
        tags.deallocate()
        required.deallocate()
    }
}
