import CustomsModel

/// Generates synthetic messages for a package: deterministic for a seed, exercising optional
/// branches, repetitions, code lists and formats at their limits, with a controlled share of
/// realistic faults, each one recorded.
///
/// ```swift
/// var generator = MessageGenerator(package: compiled, seed: 42)
/// let message = generator.next(invalidRate: 0.2)   // message.xml, message.fault
/// ```
public struct MessageGenerator {
    /// The kinds of fault the generator puts in; `customs generate --help` lists them from here.
    public enum FaultKind: String, Sendable, Codable, Hashable, CaseIterable {
        case removeRequired = "remove-required"
        case tooLong = "too-long"
        case badCode = "bad-code"
        case swapOrder = "swap-order"
        case unknownElement = "unknown-element"
        case tooMany = "too-many"
        case badDecimal = "bad-decimal"
        case badAttribute = "bad-attribute"
        case badPattern = "bad-pattern"
        case removeChoice = "remove-choice"
        case secondAlternative = "second-alternative"
        case badDatatype = "bad-datatype"

        /// What the fault does, for people.
        public var summary: String {
            switch self {
            case .removeRequired: "a required element removed"
            case .tooLong: "a value longer (or shorter) than its format allows"
            case .badCode: "a code that is not in its code list"
            case .swapOrder: "two elements swapped out of their order"
            case .unknownElement: "an element the package does not know"
            case .tooMany: "one occurrence more than allowed"
            case .badDecimal: "a number with too many digits or decimals"
            case .badAttribute: "an attribute with a code not in its list"
            case .badPattern: "a value that does not match its pattern"
            case .removeChoice: "every alternative of a required choice removed"
            case .secondAlternative: "a second alternative of a choice added"
            case .badDatatype: "a value not of its XSD type (imported schemas)"
            }
        }
    }

    /// A fault put into a message on purpose, and the finding it must cause.
    public struct Fault: Sendable, Codable, Hashable {
        /// What was done.
        public let kind: FaultKind
        /// The pointer of the element concerned.
        public let pointer: String
        /// The diagnostic code `customs validate` must report.
        public let expectedCode: Diagnostic.Code
    }

    /// One generated message.
    public struct Message: Sendable {
        /// The message as a tree, for writing in any syntax (`JSONMessageConverter` for JSON).
        public let tree: MarkupElement
        /// The fault it carries, if any.
        public let fault: Fault?
        /// The XML text.
        public var xml: String { XMLMessageWriter.document(tree) }
    }

    /// An element instance before it is written out.
    final class Instance {
        let node: CompiledNode?
        var tag: String
        /// The element's namespace when it is not its node's (content that fills a wildcard).
        var namespace: String?
        var attributes: [(String, String)]
        var value: String?
        var children: [Instance]

        init(
            node: CompiledNode?, tag: String, attributes: [(String, String)] = [], value: String? = nil,
            children: [Instance] = []
        ) {
            self.node = node
            self.tag = tag
            self.attributes = attributes
            self.value = value
            self.children = children
        }
    }

    /// The package messages are made for.
    public let package: CompiledPackage
    private var random: SeededRandom
    /// Pattern character sets' members, computed once per generator.
    private let sampleCache = XSDPattern.SampleCache()
    /// Most repetitions of a repeating node (realistic batch messages have a handful of items).
    public var maxRepeats = 4
    /// Fault kinds never put in (JSON messages leave out `swap-order`: members have no order).
    public var excludedFaults: Set<FaultKind> = []
    /// Chance that an optional node is present.
    public var optionalPresence = 0.55

    /// A generator for `package`, deterministic for `seed`.
    public init(package: CompiledPackage, seed: UInt64) {
        self.package = package
        self.random = SeededRandom(seed: seed)
    }

    /// The next message; with probability `invalidRate` it carries one fault.
    public mutating func next(invalidRate: Double = 0) -> Message {
        let root = instance(of: package.root, depth: 0)
        var fault: Fault?
        if random.chance(invalidRate) { fault = inject(into: root) }
        return Message(tree: tree(of: root, inherited: ""), fault: fault)
    }

    // MARK: - Valid content

