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

    static func compiled(_ id: String) -> CompiledPackage {
        try! cache.compiled(loaded.catalog.package(id)!, codeLists: loaded.catalog.codeLists)
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
