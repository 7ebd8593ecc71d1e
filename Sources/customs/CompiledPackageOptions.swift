import ArgumentParser
import CustomsModel
import CustomsValidation

extension DataModelOptions {
    /// Loads the catalog, finds `id` (with "did you mean") and compiles it.
    func compiledPackage(_ id: String) throws -> (InformationPackage, CompiledPackage, Catalog) {
        let catalog = try loadCatalog()
        guard let package = catalog.package(id) else { throw CLIError.unknownPackage(id, in: catalog) }
        do {
            return (package, try Compiler.compile(package, codeLists: catalog.codeLists), catalog)
        } catch {
            throw CLIError("cannot compile \(id): \(error)")
        }
    }
}
