import CustomsModel
import CustomsValidation

/// Changes to valid generated XML messages that move business rules between holding and
/// failing while every value stays one its own check accepts (so that customs evaluates every
/// rule, as a Schematron processor does): an element removed, a repeating element repeated,
/// an element (a value or a whole class) replaced by the one at the same place in another
/// generated message, an attribute dropped, the digits of a plain number changed (same
/// length), a coded value set to a code that a rule compares with. Most changes fall on the elements that the rules read, their scopes and
/// the classes between them. Deterministic for a seed.
struct RuleMutator {
    private var random: SeededRandom
    /// The tag paths (joined with `/`) of elements that may repeat.
    private let repeating: Set<String>
    /// Elements seen in other messages, by tag path.
    private var donors: [String: [MarkupElement]] = [:]
    /// The tag paths of the elements that the rules read and of the classes above them.
    private let focus: Set<String>
    /// The tag paths of plain numbers (numeric format, no code list or pattern).
    private let plainNumbers: Set<String>
    /// For coded elements, the codes of their list that the rules name as literals.
    private let namedCodes: [String: [String]]

    init(package: InformationPackage, rules: [BusinessRule], codeLists: [String: CodeList], seed: UInt64) {
        random = SeededRandom(seed: seed)
        let literals = Set(
            rules.flatMap { rule in
                ((rule.condition?.subexpressions ?? []) + rule.assertion.subexpressions).compactMap {
                    if case .string(let text, _) = $0 { return text }
                    return nil
                }
            })
        var plainNumbers = Set<String>()
        var namedCodes: [String: [String]] = [:]
        for located in package.nodes {
            let key = located.tagPath.joined(separator: "/")
            let node = located.node
            if node.format?.characters == .numeric, node.codeListID == nil, node.allowedCodes == nil,
                node.patterns.isEmpty, node.valueType == nil
            {
                plainNumbers.insert(key)
            }
            let codes = literals.filter { code in
                node.allowedCodes?.contains(code) ?? node.codeListID.flatMap { codeLists[$0] }?.contains(code) ?? false
            }
            if !codes.isEmpty { namedCodes[key] = codes.sorted() }
        }
        self.plainNumbers = plainNumbers
        self.namedCodes = namedCodes
        var focus = Set<String>()
        for rule in rules {
            for path in rule.paths {
                var tags = path.isAbsolute ? [] : rule.scope
                for step in path.steps {
                    switch step {
                    case .parent: tags.removeLast()
                    case .child(let tag): tags.append(tag)
                    case .attribute: break
                    }
                    for depth in 2...max(2, tags.count) { focus.insert(tags.prefix(depth).joined(separator: "/")) }
                }
            }
        }
        self.focus = focus
        repeating = Set(
            package.nodes.filter { ($0.node.cardinality.max ?? 2) > 1 }.map { $0.tagPath.joined(separator: "/") })
    }

    /// Keeps the elements of `message` as replacements for later mutants.
    mutating func learn(from message: MarkupElement) {
        func visit(_ element: MarkupElement, _ path: [String]) {
            donors[path.joined(separator: "/"), default: []].append(element)
            for child in element.children { visit(child, path + [child.name]) }
        }
        for child in message.children { visit(child, [message.name, child.name]) }
    }

    /// `message` after `count` changes, and what they were.
    mutating func mutate(_ message: MarkupElement, count: Int) -> (MarkupElement, [String]) {
        var result = message
        var done: [String] = []
        for _ in 0..<count {
            let all = Self.sites(result, [], [result.name])
            let focused = all.filter { focus.contains($0.tags.joined(separator: "/")) }
            let sites = focused.isEmpty || Int.random(in: 0...4, using: &random) == 0 ? all : focused
            guard !sites.isEmpty else { break }
            let site = sites[Int.random(in: 0...sites.count - 1, using: &random)]
            let key = site.tags.joined(separator: "/")
            var kinds = ["remove"]
            if repeating.contains(key) { kinds.append("repeat") }
            if let pool = donors[key], !pool.isEmpty { kinds += ["replace", "replace"] }
            if !site.element.attributes.isEmpty { kinds.append("drop-attribute") }
            if plainNumbers.contains(key), site.element.children.isEmpty { kinds += ["digits", "digits"] }
            if namedCodes[key] != nil { kinds += ["named-code", "named-code"] }
            let kind = kinds[Int.random(in: 0...kinds.count - 1, using: &random)]
            let replacement: [MarkupElement]
            switch kind {
            case "remove": replacement = []
            case "repeat": replacement = [site.element, site.element]
            case "drop-attribute":
                var element = site.element
                element.attributes.remove(at: Int.random(in: 0...element.attributes.count - 1, using: &random))
                replacement = [element]
            case "digits":
                var element = site.element
                element.text = newDigits(element.text)
                replacement = [element]
            case "named-code":
                var element = site.element
                let codes = namedCodes[key]!
                element.text = codes[Int.random(in: 0...codes.count - 1, using: &random)]
                replacement = [element]
            default:
                let pool = donors[key]!
                replacement = [pool[Int.random(in: 0...pool.count - 1, using: &random)]]
            }
            result = Self.replace(result, at: site.indices[...], with: replacement)
            done.append("\(kind) \(key)")
        }
        return (result, done)
    }

    /// `text` with each digit drawn again; a leading digit of a longer whole part stays nonzero.
    private mutating func newDigits(_ text: String) -> String {
        let wholeDigits = text.prefix { $0 != "." }.count
        return String(
            text.enumerated().map { index, character in
                guard character.isASCII, character.isNumber else { return character }
                let lowest = index == 0 && wholeDigits > 1 ? 1 : 0
                return Character(String(Int.random(in: lowest...9, using: &random)))
            })
    }

    private struct Site {
        let indices: [Int]
        let tags: [String]
        let element: MarkupElement
    }

    private static func sites(_ element: MarkupElement, _ indices: [Int], _ tags: [String]) -> [Site] {
        element.children.enumerated().flatMap { index, child in
            [Site(indices: indices + [index], tags: tags + [child.name], element: child)]
                + sites(child, indices + [index], tags + [child.name])
        }
    }

    private static func replace(
        _ element: MarkupElement, at indices: ArraySlice<Int>, with replacement: [MarkupElement]
    ) -> MarkupElement {
        var copy = element
        let index = indices.first!
        if indices.count == 1 {
            copy.children.replaceSubrange(index...index, with: replacement)
        } else {
            copy.children[index] = replace(element.children[index], at: indices.dropFirst(), with: replacement)
        }
        return copy
    }
}