    private mutating func instance(of node: CompiledNode, depth: Int) -> Instance {
        let result = Instance(node: node, tag: node.tag)
        var formatCode: String?
        for attribute in node.attributes where attribute.isRequired || random.chance(0.5) {
            let codes = attribute.codes.flatMap { $0.isEmpty ? nil : $0.sorted() } ?? ["X"]
            let available = attribute.name == "formatCode" ? codes.filter { node.dateFormats[$0] != nil } : codes
            var value = available.isEmpty ? codes[0] : available[random.int(0...available.count - 1)]
            if let rule = attribute.rule { value = self.value(for: rule) }  // an imported attribute type
            if attribute.name == "formatCode" { formatCode = value }
            result.attributes.append((attribute.name, value))
        }
        if let rule = node.value {
            if let code = formatCode, let format = node.dateFormats[code] {
                result.value = date(format)
            } else {
                result.value = value(for: rule)
            }
            return result
        }
        var index = 0
        while index < node.children.count {
            let child = node.children[index]
            if let wildcard = child.wildcard {
                // Content for a wildcard: an element of a namespace it admits.
                for _ in 0..<occurrences(child.minOccurs, child.maxOccurs) {
                    let extra = Instance(node: child, tag: "Extension", value: "x")
                    extra.namespace =
                        wildcard.namespaces?.first
                        ?? ["urn:example:customs:extension", "urn:example:other"].first(
                            where: wildcard.admits)
                    result.children.append(extra)
                }
                index += 1
                continue
            }
            guard let choice = child.choice else {
                let count = depth > 12 ? child.minOccurs : occurrences(child.minOccurs, child.maxOccurs)
                for position in 0..<count {
                    let made = instance(of: child, depth: depth + 1)
                    // Sequence numbers count up, as real messages have them.
                    if child.tag == "SequenceNumeric", made.value != nil { made.value = String(position + 1) }
                    result.children.append(made)
                }
                index += 1
                continue
            }
            let alternatives = Array(node.children[index...].prefix { $0.choice == choice })
            index += alternatives.count
            let cardinality = choice.cardinality
            let count = depth > 12 ? cardinality.min : occurrences(cardinality.min, cardinality.max ?? .max)
            for _ in 0..<count {
                let alternative = alternatives[random.int(0...alternatives.count - 1)]
                let runs = max(alternative.minOccurs, min(alternative.maxOccurs, random.int(1...maxRepeats)))
                for _ in 0..<runs { result.children.append(instance(of: alternative, depth: depth + 1)) }
            }
        }
        return result
    }

    /// How many times a node (or a choice) with cardinality `low...high` occurs: the least,
    /// or now and then more, up to `maxRepeats`.
    private mutating func occurrences(_ low: Int, _ high: Int) -> Int {
        let upper = min(high, max(low, maxRepeats))
        guard low < upper, random.chance(low > 0 ? 0.3 : optionalPresence) else { return low }
        return random.int((low + 1)...upper)
    }

    private mutating func value(for rule: ValueRule) -> String {
        if let pattern = rule.patterns.first {
            // Open repetitions (`([0-9])*`) drawn no longer than the value may be: a one-character
            // code would otherwise match one draw in nine.
            let cap = Self.maximumLength(rule).map { min(8, max(1, $0)) } ?? 8
            for _ in 0..<40 {
                let candidate = pattern.sample(using: &random, cap: cap, cache: sampleCache)
                if rule.check(Array(candidate.utf8)) == nil { return candidate }
            }
        }
        if let codes = rule.codes {
            let sorted = codes.sorted()
            if let code = sorted.filter({ rule.check(Array($0.utf8)) == nil }).randomElement(using: &random) {
                return code
            }
            return sorted[0]
        }
        let atLimit = random.chance(0.1)
        switch rule.shape {
        case .text(let min, let max):
            let length = atLimit ? max : random.int(min...Swift.max(min, Swift.min(max, 24)))
            return text(length, alphabet: Self.textAlphabet)
        case .letters(let min, let max):
            return text(atLimit ? max : random.int(min...max), alphabet: Self.letters)
        case .digits(let min, let max):
            return text(atLimit ? max : random.int(min...max), alphabet: Self.digits)
        case .decimal(let total, let fraction):
            let wholeDigits = atLimit ? total - fraction : random.int(1...Swift.max(1, Swift.min(total - fraction, 7)))
            var number = String(random.int(1...9)) + text(Swift.max(0, wholeDigits - 1), alphabet: Self.digits)
            let decimals = atLimit ? fraction : random.int(0...fraction)
            if decimals > 0 { number += "." + text(decimals - 1, alphabet: Self.digits) + String(random.int(1...9)) }
            return number
        case .xsd(let type):
            return value(of: type, atLimit: atLimit)
        }
    }

