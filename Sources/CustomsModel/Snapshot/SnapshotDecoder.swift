/// Reads values back from the binary form `SnapshotEncoder` writes.
///
/// Containers do not extend their coding path per key (an array built for every field read was
/// a tenth of the time): an error names the byte offset instead, and the encoder, which does
/// keep paths, names the field when a value cannot be written.
///
/// A snapshot is a cache, so any byte string may arrive here (a file cut short by a full disk,
/// another version's form): every read is checked against the end, every count against the
/// bytes left, so bad input is a `DecodingError`, never a crash or a huge allocation.
public enum SnapshotDecoder {
    /// Decodes a `Value` from `bytes`, which it must use up exactly.
    public static func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8]) throws -> Value {
        let source = SnapshotSource(bytes: bytes)
        let value = try source.read(Value.self, path: [])
        guard source.position == bytes.count else {
            throw source.corrupt("\(bytes.count - source.position) bytes left over", path: [])
        }
        return value
    }
}

/// The bytes being read and the reading position, shared by every container of one decoding.
final class SnapshotSource {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    func corrupt(_ what: String, path: [any CodingKey]) -> DecodingError {
        .dataCorrupted(.init(codingPath: path, debugDescription: "snapshot: \(what) at byte \(position)"))
    }

    func readByte(path: [any CodingKey]) throws -> UInt8 {
        guard position < bytes.count else { throw corrupt("unexpected end", path: path) }
        defer { position += 1 }
        return bytes[position]
    }

    func readUnsigned(path: [any CodingKey]) throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte(path: path)
            guard shift < 64 else { throw corrupt("varint too long", path: path) }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    func readSigned(path: [any CodingKey]) throws -> Int64 {
        let raw = try readUnsigned(path: path)
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// A count or length, which can never be more than the bytes left.
    func readLength(path: [any CodingKey]) throws -> Int {
        let length = try readUnsigned(path: path)
        guard length <= UInt64(bytes.count - position) else { throw corrupt("length past the end", path: path) }
        return Int(length)
    }

    func readString(path: [any CodingKey]) throws -> String {
        let length = try readLength(path: path)
        defer { position += length }
        return bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[position..<position + length]), as: UTF8.self)
        }
    }

    func readCount(path: [any CodingKey]) throws -> Int {
        guard bytes.count - position >= 4 else { throw corrupt("unexpected end", path: path) }
        var count = 0
        for shift in 0..<4 { count |= Int(bytes[position + shift]) << (8 * shift) }
        position += 4
        // Every element takes at least one byte.
        guard count <= bytes.count - position else { throw corrupt("count past the end", path: path) }
        return count
    }

    func readPresence(path: [any CodingKey]) throws -> Bool {
        switch try readByte(path: path) {
        case 0: return false
        case 1: return true
        default: throw corrupt("bad presence byte", path: path)
        }
    }

    /// Narrows a decoded integer to `Target`, refusing one that does not fit.
    func narrow<Target: FixedWidthInteger, Source: BinaryInteger>(
        _ value: Source, to: Target.Type, path: [any CodingKey]
    ) throws -> Target {
        guard let narrowed = Target(exactly: value) else { throw corrupt("integer out of range", path: path) }
        return narrowed
    }

    /// Reads one value of any type: the primitives directly, everything else through its own
    /// `init(from:)`. Types are told apart by metatype identity, not by casts (`is String.Type`
    /// is a runtime call; `==` compares two pointers), and a primitive is handed back with
    /// `unsafeBitCast`, valid because `Value` is then that very type.
    func read<Value: Decodable>(_ type: Value.Type, path: [any CodingKey]) throws -> Value {
        if type == String.self { return unsafeBitCast(try readString(path: path), to: Value.self) }
        if type == Bool.self { return unsafeBitCast(try readBool(path: path), to: Value.self) }
        if type == Int.self {
            return unsafeBitCast(try narrow(readSigned(path: path), to: Int.self, path: path), to: Value.self)
        }
        if type == Double.self {
            return unsafeBitCast(Double(bitPattern: try readUnsigned(path: path)), to: Value.self)
        }
        if let number = try readOtherNumber(type, path: path) { return number }
        if let dictionary = type as? any SnapshotStringKeyedDictionary.Type {
            return try dictionary.readEntries(from: self, path: path) as! Value  // `Value` is that dictionary type
        }
        return try Value(from: SnapshotValueDecoder(source: self, codingPath: path))
    }

    func readBool(path: [any CodingKey]) throws -> Bool {
        switch try readByte(path: path) {
        case 0: return false
        case 1: return true
        default: throw corrupt("bad boolean", path: path)
        }
    }

    /// The fixed-width integers and `Float`, which packages do not use: nil for any other type.
    private func readOtherNumber<Value>(_ type: Value.Type, path: [any CodingKey]) throws -> Value? {
        let value: Any
        switch type {
        case is Int64.Type: value = try readSigned(path: path)
        case is Int32.Type: value = try narrow(readSigned(path: path), to: Int32.self, path: path)
        case is Int16.Type: value = try narrow(readSigned(path: path), to: Int16.self, path: path)
        case is Int8.Type: value = try narrow(readSigned(path: path), to: Int8.self, path: path)
        case is UInt.Type: value = try narrow(readUnsigned(path: path), to: UInt.self, path: path)
        case is UInt64.Type: value = try readUnsigned(path: path)
        case is UInt32.Type: value = try narrow(readUnsigned(path: path), to: UInt32.self, path: path)
        case is UInt16.Type: value = try narrow(readUnsigned(path: path), to: UInt16.self, path: path)
        case is UInt8.Type: value = try narrow(readUnsigned(path: path), to: UInt8.self, path: path)
        case is Float.Type: value = Float(bitPattern: try narrow(readUnsigned(path: path), to: UInt32.self, path: path))
        default: return nil
        }
        return value as? Value
    }
}

