/// One node of an information package's tree: a class (which groups children) or a data
/// element (which holds a value), placed under its parent with an XML tag and a cardinality.
///
/// A node is self-contained once loaded: its name, format and code list are copied from the
/// dictionary (and tightened by a profile), so that validators never look anything up.
public struct PackageNode: Sendable, Hashable, Codable {
    /// Whether the node groups children or holds a value.
    public enum Kind: String, Sendable, Codable {
        /// A WCO DM class such as `67A` GoodsShipment.
        case `class`
        /// A data element such as `017`.
        case element
        /// A wildcard (`xs:any`, lax or skip) from an imported schema: see `Wildcard`.
        case wildcard
    }

    /// The XML element name (and JSON key), e.g. `FunctionCode`.
    public var tag: String
    /// The WCO ID; nil only for a national addition, which has a `nationalID` instead.
    public var id: WCOIdentifier?
    /// Class or element.
    public var kind: Kind
    /// The WCO name, or the addition's own name.
    public var name: String
    /// How often it may occur under its parent.
    public var cardinality: Cardinality
    /// The procedures in which this position is used: the dictionary's usage narrowed by the
    /// parent's.
    public var usage: Set<Usage>
    /// The value format (elements only).
    public var format: Format?
    /// The code list of its values (elements only).
    public var codeListID: String?
    /// When set, only these codes of the code list are allowed here.
    public var allowedCodes: [String]?
    /// Patterns the value must match, all of them (a package's, then a profile's).
    public var patterns: [XSDPattern] = []
    /// Attributes that qualify the value (`currencyID`, `unitCode`, `formatCode`).
    public var attributes: [AttributeDefinition]
    /// The name a national profile gives this node (e.g. "LRN").
    public var nationalName: String?
    /// The national data element number a profile gives this node (e.g. "XA 2/5").
    public var nationalID: String?
    /// A description, for national additions (dictionary elements have theirs in the dictionary).
    public var description: String?
    /// True for an element a national profile adds to its base.
    public var isNationalAddition: Bool
    /// The child nodes, in document order.
    public var children: [PackageNode]
    /// When set, this node is one alternative of a choice among its adjacent siblings that carry
    /// the same group.
    public var choice: ChoiceGroup?
    /// What only imported schemas give a node, kept behind one reference: a node is copied by
    /// value through every recursive walk of the tree, and these fields would triple its size.
    public var imported: Box<ImportedDetails>?

    /// The element's XML namespace when it differs from the package's (imported schemas mix
    /// namespaces: an envelope's, a declaration's, a data-type schema's); nil means the
    /// package's namespace, and "" no namespace.
    public var namespace: String? {
        get { imported?.value.namespace }
        set { updateImported { $0.namespace = newValue } }
    }
    /// For an element imported from an XSD: its value type as the schema defines it. When set,
    /// it is what validation checks; `format` is then the WCO annotation, shown but not enforced.
    public var valueType: XSDValueType? {
        get { imported?.value.valueType }
        set { updateImported { $0.valueType = newValue } }
    }
    /// WCO metadata of an imported element that the dictionary would otherwise hold.
    public var annotations: WCOAnnotations? {
        get { imported?.value.annotations }
        set { updateImported { $0.annotations = newValue } }
    }
    /// For a wildcard node: what it admits.
    public var wildcard: Wildcard? {
        get { imported?.value.wildcard }
        set { updateImported { $0.wildcard = newValue } }
    }

    private mutating func updateImported(_ change: (inout ImportedDetails) -> Void) {
        var details = imported?.value ?? ImportedDetails()
        change(&details)
        imported = details == ImportedDetails() ? nil : Box(details)
    }
    /// Where the node was defined.
    public var origin: SourceLocation?

    /// Creates a node.
    public init(
        tag: String, id: WCOIdentifier?, kind: Kind, name: String, cardinality: Cardinality = .optional,
        usage: Set<Usage> = [], format: Format? = nil, codeListID: String? = nil, allowedCodes: [String]? = nil,
        attributes: [AttributeDefinition] = [], nationalName: String? = nil, nationalID: String? = nil,
        description: String? = nil, isNationalAddition: Bool = false, children: [PackageNode] = [],
        origin: SourceLocation? = nil
    ) {
        self.tag = tag
        self.id = id
        self.kind = kind
        self.name = name
        self.cardinality = cardinality
        self.usage = usage
        self.format = format
        self.codeListID = codeListID
        self.allowedCodes = allowedCodes
        self.attributes = attributes
        self.nationalName = nationalName
        self.nationalID = nationalID
        self.description = description
        self.isNationalAddition = isNationalAddition
        self.children = children
        self.origin = origin
    }

    /// The node's pointer segment: its WCO ID, or for a national addition its tag (national IDs
    /// such as `XA 2/5` may hold a `/`, tags never do, and tags are unique among siblings).
    public var pointerSegment: String { imported?.value.pointerSegment ?? id?.rawValue ?? tag }

    /// Gives the node its own pointer segment: for an imported element whose sibling of another
    /// namespace has the same WCO ID, `ID{namespace}` keeps every pointer unique.
    public mutating func setPointerSegment(_ segment: String?) {
        updateImported { $0.pointerSegment = segment }
    }
}

/// A node together with where it sits in its package.
public struct LocatedNode: Sendable {
    /// The node itself.
    public let node: PackageNode
    /// Its WCO pointer, e.g. `42A/67A/68A/03A/226`.
    public let pointer: Pointer
    /// Its tags from the root, e.g. `["Declaration", "GoodsShipment"]`.
    public let tagPath: [String]
    /// 0 for the root.
    public var depth: Int { tagPath.count - 1 }
    /// `/Declaration/GoodsShipment`, the instance path without positions.
    public var path: String { "/" + tagPath.joined(separator: "/") }
}

extension PackageNode {
    /// Every node of the subtree in document order (the node itself first), with pointers.
    public func located(under parent: Pointer? = nil, tags: [String] = []) -> [LocatedNode] {
        var result: [LocatedNode] = []
        func visit(_ node: PackageNode, _ pointer: Pointer, _ tags: [String]) {
            result.append(LocatedNode(node: node, pointer: pointer, tagPath: tags))
            for child in node.children {
                visit(child, pointer.appending(child.pointerSegment), tags + [child.tag])
            }
        }
        visit(self, parent?.appending(pointerSegment) ?? Pointer([pointerSegment]), tags + [tag])
        return result
    }
}

/// The fields of a node that only imported schemas set (see `PackageNode.imported`).
public struct ImportedDetails: Sendable, Hashable, Codable {
    /// See `PackageNode.namespace`.
    public var namespace: String?
    /// See `PackageNode.valueType`.
    public var valueType: XSDValueType?
    /// See `PackageNode.annotations`.
    public var annotations: WCOAnnotations?
    /// See `PackageNode.wildcard`.
    public var wildcard: Wildcard?
    /// See `PackageNode.setPointerSegment`.
    public var pointerSegment: String?

    /// No details.
    public init() {}
}

/// An immutable value behind a reference, so that large, rarely set fields do not make the
/// struct that holds them large. Equality, hashing and coding are the value's.
public final class Box<Value: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    /// The value.
    public let value: Value

    /// Boxes `value`.
    public init(_ value: Value) { self.value = value }

    public static func == (a: Box, b: Box) -> Bool { a.value == b.value }
    public func hash(into hasher: inout Hasher) { value.hash(into: &hasher) }
    public init(from decoder: any Decoder) throws { value = try Value(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
