import ArgumentParser
import CustomsModel
import CustomsValidation

extension DataModelOptions {
    /// The package or profile `id` of `catalog`, or the CLI's "unknown package" error with a
    /// "did you mean".
    func package(_ id: String, in catalog: Catalog) throws -> InformationPackage {
        guard let package = catalog.package(id) else { throw CLIError.unknownPackage(id, in: catalog) }
        return package
    }

    /// Loads the catalog, finds `id` and compiles it.
    func compiledPackage(_ id: String) throws -> (InformationPackage, CompiledPackage, Catalog) {
        let catalog = try loadCatalog()
        let (package, compiled) = try compiledPackage(id, in: catalog)
        return (package, compiled, catalog)
    }

    /// Finds `id` in `catalog` and compiles it.
    func compiledPackage(_ id: String, in catalog: Catalog) throws -> (InformationPackage, CompiledPackage) {
        let package = try package(id, in: catalog)
        do {
            return (package, try Compiler.compile(package, codeLists: catalog.codeLists))
        } catch {
            throw CLIError("cannot compile \(id): \(error)")
        }
    }
}

extension Duration {
    /// The duration in seconds, for rates and summaries.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
