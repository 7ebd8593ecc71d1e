/// Encodes `Codable` values into the compact binary form that package snapshots are stored in
/// (see `SnapshotDecoder` for reading it back).
///
/// Why not JSON or a property list: a snapshot exists to make start-up cheap, and Foundation's
/// decoders read the declaration package at about 6 MB/s (23 ms, more than the 5 ms its
/// compilation takes); this form is read field after field with no keys, no text and no
/// intermediate tree.
///
/// The form is sequential: a keyed container writes its values in the order they are encoded,
/// without the keys, so a type must decode its fields in the order it encodes them — synthesized
/// conformances do. Integers are LEB128 varints (signed ones zigzagged), strings a length and
/// their UTF-8, an optional a presence byte, an unkeyed container a 4-byte count and its
/// elements. Not supported, and refused with an error rather than written wrongly: `nil` inside
/// an unkeyed or single-value container (an array of optionals) — nothing in a package has one.
/// A dictionary with `String` keys is a count and its entries, key and value, in key order (its
/// own `Codable` conformance would need a keyed container whose keys can be listed); other
/// dictionaries are refused.
///
/// ```swift
/// let bytes = try SnapshotEncoder.encode(package)
/// let again = try SnapshotDecoder.decode(InformationPackage.self, from: bytes)
/// ```
public enum SnapshotEncoder {
    /// Why a value cannot be written in the snapshot form.
    public struct Unsupported: Error, CustomStringConvertible {
        /// What was met, and where.
        public let description: String
    }

    /// The bytes of `value`.
    public static func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let sink = SnapshotSink()
        try sink.write(value, path: [])
        if let problem = sink.problem { throw problem }
        return sink.bytes
    }
}

/// The bytes being written, shared by every container of one encoding.
final class SnapshotSink {
    var bytes: [UInt8] = []
    /// The first unsupported construct met; containers cannot throw from every method.
    var problem: SnapshotEncoder.Unsupported?

    func refuse(_ what: String, at path: [any CodingKey]) {
        guard problem == nil else { return }
        let place = path.map(\.stringValue).joined(separator: ".")
        problem = SnapshotEncoder.Unsupported(description: "\(what) at '\(place)'")
    }

