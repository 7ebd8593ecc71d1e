#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte comparison on the hot path: lengths first, then the address (readers hand over the
/// package's own namespace buffer once they know an interned URI equals it), then `memcmp`.
/// The generic `elementsEqual` cost a tenth of validation time in a profile.
public enum Bytes {
    /// True when `bytes` and `other` hold the same bytes.
    @inlinable @inline(__always)
    public static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == other.count else { return false }
        if bytes.count == 0 || bytes.baseAddress == other.baseAddress { return true }
        return memcmp(bytes.baseAddress!, other.baseAddress!, bytes.count) == 0
    }

    /// True when `bytes` and `other` hold the same bytes.
    @inlinable
    public static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ other: [UInt8]) -> Bool {
        other.withUnsafeBufferPointer { equal(bytes, $0) }
    }
}
