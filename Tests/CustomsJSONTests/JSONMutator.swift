import CustomsJSON
import CustomsValidation

/// Faults put into valid JSON messages, of the kinds JSON writers make: a number or null for a
/// string, an array where one value belongs or the reverse, a missing `#text`, an unknown
/// attribute or member, a removed member, a value too long or wrong, an impossible date.
/// Deterministic for a seed.
struct JSONMutator {
    enum Step: Equatable {
        case key(String)
        case index(Int)
    }

    private var random: SeededRandom

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    static let kinds = [
        "number", "null", "wrap-array", "unwrap-array", "empty-array", "drop-text", "unknown-attribute",
        "unknown-member", "remove-member", "longer-value", "letters-in-value", "leap-day", "bad-code",
        "bad-attribute-code",
    ]

    /// `value` with one fault, and its kind; nil when none of a few tries applies.
    mutating func mutate(_ value: JSONValue) -> (JSONValue, String)? {
        let all = Self.sites(value, [])
        for _ in 0..<10 {
            let kind = Self.kinds[Int.random(in: 0...Self.kinds.count - 1, using: &random)]
            let candidates = all.filter { Self.applies(kind, $0.value) }
            guard !candidates.isEmpty else { continue }
            let site = candidates[Int.random(in: 0...candidates.count - 1, using: &random)]
            return (Self.replace(value, at: site.path[...], with: transform(kind, site.value)), kind)
        }
        return nil
    }

    static func applies(_ kind: String, _ value: JSONValue) -> Bool {
        switch (kind, value) {
        case ("number", .string), ("null", .string), ("longer-value", .string), ("letters-in-value", .string),
            ("bad-code", .string):
            return true
        case ("wrap-array", .string), ("wrap-array", .object): return true
        case ("unwrap-array", .array(let items)), ("empty-array", .array(let items)): return !items.isEmpty
        case ("drop-text", .object(let members)): return members.contains { $0.key == "#text" }
        case ("unknown-attribute", .object(let members)), ("unknown-member", .object(let members)):
            return !members.isEmpty
        case ("remove-member", .object(let members)): return !members.isEmpty
        case ("leap-day", .object(let members)):
            return members.contains { $0.key == "@formatCode" && $0.value == .string("102") }
        case ("bad-attribute-code", .object(let members)): return members.contains { $0.key.hasPrefix("@") }
        default: return false
        }
    }

    mutating func transform(_ kind: String, _ value: JSONValue) -> JSONValue {
        switch (kind, value) {
        case ("number", .string(let text)):
            return .number(text.allSatisfy(\.isNumber) && !text.isEmpty && text.first != "0" ? text : "12")
        case ("null", _): return .null
        case ("longer-value", .string(let text)): return .string(text + String(repeating: "7", count: 40))
        case ("letters-in-value", .string(let text)): return .string(text + "x")
        case ("bad-code", .string): return .string("QQ")
        case ("wrap-array", _): return .array([value])
        case ("unwrap-array", .array(let items)): return items[0]
        case ("empty-array", _): return .array([])
        case ("drop-text", .object(let members)): return .object(members.filter { $0.key != "#text" })
        case ("unknown-attribute", .object(let members)): return .object(members + [("@bogus", .string("1"))])
        case ("unknown-member", .object(let members)): return .object(members + [("Bogus", .string("1"))])
        case ("remove-member", .object(var members)):
            members.remove(at: Int.random(in: 0...members.count - 1, using: &random))
            return .object(members)
        case ("leap-day", .object(let members)):
            return .object(members.map { $0.key == "#text" ? ($0.key, .string("20230229")) : $0 })
        case ("bad-attribute-code", .object(let members)):
            return .object(members.map { $0.key.hasPrefix("@") ? ($0.key, .string("Q9")) : $0 })
        default: return value
        }
    }

    /// Every value in `value`, with its path (the root object itself left out).
    static func sites(_ value: JSONValue, _ path: [Step]) -> [(path: [Step], value: JSONValue)] {
        var result: [(path: [Step], value: JSONValue)] = path.count > 1 ? [(path, value)] : []
        switch value {
        case .object(let members):
            for member in members { result += sites(member.value, path + [.key(member.key)]) }
        case .array(let items):
            for (index, item) in items.enumerated() { result += sites(item, path + [.index(index)]) }
        default: break
        }
        return result
    }

    static func replace(_ value: JSONValue, at path: ArraySlice<Step>, with new: JSONValue) -> JSONValue {
        guard let step = path.first else { return new }
        switch (value, step) {
        case (.object(let members), .key(let key)):
            return .object(
                members.map { $0.key == key ? ($0.key, replace($0.value, at: path.dropFirst(), with: new)) : $0 })
        case (.array(var items), .index(let index)):
            items[index] = replace(items[index], at: path.dropFirst(), with: new)
            return .array(items)
        default: return value
        }
    }
}
