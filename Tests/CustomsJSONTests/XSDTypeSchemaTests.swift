import CustomsModel
import CustomsValidation
import Foundation
import PeerTools
import Testing

@testable import CustomsJSON

/// The JSON Schema written for imported XSD value types, checked value by value against the
/// validator: for each type, hand-picked edge cases and a few hundred seeded mutants of them,
/// our check (`ValueRule(xsd:)`) and Python's `jsonschema` on the exported schema must agree.
@Suite struct XSDTypeSchemaTests {
    struct Case: Sendable, CustomStringConvertible {
        let type: XSDValueType
        let seeds: [String]
        var description: String { type.summary }
    }

    static func type(
        _ builtin: XSDValueType.Builtin, _ change: (inout XSDValueType) -> Void = { _ in }
    )
        -> XSDValueType
    {
        var type = XSDValueType(builtin: builtin)
        change(&type)
        return type
    }

    static let dates = [
        "2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29", "12000-02-29", "10100-02-29", "-0004-02-29",
        "0000-02-29", "2024-13-01", "2024-04-31", "2024-04-30Z", "2024-01-01+14:00", "2024-01-01+14:01",
        "2024-01-01-13:59", "24-01-01", "2024-1-01", "2024-12-31+05:30",
    ]
    static let times = ["00:00:00", "23:59:59.999", "24:00:00", "24:00:00.000", "24:00:00.1", "12:60:00", "7:00:00"]

    static let cases = [
        Case(type: type(.date), seeds: dates),
        Case(
            type: type(.dateTime),
            seeds: dates.map { $0.prefix(10) + "T" + "12:30:00" } + [
                "2024-02-29T24:00:00Z", "2024-02-29T12:00:00.5-03:00",
            ]),
        Case(type: type(.time), seeds: times + times.map { $0 + "Z" }),
        Case(type: type(.boolean), seeds: ["true", "false", "1", "0", "TRUE", "yes", "01"]),
        Case(type: type(.integer) { $0.totalDigits = 5 }, seeds: ["12345", "-000012345", "+0", "123456", "1.0", "-"]),
        Case(type: type(.decimal), seeds: ["0", "-.5", "5.", ".", "+1.25", "1e5", "12345678901234567890.123456789"]),
        Case(type: type(.decimal) { $0.fractionDigits = 2 }, seeds: ["1.25", "1.250000", "1.255", "123456789.1"]),
        Case(
            type: type(.decimal) {
                $0.totalDigits = 16
                $0.fractionDigits = 3
            }, seeds: ["1234567890123.456", "12345678901234.56", "0.001", "00001234567890123456", "1.2345"]),
        Case(
            type: type(.integer) {
                $0.minInclusive = "1"
                $0.maxExclusive = "1000"
            }, seeds: ["1", "0", "999", "1000", "+0999", "-1", "500", "0001", "99", "10"]),
        Case(type: type(.int), seeds: ["2147483647", "2147483648", "-2147483648", "-2147483649", "0", "-0", "+7"]),
        Case(type: type(.unsignedLong), seeds: ["18446744073709551615", "18446744073709551616", "0", "-1", "-0"]),
        Case(type: type(.byte), seeds: ["127", "128", "-128", "-129", "00127", "-00099", "19", "-90"]),
        Case(type: type(.negativeInteger), seeds: ["-1", "0", "-0", "1", "-1000", "-0001"]),
        Case(type: type(.nonPositiveInteger) { $0.minExclusive = "-300" }, seeds: ["0", "-299", "-300", "-301", "5"]),
        Case(type: type(.decimal) { $0.minInclusive = "0" }, seeds: ["0", "-0.0", "-0.001", "12.5", "-3", "+.5"]),
        Case(type: type(.decimal) { $0.minExclusive = "0" }, seeds: ["0", "0.001", "-0.001", "+0.0", "7."]),
        Case(type: type(.decimal) { $0.maxInclusive = "0" }, seeds: ["0", "-0.5", "0.5", "+1", "-.0"]),
        Case(type: type(.language), seeds: ["en", "en-GB", "x-klingon", "abcdefghi", "en-", "12", "de-1996"]),
        Case(
            type: type(.token) {
                $0.minLength = 2
                $0.maxLength = 4
            }, seeds: ["ab", "abcd", "a", "abcde", "äöü", "äöüßx"]),
    ]

    @Test(arguments: cases)
    func schemaAgreesWithTheValidator(_ testCase: Case) throws {
        try #require(PythonJSONSchema.isAvailable, "python3 has no jsonschema module: pip install jsonschema")
        let rule = ValueRule(xsd: testCase.type)
        let schema = try JSONSchemaExporter.Writer.valueSchema(rule, at: "/Value")
        var values = testCase.seeds
        var random = SeededRandom(seed: 7)
        let alphabet = Array("0123456789-+.:TZ ae")
        for _ in 0..<300 {
            var characters = Array(testCase.seeds[Int(random.next() % UInt64(testCase.seeds.count))])
            let position = Int(random.next() % UInt64(characters.count + 1))
            let character = alphabet[Int(random.next() % UInt64(alphabet.count))]
            switch random.next() % 3 {
            case 0 where position < characters.count: characters[position] = character
            case 1 where position < characters.count: characters.remove(at: position)
            default: characters.insert(character, at: position)
            }
            values.append(String(characters))
        }
        // The validator sees values after whitespace processing; the schema as written (a
        // documented difference): compare on values that processing leaves alone.
        values = values.filter { !$0.hasPrefix(" ") && !$0.hasSuffix(" ") && !$0.contains("  ") }
        let theirs = try Self.verdicts(schema: schema.text, values: values)
        #expect(theirs.count == values.count)
        var disagreements: [String] = []
        var valid = 0
        for (value, verdict) in zip(values, theirs) {
            let ours = rule.check(Array(value.utf8)) == nil
            if ours { valid += 1 }
            if ours != verdict { disagreements.append("\"\(value)\": customs \(ours), jsonschema \(verdict)") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count): \(disagreements.prefix(8).joined(separator: "; "))")
        #expect(valid > 0 && valid < values.count, "\(valid) of \(values.count) valid: both verdicts must occur")
    }

    /// `jsonschema`'s verdict on each value against `schema`, in one Python process.
    static func verdicts(schema: String, values: [String]) throws -> [Bool] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("customs-xsdtype-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let schemaFile = folder.appendingPathComponent("schema.json")
        let valuesFile = folder.appendingPathComponent("values.json")
        try schema.write(to: schemaFile, atomically: true, encoding: .utf8)
        try JSONValue.array(values.map { .string($0) }).text.write(to: valuesFile, atomically: true, encoding: .utf8)
        let script = """
            import json, sys
            from jsonschema import Draft202012Validator
            validator = Draft202012Validator(json.load(open(sys.argv[1], encoding="utf-8")))
            for value in json.load(open(sys.argv[2], encoding="utf-8")):
                print("valid" if validator.is_valid(value) else "invalid")
            """
        let (status, output) = try PythonJSONSchema.run(["-c", script, schemaFile.path, valuesFile.path])
        try #require(status == 0, "python3 failed: \(output.suffix(400))")
        return output.split(separator: "\n").map { $0 == "valid" }
    }
}
