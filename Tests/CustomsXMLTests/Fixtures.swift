import CustomsDefinitions
import CustomsModel
import CustomsValidation
import CustomsXML
import Foundation

/// Shared set-up: the shipped definitions, compiled packages, and a one-call validator.
enum Fixtures {
    static let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let loaded = DefinitionLoader.load(directory: projectRoot.appendingPathComponent("DataModel").path)
    static let cache = CompiledPackageCache()
    /// A package of choices in every shape (`Fixtures/choices`), beside the shipped ones.
    static let choices = DefinitionLoader.load(
        directory: projectRoot.appendingPathComponent("Tests/CustomsXMLTests/Fixtures/choices").path)

    /// The catalog that defines package `id`: the shipped one, or the choices fixture.
    static func catalog(for id: String) -> Catalog {
        loaded.catalog.package(id) != nil ? loaded.catalog : choices.catalog
    }

    static func compiled(_ id: String) -> CompiledPackage {
        let catalog = catalog(for: id)
        return try! cache.compiled(catalog.package(id)!, codeLists: catalog.codeLists)
    }

    static let declaration = compiled("wco-declaration")
    static let namespace = "urn:wco:datamodel:WCO:DEC-DMS:2"

    /// Validates `xml` against `package` and returns the result.
    static func validate(
        _ xml: String, package: CompiledPackage = declaration, limits: XMLReaderLimits = XMLReaderLimits()
    )
        -> SecureXMLReader.Result
    {
        SecureXMLReader(limits: limits).validate(bytes: Array(xml.utf8), with: ValidationSession(package: package))
    }

    static func validate(bytes: [UInt8], limits: XMLReaderLimits = XMLReaderLimits()) -> SecureXMLReader.Result {
        SecureXMLReader(limits: limits).validate(bytes: bytes, with: ValidationSession(package: declaration))
    }

    /// A declaration with `body` inside the root.
    static func declaration(_ body: String) -> String {
        "<?xml version=\"1.0\"?>\n<Declaration xmlns=\"\(namespace)\">\n<FunctionCode>9</FunctionCode>\(body)</Declaration>"
    }
}
