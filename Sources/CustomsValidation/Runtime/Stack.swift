/// A growable buffer of plain values for the session's stacks and text: no uniqueness check and
/// no bounds check per access (the session's own logic keeps indices in range), which Swift
/// arrays pay on every append and subscript. Owned by one session; `release()` frees it.
struct Stack<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 4)
        base = .allocate(capacity: self.capacity)
    }

    /// Frees the storage; the stack must not be used afterwards.
    func release() { base.deallocate() }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow(to: count + 1) }
        base[count] = element
        count += 1
    }

    /// Appends `n` copies of `element`.
    @inline(__always)
    mutating func append(repeating element: Element, count n: Int) {
        if count + n > capacity { grow(to: count + n) }
        (base + count).update(repeating: element, count: n)
        count += n
    }

    /// Appends the bytes of `source`.
    @inline(__always)
    mutating func append(contentsOf source: UnsafeBufferPointer<Element>) {
        guard let start = source.baseAddress, source.count > 0 else { return }
        if count + source.count > capacity { grow(to: count + source.count) }
        (base + count).update(from: start, count: source.count)
        count += source.count
    }

    @inline(__always)
    mutating func removeLast(_ n: Int = 1) { count -= n }

    @inline(__always)
    mutating func removeAll() { count = 0 }

    /// Shortens the stack to `newCount` elements.
    @inline(__always)
    mutating func truncate(to newCount: Int) { count = newCount }

    var last: Element? { count > 0 ? base[count - 1] : nil }

    /// The elements as a buffer, valid until the next change.
    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    @inline(never)
    private mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
