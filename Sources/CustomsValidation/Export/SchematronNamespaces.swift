import CustomsModel

/// The namespace prefixes of a Schematron export and the elements' names with them: `m` for
/// the package's namespace, `n1`, `n2` … for the others an imported package mixes in (in URI
/// order), no prefix for elements in no namespace.
struct SchematronNamespaces {
    /// `(prefix, URI)` for each `sch:ns` declaration, in prefix order.
    let declarations: [(prefix: String, uri: String)]
    /// The prefix (with its colon, or "") of each element, by its tags from the root joined
    /// with `/`.
    private let prefixByPath: [String: String]
    private let packagePrefix: String

    init(_ package: InformationPackage) {
        let packageNamespace = package.namespace ?? ""
        var uris = Set<String>()
        for located in package.nodes { uris.insert(located.node.namespace ?? packageNamespace) }
        var prefixes: [String: String] = ["": ""]
        var declarations: [(String, String)] = []
        if !packageNamespace.isEmpty {
            prefixes[packageNamespace] = "m:"
            declarations.append(("m", packageNamespace))
        }
        for (index, uri) in uris.subtracting(["", packageNamespace]).sorted().enumerated() {
            prefixes[uri] = "n\(index + 1):"
            declarations.append(("n\(index + 1)", uri))
        }
        self.declarations = declarations
        packagePrefix = prefixes[packageNamespace]!
        var byPath: [String: String] = [:]
        for located in package.nodes {
            byPath[located.tagPath.joined(separator: "/")] = prefixes[located.node.namespace ?? packageNamespace]
        }
        prefixByPath = byPath
    }

    /// The element at `tags` (from the root) as an XPath name test: `m:GoodsShipment`.
    func name(at tags: [String]) -> String {
        (prefixByPath[tags.joined(separator: "/")] ?? packagePrefix) + (tags.last ?? "")
    }

    /// `/m:Declaration/m:GoodsShipment` for the tags from the root.
    func absolutePath(_ tags: [String]) -> String {
        (1...max(1, tags.count)).map { "/" + name(at: Array(tags.prefix($0))) }.joined()
    }
}
