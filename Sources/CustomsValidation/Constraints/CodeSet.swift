/// A set of codes looked up by bytes, without making a `String`: codes of up to 7 bytes (nearly
/// all: ISO countries and currencies, EDIFACT codes, units) are packed with their length into a
/// `UInt64`; longer ones fall back to a `Set<String>`.
public struct CodeSet: Sendable {
    private let packed: Set<UInt64>
    private let long: Set<String>

    /// The set of `codes`.
    public init(_ codes: Set<String>) {
        var packed = Set<UInt64>()
        var long = Set<String>()
        for code in codes {
            // The key is made inside the closure: a buffer pointer must not outlive it (AddressSanitizer
            // found this one reading a freed array in a release build).
            if let key = Array(code.utf8).withUnsafeBufferPointer({ Self.key($0) }) {
                packed.insert(key)
            } else {
                long.insert(code)
            }
        }
        self.packed = packed
        self.long = long
    }

    @inline(__always)
    static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard bytes.count <= 7 else { return nil }
        var key = UInt64(bytes.count) << 56
        for index in 0..<bytes.count { key |= UInt64(bytes[index]) << (8 * UInt64(index)) }
        return key
    }

    /// True when `bytes` is one of the codes.
    @inline(__always)
    public func contains(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if let key = Self.key(bytes) { return packed.contains(key) }
        return long.contains(String(decoding: bytes, as: UTF8.self))
    }
}
