import CustomsJSON
import CustomsModel
import CustomsValidation
import Foundation
import Testing

/// The JSON binding as the reader applies it: the same constraints as XML, `json-type` where
/// the JSON does not follow the binding, JSON Pointers, several messages per file.
@Suite struct JSONReaderTests {
    static func codes(_ json: String) -> [String] {
        JSONFixtures.validate(json).flatMap(\.diagnostics).map(\.code.rawValue)
    }

    @Test func validMessageHasNoFindings() {
        let json = JSONFixtures.declaration(
            ##""InvoiceAmount": {"@currencyID": "EUR", "#text": "12.50"}, "IssueDateTime": {"#text": "20261123", "@formatCode": "102"}, "AdditionalDocument": [{"ID": "a"}, {"ID": "b"}]"##
        )
        let results = JSONFixtures.validate(json)
        #expect(results.count == 1)
        #expect(results[0].diagnostics == [])
    }

    @Test(arguments: [
        (##""GoodsItemQuantity": 2"##, "json-type", "/Declaration/GoodsItemQuantity"),
        (##""GoodsItemQuantity": ["2"]"##, "json-type", "/Declaration/GoodsItemQuantity/0"),
        (##""InvoiceAmount": "12.50""##, "json-type", "/Declaration/InvoiceAmount"),
        (##""GoodsShipment": "x""##, "json-type", "/Declaration/GoodsShipment"),
        (##""AdditionalDocument": {"ID": "a"}"##, "json-type", "/Declaration/AdditionalDocument"),
        (##""TypeCode": {"#text": "IM"}"##, "json-type", "/Declaration/TypeCode"),
        (
            ##""InvoiceAmount": {"@currencyID": "XXX", "#text": "1"}"##, "attribute-code",
            "/Declaration/InvoiceAmount/@currencyID"
        ),
        (##""InvoiceAmount": {"@currency": "EUR", "#text": "1"}"##, "unknown-attribute", "/Declaration/InvoiceAmount"),
        (##""IssueDateTime": {"#text": "20260230", "@formatCode": "102"}"##, "datetime", "/Declaration/IssueDateTime"),
        (##""TypeCode": "ZZ""##, "code-not-in-list", "/Declaration/TypeCode"),
        (
            ##""FunctionalReferenceID": "0123456789012345678901234567890123456789""##, "length",
            "/Declaration/FunctionalReferenceID"
        ),
        (##""Bogus": [{"a": 1}, {"b": 2}]"##, "unknown-element", "/Declaration/Bogus/0"),
        (
            ##""GoodsShipment": {"GovernmentAgencyGoodsItem": [{"SequenceNumeric": "1"}, {"Commodity": {}}]}"##,
            "missing-element", "/Declaration/GoodsShipment/GovernmentAgencyGoodsItem/1"
        ),
        (##""GoodsShipment": {"#text": "x"}"##, "text-not-allowed", "/Declaration/GoodsShipment"),
    ])
    func bindingFindings(members: String, code: String, pointer: String) {
        let diagnostics = JSONFixtures.validate(JSONFixtures.declaration(members)).flatMap(\.diagnostics)
        let codes = diagnostics.map(\.code.rawValue)
        let pointers = diagnostics.map { $0.jsonPointer ?? "none" }
        #expect(codes == [code], "\(members)")
        #expect(pointers == [pointer], "\(members)")
    }

    @Test func nullIsATypeFinding() {
        let diagnostics = JSONFixtures.validate(JSONFixtures.declaration(##""GoodsItemQuantity": null"##))[0]
            .diagnostics
        #expect(diagnostics.first?.code == .jsonType)
        #expect(diagnostics.first?.message.contains("null") == true)
    }

    @Test func orderIsNotCheckedInJSON() {
        // TypeCode comes after FunctionCode in the package: written first, it is fine in JSON.
        let json = ##"{"Declaration": {"TypeCode": "IM", "FunctionCode": "9"}}"##
        #expect(Self.codes(json) == [])
        // Missing required members are still found, at the object that lacks them.
        let missing = JSONFixtures.validate(##"{"Declaration": {"TypeCode": "IM"}}"##)[0].diagnostics
        #expect(missing.map(\.code) == [.missingElement])
        #expect(missing.first?.jsonPointer == "/Declaration")
        #expect(missing.first?.line == 1)
    }

    @Test func wrongRoots() {
        #expect(Self.codes(##"{"Response": {}}"##) == ["wrong-root"])
        #expect(Self.codes(##""Declaration""##) == ["wrong-root"])
        #expect(Self.codes(##"{}"##) == ["wrong-root"])
        #expect(Self.codes(##"{"Declaration": {"FunctionCode": "9"}, "Declaration2": {}}"##) == ["wrong-root"])
    }

    @Test func arrayOfMessagesGivesOneResultEach() {
        let good = JSONFixtures.declaration("")
        let bad = JSONFixtures.declaration(##""TypeCode": "ZZ""##)
        let results = JSONFixtures.validate("[\(good), \(bad), 5, \(good)]")
        #expect(results.map(\.label) == ["[0]", "[1]", "[2]", "[3]"])
        #expect(results.map(\.isValid) == [true, false, false, true])
    }

    @Test func ndjsonGoesOnAfterABrokenLine() {
        let good = JSONFixtures.declaration("")
        let text = [good, ##"{"Declaration": {"FunctionCode": "9""##, "{\"Declaration\": oops}", "", good].joined(
            separator: "\n")
        for chunk in [1, 5, 1 << 20] {
            let results = JSONFixtures.validate(text, layout: .lines, chunk: chunk)
            #expect(results.map(\.label) == ["line 1", "line 2", "line 3", "line 5"], "chunk \(chunk)")
            #expect(results.map(\.isValid) == [true, false, false, true], "chunk \(chunk)")
            #expect(results[1].diagnostics.first?.code == .notWellFormed)
            #expect(results[2].diagnostics.first?.line == 3)
        }
    }

    @Test func chunkedInputGivesTheSameFindings() {
        let json = JSONFixtures.declaration(
            ##""InvoiceAmount": {"@currencyID": "XXX", "#text": "1.2345"}, "TypeCode": "ZZ", "GoodsItemQuantity": 7, "Bogus": {"x": ["\u00e9"]}"##
        )
        let whole = JSONFixtures.validate(json)
        #expect(whole[0].diagnostics.count == 5)
        for chunk in [1, 2, 3, 17] {
            #expect(JSONFixtures.validate(json, chunk: chunk).map(\.diagnostics) == whole.map(\.diagnostics))
        }
    }

    @Test func findingsCarryLineAndColumn() {
        let json = "{\"Declaration\": {\n  \"FunctionCode\": \"9\",\n  \"TypeCode\": \"ZZ\"\n}}"
        let finding = JSONFixtures.validate(json)[0].diagnostics.first
        #expect(finding?.line == 3)
        #expect(finding?.column == 15)
        #expect(finding?.wcoID == "D013")
    }

    @Test func duplicateMembersAreRefusedOnTheFastPathToo() {
        // Plain members go to the session whole (`plainValueChild`); a repeated name still stops
        // the message at the repeat, in a started object and in an array item's first member.
        for (json, column) in [
            (##"{"Declaration": {"FunctionCode": "9", "TypeCode": "IM", "TypeCode": "EX"}}"##, 57),
            (##"{"Declaration": {"FunctionCode": "9", "AdditionalDocument": [{"ID": "a", "ID": "b"}]}}"##, 74),
        ] {
            let diagnostics = JSONFixtures.validate(json)[0].diagnostics
            #expect(diagnostics.map(\.code) == [.notWellFormed], "\(json)")
            #expect(diagnostics.first?.message.hasPrefix("duplicate member name") == true, "\(json)")
            #expect(diagnostics.first?.column == column, "\(json)")
        }
    }

    @Test func plainValuesThatNeedPreparingAreCheckedAsUsual() {
        // A code's white space is collapsed before the check, so " IM " is IM; a value checked
        // where it lies must come to the same verdict as one copied and prepared.
        #expect(Self.codes(JSONFixtures.declaration(##""TypeCode": " IM ""##)) == [])
        #expect(Self.codes(JSONFixtures.declaration(##""TypeCode": " ZZ ""##)) == ["code-not-in-list"])
        let finding = JSONFixtures.validate(JSONFixtures.declaration(##""TypeCode": "ZZ""##))[0].diagnostics.first
        #expect(finding?.jsonPointer == "/Declaration/TypeCode")
        #expect(finding?.instancePath == "/Declaration/TypeCode")
        #expect(finding?.column == 51)
    }

    @Test func regressionsReadTheSameInPieces() throws {
        // Every fuzz regression, as a document and as NDJSON, whole and in pieces of 1 to 13
        // bytes: the same findings, pointers, lines and columns.
        let folder = JSONFixtures.projectRoot.appendingPathComponent(
            "Tests/CustomsJSONTests/Fixtures/json-fuzz-regressions")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasSuffix(".md") }
        #expect(!files.isEmpty)
        func read(_ bytes: [UInt8], _ layout: JSONReader.Layout, piece: Int) -> [[Diagnostic]] {
            let reader = JSONReader(layout: layout)
            reader.begin(with: ValidationSession(package: JSONFixtures.declaration))
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + piece)
                bytes[offset..<end].withUnsafeBytes { reader.feed($0) }
                offset = end
            }
            return reader.finish().map(\.diagnostics)
        }
        for file in files.sorted() {
            let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(file)))
            for layout in [JSONReader.Layout.document, .lines] {
                let whole = read(bytes, layout, piece: bytes.count)
                for piece in 1...13 {
                    #expect(read(bytes, layout, piece: piece) == whole, "\(file) \(layout) in pieces of \(piece)")
                }
            }
        }
    }

    @Test func pointersNameThePlaceAsWritten() {
        // A repeating element written without its array: the pointer is where it is.
        let json = JSONFixtures.declaration(##""AdditionalDocument": {"ID": "a", "TypeCode": 5}"##)
        let pointers = JSONFixtures.validate(json)[0].diagnostics.map { $0.jsonPointer ?? "none" }
        #expect(pointers == ["/Declaration/AdditionalDocument", "/Declaration/AdditionalDocument/TypeCode"])
        // Syntax errors point where the reader was; a missing root at the whole document.
        let broken = JSONFixtures.validate(##"{"Declaration": {"GoodsShipment": {"Consignee": [1, }}}"##)
        #expect(broken[0].diagnostics.last?.jsonPointer == "/Declaration/GoodsShipment/Consignee/1")
        #expect(JSONFixtures.validate("{}")[0].diagnostics.first?.jsonPointer == "")
        #expect(JSONPointer.escape("a/b~c") == "a~1b~0c")
    }
}