    /// `CCYY-MM-DD`, a real date of the 2020s.
    private mutating func xsdDate() -> String {
        "20\(two(random.int(20...30)))-\(two(random.int(1...12)))-\(two(random.int(1...28)))"
    }

    /// `hh:mm:ss`.
    private mutating func xsdTime() -> String {
        "\(two(random.int(0...23))):\(two(random.int(0...59))):\(two(random.int(0...59)))"
    }

    /// A valid value of an imported XSD type without enumeration or pattern.
    private mutating func value(of type: XSDValueType, atLimit: Bool) -> String {
        switch type.builtin {
        case .boolean: return random.chance(0.5) ? "true" : "false"
        case .date: return xsdDate()
        case .time: return xsdTime()
        case .dateTime: return xsdDate() + "T\(two(random.int(0...23))):\(two(random.int(0...59))):00Z"
        case .language: return ["EN", "en-GB", "fr"][random.int(0...2)]
        case let builtin where builtin.isNumeric:
            let total = min(type.totalDigits ?? 7, 7)
            let fraction = min(type.fractionDigits ?? 2, max(0, total - 1))
            let whole = max(1, total - fraction)
            var number = String(random.int(1...9)) + text(random.int(0...whole - 1), alphabet: Self.digits)
            if fraction > 0 && random.chance(0.5) {
                number += "." + text(random.int(1...fraction), alphabet: Self.digits)
            }
            let candidate = Array(number.utf8)
            if let low = type.minInclusive ?? type.minExclusive, DecimalText.compare(candidate, Array(low.utf8)) <= 0 {
                return type.minExclusive == nil ? low : String((Int(low) ?? 0) + 1)
            }
            if let high = type.maxInclusive ?? type.maxExclusive, DecimalText.compare(candidate, Array(high.utf8)) >= 0
            {
                return type.maxExclusive == nil ? high : String((Int(high) ?? 2) - 1)
            }
            return number
        default:
            let minimum = type.minLength ?? 1
            let maximum = type.maxLength ?? max(minimum, 24)
            let length = atLimit ? maximum : random.int(minimum...max(minimum, min(maximum, 24)))
            let alphabet = type.whitespace == .preserve ? Self.textAlphabet : Self.letters
            return text(length, alphabet: alphabet)
        }
    }

    private mutating func date(_ format: DateTimeFormat) -> String {
        let year = random.int(2020...2030)
        let month = random.int(1...12)
        let day = random.int(1...28)
        var text = ""
        for field in format.fields {
            switch field {
            case .century4: text += String(year)
            case .year2: text += two(year % 100)
            case .month: text += two(month)
            case .day: text += two(day)
            case .hour: text += two(random.int(0...23))
            case .minute, .second: text += two(random.int(0...59))
            case .week: text += two(random.int(1...52))
            case .zone: text += random.chance(0.5) ? "Z" : "+0100"
            }
        }
        return text
    }

    private func two(_ number: Int) -> String { number < 10 ? "0\(number)" : String(number) }

    private static let textAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -/.,&éü")
    private static let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    private static let digits = Array("0123456789")

    private mutating func text(_ length: Int, alphabet: [Character]) -> String {
        var result = ""
        for index in 0..<length {
            var character = alphabet[random.int(0...alphabet.count - 1)]
            // No leading or trailing space: values stay the same whether or not a reader trims.
            if character == " " && (index == 0 || index == length - 1) { character = "X" }
            result.append(character)
        }
        return result
    }

    // MARK: - Faults

    /// Puts one fault into the message; nil when none of the kinds applies (then it stays valid).
    private mutating func inject(into root: Instance) -> Fault? {
        var all: [(Instance, Instance, Int)] = []  // (parent, child, index in parent)
        func collect(_ parent: Instance) {
            for (index, child) in parent.children.enumerated() {
                all.append((parent, child, index))
                collect(child)
            }
        }
        collect(root)
        let kinds = FaultKind.allCases.filter { !excludedFaults.contains($0) }
        for _ in 0..<8 {
            let kind = kinds[random.int(0...kinds.count - 1)]
            if let fault = apply(kind, root: root, all: all) { return fault }
        }
        return nil
    }

