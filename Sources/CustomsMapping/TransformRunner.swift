import CustomsModel
import Foundation

/// Runs a row's transforms on one value, forward (national → DM) or back. A value that a
/// transform cannot take is a `Failure` naming why; the record's other fields still map.
struct TransformRunner {
    /// Why a value could not be transformed.
    struct Failure: Error {
        let message: String
        let suggestion: String?
    }

    /// What a forward run gives: the DM value, and the 2379 format code a date carries.
    struct Output {
        var value: String
        var formatCode: String?
    }

    let codeTables: [String: CodeTable]

    /// National values (one per field; nil where absent) to the DM value; nil when there is
    /// nothing to write.
    func forward(_ values: [String?], through transforms: [ValueTransform]) throws(Failure) -> Output? {
        var output: Output?
        if values.count > 1 {
            let present = values.compactMap { $0 }
            if !present.isEmpty { output = Output(value: "", formatCode: nil) }
        } else {
            output = values.first.flatMap { $0 }.map { Output(value: $0, formatCode: nil) }
        }
        for transform in transforms {
            switch transform {
            case .constant(let value): output = Output(value: value, formatCode: nil)
            case .defaultValue(let value): if output == nil { output = Output(value: value, formatCode: nil) }
            case .join(let separator):
                guard output != nil else { continue }
                if let bad = values.dropFirst().first(where: { $0?.contains(separator) == true }) {
                    throw Failure(
                        message: "'\(bad!)' holds the separator '\(separator)' and could not be split back: "
                            + "only the first joined field may", suggestion: nil)
                }
                let present = values.compactMap { $0 }.filter { !$0.isEmpty }
                if present.count < values.count, let first = values[0], first.contains(separator) {
                    throw Failure(
                        message: "'\(first)' holds the separator '\(separator)' while a later field is empty: "
                            + "it could not be split back", suggestion: nil)
                }
                output!.value = present.joined(separator: separator)
            case .chars(let from, let through):
                guard let current = output else { continue }
                let characters = Array(current.value)
                guard characters.count >= from else {
                    output = nil
                    continue
                }
                output!.value = String(characters[(from - 1)..<min(through ?? characters.count, characters.count)])
            case .code(let name):
                guard let current = output else { continue }
                let table = codeTables[name]!
                guard let code = table.dm(for: current.value) else {
                    throw Failure(
                        message: "'\(current.value)' is not in code table \(name)",
                        suggestion: Suggestions.closest(to: current.value, among: table.pairs.map(\.national)))
                }
                output!.value = code
            case .date(let layout):
                guard let current = output else { continue }
                guard let parts = DateCodec.read(current.value, layout: layout) else {
                    throw Failure(
                        message: "'\(current.value)' is not a date in the layout \(layout.text)", suggestion: nil)
                }
                output = Output(
                    value: DateCodec.dmValue(parts, withTime: layout.hasTime),
                    formatCode: layout.hasTime ? "304" : "102")
            case .scale(let exponent):
                guard let current = output else { continue }
                guard let scaled = DecimalText.shift(current.value, by: exponent) else {
                    throw Failure(message: "'\(current.value)' is not a decimal number", suggestion: nil)
                }
                output!.value = scaled
            case .decimalComma:
                guard let current = output else { continue }
                guard !current.value.contains(".") else {
                    throw Failure(
                        message: "'\(current.value)' has a decimal point where a decimal comma is expected",
                        suggestion: nil)
                }
                output!.value = Self.replacing(0x2C, with: 0x2E, in: current.value)
            }
        }
        return output
    }

    /// A DM value (with its 2379 format code, for dates) back to the national values, one per
    /// field of the row.
    func backward(
        _ value: String, formatCode: String?, through transforms: [ValueTransform], fieldCount: Int
    ) throws(Failure) -> [String] {
        var values = [value]
        for transform in transforms.reversed() {
            switch transform {
            case .constant(let constant): values = [constant]
            case .defaultValue: continue
            case .chars(let from, let through):
                // The piece stays as it is; RecordMapper puts the pieces of a field together.
                if let through, values[0].count != through - from + 1 {
                    throw Failure(
                        message: "'\(values[0])' has \(values[0].count) characters where characters \(from)-\(through) "
                            + "of the national field take \(through - from + 1)", suggestion: nil)
                }
            case .join(let separator):
                let parts = values[0].components(separatedBy: separator)
                if parts.count < fieldCount {
                    // Fewer parts than fields: the first fields take them, the rest stay empty.
                    values = parts + Array(repeating: "", count: fieldCount - parts.count)
                } else {
                    // The fields after the first take one part each, counted from the end; the
                    // first takes the rest (a street may hold spaces, the house number after it not).
                    let split = parts.count - (fieldCount - 1)
                    values = [parts[..<split].joined(separator: separator)] + parts[split...]
                }
            case .code(let name):
                guard let code = codeTables[name]!.national(for: values[0]) else {
                    throw Failure(
                        message: "DM code '\(values[0])' has no national code in table \(name)", suggestion: nil)
                }
                values[0] = code
            case .date(let layout):
                guard let parts = DateCodec.readDM(values[0], formatCode: formatCode) else {
                    throw Failure(
                        message: "'\(values[0])' is not a date of format code \(formatCode ?? "(none)")",
                        suggestion: nil)
                }
                if parts["h"] != nil && !layout.hasTime {
                    throw Failure(
                        message: "'\(values[0])' holds a time of day; the national layout \(layout.text) has none",
                        suggestion: nil)
                }
                if let zone = parts["zone"], zone != "Z" {
                    throw Failure(
                        message: "'\(values[0])' is in time zone \(zone); national times are UTC", suggestion: nil)
                }
                values[0] = DateCodec.write(parts, layout: layout)
            case .scale(let exponent):
                guard let scaled = DecimalText.shift(values[0], by: -exponent) else {
                    throw Failure(message: "'\(values[0])' is not a decimal number", suggestion: nil)
                }
                values[0] = scaled
            case .decimalComma:
                values[0] = Self.replacing(0x2E, with: 0x2C, in: values[0])
            }
        }
        return values
    }
}

