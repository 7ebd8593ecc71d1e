import CustomsModel
import CustomsXML

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
        for warning in imported.warnings.prefix(shownWarnings) {
            Terminal.note(Terminal.printable(warning.description, limit: 2000))
        }
        if imported.warnings.count > shownWarnings {
            Terminal.note(
                "… and \(imported.warnings.count - shownWarnings) more warnings about the schemas ('customs import xsd' lists them all)"
            )
        }
        return imported
    }
}
