/// A growable buffer of plain values for the session's stacks and text: no uniqueness check and
/// no bounds check per access (the session's own logic keeps indices in range), which Swift
/// arrays pay on every append and subscript. Not copyable: one owner, and the storage is freed
/// when the owner goes. Public for the readers' own hot-path stacks.
@frozen public struct Stack<Element: BitwiseCopyable>: ~Copyable {
    /// The storage.
    @usableFromInline var storage: UnsafeMutablePointer<Element>
    /// The first element's address (valid until the next append).
    @inlinable public var base: UnsafeMutablePointer<Element> { storage }
    /// How many elements.
    @usableFromInline var storedCount = 0
    /// How many elements.
    @inlinable public var count: Int { storedCount }
    @usableFromInline var capacity: Int

    /// An empty stack with room for `capacity` elements.
    public init(capacity: Int) {
        self.capacity = max(capacity, 4)
        storage = .allocate(capacity: self.capacity)
    }

    deinit { storage.deallocate() }

    /// True when empty.
    @inlinable public var isEmpty: Bool { count == 0 }

    /// The element at `index` (not checked).
    @inlinable @inline(__always) public subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    /// Appends `element`.
    @inlinable @inline(__always) public mutating func append(_ element: Element) {
        if count == capacity { grow(to: count + 1) }
        base[count] = element
        storedCount += 1
    }

    /// Appends `n` copies of `element`.
    @inlinable @inline(__always) public mutating func append(repeating element: Element, count n: Int) {
        if count + n > capacity { grow(to: count + n) }
        (base + count).update(repeating: element, count: n)
        storedCount += n
    }

    /// Appends the bytes of `source`.
    @inlinable @inline(__always) public mutating func append(contentsOf source: UnsafeBufferPointer<Element>) {
        guard let start = source.baseAddress, source.count > 0 else { return }
        if count + source.count > capacity { grow(to: count + source.count) }
        (base + count).update(from: start, count: source.count)
        storedCount += source.count
    }

    /// Drops the last `n` elements.
    @inlinable @inline(__always) public mutating func removeLast(_ n: Int = 1) { storedCount -= n }

    /// Drops every element, keeping the storage.
    @inlinable @inline(__always) public mutating func removeAll() { storedCount = 0 }

    /// Removes and returns the last element, if any.
    @inlinable @inline(__always) public mutating func popLast() -> Element? {
        guard count > 0 else { return nil }
        storedCount -= 1
        return base[count]
    }

    /// Shortens the stack to `newCount` elements.
    @inlinable @inline(__always) public mutating func truncate(to newCount: Int) { storedCount = newCount }

    /// The last element, if any.
    @inlinable public var last: Element? { count > 0 ? base[count - 1] : nil }

    /// The elements as a buffer, valid until the next change.
    @inlinable public var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    @usableFromInline @inline(never)
    mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        storage = newBase
        capacity = newCapacity
    }
}
