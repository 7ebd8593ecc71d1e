import CustomsModel
import Foundation
import Testing

/// The binary snapshot form: what it writes reads back equal, what it cannot write it refuses,
/// and bytes that are not a snapshot are an error, never a crash.
@Suite("Snapshot coder")
struct SnapshotCoderTests {
    enum Shade: String, Codable, Hashable { case light, dark }

    struct Inner: Codable, Hashable {
        var name: String
        var weight: Double?
        var tags: Set<String>
    }

    struct Everything: Codable, Hashable {
        var text: String
        var flag: Bool
        var small: Int8
        var negative: Int
        var large: UInt64
        var ratio: Double
        var narrow: Float
        var missing: String?
        var present: Int?
        var shade: Shade
        var shades: [Shade]
        var nested: [[Int]]
        var inner: Inner
        var inners: [Inner]
        var optionalInner: Inner?
        var table: [String: Inner]
        var pattern: XSDPattern
        var cardinality: Cardinality
    }

    static let sample = Everything(
        text: "Zoll – 税関 🛃", flag: true, small: -128, negative: Int.min, large: UInt64.max, ratio: -0.1,
        narrow: 3.5, missing: nil, present: 0, shade: .dark, shades: [.light, .dark, .light],
        nested: [[], [1, -1], [300]],
        inner: Inner(name: "", weight: nil, tags: []),
        inners: [Inner(name: "a", weight: 1.5, tags: ["x", "y"]), Inner(name: "b", weight: nil, tags: ["z"])],
        optionalInner: Inner(name: "c", weight: .infinity, tags: []),
        table: ["one": Inner(name: "1", weight: 1, tags: []), "": Inner(name: "empty key", weight: nil, tags: ["k"])],
        pattern: try! XSDPattern("[A-Z]{2}[0-9]{2}"), cardinality: Cardinality(min: 0, max: nil))

    @Test("every kind of value reads back equal")
    func roundTrip() throws {
        let bytes = try SnapshotEncoder.encode(Self.sample)
        #expect(try SnapshotDecoder.decode(Everything.self, from: bytes) == Self.sample)
        // Deterministic: dictionaries and sets do not leak their hash order into the bytes
        // of a dictionary (sets are arrays in their own order, so only the dictionary is checked).
        var copy = Self.sample
        copy.table = Dictionary(uniqueKeysWithValues: Self.sample.table.reversed())
        #expect(try SnapshotEncoder.encode(copy.table) == SnapshotEncoder.encode(Self.sample.table))
    }

    @Test("what it cannot read back it refuses to write")
    func refusals() {
        #expect(throws: SnapshotEncoder.Unsupported.self) { try SnapshotEncoder.encode([1, nil, 3] as [Int?]) }
        #expect(throws: SnapshotEncoder.Unsupported.self) { try SnapshotEncoder.encode([1: "one"]) }
        #expect(throws: SnapshotEncoder.Unsupported.self) { try SnapshotEncoder.encode(Optional<Int>.none) }
    }

    @Test("bytes cut short, grown or changed are an error or another value, never a crash")
    func corruption() throws {
        let bytes = try SnapshotEncoder.encode(Self.sample)
        for length in 0..<bytes.count {
            #expect(throws: DecodingError.self) {
                try SnapshotDecoder.decode(Everything.self, from: Array(bytes[..<length]))
            }
        }
        #expect(throws: DecodingError.self) { try SnapshotDecoder.decode(Everything.self, from: bytes + [0]) }
        var decoded = 0
        for index in bytes.indices {
            for replacement: UInt8 in [0x00, 0x01, 0x7F, 0x80, 0xFF] where replacement != bytes[index] {
                var changed = bytes
                changed[index] = replacement
                if (try? SnapshotDecoder.decode(Everything.self, from: changed)) != nil { decoded += 1 }
            }
        }
        // Some changes only alter a value; most break the form. Both happen.
        #expect(decoded > 0 && decoded < bytes.count * 4)
        // A count far past the end is refused before anything is allocated for it.
        #expect(throws: DecodingError.self) { try SnapshotDecoder.decode([Int].self, from: [0xFF, 0xFF, 0xFF, 0x7F]) }
        #expect(throws: DecodingError.self) {
            try SnapshotDecoder.decode(String.self, from: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        }
    }
}
