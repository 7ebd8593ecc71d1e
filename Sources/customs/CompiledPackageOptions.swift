import ArgumentParser
import CustomsDefinitions
import CustomsModel
import CustomsValidation

extension DataModelOptions {
    /// The package or profile `id` of `catalog`, or the CLI's "unknown package" error with a
    /// "did you mean".
    func package(_ id: String, in catalog: Catalog) throws -> InformationPackage {
        guard let package = catalog.package(id) else { throw CLIError.unknownPackage(id, in: catalog) }
        return package
    }

    /// The package or profile `id`, compiled; with its business rules when `rules` (`validate`
    /// only: converting, generating and exporting are about structure, and a message that
    /// breaks a rule still converts). Read from the snapshot cache when the definitions and the
    /// tool are those it was stored with (`SnapshotCache`); otherwise the folder is loaded and
    /// checked as always, and a clean result stored for the next run.
    func compiledPackage(_ id: String, rules: Bool = false) throws -> (InformationPackage, CompiledPackage) {
        let snapshot = try packageSnapshot(id)
        return (
            snapshot.package, try compile(snapshot.package, snapshot.codeListsByID, rules: rules ? snapshot.rules : [])
        )
    }

    /// `package` compiled with `rules`, or the CLI's "cannot compile" error.
    func compile(
        _ package: InformationPackage, _ codeLists: [String: CodeList], rules: [BusinessRule] = [],
        keepingRuleValues: Bool = false
    ) throws -> CompiledPackage {
        do {
            return try Compiler.compile(
                package, codeLists: codeLists, rules: rules, keepingRuleValues: keepingRuleValues)
        } catch {
            throw CLIError("cannot compile \(package.id): \(error)")
        }
    }

    /// The package `id` with its code lists: from the cache, or loaded (and then cached).
    func packageSnapshot(_ id: String) throws -> PackageSnapshot {
        let cache = SnapshotCache.standard(toolVersion: Customs.version)
        let lookup = cache?.lookup(package: id, definitions: resolvedDirectory)
        if let hit = lookup?.snapshot { return hit }
        let catalog = try loadCatalog()
        let snapshot = PackageSnapshot(
            package: try package(id, in: catalog), codeLists: catalog.codeLists, rules: catalog.rules[id] ?? [])
        if let cache, let lookup { cache.store(snapshot, for: lookup) }
        return snapshot
    }

    /// Finds `id` in `catalog` and compiles it.
    func compiledPackage(_ id: String, in catalog: Catalog) throws -> (InformationPackage, CompiledPackage) {
        let package = try package(id, in: catalog)
        return (package, try compile(package, catalog.codeLists))
    }
}

extension Duration {
    /// The duration in seconds, for rates and summaries.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
