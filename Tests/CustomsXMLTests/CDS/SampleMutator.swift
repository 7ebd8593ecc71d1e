import CustomsValidation
import Foundation

/// Mutates valid sample messages in the ways real submissions go wrong: a leaf element
/// removed, repeated, emptied, swapped with its neighbour, its value too long, not a number or
/// not a code, an attribute value changed, an unknown element inserted. Deterministic for a
/// seed. Whether a mutant is still valid is not assumed: both validators decide.
struct SampleMutator {
    static let kinds = [
        "remove", "duplicate", "too-long", "bad-code", "bad-number", "empty", "unknown", "swap", "bad-attribute",
    ]
    // One leaf element on one line: <p:Tag attrs>text</p:Tag>.
    private static let leaf = try! NSRegularExpression(
        pattern: #"<((?:[A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*)((?:\s+[\w:.-]+="[^"]*")*)\s*>([^<]*)</\1>"#)

    private var random: SeededRandom

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    /// A mutant of `text` and the kind of mutation, or nil when the kind found no place.
    mutating func mutate(_ text: String, kind: String) -> String? {
        let source = text as NSString
        let matches = Self.leaf.matches(in: text, range: NSRange(location: 0, length: source.length))
        guard !matches.isEmpty else { return nil }
        let index = Int.random(in: 0...matches.count - 1, using: &random)
        let match = matches[index]
        let whole = source.substring(with: match.range)
        let tag = source.substring(with: match.range(at: 1))
        let attributes = source.substring(with: match.range(at: 2))
        func element(_ value: String, attributes: String = attributes) -> String {
            "<\(tag)\(attributes)>\(value)</\(tag)>"
        }
        let replacement: String
        switch kind {
        case "remove": replacement = ""
        case "duplicate": replacement = whole + whole
        case "too-long": replacement = element(String(repeating: "X", count: 600))
        case "bad-code": replacement = element("ZZ9")
        case "bad-number": replacement = element("12a")
        case "empty": replacement = element("")
        case "unknown":
            let prefix = tag.contains(":") ? String(tag.prefix { $0 != ":" }) + ":" : ""
            replacement = whole + "<\(prefix)UnexpectedElement>1</\(prefix)UnexpectedElement>"
        case "swap":
            guard index + 1 < matches.count else { return nil }
            let next = matches[index + 1]
            let between = NSRange(
                location: match.range.location + match.range.length,
                length: next.range.location - match.range.location - match.range.length)
            return source.replacingCharacters(
                in: NSRange(
                    location: match.range.location,
                    length: next.range.location + next.range.length - match.range.location),
                with: source.substring(with: next.range) + source.substring(with: between) + whole)
        case "bad-attribute":
            guard let equals = attributes.firstIndex(of: "=") else { return nil }
            let name = attributes[..<equals]
            replacement = element(source.substring(with: match.range(at: 3)), attributes: "\(name)=\"QQ-99\"")
        default: return nil
        }
        return source.replacingCharacters(in: match.range, with: replacement)
    }
}
