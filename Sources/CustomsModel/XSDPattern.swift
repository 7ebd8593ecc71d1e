/// An XSD regular expression (the `pattern` facet), for the subset that data models use:
/// literals, `.`, escapes (`\d \D \s \S \w \W`, `\n \r \t`, escaped metacharacters), character
/// classes with ranges and negation (`[A-Z0-9]`, `[^a-z]`), groups, alternation, and the
/// quantifiers `? * + {n} {n,} {n,m}`. As in XSD, a pattern matches the whole value (there are
/// no anchors: `^` and `$` are ordinary characters).
///
/// Matching runs a Thompson NFA over Unicode scalars: linear in the value's length, whatever the
/// pattern, so a pattern in a definition file can never make validation hang.
///
/// Not supported (parse error, named): `\i \c \I \C`, `\p{…}`/`\P{…}`, class subtraction `-[…]`.
///
/// ```swift
/// let lrn = try XSDPattern("[A-Z]{2}[0-9]{2}[A-Z0-9]{1,18}")
/// lrn.matches("XA26ABC123")   // true
/// ```
public struct XSDPattern: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The pattern as written.
    public let source: String
    let root: Node
    let program: [Instruction]

    /// Why a pattern cannot be used.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        /// The pattern.
        public let pattern: String
        /// What is wrong, and where.
        public let reason: String
        public var description: String { "pattern '\(pattern)': \(reason)" }
    }

    indirect enum Node: Sendable, Hashable {
        case set(CharacterSet)
        case sequence([Node])
        case alternation([Node])
        case repeated(Node, min: Int, max: Int?)
    }

    /// A set of scalars: ranges, or a named class, possibly negated.
    struct CharacterSet: Sendable, Hashable {
        var ranges: [ClosedRange<UInt32>] = []
        var classes: [NamedClass] = []
        var negated = false

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            let inside = ranges.contains { $0.contains(scalar.value) } || classes.contains { $0.contains(scalar) }
            return inside != negated
        }
    }

    enum NamedClass: Sendable, Hashable {
        case digit, notDigit, space, notSpace, word, notWord, any

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            switch self {
            case .digit: return scalar.properties.generalCategory == .decimalNumber
            case .notDigit: return scalar.properties.generalCategory != .decimalNumber
            case .space: return [0x20, 0x09, 0x0A, 0x0D].contains(scalar.value)
            case .notSpace: return ![0x20, 0x09, 0x0A, 0x0D].contains(scalar.value)
            case .word: return !Self.isPunctuationSeparatorOrOther(scalar)
            case .notWord: return Self.isPunctuationSeparatorOrOther(scalar)
            case .any: return scalar.value != 0x0A && scalar.value != 0x0D
            }
        }

        /// XSD's `\w` is every character but punctuation (P), separators (Z) and others (C).
        static func isPunctuationSeparatorOrOther(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.properties.generalCategory {
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
                .finalPunctuation, .otherPunctuation, .spaceSeparator, .lineSeparator, .paragraphSeparator, .control,
                .format, .surrogate, .privateUse, .unassigned:
                return true
            default:
                return false
            }
        }
    }

    /// Parses `source`.
    public init(_ source: String) throws(ParseError) {
        var parser = Parser(scalars: Array(source.unicodeScalars), source: source)
        let root = try parser.parseAlternation()
        if parser.position < parser.scalars.count {
            throw ParseError(pattern: source, reason: "unbalanced ')' at position \(parser.position + 1)")
        }
        self.source = source
        self.root = root
        var compiler = NFACompiler()
        compiler.emit(root)
        compiler.program.append(.match)
        self.program = compiler.program
    }

    public var description: String { source }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try XSDPattern(text) } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(source)
    }

    public static func == (lhs: XSDPattern, rhs: XSDPattern) -> Bool { lhs.source == rhs.source }
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }

    // MARK: - Matching (Thompson NFA)

    enum Instruction: Sendable {
        case set(CharacterSet)
        case split(Int, Int)
        case jump(Int)
        case match
    }

    struct NFACompiler {
        var program: [Instruction] = []

        mutating func emit(_ node: Node) {
            switch node {
            case .set(let set):
                program.append(.set(set))
            case .sequence(let nodes):
                for node in nodes { emit(node) }
            case .alternation(let branches):
                var jumps: [Int] = []
                for (index, branch) in branches.enumerated() {
                    if index < branches.count - 1 {
                        let split = program.count
                        program.append(.split(0, 0))
                        emit(branch)
                        jumps.append(program.count)
                        program.append(.jump(0))
                        program[split] = .split(split + 1, program.count)
                    } else {
                        emit(branch)
                    }
                }
                for jump in jumps { program[jump] = .jump(program.count) }
            case .repeated(let inner, let min, let max):
                for _ in 0..<min { emit(inner) }
                if let max {
                    var splits: [Int] = []
                    for _ in min..<max {
                        splits.append(program.count)
                        program.append(.split(0, 0))
                        emit(inner)
                    }
                    for split in splits { program[split] = .split(split + 1, program.count) }
                } else {
                    let split = program.count
                    program.append(.split(0, 0))
                    emit(inner)
                    program.append(.jump(split))
                    program[split] = .split(split + 1, program.count)
                }
            }
        }
    }

    /// True when the whole of `value` matches.
    public func matches(_ value: String) -> Bool {
        var current: [Int] = []
        var next: [Int] = []
        var onList = [Int](repeating: -1, count: program.count)
        var generation = 0
        func add(_ pc: Int, to list: inout [Int]) {
            guard onList[pc] != generation else { return }
            onList[pc] = generation
            switch program[pc] {
            case .jump(let target): add(target, to: &list)
            case .split(let first, let second):
                add(first, to: &list)
                add(second, to: &list)
            default: list.append(pc)
            }
        }
        add(0, to: &current)
        for scalar in value.unicodeScalars {
            generation += 1
            next.removeAll(keepingCapacity: true)
            for pc in current {
                if case .set(let set) = program[pc], set.contains(scalar) { add(pc + 1, to: &next) }
            }
            swap(&current, &next)
            if current.isEmpty { return false }
        }
        return current.contains { if case .match = program[$0] { true } else { false } }
    }
}

