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

    /// True when the `count` bytes at `a` and at `b` are equal: eight at a time, the last eight
    /// overlapping, for the short names of tags, where a call to `memcmp` costs more than the
    /// comparison.
    @inlinable @inline(__always)
    public static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, count: Int) -> Bool {
        guard count >= 8 else {
            for index in 0..<count where a[index] != b[index] { return false }
            return true
        }
        let rawA = UnsafeRawPointer(a)
        let rawB = UnsafeRawPointer(b)
        var offset = 0
        while offset + 8 < count {
            if rawA.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                != rawB.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            {
                return false
            }
            offset += 8
        }
        return rawA.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            == rawB.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    }

    /// True when `bytes` and `other` hold the same bytes.
    @inlinable
    public static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ other: [UInt8]) -> Bool {
        other.withUnsafeBufferPointer { equal(bytes, $0) }
    }
}
