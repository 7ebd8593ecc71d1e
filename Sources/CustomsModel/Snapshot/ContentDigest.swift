/// A 64-bit FNV-1a digest of byte strings, as a cache key: it tells whether the files a
/// snapshot was made from have changed. Not a defence against anyone crafting a collision: the
/// cache is the user's own folder, and a hit only saves work the files would redo identically.
public struct ContentDigest: Sendable {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    /// An empty digest.
    public init() {}

    /// Adds `bytes`, preceded by their length so that "ab"+"c" and "a"+"bc" differ.
    public mutating func add(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { add($0) }
    }

    /// Adds `bytes`, preceded by their length.
    public mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        add(length: bytes.count)
        var state = self.state  // a local: the loop stays in a register
        for byte in bytes { state = (state ^ UInt64(byte)) &* Self.prime }
        self.state = state
    }

    /// Adds a string's UTF-8.
    public mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add($0) }
    }

    private mutating func add(length: Int) {
        var rest = UInt64(length)
        for _ in 0..<8 {
            mix(UInt8(truncatingIfNeeded: rest))
            rest >>= 8
        }
    }

    private static let prime: UInt64 = 0x100_0000_01b3

    private mutating func mix(_ byte: UInt8) {
        state = (state ^ UInt64(byte)) &* Self.prime
    }

    /// The digest as 16 hex digits.
    public var hex: String {
        let digits = String(state, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