    private mutating func apply(_ kind: FaultKind, root: Instance, all: [(Instance, Instance, Int)]) -> Fault? {
        func pick(_ candidates: [(Instance, Instance, Int)]) -> (Instance, Instance, Int)? {
            candidates.isEmpty ? nil : candidates[random.int(0...candidates.count - 1)]
        }
        switch kind {
        case .removeRequired:
            guard
                let (parent, child, index) = pick(
                    all.filter { $0.1.node.map { $0.minOccurs > 0 && $0.choice == nil } ?? false })
            else {
                return nil
            }
            let remaining = parent.children.count { $0.node === child.node } - 1
            guard remaining < child.node!.minOccurs else { return nil }
            parent.children.remove(at: index)
            return Fault(kind: kind, pointer: child.node!.pointer, expectedCode: .missingElement)
        case .tooLong:
            let candidates = all.filter {
                guard let rule = $0.1.node?.value, rule.codes == nil, $0.1.value != nil else { return false }
                return Self.maximumLength(rule).map { $0 < 600 } ?? false
            }
            guard let (_, child, _) = pick(candidates), let max = Self.maximumLength(child.node!.value!) else {
                return nil
            }
            child.value = text(max + 1, alphabet: Self.letters)
            let code = child.node!.value!.check(Array(child.value!.utf8))?.code ?? .length
            return Fault(kind: kind, pointer: child.node!.pointer, expectedCode: code)
        case .badDatatype:
            // A value that is not of its imported XSD built-in type.
            let candidates = all.filter {
                guard case .xsd(let type) = $0.1.node?.value?.shape else { return false }
                return !type.builtin.hasLength || type.builtin == .language
            }
            guard let (_, child, _) = pick(candidates) else { return nil }
            child.value = "not-a-value-0.5.5"
            guard let violation = child.node!.value!.check(Array(child.value!.utf8)) else { return nil }
            return Fault(kind: kind, pointer: child.node!.pointer, expectedCode: violation.code)
        case .badCode:
            guard let (_, child, _) = pick(all.filter { $0.1.node?.value?.codes != nil }) else { return nil }
            let rule = child.node!.value!
            let wrong = ["ZZ9", "Q", "99", "QQ"].first {
                rule.check(Array($0.utf8)) != nil && !(rule.codes!.contains($0))
            }
            guard let wrong else { return nil }
            child.value = wrong
            let code = rule.check(Array(wrong.utf8))!.code
            return Fault(kind: kind, pointer: child.node!.pointer, expectedCode: code)
        case .swapOrder:
            let parents = all.map(\.1).filter { parent in
                parent.children.count >= 2 && Set(parent.children.map { ObjectIdentifier($0.node!) }).count >= 2
            }
            guard let parent = parents.isEmpty ? nil : parents[random.int(0...parents.count - 1)] else { return nil }
            guard
                let first = parent.children.indices.first(where: { index in
                    index + 1 < parent.children.count && parent.children[index].node !== parent.children[index + 1].node
                        && !Self.sameChoice(parent.children[index].node, parent.children[index + 1].node)
                })
            else { return nil }
            // A required element moved past its place is missing there ("needs <A> before <B>")
            // when its earlier occurrences are too few; otherwise it is out of order.
            let moved = parent.children[first].node!
            let before = parent.children[..<first].count { $0.node === moved }
            parent.children.swapAt(first, first + 1)
            let code: Diagnostic.Code = before < moved.minOccurs && moved.choice == nil ? .missingElement : .outOfOrder
            return Fault(kind: kind, pointer: moved.pointer, expectedCode: code)
        case .unknownElement:
            let classes = [root] + all.map(\.1).filter { $0.node?.isClass ?? false }
            let parent = classes[random.int(0...classes.count - 1)]
            let position = random.int(0...parent.children.count)
            parent.children.insert(Instance(node: nil, tag: "UnexpectedElement", value: "x"), at: position)
            return Fault(kind: kind, pointer: parent.node!.pointer, expectedCode: .unknownElement)
        case .tooMany:
            let single = all.filter { entry in
                entry.1.node.map { $0.maxOccurs == 1 && ($0.choice.map { $0.cardinality.max == 1 } ?? true) } ?? false
            }
            guard let (parent, child, index) = pick(single) else { return nil }
            parent.children.insert(child, at: index + 1)
            return Fault(kind: kind, pointer: child.node!.pointer, expectedCode: .tooMany)
        case .badDecimal:
            let candidates = all.filter { $0.1.node?.value.flatMap(Self.fractionDigits) != nil }
            guard let (_, child, _) = pick(candidates), let fraction = Self.fractionDigits(child.node!.value!) else {
                return nil
            }
            child.value = "1." + text(fraction, alphabet: Self.digits) + "7"
            let code = child.node!.value!.check(Array(child.value!.utf8))?.code ?? .decimal
            return Fault(kind: kind, pointer: child.node!.pointer, expectedCode: code)
        case .badPattern:
            guard let (_, child, _) = pick(all.filter { !($0.1.node?.value?.patterns.isEmpty ?? true) }) else {
                return nil
            }
            let rule = child.node!.value!
            guard let wrong = ["###", "zz", "0", "~~~~~"].first(where: { rule.check(Array($0.utf8)) != nil }) else {
                return nil
            }
            child.value = wrong
            return Fault(kind: kind, pointer: child.node!.pointer, expectedCode: rule.check(Array(wrong.utf8))!.code)
        case .badAttribute:
            // An attribute that is present and restricted to codes gets a value outside them.
            func codedIndex(_ instance: Instance) -> Int? {
                instance.attributes.firstIndex { name, _ in
                    instance.node?.attributes.contains { $0.name == name && ($0.codes ?? $0.rule?.codes) != nil }
                        ?? false
                }
            }
            guard let (_, child, _) = pick(all.filter { codedIndex($0.1) != nil }), let index = codedIndex(child) else {
                return nil
            }
            child.attributes[index].1 = "NOT-A-CODE"
            let name = child.attributes[index].0
            let violation = child.node!.attributes.first { $0.name == name }?.rule?.check(Array("NOT-A-CODE".utf8))
            let code = violation.map { $0.code == .codeNotInList ? .attributeCode : $0.code } ?? .attributeCode
            return Fault(kind: kind, pointer: child.node!.pointer, expectedCode: code)
        case .removeChoice:
            // Every alternative of a choice that must occur and cannot be empty goes.
            let parents = [root] + all.map(\.1).filter { $0.node?.isClass ?? false }
            let candidates = parents.flatMap { parent in
                parent.children.compactMap(\.node?.choice).filter { group in
                    group.cardinality.min > 0
                        && !(parent.node!.children.contains { $0.choice == group && $0.minOccurs == 0 })
                }.map { (parent, $0) }
            }
            guard let (parent, group) = candidates.isEmpty ? nil : candidates[random.int(0...candidates.count - 1)]
            else { return nil }
            let first = parent.node!.children.first { $0.choice == group }!
            parent.children.removeAll { $0.node?.choice == group }
            return Fault(kind: kind, pointer: first.pointer, expectedCode: .missingElement)
        case .secondAlternative:
            // A choice that occurs at most once gets a second occurrence: another alternative.
            let candidates = all.filter { parent, child, _ in
                guard let group = child.node?.choice, group.cardinality.max == 1 else { return false }
                return parent.node!.children.contains { $0.choice == group && $0 !== child.node }
            }
            guard let (parent, child, index) = pick(candidates) else { return nil }
            let other = parent.node!.children.filter { $0.choice == child.node!.choice && $0 !== child.node }
            let added = instance(of: other[random.int(0...other.count - 1)], depth: 12)
            parent.children.insert(added, at: index + 1)
            return Fault(kind: kind, pointer: added.node!.pointer, expectedCode: .tooMany)
        }
    }