/// The `Decoder` handed to each value's `init(from:)`.
struct SnapshotValueDecoder: Decoder {
    let source: SnapshotSource
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(SnapshotKeyedDecoder<Key>(source: source, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try SnapshotUnkeyedDecoder(source: source, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SnapshotSingleValueDecoder(source: source, codingPath: codingPath)
    }
}

/// Reads a keyed container's values in the order they were written; the keys are not stored.
struct SnapshotKeyedDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let source: SnapshotSource
    let codingPath: [any CodingKey]

    /// The keys are not stored, so they cannot be listed (see `SnapshotEncoder`).
    var allKeys: [Key] { [] }
    func contains(_ key: Key) -> Bool { true }

    func decodeNil(forKey key: Key) throws -> Bool { try !source.readPresence(path: codingPath) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try source.read(type, path: codingPath)
    }
    // The types synthesized conformances ask for most, read without looking at the type.
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try source.readString(path: codingPath) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try source.readBool(path: codingPath) }

    private func present<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        guard try source.readPresence(path: codingPath) else { return nil }
        return try source.read(type, path: codingPath)
    }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try present(type, key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try present(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try present(type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try present(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try present(type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try present(type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try present(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try present(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try present(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try present(type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try present(type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try present(type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try present(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try present(type, key) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try present(type, key) }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        KeyedDecodingContainer(SnapshotKeyedDecoder<NestedKey>(source: source, codingPath: codingPath))
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try SnapshotUnkeyedDecoder(source: source, codingPath: codingPath)
    }
    func superDecoder() throws -> any Decoder { SnapshotValueDecoder(source: source, codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        SnapshotValueDecoder(source: source, codingPath: codingPath)
    }
}

/// Reads a count, then that many elements.
struct SnapshotUnkeyedDecoder: UnkeyedDecodingContainer {
    let source: SnapshotSource
    let codingPath: [any CodingKey]
    let count: Int?
    private(set) var currentIndex = 0
    var isAtEnd: Bool { currentIndex >= (count ?? 0) }

    init(source: SnapshotSource, codingPath: [any CodingKey]) throws {
        self.source = source
        self.codingPath = codingPath
        count = try source.readCount(path: codingPath)
    }

    private mutating func next() throws {
        guard !isAtEnd else { throw source.corrupt("read past the last element", path: codingPath) }
        currentIndex += 1
    }

    /// Nothing is nil in an array (the encoder refuses it).
    mutating func decodeNil() throws -> Bool { false }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next()
        return try source.read(type, path: codingPath)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try next()
        return KeyedDecodingContainer(SnapshotKeyedDecoder<NestedKey>(source: source, codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next()
        return try SnapshotUnkeyedDecoder(source: source, codingPath: codingPath)
    }
    mutating func superDecoder() throws -> any Decoder {
        try next()
        return SnapshotValueDecoder(source: source, codingPath: codingPath)
    }
}

/// Reads one value.
struct SnapshotSingleValueDecoder: SingleValueDecodingContainer {
    let source: SnapshotSource
    let codingPath: [any CodingKey]

    /// Nothing is written as a nil single value (the encoder refuses it).
    func decodeNil() -> Bool { false }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try source.read(type, path: codingPath) }
}
