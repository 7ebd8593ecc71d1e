#!/usr/bin/env python3
"""Writes Samples/rules/<package>/: valid.xml, a message that holds every rule of the package
with each rule's condition applying; for every shipped business rule <rule>-invalid.xml, which
fails that rule and nothing else, and <rule>-valid.xml where the rule needs a message of its own
to apply and hold. Each is the package's base message with a few text edits, listed here beside
the rule; run from the repository's root, then check them with the tests
(RuleSampleTests) and `UPDATE_SNAPSHOTS=1 swift test` for the expected diagnostics."""
import os

DECLARATION = open("Samples/xml/wco-declaration/valid-import.xml", encoding="utf-8").read()

# The declaration package's samples start from valid-import.xml with a supporting document, a
# border transport means, a dispatch and destination country and a gross mass that the rules read.
DEC_BASE = DECLARATION.replace(
    "  <Declarant>",
    "  <AdditionalDocument>\n    <ID>CERT-2026-77</ID>\n    <TypeCode>861</TypeCode>\n  </AdditionalDocument>\n"
    "  <BorderTransportMeans>\n    <ID>IMO9321483</ID>\n    <ModeCode>1</ModeCode>\n  </BorderTransportMeans>\n"
    "  <Declarant>",
).replace(
    "    <GovernmentAgencyGoodsItem>\n      <CustomsValueAmount",
    "    <Destination>\n      <CountryCode>GB</CountryCode>\n    </Destination>\n"
    "    <ExportCountry>\n      <ID>CN</ID>\n    </ExportCountry>\n"
    "    <GovernmentAgencyGoodsItem>\n      <CustomsValueAmount",
    1,
).replace(
    "      <SequenceNumeric>2</SequenceNumeric>\n",
    "      <CustomsValueAmount currencyID=\"EUR\">5230.50</CustomsValueAmount>\n"
    "      <SequenceNumeric>2</SequenceNumeric>\n"
    "      <StatisticalValueAmount currencyID=\"EUR\">5000</StatisticalValueAmount>\n",
)

XA_BASE = """<?xml version="1.0" encoding="UTF-8"?>
<Declaration xmlns="urn:wco:datamodel:WCO:DEC-DMS:2">
  <FunctionCode>9</FunctionCode>
  <FunctionalReferenceID>XA26-000101</FunctionalReferenceID>
  <TypeCode>IM</TypeCode>
  <GoodsItemQuantity>2</GoodsItemQuantity>
  <DeclarationOfficeID>XA000120</DeclarationOfficeID>
  <InvoiceAmount currencyID="EUR">15230.50</InvoiceAmount>
  <TotalPackageQuantity>14</TotalPackageQuantity>
  <Agent>
    <FunctionCode>2</FunctionCode>
  </Agent>
  <BorderTransportMeans>
    <ID>IMO9321483</ID>
    <ModeCode>1</ModeCode>
  </BorderTransportMeans>
  <Declarant>
    <ID>XA123456789000</ID>
  </Declarant>
  <GoodsShipment>
    <Consignee>
      <Name>Harbour Foods Ltd</Name>
      <ID>XA987654321000</ID>
    </Consignee>
    <ExportCountry>
      <ID>DE</ID>
    </ExportCountry>
    <GovernmentAgencyGoodsItem>
      <CustomsValueAmount currencyID="EUR">12000.00</CustomsValueAmount>
      <SequenceNumeric>1</SequenceNumeric>
      <Commodity>
        <Description>Sporting rifles</Description>
        <Classification>
          <ID>9303300000</ID>
        </Classification>
        <GoodsMeasure>
          <GrossMassMeasure unitCode="KGM">1250.5</GrossMassMeasure>
          <NetNetWeightMeasure unitCode="KGM">1200</NetNetWeightMeasure>
        </GoodsMeasure>
      </Commodity>
      <GovernmentProcedure>
        <CurrentCode>4000</CurrentCode>
        <PreviousCode>7100</PreviousCode>
      </GovernmentProcedure>
      <Packaging>
        <SequenceNumeric>1</SequenceNumeric>
        <QuantityQuantity>10</QuantityQuantity>
        <TypeCode>CT</TypeCode>
      </Packaging>
      <ImportPermitNumber>XAP2026001</ImportPermitNumber>
    </GovernmentAgencyGoodsItem>
    <GovernmentAgencyGoodsItem>
      <CustomsValueAmount currencyID="EUR">3230.50</CustomsValueAmount>
      <SequenceNumeric>2</SequenceNumeric>
      <Commodity>
        <Description>Dried fruit, mixed</Description>
        <Classification>
          <ID>08135000</ID>
        </Classification>
      </Commodity>
      <Packaging>
        <SequenceNumeric>1</SequenceNumeric>
        <QuantityQuantity>4</QuantityQuantity>
        <TypeCode>BX</TypeCode>
      </Packaging>
    </GovernmentAgencyGoodsItem>
  </GoodsShipment>
</Declaration>
"""

