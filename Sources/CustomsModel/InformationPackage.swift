/// A WCO DM information package (declaration, response, …), a derived package (e-CO,
/// e-commerce) or a national profile (MyIP): a named, versioned tree of classes and elements.
public struct InformationPackage: Sendable, Codable, Identifiable {
    /// What kind of package it is.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A base package of the WCO DM (Declaration, Response, …).
        case base
        /// A derived information package (DIP) for another standard or region.
        case derived
        /// A national, regional or corporate profile of a package (a "MyIP").
        case profile
    }

    /// Our identifier, e.g. `wco-declaration`.
    public let id: String
    /// The title, e.g. "WCO DM Declaration (import and export)".
    public let name: String
    /// The package's own version, e.g. the DM version `3.6` or a profile's `1.0`.
    public let version: String
    /// Base, derived or profile.
    public let kind: Kind
    /// For profiles and derived packages built by restriction: the package they restrict.
    public let baseID: String?
    /// For profiles: the ISO 3166-1 code of the administration (user-assigned `XA`…`XZ` for
    /// fictitious ones).
    public let country: String?
    /// What it is for, in our own words.
    public let description: String
    /// The XML namespace of its messages, if it has one.
    public let namespace: String?
    /// The root of the tree.
    public let root: PackageNode
    /// The definition file it was loaded from.
    public let origin: SourceLocation?

    /// Creates a package.
    public init(
        id: String, name: String, version: String, kind: Kind, baseID: String? = nil, country: String? = nil,
        description: String = "", namespace: String? = nil, root: PackageNode, origin: SourceLocation? = nil
    ) {
        self.id = id
        self.name = name
        self.version = version
        self.kind = kind
        self.baseID = baseID
        self.country = country
        self.description = description
        self.namespace = namespace
        self.root = root
        self.origin = origin
    }

    /// Every node in document order, with its pointer.
    public var nodes: [LocatedNode] { root.located() }

    /// The number of data element positions (leaves that hold values).
    public var elementCount: Int { nodes.count { $0.node.kind == .element } }

    /// The node a pointer names, if the package has it.
    public func node(at pointer: Pointer) -> LocatedNode? {
        guard pointer.segments.first == root.pointerSegment else { return nil }
        var node = root
        var tags = [root.tag]
        for segment in pointer.segments.dropFirst() {
            guard let child = node.children.first(where: { $0.pointerSegment == segment }) else { return nil }
            node = child
            tags.append(child.tag)
        }
        return LocatedNode(node: node, pointer: pointer, tagPath: tags)
    }
}
