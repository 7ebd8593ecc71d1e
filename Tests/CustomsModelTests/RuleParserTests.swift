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
        #expect(tenth == Decimal(string: "0.1"))
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
