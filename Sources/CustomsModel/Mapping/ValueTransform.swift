/// How a value changes on its way between a national field and a DM element. Each transform
/// runs forward (national to DM) and, where it is reversible, back.
public enum ValueTransform: Hashable, Sendable, CustomStringConvertible {
    /// National codes translated by the mapping's code table of this name.
    case code(table: String)
    /// A national date (or date and time) in this layout, written in the DM as UN/EDIFACT 2379
    /// format 102 (`CCYYMMDD`) or 304 (`CCYYMMDDHHMMSSZZZ`, UTC) with its `formatCode`.
    case date(DateLayout)
    /// The DM value is the national one times a power of ten (`scale:0.001`: grams to kg).
    case scale(exponent: Int)
    /// A decimal comma in national values, a decimal point in the DM.
    case decimalComma
    /// One way only: to the DM, this value (where the row's field is present, or once without
    /// a field); to national records, this value in the row's field wherever its DM element is.
    case constant(String)
    /// The national value, or this one when the field is absent.
    case defaultValue(String)
    /// Several national fields joined with this separator into one DM value (`join:space` is a
    /// space). Split back, the fields after the first take one part each, counted from the end,
    /// and the first the rest; so only the first field may hold the separator.
    case join(separator: String)
    /// The DM element takes characters `from` through `through` (1-based; to the end when nil)
    /// of the national value (`chars:1-1` for a document's category letter, `chars:2-` for the
    /// rest). Mapped back, the rows of one field put their pieces together in table order.
    case chars(from: Int, through: Int?)

    /// Whether the transform can run back (DM to national) without inventing data.
    public var isReversible: Bool {
        if case .constant = self { false } else { true }
    }

    /// The form a mapping table writes: `code:xa-transport`, `date:DD/MM/YYYY`, `scale:0.001`,
    /// `decimal-comma`, `constant:EUR`, `default:1`, `join: `.
    public var description: String {
        switch self {
        case .code(let table): "code:\(table)"
        case .date(let layout): "date:\(layout.text)"
        case .scale(let exponent): "scale:\(Self.powerOfTen(exponent))"
        case .decimalComma: "decimal-comma"
        case .constant(let value): "constant:\(value)"
        case .defaultValue(let value): "default:\(value)"
        case .join(let separator): "join:\(separator == " " ? "space" : separator)"
        case .chars(let from, let through): "chars:\(from)-\(through.map(String.init) ?? "")"
        }
    }

    /// `1000` for 3, `0.001` for -3.
    static func powerOfTen(_ exponent: Int) -> String {
        exponent >= 0
            ? "1" + String(repeating: "0", count: exponent) : "0." + String(repeating: "0", count: -exponent - 1) + "1"
    }

    /// Why a transform could not be read.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        /// What is wrong.
        public let description: String
    }

    /// The names a transform may start with, for "did you mean".
    public static let names = ["code", "date", "scale", "decimal-comma", "constant", "default", "join", "chars"]

    /// Reads one transform as a mapping table writes it.
    public static func parse(_ text: String) throws(ParseError) -> ValueTransform {
        let name = String(text.prefix { $0 != ":" })
        let argument = text.count > name.count ? String(text.dropFirst(name.count + 1)) : nil
        func needArgument() throws(ParseError) -> String {
            guard let argument, !argument.isEmpty else {
                throw ParseError(description: "'\(name)' needs an argument: \(name):…")
            }
            return argument
        }
        switch name {
        case "code": return .code(table: try needArgument())
        case "date":
            let layoutText = try needArgument()
            guard let layout = DateLayout(layoutText) else {
                throw ParseError(
                    description:
                        "date layout '\(layoutText)' needs YYYY, MM and DD (and optionally hh, mm, ss), each once")
            }
            return .date(layout)
        case "scale":
            let factor = try needArgument()
            guard let exponent = Self.exponent(ofPowerOfTen: factor) else {
                throw ParseError(description: "scale '\(factor)' is not a power of ten (1000, 0.001, …)")
            }
            return .scale(exponent: exponent)
        case "decimal-comma":
            guard argument == nil else { throw ParseError(description: "decimal-comma takes no argument") }
            return .decimalComma
        case "constant": return .constant(try needArgument())
        case "default": return .defaultValue(try needArgument())
        case "join":
            let separator = try needArgument()
            return .join(separator: separator == "space" ? " " : separator)
        case "chars":
            let range = try needArgument()
            let bounds = range.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            guard bounds.count == 2, let from = Int(bounds[0]), from >= 1 else {
                throw ParseError(description: "chars '\(range)' is not a range of positions: chars:1-3, chars:4-")
            }
            if bounds[1].isEmpty { return .chars(from: from, through: nil) }
            guard let through = Int(bounds[1]), through >= from else {
                throw ParseError(description: "chars '\(range)' ends before it starts")
            }
            return .chars(from: from, through: through)
        default:
            let suggestion = Suggestions.closest(to: name, among: names).map { " (did you mean '\($0)'?)" } ?? ""
            throw ParseError(description: "unknown transform '\(name)'\(suggestion)")
        }
    }

    /// 3 for `1000`, -3 for `0.001`, 0 for `1`; nil for anything that is not a power of ten.
    static func exponent(ofPowerOfTen text: String) -> Int? {
        if text.hasPrefix("0.") {
            let digits = text.dropFirst(2)
            guard digits.last == "1", digits.dropLast().allSatisfy({ $0 == "0" }) else { return nil }
            return -digits.count
        }
        guard text.first == "1", text.dropFirst().allSatisfy({ $0 == "0" }) else { return nil }
        return text.count - 1
    }
}

/// A date layout of a national field: `YYYY`, `MM`, `DD`, and optionally `hh`, `mm`, `ss`, with
/// any other characters taken literally (`DD/MM/YYYY`, `YYYY-MM-DDThh:mm:ss`).
public struct DateLayout: Hashable, Sendable {
    /// One piece of the layout.
    public enum Piece: Hashable, Sendable {
        /// A field of this many digits: `Y`, `M`, `D`, `h`, `m`, `s`.
        case field(String, Int)
        /// Characters written as they are.
        case literal(String)
    }

    /// The layout as written.
    public let text: String
    /// Its pieces, in order.
    public let pieces: [Piece]

    /// Reads a layout; nil unless year, month and day are each there once.
    public init?(_ text: String) {
        var pieces: [Piece] = []
        var rest = Substring(text)
        let tokens: [(String, String)] = [
            ("YYYY", "Y"), ("MM", "M"), ("DD", "D"), ("hh", "h"), ("mm", "m"), ("ss", "s"),
        ]
        while !rest.isEmpty {
            if let (token, field) = tokens.first(where: { rest.hasPrefix($0.0) }) {
                pieces.append(.field(field, token.count))
                rest = rest.dropFirst(token.count)
            } else {
                let character = rest.removeFirst()
                if case .literal(let text) = pieces.last {
                    pieces[pieces.count - 1] = .literal(text + String(character))
                } else {
                    pieces.append(.literal(String(character)))
                }
            }
        }
        let fields = pieces.compactMap { if case .field(let name, _) = $0 { name } else { nil } }
        guard ["Y", "M", "D"].allSatisfy({ name in fields.count { $0 == name } == 1 }),
            Set(fields).count == fields.count
        else { return nil }
        self.text = text
        self.pieces = pieces
    }

    /// Whether the layout holds a time of day.
    public var hasTime: Bool { pieces.contains { if case .field("h", _) = $0 { true } else { false } } }
}