// MARK: - Parsing

extension XSDPattern {
    /// The largest count in `{n,m}`: the NFA expands counted repetition.
    static let maximumCount = 1000

    struct Parser {
        let scalars: [Unicode.Scalar]
        let source: String
        var position = 0

        init(scalars: [Unicode.Scalar], source: String) {
            self.scalars = scalars
            self.source = source
        }

        func fail(_ reason: String) -> ParseError {
            ParseError(pattern: source, reason: reason + " at position \(min(position, scalars.count) + 1)")
        }

        var peek: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

        mutating func parseAlternation() throws(ParseError) -> Node {
            var branches = [try parseSequence()]
            while peek == "|" {
                position += 1
                branches.append(try parseSequence())
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        mutating func parseSequence() throws(ParseError) -> Node {
            var pieces: [Node] = []
            while let scalar = peek, scalar != "|", scalar != ")" {
                var atom = try parseAtom()
                if let (min, max) = try parseQuantifier() { atom = .repeated(atom, min: min, max: max) }
                pieces.append(atom)
            }
            return pieces.count == 1 ? pieces[0] : .sequence(pieces)
        }

        mutating func parseQuantifier() throws(ParseError) -> (Int, Int?)? {
            switch peek {
            case "?": position += 1; return (0, 1)
            case "*": position += 1; return (0, nil)
            case "+": position += 1; return (1, nil)
            case "{":
                position += 1
                let min = try parseNumber()
                var max: Int? = min
                if peek == "," {
                    position += 1
                    max = peek == "}" ? nil : try parseNumber()
                }
                guard peek == "}" else { throw fail("expected '}'") }
                position += 1
                if let max, max < min { throw fail("{\(min),\(max)}: the minimum is greater than the maximum") }
                if min > XSDPattern.maximumCount || (max ?? 0) > XSDPattern.maximumCount {
                    throw fail("counts above \(XSDPattern.maximumCount) are not supported")
                }
                return (min, max)
            default:
                return nil
            }
        }

        mutating func parseNumber() throws(ParseError) -> Int {
            var digits = ""
            while let scalar = peek, ("0"..."9").contains(scalar) {
                digits.unicodeScalars.append(scalar)
                position += 1
            }
            guard let number = Int(digits) else { throw fail("expected a number") }
            return number
        }

        mutating func parseAtom() throws(ParseError) -> Node {
            guard let scalar = peek else { throw fail("unexpected end") }
            switch scalar {
            case "(":
                position += 1
                let inner = try parseAlternation()
                guard peek == ")" else { throw fail("expected ')'") }
                position += 1
                return inner
            case "[":
                return .set(try parseClass())
            case ".":
                position += 1
                return .set(CharacterSet(classes: [.any]))
            case "\\":
                return .set(try parseEscape())
            case "?", "*", "+", "{", "}", "]":
                throw fail("'\(scalar)' must be escaped")
            default:
                position += 1
                return .set(CharacterSet(ranges: [scalar.value...scalar.value]))
            }
        }

        mutating func parseEscape() throws(ParseError) -> CharacterSet {
            position += 1  // the backslash
            guard let scalar = peek else { throw fail("a pattern cannot end with '\\'") }
            position += 1
            let single: (Unicode.Scalar) -> CharacterSet = { CharacterSet(ranges: [$0.value...$0.value]) }
            switch scalar {
            case "d": return CharacterSet(classes: [.digit])
            case "D": return CharacterSet(classes: [.notDigit])
            case "s": return CharacterSet(classes: [.space])
            case "S": return CharacterSet(classes: [.notSpace])
            case "w": return CharacterSet(classes: [.word])
            case "W": return CharacterSet(classes: [.notWord])
            case "n": return single("\n")
            case "r": return single("\r")
            case "t": return single("\t")
            case "\\", "|", ".", "-", "^", "?", "*", "+", "{", "}", "(", ")", "[", "]": return single(scalar)
            case "i", "I", "c", "C", "p", "P":
                throw fail("'\\\(scalar)' is not supported")
            default:
                throw fail("unknown escape '\\\(scalar)'")
            }
        }

        mutating func parseClass() throws(ParseError) -> CharacterSet {
            position += 1  // [
            var set = CharacterSet()
            if peek == "^" {
                set.negated = true
                position += 1
            }
            var first = true
            while let scalar = peek, scalar != "]" || first {
                first = false
                if scalar == "-" && position + 1 < scalars.count && scalars[position + 1] == "[" {
                    throw fail("class subtraction '-[…]' is not supported")
                }
                var low: Unicode.Scalar
                if scalar == "\\" {
                    let escaped = try parseEscape()
                    if escaped.ranges.count == 1, escaped.classes.isEmpty, let range = escaped.ranges.first,
                        range.lowerBound == range.upperBound
                    {
                        low = Unicode.Scalar(range.lowerBound)!
                    } else {
                        set.classes += escaped.classes
                        continue
                    }
                } else if scalar == "[" {
                    throw fail("'[' inside a class must be escaped")
                } else {
                    low = scalar
                    position += 1
                }
                if peek == "-", position + 1 < scalars.count, scalars[position + 1] != "]" {
                    position += 1
                    guard var high = peek else { throw fail("unfinished range") }
                    if high == "\\" {
                        let escaped = try parseEscape()
                        guard let range = escaped.ranges.first, range.lowerBound == range.upperBound else {
                            throw fail("a range must end with a single character")
                        }
                        high = Unicode.Scalar(range.lowerBound)!
                    } else {
                        position += 1
                    }
                    guard low.value <= high.value else { throw fail("range \(low)-\(high) is reversed") }
                    set.ranges.append(low.value...high.value)
                } else {
                    set.ranges.append(low.value...low.value)
                }
            }
            guard peek == "]" else { throw fail("unclosed '['") }
            position += 1
            return set
        }
    }

    // MARK: - Generating

    /// A value that matches, drawn with `random` (for generated test messages); counts above
    /// `cap` repetitions are kept at the minimum or `cap`.
    public func sample(
        using random: inout some RandomNumberGenerator, cap: Int = 8, cache: SampleCache? = nil
    ) -> String {
        var result = String.UnicodeScalarView()
        func emit(_ node: Node) {
            switch node {
            case .set(let set):
                result.append(Self.pick(from: set, using: &random, cache: cache))
            case .sequence(let nodes):
                for node in nodes { emit(node) }
            case .alternation(let branches):
                emit(branches[Int.random(in: 0..<branches.count, using: &random)])
            case .repeated(let inner, let min, let max):
                let upper = Swift.max(min, Swift.min(max ?? (min + cap), min + cap))
                for _ in 0..<Int.random(in: min...upper, using: &random) { emit(inner) }
            }
        }
        emit(root)
        return String(result)
    }

    /// A scalar in the set: printable ASCII first (readable test data), whitespace next, then the
    /// set's own ranges.
    /// The printable ASCII members of each character set sampled so far, so that a generator
    /// sampling the same patterns for thousands of values tests each set's members once.
    public final class SampleCache {
        var members: [CharacterSet: [Unicode.Scalar]] = [:]

        /// An empty cache.
        public init() {}
    }

    static func pick(
        from set: CharacterSet, using random: inout some RandomNumberGenerator, cache: SampleCache? = nil
    ) -> Unicode.Scalar {
        if let known = cache?.members[set], !known.isEmpty {
            return known[Int.random(in: 0..<known.count, using: &random)]
        }
        for pool in [Array(0x21...0x7E), [0x20, 0x09, 0x0A, 0x0D]] {
            let candidates = pool.compactMap { Unicode.Scalar(UInt32($0)) }.filter(set.contains)
            if !candidates.isEmpty {
                cache?.members[set] = candidates
                return candidates[Int.random(in: 0..<candidates.count, using: &random)]
            }
        }
        for range in set.ranges {
            for value in range.prefix(64) {
                if let scalar = Unicode.Scalar(value), set.contains(scalar) { return scalar }
            }
        }
        return (0xA1...0xFFFF).lazy.compactMap(Unicode.Scalar.init).first(where: set.contains) ?? "x"
    }
}

// MARK: - Matching bytes (the validation hot path)

extension XSDPattern {
    /// A matcher for the validation hot path: the NFA turned into a DFA over ASCII bytes when
    /// the pattern is compiled (a table lookup per byte, no allocation), falling back to the NFA
    /// for a value's non-ASCII rest and for patterns whose DFA would be too large. Immutable
    /// once built, so one matcher serves every thread.
    public final class Matcher: Sendable {
        /// The most DFA states built for one pattern; larger patterns use the NFA only.
        static let maximumStates = 2048
        private let pattern: XSDPattern
        /// `table[state * 128 + byte]`: the next state, or -1 when nothing can match.
        private let table: [Int32]
        /// Whether each state accepts (a value may end there).
        private let accepting: [Bool]
        /// Each state's NFA threads, for continuing in the NFA at a non-ASCII scalar.
        private let threads: [[Int]]
        /// False when the DFA grew past `maximumStates`.
        private let hasTable: Bool