XB_BASE = """<?xml version="1.0" encoding="UTF-8"?>
<Declaration xmlns="urn:wco:datamodel:WCO:DEC-DMS:2">
  <FunctionCode>9</FunctionCode>
  <FunctionalReferenceID>XB-EXP-2026-0001</FunctionalReferenceID>
  <TypeCode>EX</TypeCode>
  <DeclarationOfficeID>XB001234</DeclarationOfficeID>
  <Declarant>
    <ID>XB5550001</ID>
  </Declarant>
  <Exporter>
    <Name>Valley Machines Ltd</Name>
    <Address>
      <CityName>Riverton</CityName>
      <CountryCode>DE</CountryCode>
    </Address>
  </Exporter>
  <GoodsShipment>
    <Destination>
      <CountryCode>US</CountryCode>
    </Destination>
    <GovernmentAgencyGoodsItem>
      <SequenceNumeric>1</SequenceNumeric>
      <StatisticalValueAmount currencyID="EUR">12500.00</StatisticalValueAmount>
      <AdditionalDocument>
        <ID>XB-LIC-2026-042</ID>
        <TypeCode>911</TypeCode>
      </AdditionalDocument>
      <Commodity>
        <Description>Lathes for removing metal, numerically controlled</Description>
        <GoodsMeasure>
          <GrossMassMeasure unitCode="KGM">1310.5</GrossMassMeasure>
          <NetNetWeightMeasure unitCode="KGM">1250</NetNetWeightMeasure>
        </GoodsMeasure>
      </Commodity>
      <GovernmentProcedure>
        <CurrentCode>1000</CurrentCode>
      </GovernmentProcedure>
      <EnvironmentalLevyCategory>B</EnvironmentalLevyCategory>
    </GovernmentAgencyGoodsItem>
    <GovernmentAgencyGoodsItem>
      <SequenceNumeric>2</SequenceNumeric>
      <StatisticalValueAmount currencyID="EUR">800.50</StatisticalValueAmount>
      <Commodity>
        <Description>Spare parts for lathes</Description>
        <GoodsMeasure>
          <NetNetWeightMeasure unitCode="KGM">42.25</NetNetWeightMeasure>
        </GoodsMeasure>
      </Commodity>
      <EnvironmentalLevyCategory>N</EnvironmentalLevyCategory>
    </GovernmentAgencyGoodsItem>
  </GoodsShipment>
</Declaration>
"""

ECO_BASE = """<?xml version="1.0" encoding="UTF-8"?>
<CertificateOfOrigin>
  <ID>CO-2026-004711</ID>
  <IssueDateTime formatCode="102">20261120</IssueDateTime>
  <TypeCode>861</TypeCode>
  <IssuingAuthority>
    <Name>Chamber of Commerce of Harbourtown</Name>
  </IssuingAuthority>
  <Exporter>
    <Name>Oceanic Exports SA</Name>
    <Address>
      <CityName>Hamburg</CityName>
      <CountryCode>DE</CountryCode>
    </Address>
  </Exporter>
  <Consignee>
    <Name>Harbour Foods Ltd</Name>
    <Address>
      <CountryCode>GB</CountryCode>
    </Address>
  </Consignee>
  <Invoice>
    <ID>INV-2026-881</ID>
    <IssueDateTime formatCode="102">20261118</IssueDateTime>
  </Invoice>
  <GoodsItem>
    <SequenceNumeric>1</SequenceNumeric>
    <Description>Machine parts</Description>
    <ClassificationID>848790</ClassificationID>
    <PackageQuantity>12</PackageQuantity>
    <PackageTypeCode>CT</PackageTypeCode>
    <OriginCountryCode>DE</OriginCountryCode>
    <OriginCriterionCode>RVC</OriginCriterionCode>
    <FOBValueAmount currencyID="EUR">18400</FOBValueAmount>
  </GoodsItem>
  <GoodsItem>
    <SequenceNumeric>2</SequenceNumeric>
    <Description>Fresh apples</Description>
    <ClassificationID>080810</ClassificationID>
    <OriginCountryCode>DE</OriginCountryCode>
    <OriginCriterionCode>WO</OriginCriterionCode>
  </GoodsItem>
</CertificateOfOrigin>
"""

