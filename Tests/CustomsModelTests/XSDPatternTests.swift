import CustomsModel
import Testing

@Suite("XSD patterns")
struct XSDPatternTests {
    @Test("whole-value matching over the supported subset")
    func matching() throws {
        let lrn = try XSDPattern("[A-Z]{2}[0-9]{2}[A-Z0-9\\-]{1,18}")
        #expect(lrn.matches("XA26ABC-123"))
        #expect(!lrn.matches("XA26"))
        #expect(!lrn.matches("xa26ABC"))
        #expect(!lrn.matches(" XA26ABC"))
        let permit = try XSDPattern("XAP[0-9]{6,10}(/[0-9]{1,3})?")
        #expect(permit.matches("XAP123456"))
        #expect(permit.matches("XAP1234567890/12"))
        #expect(!permit.matches("XAP12345"))
        #expect(!permit.matches("XAP123456/"))
        #expect(try XSDPattern("a|bc|").matches(""))
        #expect(try XSDPattern("(ab)+c*").matches("ababcc"))
        #expect(try XSDPattern("\\d+\\.\\d{2}").matches("12.50"))
        #expect(try !XSDPattern("\\d+\\.\\d{2}").matches("12,50"))
        #expect(try XSDPattern("[^0-9]*").matches("abc"))
        #expect(try XSDPattern("\\w+").matches("Café+1"))
        #expect(try !XSDPattern("\\w+").matches("a b"))
        #expect(try XSDPattern("^a$").matches("^a$"))  // no anchors in XSD
        #expect(try XSDPattern(".*").matches("any text"))
        #expect(try !XSDPattern(".").matches("\n"))
    }

    @Test("what the subset does not support is refused with a reason")
    func refused() {
        for pattern in [
            "\\p{L}", "\\i\\c*", "[a-z-[aeiou]]", "a{3,2}", "(ab", "ab)", "a**", "[z-a]", "a{2000}", "\\q", "[abc",
        ] {
            #expect(throws: XSDPattern.ParseError.self, "\(pattern)") { try XSDPattern(pattern) }
        }
    }

    @Test("a nested quantifier cannot make matching slow: the NFA is linear")
    func noBacktracking() throws {
        let pattern = try XSDPattern("(a*)*b")
        #expect(!pattern.matches(String(repeating: "a", count: 5000)))
    }

    @Test("samples match their pattern")
    func samples() throws {
        var random = SystemRandomNumberGenerator()
        for source in [
            "[A-Z]{2}[0-9]{2}[A-Z0-9\\-]{1,18}", "XAP[0-9]{6,10}(/[0-9]{1,3})?", "(ab|cd)+x?", "\\d{3}\\s\\w+",
        ] {
            let pattern = try XSDPattern(source)
            for _ in 0..<50 {
                let value = pattern.sample(using: &random)
                #expect(pattern.matches(value), "\(source) → \(value)")
            }
        }
    }
}

@Suite("XSD patterns: the byte matcher")
struct XSDPatternMatcherTests {
    @Test("agrees with the NFA on sampled and mutated values, DFA or not")
    func agrees() throws {
        var random = SystemRandomNumberGenerator()
        let sources = [
            "[A-Z]{2}[0-9]{2}[A-Z0-9]{1,18}", ".*[^\\s].*", "(ab|a)*b?", "[^x]{0,4}é?", "\\d{1,3}(\\.\\d{1,2})?",
            // a{0,1000}-style counts blow the DFA past its cap: the NFA serves instead.
            "(a|b)*a(a|b){12}",
        ]
        for source in sources {
            let pattern = try XSDPattern(source)
            let matcher = pattern.makeMatcher()
            for _ in 0..<300 {
                var value = pattern.sample(using: &random)
                if Bool.random(using: &random), !value.isEmpty {
                    var scalars = Array(value.unicodeScalars)
                    scalars[Int.random(in: 0..<scalars.count, using: &random)] = ["x", "é", " ", "9", "b"]
                        .randomElement()!
                    value = String(String.UnicodeScalarView(scalars))
                }
                let bytes = Array(value.utf8)
                let viaBytes = bytes.withUnsafeBufferPointer { matcher.matches($0) }
                #expect(viaBytes == pattern.matches(value), "\(source) on \(value.debugDescription)")
            }
        }
    }
}