        init(_ pattern: XSDPattern) {
            self.pattern = pattern
            var states: [[Int]] = [pattern.closure(of: [0])]
            var index: [[Int]: Int32] = [states[0]: 0]
            var table: [Int32] = []
            var cursor = 0
            var complete = true
            while cursor < states.count {
                if states.count > Self.maximumStates {
                    complete = false
                    break
                }
                for byte in 0..<128 {
                    let next = pattern.step(states[cursor], Unicode.Scalar(UInt8(byte)))
                    if next.isEmpty {
                        table.append(-1)
                    } else if let known = index[next] {
                        table.append(known)
                    } else {
                        index[next] = Int32(states.count)
                        table.append(Int32(states.count))
                        states.append(next)
                    }
                }
                cursor += 1
            }
            hasTable = complete
            self.table = complete ? table : []
            self.threads = states
            self.accepting = states.map { pattern.accepts($0) }
        }

        /// True when the whole of `value` (UTF-8) matches.
        public func matches(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
            guard hasTable else { return pattern.matches(String(decoding: value, as: UTF8.self)) }
            var state = 0
            var index = 0
            while index < value.count {
                let byte = value[index]
                if byte >= 0x80 {
                    let rest = UnsafeBufferPointer(rebasing: value[index...])
                    return pattern.matches(String(decoding: rest, as: UTF8.self), from: threads[state])
                }
                let next = table[state &* 128 &+ Int(byte)]
                if next < 0 { return false }
                state = Int(next)
                index += 1
            }
            return accepting[state]
        }
    }