ECM_BASE = """<?xml version="1.0" encoding="UTF-8"?>
<Declaration xmlns="urn:customs:ecommerce:1">
  <FunctionCode>9</FunctionCode>
  <FunctionalReferenceID>ECM-2026-55501</FunctionalReferenceID>
  <InvoiceAmount currencyID="EUR">100.50</InvoiceAmount>
  <TotalGrossMassMeasure unitCode="KGM">2.5</TotalGrossMassMeasure>
  <GoodsShipment>
    <Seller>
      <Name>Gadget Store Ltd</Name>
      <Address>
        <CountryCode>CN</CountryCode>
      </Address>
    </Seller>
    <Consignee>
      <Name>Ana Pereira</Name>
      <Address>
        <Line>Rua das Flores 12</Line>
        <CityName>Lisbon</CityName>
        <CountryCode>PT</CountryCode>
      </Address>
    </Consignee>
    <OnlineOrder>
      <ID>ORD-99812</ID>
      <TransactionDateTime formatCode="304">20261119143000Z</TransactionDateTime>
      <TransactionAmount currencyID="EUR">100.50</TransactionAmount>
    </OnlineOrder>
    <GovernmentAgencyGoodsItem>
      <SequenceNumeric>1</SequenceNumeric>
      <Commodity>
        <Description>Wireless earphones</Description>
      </Commodity>
      <InvoiceLine>
        <ItemChargeAmount currencyID="EUR">60.00</ItemChargeAmount>
      </InvoiceLine>
      <GoodsMeasure>
        <GrossMassMeasure unitCode="KGM">1.2</GrossMassMeasure>
      </GoodsMeasure>
    </GovernmentAgencyGoodsItem>
    <GovernmentAgencyGoodsItem>
      <SequenceNumeric>2</SequenceNumeric>
      <Commodity>
        <Description>Phone case</Description>
      </Commodity>
      <InvoiceLine>
        <ItemChargeAmount currencyID="EUR">40.50</ItemChargeAmount>
      </InvoiceLine>
      <GoodsMeasure>
        <GrossMassMeasure unitCode="KGM">0.3</GrossMassMeasure>
      </GoodsMeasure>
    </GovernmentAgencyGoodsItem>
  </GoodsShipment>
</Declaration>
"""

