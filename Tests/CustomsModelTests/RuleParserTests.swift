import CustomsModel
import Foundation
import Testing

/// The business-rule language as the parser reads it: XPath 1.0's precedence, paths with
/// `..` and `@`, our functions; every error names the token where reading stopped.
@Suite struct RuleParserTests {
    static func parse(_ text: String) throws -> RuleExpression {
        do throws(RuleSyntaxError) { return try RuleParser.parse(text) } catch { throw error }
    }

    static func error(_ text: String) -> RuleSyntaxError? {
        do throws(RuleSyntaxError) {
            _ = try RuleParser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func precedenceFollowsXPath() throws {
        // a or b and c = 1 + 2 * 3  reads as  a or (b and (c = (1 + (2 * 3))))
        guard
            case .binary(.or, .path(let a), .binary(.and, .path, .binary(.equal, .path, let sum))) = try Self.parse(
                "a or b and c = 1 + 2 * 3")
        else {
            Issue.record("wrong shape")
            return
        }
        #expect(a.description == "a")
        guard case .binary(.plus, .number(1, _), .binary(.times, .number(2, _), .number(3, _))) = sum else {
            Issue.record("wrong arithmetic: \(sum)")
            return
        }
    }

    @Test func pathsAndFunctions() throws {
        let expression = try Self.parse(
            "sum(../GovernmentAgencyGoodsItem/Commodity/GoodsMeasure/GrossMassMeasure) <= /Declaration/TotalGrossMassMeasure"
        )
        #expect(
            expression.paths.map(\.description) == [
                "../GovernmentAgencyGoodsItem/Commodity/GoodsMeasure/GrossMassMeasure",
                "/Declaration/TotalGrossMassMeasure",
            ])
        #expect(expression.paths.map(\.offset) == [4, 77])
        let attribute = try Self.parse("InvoiceAmount/@currencyID = 'EUR'")
        #expect(attribute.paths.first?.steps.last == .attribute("currencyID"))
        // A '-' inside a name belongs to it, as in XPath; with spaces it subtracts.
        guard case .call(.stringLength, _, _) = try Self.parse("string-length(ID)") else {
            Issue.record("string-length")
            return
        }
        guard case .binary(.minus, .path, .path) = try Self.parse("a - b") else {
            Issue.record("a - b")
            return
        }
        guard case .binary(.equal, .path, .number(let tenth, _)) = try Self.parse("x = 0.1") else {
            Issue.record("decimal")
            return
        }
        #expect(tenth == RuleDecimal(parsing: "0.1"))
    }

    @Test(arguments: [
        ("count(a) = ", 11, "end of the expression", nil),
        ("sum(a b)", 6, "b", nil),
        ("strlen(ID) = 3", 0, "strlen", nil as String?),
        ("string-lenght(ID) = 3", 0, "string-lenght", "string-length"),
        ("a = 'open", 4, "'open", nil),
        ("a < b < c", 6, "<", nil),
        ("count(a, b)", 10, ")", nil),
        ("a/@b/c", 4, "/", nil),
        ("a # b", 2, "#", nil),
    ])
    func errorsNameTheToken(text: String, offset: Int, token: String, suggestion: String?) {
        let error = Self.error(text)
        #expect(error?.offset == offset, "\(text): \(error.map { "\($0)" } ?? "no error")")
        #expect(error?.token == token, "\(text)")
        #expect(error?.suggestion == suggestion, "\(text)")
    }
}

/// The rules' exact decimals: what customs amounts need, and NaN (nil) where XPath would give
/// infinity or the digits would not fit.
@Suite struct RuleDecimalTests {
    static func number(_ text: String) -> RuleDecimal { RuleDecimal(parsing: text)! }

    @Test func arithmeticIsExact() {
        #expect((Self.number("0.1") + Self.number("0.2")) == Self.number("0.3"))
        #expect((Self.number("10") / Self.number("4")) == Self.number("2.5"))
        #expect((Self.number("1") / Self.number("3"))?.description == "0.333333333333333333")
        #expect((Self.number("7") % Self.number("3")) == 1)
        #expect((Self.number("-7") % Self.number("3")) == -1)
        #expect(
            (Self.number("9999999999999999.999999") * Self.number("1000"))?.description == "9999999999999999999.999")
        #expect(Self.number("1") / 0 == nil)
        #expect(Self.number("12.50").description == "12.5")
        #expect(Self.number("-0.05").description == "-0.05")
        #expect(Self.number("2.50") == Self.number("2.5"))
        #expect(Self.number("2.49") < Self.number("2.5"))
        #expect(Self.number("-3") < Self.number("-2.999"))
    }

    @Test(arguments: ["", "-", ".", "1.2.3", "1e5", "+1", " 1", "12a", String(repeating: "9", count: 39)])
    func notNumbers(text: String) {
        #expect(RuleDecimal(parsing: text) == nil, "\(text)")
    }

    @Test func overflowIsNaN() {
        let big = Self.number(String(repeating: "9", count: 38))
        #expect(big + big == nil)
        #expect(big * big == nil)
    }
}
