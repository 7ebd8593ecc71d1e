import CustomsValidation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The open objects and arrays, with what a JSON Pointer to the current place needs: where each
/// one's member names start in the key store, and how many items each array has begun.
struct ContainerStack: ~Copyable {
    struct Container {
        let isObject: Bool
        let keyStart: Int
        var items: Int
    }

    private var stack = Stack<Container>(capacity: 64)

    var count: Int { stack.count }
    var topIsObject: Bool { stack.count > 0 && stack[stack.count - 1].isObject }
    /// Where the innermost container's member names start in the key store.
    var topKeyStart: Int { stack.count > 0 ? stack[stack.count - 1].keyStart : 0 }

    func isObject(_ index: Int) -> Bool { stack[index].isObject }
    func keyStart(_ index: Int) -> Int { stack[index].keyStart }
    func items(_ index: Int) -> Int { stack[index].items }

    /// A value starts in the innermost container (an array: it counts its items).
    @inline(__always)
    mutating func countItem() {
        guard stack.count > 0 else { return }
        let top = stack.count - 1
        if !stack[top].isObject { stack[top].items += 1 }
    }

    /// Takes back `countItem` for a value that turned out to need more input (a number or a
    /// literal cut by the end of a chunk): it is counted again when it is read whole.
    @inline(__always)
    mutating func uncountItem() {
        guard stack.count > 0 else { return }
        let top = stack.count - 1
        if !stack[top].isObject { stack[top].items -= 1 }
    }

    mutating func push(isObject object: Bool, keyStart: Int) {
        stack.append(Container(isObject: object, keyStart: keyStart, items: 0))
    }

    mutating func pop() { stack.removeLast() }

    mutating func removeAll() { stack.removeAll() }
}

/// The member names of the open objects, for refusing duplicates: a name whose hash's bit is
/// not yet set in its object's 64-bit mask is new at once; otherwise compared by hash, then by
/// bytes. An object with many members gets a hash set, so that a hostile object of 100,000
/// members costs linear time, not quadratic. Hashes are `MemberIndex.hash`, which the session's
/// member lookup takes as they are.
struct KeyStore: ~Copyable {
    struct Entry {
        let start: Int
        let length: Int
        let hash: UInt64
    }

    private var bytes = Stack<UInt8>(capacity: 256)
    private var entries = Stack<Entry>(capacity: 64)
    /// Per open container (by index), one bit per name hash seen in it (bits of the hash's top
    /// six). Zero for arrays and for a container index no object uses now.
    private var masks = Stack<UInt64>(capacity: 64)
    /// Sets for objects with more than `linearLimit` members, by container index.
    private var large: [Int: Set<[UInt8]>] = [:]
    private static let linearLimit = 32

    var count: Int { entries.count }

    /// The name at entry `index`.
    func name(at index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: bytes.base + entries[index].start, count: entries[index].length)
    }

    /// The hash of the last name added.
    var lastHash: UInt64 { entries.last?.hash ?? 0 }

    /// The last name added: while an object's member is being read (an array under it, say),
    /// that member's name.
    var last: UnsafeBufferPointer<UInt8> {
        guard let entry = entries.last else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: bytes.base + entry.start, count: entry.length)
    }

    mutating func removeAll() {
        bytes.removeAll()
        entries.removeAll()
        if masks.count > 0 { masks.base.update(repeating: 0, count: masks.count) }
        if !large.isEmpty { large.removeAll() }
    }

    /// Adds `key`, whose `MemberIndex.hash` is `hash`, to the object at container index
    /// `object`, whose names start at entry `first`; false when the object already has it.
    @inline(__always)
    mutating func add(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64, object: Int, from first: Int) -> Bool {
        if object >= masks.count { masks.append(repeating: 0, count: object + 1 - masks.count) }
        let bit: UInt64 = 1 << (hash >> 58)
        let seen = masks[object]
        masks[object] = seen | bit
        if seen & bit == 0 && entries.count - first < Self.linearLimit {
            entries.append(Entry(start: bytes.count, length: key.count, hash: hash))
            bytes.append(contentsOf: key)
            return true
        }
        return addChecked(key, hash: hash, object: object, from: first)
    }

    /// `add` for a name whose bit was set already, or in a large object: compared in full.
    @inline(never)
    private mutating func addChecked(
        _ key: UnsafeBufferPointer<UInt8>, hash: UInt64, object: Int, from first: Int
    )
        -> Bool
    {
        let members = entries.count - first
        if members >= Self.linearLimit {
            if large[object] == nil {
                large[object] = Set(
                    (first..<entries.count).map { entries[$0] }.map {
                        Array(UnsafeBufferPointer(start: bytes.base + $0.start, count: $0.length))
                    }
                )
            }
            guard large[object]!.insert(Array(key)).inserted else { return false }
        } else {
            for index in first..<entries.count where entries[index].hash == hash && entries[index].length == key.count {
                if memcmp(bytes.base + entries[index].start, key.baseAddress!, key.count) == 0 { return false }
            }
        }
        entries.append(Entry(start: bytes.count, length: key.count, hash: hash))
        bytes.append(contentsOf: key)
        return true
    }

    /// Forgets the names of the object at container index `object`, which start at entry `first`.
    mutating func removeObject(at object: Int, from first: Int) {
        if object < masks.count { masks[object] = 0 }
        guard first < entries.count else {
            if !large.isEmpty { large[object] = nil }
            return
        }
        bytes.truncate(to: entries[first].start)
        entries.truncate(to: first)
        if !large.isEmpty { large[object] = nil }
    }
}