# rule ID -> (package, base, edits for the valid sample, edits for the invalid one); an edit is
# (text, replacement), applied once, in order.
SAMPLES = {
    "DEC-R001": ("wco-declaration", DEC_BASE, [], [("    <Consignee>", "    <Buyer>"), ("    </Consignee>", "    </Buyer>"),
                 ("<Name>Importer &amp; Sons</Name>\n      <ID>XA987654321000</ID>\n      <Address>\n        <CityName>Harbourtown</CityName>\n        <CountryCode>GB</CountryCode>\n        <Line>1 Quay Street</Line>\n        <PostcodeID>HT1 2AB</PostcodeID>\n      </Address>", "<Name>Importer &amp; Sons</Name>\n      <ID>XA987654321000</ID>")]),
    "DEC-R002": ("wco-declaration", DEC_BASE,
                 [("<TypeCode>IM</TypeCode>", "<TypeCode>EX</TypeCode>"), ("  <GoodsShipment>", "  <Exporter>\n    <Name>Shaver Works Co</Name>\n  </Exporter>\n  <GoodsShipment>")],
                 [("<TypeCode>IM</TypeCode>", "<TypeCode>EX</TypeCode>")]),
    "DEC-R003": ("wco-declaration", DEC_BASE, [], [("<GoodsItemQuantity>2<", "<GoodsItemQuantity>3<")]),
    "DEC-R004": ("wco-declaration", DEC_BASE, [], [("      <SequenceNumeric>1</SequenceNumeric>\n      <Commodity>", "      <SequenceNumeric>0</SequenceNumeric>\n      <Commodity>")]),
    "DEC-R005": ("wco-declaration", DEC_BASE, [], [(">1250.5</TotalGrossMassMeasure>", ">750.5</TotalGrossMassMeasure>")]),
    "DEC-R006": ("wco-declaration", DEC_BASE, [], [("<InvoiceAmount currencyID=\"EUR\">", "<InvoiceAmount>")]),
    "DEC-R007": ("wco-declaration", DEC_BASE, [], [(">5000</StatisticalValueAmount>", ">2000</StatisticalValueAmount>")]),
    "DEC-R008": ("wco-declaration", DEC_BASE, [], [(">750.25</NetNetWeightMeasure>", ">800.25</NetNetWeightMeasure>")]),
    "DEC-R009": ("wco-declaration", DEC_BASE, [], [("<QuantityQuantity>25<", "<QuantityQuantity>41<")]),
    "DEC-R010": ("wco-declaration", DEC_BASE, [], [("<CustomsValueAmount currencyID=\"EUR\">10000", "<CustomsValueAmount currencyID=\"USD\">10000")]),
    "DEC-R011": ("wco-declaration", DEC_BASE, [], [("    <TypeCode>861</TypeCode>\n", "")]),
    "DEC-R012": ("wco-declaration", DEC_BASE, [], [("LRN-2026-000123", "LRN 2026 000123")]),
    "DEC-R013": ("wco-declaration", DEC_BASE, [], [("<QuantityQuantity>25<", "<QuantityQuantity>0<")]),
    "DEC-R014": ("wco-declaration", DEC_BASE, [], [("      <SequenceNumeric>2</SequenceNumeric>\n", "      <SequenceNumeric>1</SequenceNumeric>\n")]),
    "DEC-R015": ("wco-declaration", DEC_BASE, [], [("<ID>CN</ID>", "<ID>GB</ID>")]),
    "DEC-R016": ("wco-declaration", DEC_BASE, [], [("    <ID>IMO9321483</ID>\n", "")]),
    "XA-R001": ("xa-import", XA_BASE, [], [("      </Commodity>\n      <Packaging>\n        <SequenceNumeric>1</SequenceNumeric>\n        <QuantityQuantity>4<", "      </Commodity>\n      <GovernmentProcedure>\n        <PreviousCode>7100</PreviousCode>\n      </GovernmentProcedure>\n      <Packaging>\n        <SequenceNumeric>1</SequenceNumeric>\n        <QuantityQuantity>4<")]),
    "XA-R002": ("xa-import", XA_BASE, [], [("<ID>08135000</ID>", "<ID>081350</ID>")]),
    "XA-R003": ("xa-import", XA_BASE, [], [("      <ImportPermitNumber>XAP2026001</ImportPermitNumber>\n", "")]),
    "XA-R004": ("xa-import", XA_BASE, [], [("<CurrentCode>4000</CurrentCode>", "<CurrentCode>5100</CurrentCode>")]),
    "XA-R005": ("xa-import", XA_BASE, [], [("    <FunctionCode>2</FunctionCode>", "    <FunctionCode>1</FunctionCode>")]),
    "XA-R006": ("xa-import", XA_BASE, [], [("<GrossMassMeasure unitCode=\"KGM\">", "<GrossMassMeasure unitCode=\"TNE\">"), (">1250.5</GrossMassMeasure>", ">1.2505</GrossMassMeasure>"), (">1200</NetNetWeightMeasure>", ">1.2</NetNetWeightMeasure>")]),
    "XA-R007": ("xa-import", XA_BASE, [], [("<TotalPackageQuantity>14<", "<TotalPackageQuantity>1<"), ("<QuantityQuantity>10<", "<QuantityQuantity>1<"), ("      <Packaging>\n        <SequenceNumeric>1</SequenceNumeric>\n        <QuantityQuantity>4</QuantityQuantity>\n        <TypeCode>BX</TypeCode>\n      </Packaging>\n", "      <Packaging>\n        <SequenceNumeric>1</SequenceNumeric>\n        <TypeCode>BX</TypeCode>\n      </Packaging>\n")]),
    "XA-R008": ("xa-import", XA_BASE, [], [("XA26-000101", "DE26-000101")]),
    "XB-R001": ("xb-export", XB_BASE, [], [("<CountryCode>US</CountryCode>", "<CountryCode>DE</CountryCode>")]),
    "XB-R002": ("xb-export", XB_BASE, [], [(">800.50</StatisticalValueAmount>", ">0</StatisticalValueAmount>")]),
    "XB-R003": ("xb-export", XB_BASE, [], [("<EnvironmentalLevyCategory>N<", "<EnvironmentalLevyCategory>X1<")]),
    "XB-R004": ("xb-export", XB_BASE, [], [(">42.25</NetNetWeightMeasure>", ">0</NetNetWeightMeasure>")]),
    "XB-R005": ("xb-export", XB_BASE, [], [("<CurrentCode>1000</CurrentCode>", "<CurrentCode>2100</CurrentCode>")]),
    "XB-R006": ("xb-export", XB_BASE, [], [("        <ID>XB-LIC-2026-042</ID>\n", "")]),
    "ECO-R001": ("wco-eco", ECO_BASE, [], [("    <FOBValueAmount currencyID=\"EUR\">18400</FOBValueAmount>\n", "")]),
    "ECO-R002": ("wco-eco", ECO_BASE, [], [("<ClassificationID>080810<", "<ClassificationID>0808<")]),
    "ECO-R003": ("wco-eco", ECO_BASE, [], [(">20261118</IssueDateTime>", ">20261122</IssueDateTime>")]),
    "ECO-R004": ("wco-eco", ECO_BASE, [], [("<CountryCode>GB</CountryCode>", "<CountryCode>DE</CountryCode>")]),
    "ECO-R005": ("wco-eco", ECO_BASE, [], [("<SequenceNumeric>2<", "<SequenceNumeric>3<")]),
    "ECO-R006": ("wco-eco", ECO_BASE, [], [("    <PackageTypeCode>CT</PackageTypeCode>\n", "")]),
    "ECM-R001": ("wco-ecommerce", ECM_BASE, [], [(">100.50</InvoiceAmount>", ">160.50</InvoiceAmount>"), (">100.50</TransactionAmount>", ">160.50</TransactionAmount>"), (">60.00</ItemChargeAmount>", ">120.00</ItemChargeAmount>")]),
    "ECM-R002": ("wco-ecommerce", ECM_BASE, [], [(">40.50</ItemChargeAmount>", ">45.50</ItemChargeAmount>")]),
    "ECM-R003": ("wco-ecommerce", ECM_BASE, [], [("<TransactionAmount currencyID=\"EUR\">", "<TransactionAmount currencyID=\"USD\">")]),
    "ECM-R004": ("wco-ecommerce", ECM_BASE, [], [(">2.5</TotalGrossMassMeasure>", ">1.4</TotalGrossMassMeasure>")]),
    "ECM-R005": ("wco-ecommerce", ECM_BASE, [], [("<SequenceNumeric>2<", "<SequenceNumeric>5<")]),
    "ECM-R006": ("wco-ecommerce", ECM_BASE, [], [("<CountryCode>CN</CountryCode>", "<CountryCode>PT</CountryCode>")]),
}


def edit(text, edits, rule):
    for old, new in edits:
        if old not in text:
            raise SystemExit(f"{rule}: '{old[:60]}' is not in the base message")
        text = text.replace(old, new, 1)
    return text


def write(package, name, text):
    folder = os.path.join("Samples", "rules", package)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
        handle.write(text)


for rule, (package, base, valid, invalid) in SAMPLES.items():
    write(package, "valid.xml", base)
    if valid:
        write(package, f"{rule}-valid.xml", edit(base, valid, rule))
    write(package, f"{rule}-invalid.xml", edit(base, invalid, rule))
