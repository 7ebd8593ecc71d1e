/// An `xs:any` that admits elements of other namespaces without declaring them: a position in
/// the sequence (a `PackageNode` of kind `wildcard`) that any admitted element may fill, its
/// content not validated. Strict wildcards never become one: the importer resolves them to the
/// elements they admit, which are then validated.
public struct Wildcard: Sendable, Hashable, Codable {
    /// How the admitted content is treated.
    public enum Process: String, Sendable, Hashable, Codable {
        /// Not validated at all.
        case skip
        /// Validated where a declaration exists; the importer admits a lax wildcard only where
        /// none of the schemas read declares an element it admits, so it is skipped too.
        case lax
    }

    /// Skip or lax.
    public var process: Process
    /// The namespaces admitted ("" for none); nil admits any namespace not in `excluded`.
    public var namespaces: [String]?
    /// Namespaces not admitted (`##other`: the target namespace and no namespace).
    public var excluded: [String]

    /// A wildcard.
    public init(process: Process, namespaces: [String]?, excluded: [String] = []) {
        self.process = process
        self.namespaces = namespaces
        self.excluded = excluded
    }

    /// True when an element in `namespace` may fill the wildcard.
    public func admits(_ namespace: String) -> Bool {
        if let namespaces { return namespaces.contains(namespace) }
        return !excluded.contains(namespace)
    }

    /// `any element in urn:a, urn:b`, `any element not in urn:x or no namespace`, for people.
    public var summary: String {
        func name(_ namespace: String) -> String { namespace.isEmpty ? "no namespace" : namespace }
        if let namespaces { return "any element in \(namespaces.map(name).joined(separator: ", "))" }
        if excluded.isEmpty { return "any element" }
        return "any element not in \(excluded.map(name).joined(separator: " or "))"
    }
}