    /// The most characters a value of `rule` may have, when the rule limits them.
    private static func maximumLength(_ rule: ValueRule) -> Int? {
        switch rule.shape {
        case .text(_, let max): max
        case .xsd(let type): type.builtin.hasLength && type.enumeration == nil ? type.maxLength : nil
        default: nil
        }
    }

    /// The most decimals a value of `rule` may have, for numbers.
    private static func fractionDigits(_ rule: ValueRule) -> Int? {
        switch rule.shape {
        case .decimal(_, let fraction): fraction
        case .xsd(let type): type.builtin.isNumeric ? type.fractionDigits : nil
        default: nil
        }
    }

    /// True when both nodes are alternatives of one choice (swapping them is no order fault).
    private static func sameChoice(_ a: CompiledNode?, _ b: CompiledNode?) -> Bool {
        a?.choice != nil && a?.choice == b?.choice
    }

    // MARK: - Writing

    /// The tree of `instance`: each element in its own namespace (content that fills a wildcard
    /// in the one it was given, undescribed content in its parent's).
    private func tree(of instance: Instance, inherited: String) -> MarkupElement {
        let namespace = instance.namespace ?? instance.node.map { $0.namespace ?? package.namespace } ?? inherited
        return MarkupElement(
            name: instance.tag, namespace: namespace,
            attributes: instance.attributes.map { MarkupElement.Attribute(name: $0.0, value: $0.1) },
            text: instance.value ?? "", children: instance.children.map { tree(of: $0, inherited: namespace) })
    }
}
