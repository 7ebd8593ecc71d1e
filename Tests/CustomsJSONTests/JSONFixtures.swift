import CustomsDefinitions
import CustomsJSON
import CustomsModel
import CustomsValidation
import CustomsXML
import Foundation
import PeerTools
import Testing

/// Shared set-up for the JSON tests: the shipped definitions, compiled packages, one-call
/// validation of JSON text, and generated messages in both syntaxes.
enum JSONFixtures {
    static let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let loaded = DefinitionLoader.load(directory: projectRoot.appendingPathComponent("DataModel").path)
    static let cache = CompiledPackageCache()
    /// Every shipped package and profile.
    static let packageIDs = loaded.catalog.packages.map(\.id).sorted()

    static func compiled(_ id: String) -> CompiledPackage {
        try! cache.compiled(loaded.catalog.package(id)!, codeLists: loaded.catalog.codeLists)
    }

    static let declaration = compiled("wco-declaration")

    /// A UK CDS schema set (`../shared`), imported from its XSDs and compiled.
    static func importedCDS(_ set: CDSSchemaSet) throws -> CompiledPackage {
        let package = try XSDImporter.importPackage(entries: set.paths, root: "MetaData", id: "uk-cds-\(set.name)")
        return try Compiler.compile(package, codeLists: [:])
    }

    /// Where the tests that need the CDS corpus run, and why not elsewhere.
    static let needsCDS = Testing.ConditionTrait.enabled(
        if: SharedCorpus.cdsAvailable, Comment(rawValue: SharedCorpus.skipReason))

    /// The results of validating `json` against `package`, fed in chunks of `chunk` bytes.
    static func validate(
        _ json: String, package: CompiledPackage = declaration, layout: JSONReader.Layout = .document,
        chunk: Int = 1 << 20, limits: JSONReaderLimits = JSONReaderLimits()
    ) -> [MessageResult] {
        let reader = JSONReader(limits: limits, layout: layout)
        reader.begin(with: ValidationSession(package: package))
        let bytes = Array(json.utf8)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            bytes[offset..<end].withUnsafeBytes { reader.feed($0) }
            offset = end
        }
        return reader.finish()
    }

    /// A declaration with `members` (JSON object members) inside the root beside its required
    /// function code.
    static func declaration(_ members: String) -> String {
        ##"{"Declaration": {"FunctionCode": "9""## + (members.isEmpty ? "" : ", " + members) + "}}"
    }

    /// `count` generated messages of `package` (a share faulty), as XML text and the fault kind.
    static func generated(
        _ package: CompiledPackage, count: Int, seed: UInt64, invalidRate: Double
    )
        -> [(xml: String, fault: String?)]
    {
        var generator = MessageGenerator(package: package, seed: seed)
        generator.excludedFaults = [.swapOrder]
        return (0..<count).map { _ in
            let message = generator.next(invalidRate: invalidRate)
            return (message.xml, message.fault?.kind.rawValue)
        }
    }

    /// The JSON binding of an XML message.
    static func json(_ xml: String, _ package: CompiledPackage) -> String {
        JSONMessageConverter.jsonText(try! XMLTreeReader.read(Array(xml.utf8)), package: package)
    }
}
