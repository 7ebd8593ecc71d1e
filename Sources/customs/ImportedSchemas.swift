import CustomsDefinitions
import CustomsModel
import CustomsXML
import Foundation

/// Imports XSDs for the commands that take them (`import xsd`, `validate --xsd`) and tells the
/// user what is odd about them: each warning on standard error at its schema's
/// file:line:column, or, under `--strict`, every warning as an error (exit 2).
enum ImportedSchemas {
    /// The imported schemas; warnings beyond `shownWarnings` are counted, not listed.
    static func load(
        entries: [String], root: String?, id: String, name: String? = nil, strict: Bool, shownWarnings: Int = .max
    ) throws -> XSDImport {
        let imported: XSDImport
        do {
            imported = try XSDImporter.importSchemas(entries: entries, root: root, id: id, name: name, strict: strict)
        } catch {
            throw CLIError(error.description)
        }
        show(imported.warnings.map(\.description), shownWarnings: shownWarnings)
        return imported
    }

    /// The package of the schemas, for the commands that need nothing else of the import
    /// (`validate --xsd`, `map --xsd`): read from the snapshot cache when every schema file the
    /// import read is still byte for byte as it was (0.3 s → a few ms for the UK CDS schemas),
    /// else imported and kept. Warnings are shown either way.
    static func package(
        entries: [String], root: String?, id: String, strict: Bool, shownWarnings: Int = .max
    ) throws -> InformationPackage {
        let cache = SnapshotCache.standard(toolVersion: Customs.version)
        var key = ContentDigest()
        let parts: [String] = [cache?.toolIdentity ?? "", FileManager.default.currentDirectoryPath, root ?? "", id]
        for part in parts + ["strict \(strict)"] + entries { key.add(part) }
        let path = cache?.path(named: "xsd-\(key.hex)")
        if let cache, let path, let kept = cache.read(ImportedSnapshot.self, at: path),
            SnapshotCache.digests(of: kept.files.map(\.path), limit: XSDImporter.maximumSchemaSize) == kept.files
        {
            show(kept.warnings, shownWarnings: shownWarnings)
            return kept.package
        }
        let imported = try load(entries: entries, root: root, id: id, strict: strict, shownWarnings: shownWarnings)
        if let cache, let path {
            cache.write(
                ImportedSnapshot(
                    package: imported.package, warnings: imported.warnings.map(\.description),
                    files: imported.files.map { FileDigest(path: $0.path, digest: $0.digest) }),
                at: path)
        }
        return imported.package
    }

    /// Shows the first `shownWarnings` warnings on standard error, and how many more there are.
    private static func show(_ warnings: [String], shownWarnings: Int) {
        for warning in warnings.prefix(shownWarnings) {
            Terminal.note(Terminal.printable(warning, limit: 2000))
        }
        if warnings.count > shownWarnings {
            Terminal.note(
                "… and \(warnings.count - shownWarnings) more warnings about the schemas ('customs import xsd' lists them all)"
            )
        }
    }

    /// What the cache keeps of an import: the package, the warnings as shown, and the files it
    /// was made from with their digests, checked before the snapshot is used.
    struct ImportedSnapshot: Codable {
        let package: InformationPackage
        let warnings: [String]
        let files: [FileDigest]
    }
}
