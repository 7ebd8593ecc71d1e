import CustomsModel

/// A package with its business rules and the code lists they and its elements name:
/// everything compiling it needs, without the rest of the catalog. It is what `SnapshotCache`
/// keeps between runs.
public struct PackageSnapshot: Sendable, Codable {
    /// The package (or resolved profile).
    public let package: InformationPackage
    /// The code lists its elements, attributes and rules name, in ID order.
    public let codeLists: [CodeList]
    /// The business rules in force for it (`Catalog.rules`).
    public let rules: [BusinessRule]

    /// Takes `package`, its `rules` and, from `codeLists`, the lists they name.
    public init(package: InformationPackage, codeLists: [String: CodeList], rules: [BusinessRule] = []) {
        self.package = package
        self.rules = rules
        var named = Set<String>()
        for located in package.nodes {
            if let id = located.node.codeListID { named.insert(id) }
            for attribute in located.node.attributes { if let id = attribute.codeListID { named.insert(id) } }
        }
        for rule in rules {
            for case .call(.inCodeList, let arguments, _) in rule.calls where arguments.count == 2 {
                if case .string(let id, _) = arguments[1] { named.insert(id) }
            }
        }
        self.codeLists = named.sorted().compactMap { codeLists[$0] }
    }

    /// The code lists by ID, as the compiler takes them.
    public var codeListsByID: [String: CodeList] {
        Dictionary(uniqueKeysWithValues: codeLists.map { ($0.id, $0) })
    }
}
