import CustomsModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A package node compiled for validation: tags as bytes for comparison without Strings, value
/// rules ready to run, and what diagnostics need to name it. Immutable once built, so one tree
/// serves every thread.
public final class CompiledNode: Sendable {
    /// The XML tag as UTF-8 bytes.
    public let tagBytes: [UInt8]
    /// The tag.
    public let tag: String
    /// True for a class (children only), false for an element (a value).
    public let isClass: Bool
    /// Least occurrences under its parent.
    public let minOccurs: Int
    /// Most occurrences, `Int.max` when unbounded.
    public let maxOccurs: Int
    /// The children, in the order they must appear.
    public let children: [CompiledNode]
    /// The value rule (elements only).
    public let value: ValueRule?
    /// The attributes it allows.
    public let attributes: [CompiledAttribute]
    /// For dates: the layouts of the codes its `formatCode` attribute may carry.
    public let dateFormats: [String: DateTimeFormat]
    /// `/Declaration/GoodsShipment`: the definition path.
    public let definitionPath: String
    /// The WCO ID, if any.
    public let wcoID: String?
    /// The WCO pointer.
    public let pointer: String
    /// The name a profile gives it.
    public let nationalName: String?
    /// The national data-element number a profile or an imported schema gives it.
    public let nationalID: String?
    /// The WCO (or addition's) name.
    public let name: String
    /// The choice this node is an alternative of, if any.
    public let choice: ChoiceGroup?
    /// The node's own namespace when it is not the package's (nil: the package's).
    public let namespace: String?
    /// For a wildcard: what it admits.
    public let wildcard: Wildcard?
    /// The JSON binding's member key of each child (`CompiledNode.jsonKeys(of:)`), by ordinal.
    public let jsonKeys: [String]

    init(
        node: PackageNode, path: String, pointer: String, children: [CompiledNode], value: ValueRule?,
        attributes: [CompiledAttribute], dateFormats: [String: DateTimeFormat]
    ) {
        self.tag = node.tag
        self.tagBytes = Array(node.tag.utf8)
        self.isClass = node.kind == .class
        self.minOccurs = node.cardinality.min
        self.maxOccurs = node.cardinality.max ?? .max
        self.children = children
        self.value = value
        self.attributes = attributes
        self.dateFormats = dateFormats
        self.definitionPath = path
        self.wcoID = node.id?.rawValue
        self.pointer = pointer
        self.nationalName = node.nationalName
        self.nationalID = node.nationalID
        self.name = node.name
        self.choice = node.choice
        self.namespace = node.namespace
        self.wildcard = node.wildcard
        self.jsonKeys = Self.jsonKeys(of: children)
    }

    /// The JSON key of each of `children`: its tag, unless siblings share the tag in different
    /// namespaces (imported schemas have such pairs: a response's own `Declaration` beside the
    /// declaration it answers). Then the one in the package's namespace, or else the first,
    /// keeps the tag, and every other one is keyed `{namespace}tag` (`ClarkName`), so that no
    /// object has two members of one name.
    static func jsonKeys(of children: [CompiledNode]) -> [String] {
        var keys = children.map(\.tag)
        let groups = Dictionary(grouping: children.indices, by: { children[$0].tag })
        for (_, ordinals) in groups where ordinals.count > 1 {
            let namespaces = Set(ordinals.map { children[$0].namespace })
            guard namespaces.count > 1 else { continue }  // one namespace: positions of one element
            let plain = ordinals.first { children[$0].namespace == nil } ?? ordinals[0]
            for ordinal in ordinals where ordinal != plain {
                keys[ordinal] = ClarkName.key(namespace: children[ordinal].namespace ?? "", tag: children[ordinal].tag)
            }
        }
        return keys
    }

    /// True when the node may occur more than once (instance paths then show positions): it
    /// repeats, or its choice does.
    public var isRepeating: Bool { maxOccurs > 1 || (choice?.cardinality.isRepeating ?? false) }

    /// The index of the child whose tag is `name`, or nil. Used when reporting; validation
    /// itself looks children up in the package's `NodeTable`.
    public func childIndex(named name: UnsafeBufferPointer<UInt8>) -> Int? {
        children.firstIndex { Bytes.equal(name, $0.tagBytes) }
    }

    /// How people should read the node's name in a message: the national name if any.
    var displayName: String { nationalName.map { "\(tag) («\($0)»)" } ?? tag }
}

/// An attribute allowed on an element, compiled.
public struct CompiledAttribute: Sendable {
    /// The attribute name as UTF-8.
    public let nameBytes: [UInt8]
    /// The attribute name.
    public let name: String
    /// True when it must be present.
    public let isRequired: Bool
    /// Allowed values (collapsed, as `xs:token`), if restricted.
    public let codes: Set<String>?
    /// Their code list.
    public let codeListID: String?
    /// The codes, for lookups by bytes.
    public let codeSet: CodeSet?
    /// The value type of an attribute imported from an XSD.
    public let rule: ValueRule?
    /// True for `formatCode`, whose value says how the element's date/time is written.
    public let isFormatCode: Bool

    init(
        nameBytes: [UInt8], name: String, isRequired: Bool, codes: Set<String>?, codeListID: String?,
        rule: ValueRule? = nil
    ) {
        self.rule = rule
        self.nameBytes = nameBytes
        self.name = name
        self.isRequired = isRequired
        self.codes = codes
        self.codeListID = codeListID
        self.codeSet = codes.map(CodeSet.init)
        self.isFormatCode = name == "formatCode"
    }
}
