import Foundation

/// The UK CDS schemas and samples in `../shared/corpus/hmrc-cds`, beside the project. Tests read
/// them there and never copy them; where the folder is absent, the tests that need it are
/// skipped with `skipReason`.
public enum SharedCorpus {
    /// `../shared/corpus/hmrc-cds`, from this file's place in the project.
    public static let cds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus/hmrc-cds")
    /// True when the CDS schemas are there.
    public static let cdsAvailable = FileManager.default.fileExists(atPath: cds.appendingPathComponent("schemas").path)
    /// Why a test that needs the corpus did not run.
    public static let skipReason = "../shared/corpus/hmrc-cds is absent: the CDS conformance tests need it"

    /// `../shared/corpus/xmlconf/xmlts20130923.zip`, the W3C XML conformance suite, unmodified.
    public static let xmlconfZip = cds.deletingLastPathComponent().appendingPathComponent(
        "xmlconf/xmlts20130923.zip")
    /// True when the suite's zip is there.
    public static let xmlconfAvailable = FileManager.default.fileExists(atPath: xmlconfZip.path)
    /// Why the conformance-suite test did not run.
    public static let xmlconfSkipReason =
        "../shared/corpus/xmlconf/xmlts20130923.zip is absent: the XML conformance-suite test needs it"
}

/// One of the two published CDS schema sets: an envelope and the message schema it admits.
public struct CDSSchemaSet: Sendable, CustomStringConvertible {
    /// `declaration` or `notification`.
    public let name: String
    /// The folder under `schemas/`.
    public let folder: String
    /// The entry schemas, with their target namespaces.
    public let entries: [(namespace: String, file: String)]

    public var description: String { name }

    /// The entry schemas' paths.
    public var paths: [String] {
        entries.map { SharedCorpus.cds.appendingPathComponent("schemas/\(folder)/\($0.file)").path }
    }

    /// A wrapper schema importing the entries, as xmllint takes one schema only.
    public func writeWrapper(in directory: URL) throws -> URL {
        let imports = zip(entries, paths).map {
            "  <xs:import namespace=\"\($0.namespace)\" schemaLocation=\"\($1)\"/>"
        }
        let text =
            "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n" + imports.joined(separator: "\n")
            + "\n</xs:schema>\n"
        let url = directory.appendingPathComponent("wrapper-\(name).xsd")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// The declaration schemas (`MetaData` around a `Declaration`).
    public static let declaration = CDSSchemaSet(
        name: "declaration", folder: "declaration",
        entries: [
            ("urn:wco:datamodel:WCO:DocumentMetaData-DMS:2", "DocumentMetaData_2_DMS.xsd"),
            ("urn:wco:datamodel:WCO:DEC-DMS:2", "WCO_DEC_2_DMS.xsd"),
        ])
    /// The notification (response) schemas.
    public static let notification = CDSSchemaSet(
        name: "notification", folder: "notification",
        entries: [
            ("urn:wco:datamodel:WCO:DocumentMetaData-DMS:2", "DocumentMetaData_2_DMS.xsd"),
            ("urn:wco:datamodel:WCO:RES-DMS:2", "WCO_RES_2_DMS.xsd"),
        ])
    /// Both.
    public static let all = [declaration, notification]
}