extension TransformRunner {
    /// `text` with every `byte` (ASCII) replaced by `replacement`: Foundation's
    /// `replacingOccurrences` bridged through `NSString` and took a tenth of a record's mapping.
    static func replacing(_ byte: UInt8, with replacement: UInt8, in text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.contains(byte) else { return String(decoding: bytes, as: UTF8.self) }
            return String(decoding: bytes.map { $0 == byte ? replacement : $0 }, as: UTF8.self)
        }
    }
}

/// Decimal numbers as text, shifted by powers of ten without floating point: exactly, with
/// leading zeros of the integer and trailing zeros of the fraction dropped.
enum DecimalText {
    /// `value` × 10^`exponent`, or nil when `value` is not a decimal (`-12.50`, `.5`, `3`).
    static func shift(_ value: String, by exponent: Int) -> String? {
        var text = Substring(value)
        var sign = ""
        if text.first == "-" || text.first == "+" {
            sign = text.first == "-" ? "-" : ""
            text = text.dropFirst()
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !text.isEmpty, text != ".",
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return nil }
        var digits = Array(parts[0] + (parts.count == 2 ? parts[1] : ""))
        var point = parts[0].count + exponent
        if point < 0 {
            digits.insert(contentsOf: repeatElement("0", count: -point), at: 0)
            point = 0
        }
        if point > digits.count { digits.append(contentsOf: repeatElement("0", count: point - digits.count)) }
        var integer = String(digits[..<point]).drop { $0 == "0" }
        if integer.isEmpty { integer = "0" }
        // Trailing zeros of the fraction go: 892.63 kg is 892630 g and back 892.63, not 892.630.
        let fraction = String(String(digits[point...]).reversed().drop { $0 == "0" }.reversed())
        return sign + integer + (fraction.isEmpty ? "" : "." + fraction)
    }
}

/// Dates between national layouts and the DM's UN/EDIFACT 2379 forms 102 and 304.
enum DateCodec {
    /// Year, month, day, hour, minute, second.
    typealias Parts = [String: String]

    static func read(_ value: String, layout: DateLayout) -> Parts? {
        var parts: Parts = [:]
        var rest = Substring(value)
        for piece in layout.pieces {
            switch piece {
            case .literal(let text):
                guard rest.hasPrefix(text) else { return nil }
                rest = rest.dropFirst(text.count)
            case .field(let name, let width):
                let digits = rest.prefix(width)
                guard digits.count == width, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
                parts[name] = String(digits)
                rest = rest.dropFirst(width)
            }
        }
        guard rest.isEmpty, let month = Int(parts["M"]!), let day = Int(parts["D"]!), (1...12).contains(month),
            (1...31).contains(day)
        else { return nil }
        return parts
    }

    static func dmValue(_ parts: Parts, withTime: Bool) -> String {
        let date = parts["Y"]! + parts["M"]! + parts["D"]!
        guard withTime else { return date }
        return date + (parts["h"] ?? "00") + (parts["m"] ?? "00") + (parts["s"] ?? "00") + "Z"
    }

    /// A DM date of format 102 or 304 (the time zone is dropped: national layouts have none).
    static func readDM(_ value: String, formatCode: String?) -> Parts? {
        let digits = Array(value.prefix { $0.isASCII && $0.isNumber })
        switch formatCode {
        case "102" where digits.count == 8 && digits.count == value.count: break
        case "304" where digits.count == 14: break
        default: return nil
        }
        func take(_ range: Range<Int>) -> String { String(digits[range]) }
        var parts: Parts = ["Y": take(0..<4), "M": take(4..<6), "D": take(6..<8)]
        if digits.count == 14 {
            parts["h"] = take(8..<10)
            parts["m"] = take(10..<12)
            parts["s"] = take(12..<14)
            parts["zone"] = String(value.dropFirst(14))
        }
        return parts
    }

    static func write(_ parts: Parts, layout: DateLayout) -> String {
        layout.pieces.map {
            switch $0 {
            case .literal(let text): text
            case .field(let name, _): parts[name] ?? "00"
            }
        }.joined()
    }
}
