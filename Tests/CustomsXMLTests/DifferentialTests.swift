import CustomsModel
import CustomsValidation
import CustomsXML
import Testing

/// Our verdicts against libxml2's XSD validator on the exported XSD, message by message.
///
/// Expected differences, listed here and nowhere else: findings that XSD 1.0 cannot express.
/// A message whose only errors are of these codes counts as XSD-valid.
let beyondXSD: Set<Diagnostic.Code> = [
    .dateTime  // a date must fit the layout of its own formatCode and be a real date
]

@Suite("Differential: customs against libxml2's XSD validator")
struct DifferentialTests {
    @Test(
        "same verdict for every generated and mutated message",
        arguments: [
            ("wco-declaration", 1500, UInt64(101)), ("xa-import", 600, 202), ("xb-export", 600, 303),
            ("wco-ecommerce", 400, 404), ("wco-eco", 400, 505), ("choices", 1200, 606),
        ])
    func sameVerdicts(packageID: String, count: Int, seed: UInt64) throws {
        let catalog = Fixtures.catalog(for: packageID)
        let definition = try #require(catalog.package(packageID))
        let xsd = try XSDExporter.export(definition, codeLists: catalog.codeLists)
        let reference = try #require(ReferenceSchema(xsd: xsd), "libxml2 could not compile the exported XSD")
        let compiled = Fixtures.compiled(packageID)
        let reader = SecureXMLReader()
        let session = ValidationSession(package: compiled)
        var generator = MessageGenerator(package: compiled, seed: seed)
        var disagreements: [String] = []
        var faultMisses: [String] = []
        var invalid = 0
        for index in 0..<count {
            let message = generator.next(invalidRate: 0.5)
            let result = reader.validate(bytes: Array(message.xml.utf8), with: session)
            let ours = !result.diagnostics.contains { $0.severity == .error && !beyondXSD.contains($0.code) }
            let theirs = reference.isValid(message.xml)
            if !theirs { invalid += 1 }
            if ours != theirs {
                disagreements.append(
                    "#\(index) ours=\(ours) libxml2=\(theirs) fault=\(String(describing: message.fault)) \(result.diagnostics.map(\.message))"
                )
            }
            if let fault = message.fault, !result.diagnostics.contains(where: { $0.code == fault.expectedCode }) {
                faultMisses.append("#\(index) \(fault) got \(result.diagnostics.map(\.code))")
            }
            if message.fault == nil, !result.isValid {
                faultMisses.append("#\(index) generated valid, found \(result.diagnostics.map(\.message))")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5).joined(separator: "\n"))")
        #expect(faultMisses.isEmpty, "\(faultMisses.prefix(5).joined(separator: "\n"))")
        #expect(invalid > count / 4, "the batch must exercise invalid messages too")
    }
}
