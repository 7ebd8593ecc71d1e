import CustomsMapping
import CustomsModel
import CustomsValidation

/// Random national records for a mapping, built from its table alone: every field that maps
/// to the DM and back gets a value of its national format (a code of its table, a date in its
/// layout, a number its transform takes back unchanged), some are left out, and every group
/// has one to three positions. What the table cannot give back is left out by design: fields
/// without a DM equivalent, and the absence of a field with a default.
struct RecordGenerator {
    let mapping: Mapping
    var random: SeededRandom

    init(mapping: Mapping, seed: UInt64) {
        self.mapping = mapping
        random = SeededRandom(seed: seed)
    }

    /// The fields that run both ways, each with the row that maps it to the DM.
    private var roundTripRows: [MappingRule] {
        let back = Set(mapping.rules.filter { $0.direction.mapsToNational && $0.target != nil }.flatMap(\.fields))
        return mapping.rules.filter { rule in
            rule.direction.mapsToDM && rule.target?.isClass == false && !rule.fields.isEmpty
                && !rule.transforms.contains { if case .constant = $0 { true } else { false } }
                && rule.fields.allSatisfy(back.contains)
        }
    }

    mutating func next() -> NationalRecord {
        let record = NationalRecord()
        var counts: [[String]: Int] = [:]
        for rule in roundTripRows {
            let alwaysThere =
                rule.transforms.contains { if case .defaultValue = $0 { true } else { false } }
                || mapping.rules.contains { $0.condition?.field == rule.fields[0] }
            let present = alwaysThere || Int.random(in: 0..<4, using: &random) > 0
            for binding in bindings(rule.fields[0], counts: &counts) where present {
                var values = rule.fields.map { _ in value(for: rule) }
                if rule.fields.count > 1 { values = values.map { $0.replacingOccurrences(of: " ", with: "") } }
                for (field, value) in zip(rule.fields, values) {
                    record.setValue(value, at: field.binding(binding))
                }
                if let condition = rule.condition, case .equals(let wanted) = condition.test {
                    record.setValue(wanted, at: condition.field.binding(binding))
                }
            }
        }
        // A to-national constant (XB's idType) comes back wherever its DM element is filled: its
        // field is there exactly when a field mapped into that element is.
        for rule in mapping.rules where rule.direction == .toNational {
            guard case .constant(let constant)? = rule.transforms.first, let target = rule.target else { continue }
            let sources = mapping.rules.filter { $0.direction.mapsToDM && $0.target == target }.flatMap(\.fields)
            for source in sources where record.value(at: source) != nil {
                record.setValue(constant, at: rule.fields[0])
            }
        }
        return record
    }

    /// The positions a field gets: one to three per group, the same for every field of a group.
    private mutating func bindings(_ field: FieldPath, counts: inout [[String]: Int]) -> [[Int: Int]] {
        var bindings: [[Int: Int]] = [[:]]
        for (index, segment) in field.segments.enumerated() {
            guard case .placeholder(let number) = segment else { continue }
            let group = FieldPath(Array(field.segments[..<index]))
            var next: [[Int: Int]] = []
            for binding in bindings {
                let key = group.binding(binding).description.split(separator: ".").map(String.init)
                let count = counts[key] ?? Int.random(in: 1...3, using: &random)
                counts[key] = count
                for position in 1...count {
                    var extended = binding
                    extended[number] = position
                    next.append(extended)
                }
            }
            bindings = next
        }
        return bindings
    }

    private mutating func value(for rule: MappingRule) -> String {
        for transform in rule.transforms {
            switch transform {
            case .code(let name): return mapping.codeTables[name]!.pairs.randomElement(using: &random)!.national
            case .date(let layout):
                let parts = [
                    "Y": String(Int.random(in: 2000...2099, using: &random)),
                    "M": twoDigits(Int.random(in: 1...12, using: &random)),
                    "D": twoDigits(Int.random(in: 1...28, using: &random)),
                    "h": twoDigits(Int.random(in: 0...23, using: &random)),
                    "m": twoDigits(Int.random(in: 0...59, using: &random)),
                    "s": twoDigits(Int.random(in: 0...59, using: &random)),
                ]
                return layout.pieces.map {
                    switch $0 {
                    case .literal(let text): text
                    case .field(let name, _): parts[name]!
                    }
                }.joined()
            case .scale: return String(Int.random(in: 1...9_999_999, using: &random))
            case .decimalComma: return number(rule.nationalFormat, comma: true)
            default: continue
            }
        }
        guard let format = rule.nationalFormat else { return text(count: 8) }
        switch format.characters {
        case .numeric: return number(format, comma: false)
        case .alphabetic: return letters(count: Int.random(in: format.minLength...format.maxLength, using: &random))
        case .alphanumeric:
            return text(count: Int.random(in: format.minLength...min(format.maxLength, 40), using: &random))
        }
    }

    private func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    private mutating func number(_ format: Format?, comma: Bool) -> String {
        let digits = min(format?.maxLength ?? 8, 9)
        let fraction = format?.fractionDigits ?? 0
        let integerDigits = Int.random(in: 1...max(1, min(digits - fraction, 6)), using: &random)
        var text = String(Int.random(in: 1...9, using: &random))
        for _ in 1..<integerDigits { text += String(Int.random(in: 0...9, using: &random)) }
        if format?.isFixedLength == true && fraction == 0 {
            return String((text + String(repeating: "7", count: format!.maxLength)).prefix(format!.maxLength))
        }
        if fraction > 0 && Bool.random(using: &random) {
            text += comma ? "," : "."
            for _ in 0..<Int.random(in: 1...fraction, using: &random) {
                text += String(Int.random(in: 0...9, using: &random))
            }
        }
        return text
    }

    private mutating func letters(count: Int) -> String {
        String((0..<count).map { _ in "ABCDEFGHIJKLMNOPQRSTUVWXYZ".randomElement(using: &random)! })
    }

    /// Letters, digits and inner spaces (never at either end: a value is kept as written).
    private mutating func text(count: Int) -> String {
        var characters = (0..<count).map { _ in
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijk0123456789 -/".randomElement(using: &random)!
        }
        if characters.first == " " { characters[0] = "X" }
        if characters.last == " " { characters[characters.count - 1] = "Y" }
        return String(characters)
    }
}
