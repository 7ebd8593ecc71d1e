import ArgumentParser
import CustomsDefinitions
import CustomsModel
import CustomsValidation

/// The `--xsd` and `--root` options of `customs map`: the schemas a mapping's package is imported
/// from when the mapping says `imported: true` (the UK's CDS schemas live outside DataModel/).
struct ImportedPackageOptions: ParsableArguments {
    @Option(
        name: .customLong("xsd"),
        help: ArgumentHelp(
            "For a mapping whose package is imported: its entry XSD (repeat for several).", valueName: "entry.xsd"))
    var schemas: [String] = []
    @Option(help: "With --xsd: the global element messages start with.") var root: String?

    /// The mapping `id` with its package, compiled: from the catalog, or for a mapping whose
    /// package is imported, from `--xsd` (its table resolved against the imported package now,
    /// every problem of it reported as a definition error, exit 2).
    func mapping(
        _ id: String, in catalog: Catalog, dataModel: DataModelOptions
    ) throws -> (
        Mapping, InformationPackage, CompiledPackage
    ) {
        if let mapping = catalog.mapping(id) {
            if !schemas.isEmpty {
                throw ValidationError("\(id) maps to \(mapping.packageID) of DataModel/: drop --xsd")
            }
            let (package, compiled) = try dataModel.compiledPackage(mapping.packageID, in: catalog)
            return (mapping, package, compiled)
        }
        guard let pending = catalog.pendingMappings.first(where: { $0.id == id }) else {
            _ = try dataModel.mapping(id, in: catalog)  // the error with "did you mean"
            throw CLIError("unknown mapping '\(Terminal.printable(id))'")
        }
        guard !schemas.isEmpty else {
            throw CLIError(
                "mapping \(id) maps to \(pending.packageID), a package imported from XSDs: give its schemas with --xsd")
        }
        let imported = try ImportedSchemas.package(
            entries: schemas, root: root, id: pending.packageID, strict: false, shownWarnings: 0)
        let (mapping, problems) = MappingResolver.resolve(pending, against: imported, codeLists: catalog.codeLists)
        guard let mapping, problems.isEmpty else {
            throw CLIError.brokenDefinitions(dataModel.resolvedDirectory, problems)
        }
        return (mapping, imported, try compile(imported, codeLists: catalog.codeLists))
    }

    /// A package of the catalog, or — when it is not there and `--xsd` is given — the package
    /// imported from the schemas under that ID (`customs map --from wco-declaration --to
    /// uk-cds-dec --xsd …`).
    func package(
        _ id: String, in catalog: Catalog, dataModel: DataModelOptions
    ) throws -> (InformationPackage, CompiledPackage) {
        if schemas.isEmpty || catalog.package(id) != nil { return try dataModel.compiledPackage(id, in: catalog) }
        let imported = try ImportedSchemas.package(
            entries: schemas, root: root, id: id, strict: false, shownWarnings: 0)
        return (imported, try compile(imported, codeLists: catalog.codeLists))
    }

    private func compile(_ package: InformationPackage, codeLists: [String: CodeList]) throws -> CompiledPackage {
        do {
            return try Compiler.compile(package, codeLists: codeLists)
        } catch {
            throw CLIError("cannot compile the package imported from \(schemas.joined(separator: " ")): \(error)")
        }
    }
}
