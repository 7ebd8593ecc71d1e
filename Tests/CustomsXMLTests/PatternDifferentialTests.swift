import CustomsModel
import Testing

/// Our XSD pattern engine against libxml2's, on the same patterns and values.
@Suite("Patterns: customs against libxml2")
struct PatternDifferentialTests {
    static let cases: [(String, [String])] = [
        (
            "[A-Z]{2}[0-9]{2}[A-Z0-9\\-]{1,18}",
            ["XA26ABC-123", "XA26", "xa26ABC", "XA26" + String(repeating: "Z", count: 19)]
        ),
        (
            "XAP[0-9]{6,10}(/[0-9]{1,3})?",
            ["XAP123456", "XAP1234567890/12", "XAP12345", "XAP123456/", "XAP123456/1234"]
        ),
        ("(ab|cd)+x?", ["ab", "abcdx", "x", "abx x", ""]),
        ("\\d+\\.\\d{2}", ["12.50", "12,50", ".50", "1.5"]),
        ("[^0-9 ]*", ["abc", "ab1", "a b", ""]),
        ("\\w+", ["Café", "a b", "a-b", "a+b", "a_b"]),
        ("\\s?\\S+", [" x", "x", "  x", "x y"]),
        ("^a$", ["^a$", "a"]),
        (".{2,3}", ["ab", "abcd", "a\nb"]),
        ("[\\-+]?[0-9]{1,3}", ["-12", "+1", "1234", "--1"]),
        (".*[^\\s].*", ["x", " ", "", "  é ", "\t\n", "ab cd"]),
        ("[a-zé]{2}[0-9]", ["éa1", "ab1", "aé", "Ab1"]),
        ("((a|b){3}c){5}", ["abacbbbcaaacbabcaaac", "abac"]),
    ]

    @Test("same verdict for every pattern and value")
    func sameVerdicts() throws {
        for (source, values) in Self.cases {
            let pattern = try XSDPattern(source)
            let xsd = """
                <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="v"><xs:simpleType>\
                <xs:restriction base="xs:string"><xs:pattern value="\(XMLEscaping.escape(source))"/></xs:restriction>\
                </xs:simpleType></xs:element></xs:schema>
                """
            let reference = try #require(ReferenceSchema(xsd: xsd), "libxml2 refused \(source)")
            for value in values {
                let theirs = reference.isValid("<v>\(XMLEscaping.escape(value))</v>")
                #expect(
                    pattern.matches(value) == theirs, "\(source) on \(value.debugDescription): libxml2 says \(theirs)")
                // The validator's byte matcher (DFA over ASCII, NFA past the first non-ASCII
                // byte) must agree too.
                let bytes = Array(value.utf8)
                let matcher = pattern.makeMatcher()
                let viaBytes = bytes.withUnsafeBufferPointer { matcher.matches($0) }
                #expect(viaBytes == theirs, "byte matcher: \(source) on \(value.debugDescription)")
            }
        }
    }
}
