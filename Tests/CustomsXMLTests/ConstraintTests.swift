import CustomsModel
import CustomsValidation
import CustomsXML
import Testing

/// One test per constraint, through the real reader.
@Suite("Constraints, end to end through libxml2")
struct ConstraintTests {
    static func codes(_ body: String) -> [Diagnostic.Code] {
        Fixtures.validate(Fixtures.declaration(body)).diagnostics.map(\.code)
    }

    @Test("a minimal declaration is valid")
    func minimal() { #expect(Self.codes("") == []) }

    @Test("cardinality: missing required and too many")
    func cardinality() {
        let missing = Fixtures.validate("<Declaration xmlns=\"\(Fixtures.namespace)\"/>")
        #expect(missing.diagnostics.map(\.code) == [.missingElement])
        #expect(missing.diagnostics.first?.pointer == "42A/017")
        #expect(missing.diagnostics.first?.wcoID == "017")
        #expect(
            Self.codes(
                "<FunctionalReferenceID>A</FunctionalReferenceID><FunctionalReferenceID>B</FunctionalReferenceID>") == [
                    .tooMany
                ])
    }

    @Test("order follows the package's sequence")
    func order() {
        let result = Fixtures.validate(
            "<Declaration xmlns=\"\(Fixtures.namespace)\"><TypeCode>IM</TypeCode><FunctionCode>9</FunctionCode></Declaration>"
        )
        // FunctionCode is required: passing its place is where it is missing, reported once.
        #expect(result.diagnostics.map(\.code) == [.missingElement])
        #expect(
            result.diagnostics.first?.message
                == "Declaration needs <FunctionCode> (017 Message function, coded) before <TypeCode>, found 0")
        #expect(result.diagnostics.first?.line == 1)
        // An optional element out of place is out of order.
        #expect(Self.codes("<GoodsItemQuantity>1</GoodsItemQuantity><TypeCode>IM</TypeCode>") == [.outOfOrder])
    }

    @Test("an unknown element is reported once and its subtree skipped")
    func unknownElement() {
        let result = Fixtures.validate(Fixtures.declaration("<Foo><Bar><Baz>1</Baz></Bar><Bar/></Foo>"))
        #expect(result.diagnostics.map(\.code) == [.unknownElement])
        #expect(result.diagnostics.first?.instancePath == "/Declaration/Foo")
    }

    @Test("elements must be in the package's namespace")
    func namespaces() {
        #expect(Self.codes("<x:TypeCode xmlns:x=\"urn:other\">IM</x:TypeCode>") == [.unknownElement])
        let wrongRoot = Fixtures.validate("<Declaration><FunctionCode>9</FunctionCode></Declaration>")
        #expect(wrongRoot.diagnostics.map(\.code) == [.wrongRoot])
    }

    @Test("attributes: unknown, missing required, code, and xsi:* allowed")
    func attributes() {
        #expect(Self.codes("<InvoiceAmount currencyId=\"EUR\">1</InvoiceAmount>") == [.unknownAttribute])
        #expect(Self.codes("<IssueDateTime>20260101</IssueDateTime>") == [.missingAttribute])
        #expect(Self.codes("<InvoiceAmount currencyID=\"EURO\">1</InvoiceAmount>") == [.attributeCode])
        let xsi =
            "<IssueDateTime xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"x\" formatCode=\"102\">20260101</IssueDateTime>"
        #expect(Self.codes(xsi) == [])
    }

    @Test("formats: length, characters, decimals")
    func formats() {
        #expect(
            Self.codes("<FunctionalReferenceID>\(String(repeating: "x", count: 36))</FunctionalReferenceID>") == [
                .length
            ])
        #expect(Self.codes("<FunctionalReferenceID>\(String(repeating: "é", count: 35))</FunctionalReferenceID>") == [])
        #expect(Self.codes("<GoodsItemQuantity>12a</GoodsItemQuantity>") == [.decimal])
        #expect(Self.codes("<InvoiceAmount>1.2345</InvoiceAmount>") == [.decimal])
        #expect(Self.codes("<TotalGrossMassMeasure>1.123456</TotalGrossMassMeasure>") == [])
    }

    @Test("code lists, including a profile's narrower subset")
    func codeLists() {
        #expect(Self.codes("<TypeCode>IM</TypeCode>") == [])
        #expect(Self.codes("<TypeCode>XX</TypeCode>") == [.codeNotInList])
        let xa = Fixtures.compiled("xa-import")
        let declaration = "<Declaration xmlns=\"\(Fixtures.namespace)\"><FunctionCode>1</FunctionCode></Declaration>"
        let findings = Fixtures.validate(declaration, package: xa).diagnostics
        #expect(findings.contains { $0.code == .codeNotInList && $0.nationalName == "Message function" })
    }

    @Test("dates are checked against the layout of their own format code")
    func dates() {
        #expect(Self.codes("<IssueDateTime formatCode=\"102\">20240229</IssueDateTime>") == [])
        #expect(Self.codes("<IssueDateTime formatCode=\"102\">20230229</IssueDateTime>") == [.dateTime])
        #expect(Self.codes("<IssueDateTime formatCode=\"304\">20240229</IssueDateTime>") == [.dateTime])
        #expect(Self.codes("<IssueDateTime formatCode=\"304\">20240229101500Z</IssueDateTime>") == [])
    }

    @Test("text is not allowed in a class; elements not allowed in a value")
    func content() {
        #expect(Self.codes("<GoodsShipment>text</GoodsShipment>") == [.textNotAllowed])
        #expect(Self.codes("<FunctionalReferenceID>a<b/></FunctionalReferenceID>") == [.unknownElement])
    }

    @Test("instance paths carry 1-based positions of repeating elements")
    func paths() {
        let body = """
            <GoodsShipment><GovernmentAgencyGoodsItem><SequenceNumeric>1</SequenceNumeric></GovernmentAgencyGoodsItem>\
            <GovernmentAgencyGoodsItem><SequenceNumeric>x</SequenceNumeric></GovernmentAgencyGoodsItem></GoodsShipment>
            """
        let finding = Fixtures.validate(Fixtures.declaration(body)).diagnostics.first
        #expect(finding?.instancePath == "/Declaration/GoodsShipment/GovernmentAgencyGoodsItem[2]/SequenceNumeric")
        #expect(finding?.pointer == "42A/67A/68A/006")
        #expect(finding?.value == "x")
    }

    @Test("--max-errors caps what is kept, not what is counted")
    func cap() {
        let body = String(repeating: "<FunctionalReferenceID>A</FunctionalReferenceID>", count: 50)
        let result = SecureXMLReaderHelper.validate(Fixtures.declaration(body), maxFindings: 5)
        #expect(result.diagnostics.count == 6)
        #expect(result.diagnostics.last?.code == .tooManyFindings)
        #expect(result.findingCount == 49)
    }
}

enum SecureXMLReaderHelper {
    static func validate(_ xml: String, maxFindings: Int) -> CustomsXML.SecureXMLReader.Result {
        CustomsXML.SecureXMLReader().validate(
            bytes: Array(xml.utf8), with: ValidationSession(package: Fixtures.declaration, maxFindings: maxFindings))
    }
}
