import CustomsModel

/// A package with the code lists it names: everything compiling it needs, without the rest of
/// the catalog. It is what `SnapshotCache` keeps between runs.
public struct PackageSnapshot: Sendable, Codable {
    /// The package (or resolved profile).
    public let package: InformationPackage
    /// The code lists its elements and attributes name, in ID order.
    public let codeLists: [CodeList]

    /// Takes `package` and, from `codeLists`, the lists it names.
    public init(package: InformationPackage, codeLists: [String: CodeList]) {
        self.package = package
        var named = Set<String>()
        for located in package.nodes {
            if let id = located.node.codeListID { named.insert(id) }
            for attribute in located.node.attributes { if let id = attribute.codeListID { named.insert(id) } }
        }
        self.codeLists = named.sorted().compactMap { codeLists[$0] }
    }

    /// The code lists by ID, as the compiler takes them.
    public var codeListsByID: [String: CodeList] {
        Dictionary(uniqueKeysWithValues: codeLists.map { ($0.id, $0) })
    }
}
