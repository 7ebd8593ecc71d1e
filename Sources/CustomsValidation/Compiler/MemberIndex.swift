/// The JSON binding's member names of every class, looked up by hash: a plain key names the
/// child whose tag it is (`CompiledNode.jsonKeys`), so a reader that has hashed a key (as the
/// JSON tokenizer does for its duplicate check) finds the child's ordinal with one probe instead
/// of comparing the key with the siblings' tags one by one.
///
/// Only keys that name exactly one child, written without a namespace, are indexed; a
/// `{namespace}tag` key, a tag two children share (imported schemas may have one name in two
/// namespaces) and a wildcard go through the session's full search, which decides them as
/// before. Open addressing, linear probing, at most half full. Built with the `NodeTable`,
/// immutable afterwards, freed by it (`deallocate`) as its other buffers are: a plain copyable
/// view, since borrowing a non-copyable one out of the table crashed the compiler (6.3.1).
public struct MemberIndex {
    struct Slot {
        /// `hash(key)`, as stored; `parent` -1 marks an empty slot.
        var hash: UInt64
        var parent: Int32
        var ordinal: Int32
        /// The child's tag in the table's pool, compared in place.
        var tagStart: Int32
        var tagLength: Int32
    }

    private let slots: UnsafeMutableBufferPointer<Slot>
    private let mask: Int

    /// A cheap hash of a member name: its length and its first and last eight bytes (all of
    /// them when shorter), so that most names that differ are told apart without comparing
    /// them. The JSON tokenizer hashes every key with it for its duplicate check; this index
    /// reuses that hash. A byte-by-byte hash cost a tenth of JSON validation.
    @inline(__always)
    public static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = key.baseAddress else { return 0 }
        let count = key.count
        var head: UInt64 = 0
        var tail: UInt64 = 0
        if count >= 8 {
            head = UnsafeRawPointer(base).loadUnaligned(as: UInt64.self)
            tail = UnsafeRawPointer(base + count - 8).loadUnaligned(as: UInt64.self)
        } else {
            for index in 0..<count { head = head << 8 | UInt64(base[index]) }
        }
        let mixed = (head &* 0x9E37_79B9_7F4A_7C15) ^ (tail &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(count)
        return mixed ^ (mixed >> 29)
    }

    /// The index of the classes among `compiled`, laid out as `nodes` and `children`.
    init(
        compiled: [CompiledNode], nodes: UnsafeMutableBufferPointer<NodeTable.Node>,
        children: UnsafeMutableBufferPointer<Int>
    ) {
        var entries: [Slot] = []
        for (parent, node) in compiled.enumerated() where node.isClass {
            let tagUses = Dictionary(grouping: node.children, by: \.tag).mapValues(\.count)
            for (ordinal, child) in node.children.enumerated() where tagUses[child.tag] == 1 && child.wildcard == nil {
                let childNode = nodes[children[nodes[parent].childStart + ordinal]]
                guard !childNode.isQualifiedInJSON, childNode.tagStart + childNode.tagLength <= Int(Int32.max) else {
                    continue
                }
                entries.append(
                    Slot(
                        hash: child.tagBytes.withUnsafeBufferPointer { Self.hash($0) }, parent: Int32(parent),
                        ordinal: Int32(ordinal), tagStart: Int32(childNode.tagStart),
                        tagLength: Int32(childNode.tagLength)))
            }
        }
        var capacity = 16
        while capacity < entries.count * 2 { capacity *= 2 }
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Slot(hash: 0, parent: -1, ordinal: 0, tagStart: 0, tagLength: 0))
        mask = capacity - 1
        for entry in entries {
            var slot = Self.start(entry.hash, Int(entry.parent), mask)
            while slots[slot].parent >= 0 { slot = (slot + 1) & mask }
            slots[slot] = entry
        }
    }

    /// Frees the slots; the table calls it once, in its `deinit`.
    func deallocate() { slots.deallocate() }

    @inline(__always)
    private static func start(_ hash: UInt64, _ parent: Int, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (hash ^ UInt64(truncatingIfNeeded: parent) &* 0x9E37_79B9_7F4A_7C15) >> 7) & mask
    }

    /// The ordinal of the child of class `parent` whose plain JSON key is `key` (hashed as
    /// `hash`), if the index holds it; `tags` is the table's tag pool.
    @inline(__always)
    func ordinal(
        of key: UnsafeBufferPointer<UInt8>, hash: UInt64, parent: Int, tags: UnsafeMutablePointer<UInt8>
    ) -> Int? {
        var slot = Self.start(hash, parent, mask)
        while true {
            let entry = slots.baseAddress! + slot
            if entry.pointee.parent < 0 { return nil }
            if entry.pointee.hash == hash, Int(entry.pointee.parent) == parent,
                Int(entry.pointee.tagLength) == key.count,
                Bytes.equal(key.baseAddress!, tags + Int(entry.pointee.tagStart), count: key.count)
            {
                return Int(entry.pointee.ordinal)
            }
            slot = (slot + 1) & mask
        }
    }
}
