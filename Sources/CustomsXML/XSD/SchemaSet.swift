import CustomsModel

/// Every schema document reachable from a set of entry schemas through `xs:import` and
/// `xs:include`, with their global components by qualified name.
///
/// `schemaLocation`s are followed relative to the file that names them; a location with a URL
/// scheme (`http:`, `https:`, …) is refused, so the network is never used. `xs:redefine` and
/// `xs:override` are refused by name, as is an `xs:include` of a schema without the includer's
/// target namespace.
struct SchemaSet {
    /// One schema file.
    struct Document {
        /// Its path.
        let path: String
        /// `ContentDigest` of the bytes it was read from.
        let digest: String
        /// Its `xs:schema` element.
        let root: SchemaElement
        /// Its target namespace ("" for none).
        let targetNamespace: String
        /// True when local elements are namespace-qualified (`elementFormDefault="qualified"`).
        let qualifiesElements: Bool
        /// True when local attributes are qualified (`attributeFormDefault="qualified"`).
        let qualifiesAttributes: Bool
    }

    /// A global component and the document that declares it.
    struct Component {
        /// Its declaration.
        let element: SchemaElement
        /// Where it is declared.
        let document: Document
    }

    /// The documents in the order they were read (entries first).
    private(set) var documents: [Document] = []
    private(set) var elements: [QualifiedName: Component] = [:]
    private(set) var complexTypes: [QualifiedName: Component] = [:]
    private(set) var simpleTypes: [QualifiedName: Component] = [:]
    private(set) var groups: [QualifiedName: Component] = [:]
    private(set) var attributeGroups: [QualifiedName: Component] = [:]
    private(set) var attributes: [QualifiedName: Component] = [:]

    /// Reads `entries` and everything they import or include.
    static func load(entries: [String]) throws(XSDImportError) -> SchemaSet {
        var set = SchemaSet()
        var seen: Set<String> = []
        var queue = entries.map { SchemaPath.normalized($0) }
        while !queue.isEmpty {
            let path = queue.removeFirst()
            guard seen.insert(path).inserted else { continue }
            let root: SchemaElement
            let digest: String
            do {
                (root, digest) = try SchemaDocumentReader.read(path: path)
            } catch {
                throw XSDImportError(
                    at: SourceLocation(file: path, line: error.line, column: error.column), error.message)
            }
            guard root.isSchema("schema") else {
                throw XSDImportError(at: root.location(in: path), "the root is <\(root.name)>, not xs:schema")
            }
            let document = Document(
                path: path, digest: digest, root: root, targetNamespace: root.attributes["targetNamespace"] ?? "",
                qualifiesElements: root.attributes["elementFormDefault"] == "qualified",
                qualifiesAttributes: root.attributes["attributeFormDefault"] == "qualified")
            try set.add(document, queue: &queue)
        }
        return set
    }

    private mutating func add(_ document: Document, queue: inout [String]) throws(XSDImportError) {
        documents.append(document)
        if includes[document.path] == nil { importedNamespaces.insert(document.targetNamespace) }
        for child in document.root.schemaChildren {
            let name = child.attributes["name"].map { QualifiedName(namespace: document.targetNamespace, name: $0) }
            switch child.name {
            case "import", "include":
                guard let location = child.attributes["schemaLocation"] else { continue }
                if SchemaPath.hasScheme(location) {
                    throw XSDImportError(
                        at: child.location(in: document.path),
                        "schemaLocation '\(location)' is a URL: customs never uses the network; give a local copy")
                }
                let target = SchemaPath.normalized(SchemaPath.directory(of: document.path) + "/" + location)
                if child.name == "include" {
                    includes[target] = document.targetNamespace
                } else if let namespace = child.attributes["namespace"], !importedNamespaces.insert(namespace).inserted
                {
                    // As libxml2 does: a namespace is imported once; a second xs:import of it
                    // (often another copy of the same file) is skipped.
                    continue
                }
                queue.append(target)
            case "element": try register(&elements, name, child, document)
            case "complexType": try register(&complexTypes, name, child, document)
            case "simpleType": try register(&simpleTypes, name, child, document)
            case "group": try register(&groups, name, child, document)
            case "attributeGroup": try register(&attributeGroups, name, child, document)
            case "attribute": try register(&attributes, name, child, document)
            case "notation": continue
            default:
                throw XSDImportError(
                    at: child.location(in: document.path), "xs:\(child.name) is outside the XSD subset customs imports")
            }
        }
        if let includer = includes[document.path], includer != document.targetNamespace {
            throw XSDImportError(
                at: document.root.location(in: document.path),
                "included with target namespace '\(includer)' but declares '\(document.targetNamespace)' (chameleon includes are not supported)"
            )
        }
    }

    /// Included files and the target namespace of the schema that includes them.
    private var includes: [String: String] = [:]
    /// Namespaces already imported (or given as entries), each read from one location only.
    private var importedNamespaces: Set<String> = []

    private func register(
        _ table: inout [QualifiedName: Component], _ name: QualifiedName?, _ element: SchemaElement,
        _ document: Document
    ) throws(XSDImportError) {
        guard let name else {
            throw XSDImportError(at: element.location(in: document.path), "a global xs:\(element.name) needs a name")
        }
        if let twin = table[name], twin.document.path != document.path || twin.element.line != element.line {
            throw XSDImportError(
                at: element.location(in: document.path),
                "xs:\(element.name) \(name) is declared twice (first at \(twin.document.path):\(twin.element.line))")
        }
        table[name] = Component(element: element, document: document)
    }
}

/// Path arithmetic for schema locations, without Foundation.
enum SchemaPath {
    /// True for `http://…`, `urn:…` and other locations with a URL scheme (but not `C:\…`).
    static func hasScheme(_ location: String) -> Bool {
        guard let colon = location.firstIndex(of: ":") else { return false }
        let scheme = location[..<colon]
        return scheme.count > 1 && scheme.allSatisfy { $0.isLetter || $0.isNumber || "+-.".contains($0) }
    }

    /// The folder part of `path` ("." for a bare name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `a/b/../c/./d` → `a/c/d`, so that one file read twice is recognised.
    static func normalized(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            parts.append(part)
        }
        return (absolute ? "/" : "") + parts.joined(separator: "/")
    }
}

/// A schema that cannot be imported: where, and why.
public struct XSDImportError: Error, Sendable, CustomStringConvertible {
    /// The schema construct it is about (line 0 when it concerns a whole file).
    public let location: SourceLocation
    /// What is wrong, naming the construct.
    public let message: String

    /// The schema file.
    public var file: String { location.file }
    /// The 1-based line (0 when unknown).
    public var line: Int { location.line }

    /// Further problems found with this one (under `--strict`, every other warning).
    public let others: [XSDImportError]

    init(at location: SourceLocation, _ message: String, others: [XSDImportError] = []) {
        self.location = location
        self.message = message
        self.others = others
    }

    init(file: String, line: Int, _ message: String) { self.init(at: SourceLocation(file: file, line: line), message) }

    /// `file:line:column: error[xsd]: message`, one line for this problem and each other one.
    public var description: String {
        ([self] + others).map { "\($0.location): error[xsd]: \($0.message)" }.joined(separator: "\n")
    }
}