    /// A matcher for this pattern (build once, at compile time).
    public func makeMatcher() -> Matcher { Matcher(self) }

    /// The threads reachable from `pcs` without consuming input, sorted: one DFA state.
    func closure(of pcs: [Int]) -> [Int] {
        var seen = Set<Int>()
        var result: [Int] = []
        func add(_ pc: Int) {
            guard seen.insert(pc).inserted else { return }
            switch program[pc] {
            case .jump(let target): add(target)
            case .split(let first, let second):
                add(first)
                add(second)
            default: result.append(pc)
            }
        }
        for pc in pcs { add(pc) }
        return result.sorted()
    }

    /// The state after reading `scalar` in state `threads`.
    func step(_ threads: [Int], _ scalar: Unicode.Scalar) -> [Int] {
        var next: [Int] = []
        for pc in threads {
            if case .set(let set) = program[pc], set.contains(scalar) { next.append(pc + 1) }
        }
        return next.isEmpty ? [] : closure(of: next)
    }

    /// True when one of `threads` is the final match.
    func accepts(_ threads: [Int]) -> Bool {
        threads.contains { if case .match = program[$0] { true } else { false } }
    }

    /// True when `rest` matches, starting from the NFA state `threads`.
    func matches(_ rest: String, from threads: [Int]) -> Bool {
        var state = threads
        for scalar in rest.unicodeScalars {
            state = step(state, scalar)
            if state.isEmpty { return false }
        }
        return accepts(state)
    }
}
