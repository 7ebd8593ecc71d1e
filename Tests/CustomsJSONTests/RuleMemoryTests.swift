import CustomsJSON
import CustomsModel
import CustomsValidation
import CustomsXML
import Foundation
import Testing

/// What the business rules keep of one message stays the same whatever its number of goods
/// items: totals over the items are running values (`RuleAccumulator`), and a rule that
/// compares each item with a value given once is decided as the item ends. Checked on the
/// declaration package with all its rules, in XML and JSON, with 100 and with 10,000 goods
/// items, and the rules still find what they should at that size.
@Suite struct RuleMemoryTests {
    static let catalog = JSONFixtures.loaded.catalog
    static let package = try! Compiler.compile(
        catalog.package("wco-declaration")!, codeLists: catalog.codeLists, rules: catalog.rules["wco-declaration"]!)

    /// A declaration with `items` goods items, each read by several rules; `declared` is its
    /// total number of items, `grossTotal` its total gross mass (each item's is 8).
    static func declaration(items: Int, declared: Int, grossTotal: Int) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Declaration xmlns="urn:wco:datamodel:WCO:DEC-DMS:2">
              <FunctionCode>9</FunctionCode>
              <FunctionalReferenceID>LRN-MEMORY</FunctionalReferenceID>
              <TypeCode>IM</TypeCode>
              <GoodsItemQuantity>\(declared)</GoodsItemQuantity>
              <InvoiceAmount currencyID="EUR">1000</InvoiceAmount>
              <TotalGrossMassMeasure unitCode="KGM">\(grossTotal)</TotalGrossMassMeasure>
              <TotalPackageQuantity>99999999</TotalPackageQuantity>
              <GoodsShipment>
                <Consignee><Name>Importer</Name></Consignee>

            """
        for item in 1...items {
            xml += """
                    <GovernmentAgencyGoodsItem>
                      <CustomsValueAmount currencyID="EUR">100</CustomsValueAmount>
                      <SequenceNumeric>\(item)</SequenceNumeric>
                      <StatisticalValueAmount currencyID="EUR">100</StatisticalValueAmount>
                      <Commodity>
                        <Description>Shavers</Description>
                        <GoodsMeasure>
                          <GrossMassMeasure unitCode="KGM">8</GrossMassMeasure>
                          <NetNetWeightMeasure unitCode="KGM">7.5</NetNetWeightMeasure>
                        </GoodsMeasure>
                      </Commodity>
                      <Packaging><SequenceNumeric>1</SequenceNumeric><QuantityQuantity>2</QuantityQuantity></Packaging>
                    </GovernmentAgencyGoodsItem>

                """
        }
        return xml + "  </GoodsShipment>\n</Declaration>\n"
    }

    /// The rule findings and the most rule records held, for XML and for JSON.
    static func run(_ xml: String) -> (xml: [String], json: [String], records: [Int]) {
        let xmlSession = ValidationSession(package: package, maxFindings: 100_000)
        let fromXML = SecureXMLReader().validate(bytes: Array(xml.utf8), with: xmlSession).diagnostics
        let json = JSONFixtures.json(xml, package)
        let reader = JSONReader()
        let jsonSession = ValidationSession(package: package, maxFindings: 100_000)
        reader.begin(with: jsonSession)
        Array(json.utf8).withUnsafeBytes { reader.feed($0) }
        let fromJSON = reader.finish()
        return (
            fromXML.compactMap(\.ruleID), fromJSON.flatMap(\.diagnostics).compactMap(\.ruleID),
            [xmlSession.mostRuleRecords, jsonSession.mostRuleRecords]
        )
    }

    @Test("10,000 goods items: the rules hold as many records as for 100, and still find what is wrong")
    func flatOnTenThousandItems() throws {
        let small = Self.run(Self.declaration(items: 100, declared: 100, grossTotal: 800))
        let large = Self.run(Self.declaration(items: 10_000, declared: 10_000, grossTotal: 80_000))
        #expect(small.xml.isEmpty && small.json.isEmpty, "\(small.xml)")
        #expect(large.xml.isEmpty && large.json.isEmpty, "\(large.xml.prefix(5))")
        #expect(
            large.records == small.records, "records held: \(small.records) for 100 items, \(large.records) for 10,000")
        #expect(large.records.allSatisfy { $0 > 0 && $0 < 40 })
        // The same message with a wrong total and a total mass too small: the running values
        // still see every item.
        let wrong = Self.run(Self.declaration(items: 10_000, declared: 9_999, grossTotal: 79_999))
        #expect(wrong.xml.filter { $0 == "DEC-R003" }.count == 1)
        #expect(wrong.xml.filter { $0 == "DEC-R005" }.count == 1)
        #expect(wrong.xml.filter { $0 == "DEC-R004" }.count == 1, "item 10,000 is above the declared 9,999")
        #expect(wrong.json.sorted() == wrong.xml.sorted())
        #expect(wrong.records == large.records)
    }
}
