import CustomsModel
import Testing

@Suite("WCO formats")
struct FormatTests {
    @Test(
        "reads the WCO notation",
        arguments: [
            ("an..35", Format.Characters.alphanumeric, 1, 35, nil as Int?),
            ("n..16,3", .numeric, 1, 16, 3),
            ("a2", .alphabetic, 2, 2, nil),
            ("n1", .numeric, 1, 1, nil),
            ("an..17,3", .alphanumeric, 1, 17, 3),
            (" an3 ", .alphanumeric, 3, 3, nil),
        ])
    func parses(text: String, characters: Format.Characters, min: Int, max: Int, fraction: Int?) throws {
        let format = try Format.parse(text)
        #expect(format.characters == characters)
        #expect(format.minLength == min)
        #expect(format.maxLength == max)
        #expect(format.fractionDigits == fraction)
    }

    @Test("writes back what it read", arguments: ["an..35", "n..16,3", "a2", "n1", "an..512", "n..12,5"])
    func roundTrips(text: String) throws {
        #expect(try Format.parse(text).description == text)
    }

    @Test(
        "rejects what is not WCO notation",
        arguments: ["", "x..3", "an..", "an..0", "n..3,3", "a..5,2", "an..-4", "n..16,x", "an35x"])
    func rejects(text: String) {
        #expect(throws: Format.ParseError.self) { try Format.parse(text) }
    }

    @Test("a profile may tighten a format but not loosen it")
    func tightening() throws {
        let base = try Format.parse("an..35")
        #expect(try Format.parse("an..22").isWithin(base))
        #expect(try Format.parse("a2").isWithin(base))
        #expect(try !Format.parse("an..40").isWithin(base))
        #expect(try Format.parse("n..16,2").isWithin(Format.parse("n..16,3")))
        #expect(try !Format.parse("n..16,3").isWithin(Format.parse("n..16,2")))
        #expect(try !Format.parse("an2").isWithin(Format.parse("a2")))
        #expect(try !Format.parse("n..5,2").isWithin(Format.parse("n..5")))
    }
}

@Suite("Cardinalities")
struct CardinalityTests {
    @Test("reads min..max, a single count and unbounded forms")
    func parses() throws {
        #expect(try Cardinality.parse("0..1") == .optional)
        #expect(try Cardinality.parse("1") == .required)
        #expect(try Cardinality.parse("0..n") == Cardinality(min: 0, max: nil))
        #expect(try Cardinality.parse("1..*") == Cardinality(min: 1, max: nil))
        #expect(try Cardinality.parse("1..999").max == 999)
        #expect(try Cardinality.parse("0..n").description == "0..n")
    }

    @Test("rejects min greater than max and malformed text")
    func rejects() {
        #expect(throws: Cardinality.ParseError.minGreaterThanMax(min: 3, max: 1)) { try Cardinality.parse("3..1") }
        for text in ["", "a..b", "1..2..3", "-1..2", "0..0", "..1"] {
            #expect(throws: Cardinality.ParseError.self, "\(text)") { try Cardinality.parse(text) }
        }
    }

    @Test("tightening")
    func tightening() throws {
        let base = Cardinality(min: 0, max: nil)
        #expect(Cardinality(min: 1, max: 99).isWithin(base))
        #expect(!Cardinality(min: 0, max: nil).isWithin(Cardinality(min: 0, max: 999)))
        #expect(!Cardinality.optional.isWithin(.required))
    }
}

@Suite("XSD value types, described")
struct XSDValueTypeSummaryTests {
    @Test("the summary names base, lengths, digits, bounds, codes and patterns")
    func summary() throws {
        var code = XSDValueType(builtin: .token)
        code.maxLength = 2
        code.enumeration = ["9", "13"]
        code.patterns = [try XSDPattern("[0-9]+")]
        #expect(code.summary == "token 0..2 {9,13} /[0-9]+/")
        var mass = XSDValueType(builtin: .decimal)
        mass.totalDigits = 16
        mass.fractionDigits = 6
        mass.minExclusive = "0"
        #expect(mass.summary == "decimal 16,6 >0")
        var count = XSDValueType(builtin: .positiveInteger)
        count.totalDigits = 3
        #expect(count.summary == "positiveInteger 3")
        var fixed = XSDValueType(builtin: .string)
        fixed.minLength = 2
        fixed.maxLength = 2
        #expect(fixed.summary == "string =2")
    }
}