    func writeUnsigned(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    func writeSigned(_ value: Int64) {
        writeUnsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    func writeString(_ value: String) {
        var text = value
        text.withUTF8 { utf8 in
            writeUnsigned(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    func writeFixed32(_ value: UInt32, at offset: Int) {
        for shift in 0..<4 { bytes[offset + shift] = UInt8(truncatingIfNeeded: value >> (8 * shift)) }
    }

    /// Writes one value of any type: the primitives directly, everything else through its own
    /// `encode(to:)`.
    func write<Value: Encodable>(_ value: Value, path: [any CodingKey]) throws {
        switch value {
        case let text as String: writeString(text)
        case let flag as Bool: bytes.append(flag ? 1 : 0)
        case let number as Int: writeSigned(Int64(number))
        case let number as Int64: writeSigned(number)
        case let number as Int32: writeSigned(Int64(number))
        case let number as Int16: writeSigned(Int64(number))
        case let number as Int8: writeSigned(Int64(number))
        case let number as UInt: writeUnsigned(UInt64(number))
        case let number as UInt64: writeUnsigned(number)
        case let number as UInt32: writeUnsigned(UInt64(number))
        case let number as UInt16: writeUnsigned(UInt64(number))
        case let number as UInt8: writeUnsigned(UInt64(number))
        case let number as Double: writeUnsigned(number.bitPattern)
        case let number as Float: writeUnsigned(UInt64(number.bitPattern))
        default:
            if value is any SnapshotOptionalMarker {
                return refuse("an optional inside an array or a single value", at: path)
            }
            if let dictionary = value as? any SnapshotStringKeyedDictionary {
                return try dictionary.writeEntries(to: self, path: path)
            }
            if value is any SnapshotDictionaryMarker {
                return refuse("a dictionary whose keys are not strings", at: path)
            }
            try value.encode(to: SnapshotValueEncoder(sink: self, codingPath: path))
        }
    }
}

/// Lets the encoder notice an optional that arrives as a generic value.
protocol SnapshotOptionalMarker {}
extension Optional: SnapshotOptionalMarker {}

/// Lets the encoder notice a dictionary that is not `SnapshotStringKeyedDictionary`, and refuse it.
protocol SnapshotDictionaryMarker {}
extension Dictionary: SnapshotDictionaryMarker {}

/// A dictionary with string keys, written as its entries (see `SnapshotEncoder`).
protocol SnapshotStringKeyedDictionary {
    func writeEntries(to sink: SnapshotSink, path: [any CodingKey]) throws
    static func readEntries(from source: SnapshotSource, path: [any CodingKey]) throws -> Self
}

extension Dictionary: SnapshotStringKeyedDictionary where Key == String, Value: Codable {
    func writeEntries(to sink: SnapshotSink, path: [any CodingKey]) throws {
        sink.writeUnsigned(UInt64(count))
        for key in keys.sorted() {
            sink.writeString(key)
            try sink.write(self[key]!, path: path)
        }
    }

    static func readEntries(from source: SnapshotSource, path: [any CodingKey]) throws -> Self {
        let count = try source.readLength(path: path)
        var entries: [String: Value] = [:]
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let key = try source.readString(path: path)
            guard entries.updateValue(try source.read(Value.self, path: path), forKey: key) == nil else {
                throw source.corrupt("the key '\(key)' twice", path: path)
            }
        }
        return entries
    }
}

/// The `Encoder` handed to each value's `encode(to:)`.
struct SnapshotValueEncoder: Encoder {
    let sink: SnapshotSink
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(SnapshotKeyedEncoder<Key>(sink: sink, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        SnapshotUnkeyedEncoder(sink: sink, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SnapshotSingleValueEncoder(sink: sink, codingPath: codingPath)
    }
}

/// Writes a keyed container's values in order, without their keys.
struct SnapshotKeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let sink: SnapshotSink
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { sink.bytes.append(0) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try sink.write(value, path: codingPath + [key])
    }

    // An optional is a presence byte and, when present, its value. Every overload is spelled
    // out: the protocol's default ones would write nothing for nil.
    private mutating func present<T: Encodable>(_ value: T?, _ key: Key) throws {
        guard let value else { return sink.bytes.append(0) }
        sink.bytes.append(1)
        try sink.write(value, path: codingPath + [key])
    }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try present(value, key) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    )
        -> KeyedEncodingContainer<NestedKey>
    {
        KeyedEncodingContainer(SnapshotKeyedEncoder<NestedKey>(sink: sink, codingPath: codingPath + [key]))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        SnapshotUnkeyedEncoder(sink: sink, codingPath: codingPath + [key])
    }
    mutating func superEncoder() -> any Encoder { SnapshotValueEncoder(sink: sink, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        SnapshotValueEncoder(sink: sink, codingPath: codingPath + [key])
    }
}

/// Writes a count, kept up to date in place, then the elements.
struct SnapshotUnkeyedEncoder: UnkeyedEncodingContainer {
    let sink: SnapshotSink
    let codingPath: [any CodingKey]
    private(set) var count = 0
    private let countOffset: Int

    init(sink: SnapshotSink, codingPath: [any CodingKey]) {
        self.sink = sink
        self.codingPath = codingPath
        countOffset = sink.bytes.count
        sink.bytes.append(contentsOf: [0, 0, 0, 0])
    }

    private mutating func counted() {
        count += 1
        sink.writeFixed32(UInt32(count), at: countOffset)
    }

    mutating func encodeNil() throws {
        sink.refuse("nil inside an array", at: codingPath)
    }
    mutating func encode<T: Encodable>(_ value: T) throws {
        counted()
        try sink.write(value, path: codingPath)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    )
        -> KeyedEncodingContainer<NestedKey>
    {
        counted()
        return KeyedEncodingContainer(SnapshotKeyedEncoder<NestedKey>(sink: sink, codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        counted()
        return SnapshotUnkeyedEncoder(sink: sink, codingPath: codingPath)
    }
    mutating func superEncoder() -> any Encoder {
        counted()
        return SnapshotValueEncoder(sink: sink, codingPath: codingPath)
    }
}

/// Writes one value.
struct SnapshotSingleValueEncoder: SingleValueEncodingContainer {
    let sink: SnapshotSink
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws {
        sink.refuse("nil as a single value", at: codingPath)
    }
    mutating func encode<T: Encodable>(_ value: T) throws { try sink.write(value, path: codingPath) }
}
