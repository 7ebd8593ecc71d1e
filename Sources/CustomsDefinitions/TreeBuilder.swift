import CustomsModel
import Yams

/// Builds a package's own tree (`root:`) from its YAML nodes, taking each node's name, format,
/// code list and usage from the dictionary.
///
/// A node with a `name` describes itself (imported packages, see `DescribedNodeReader`).
/// Node keys: `tag`, `id`, `occurs` (default `0..1`), `usage`, `format` and `codeList` (to
/// tighten the dictionary's), `codes` (allowed subset), `attributes` (names defined in the
/// package's `attributes:`), `children` (classes only). A child may instead be a choice
/// (`choice`, `occurs`, `of`: see `ChoiceGroup`).
struct TreeBuilder {
    static let nodeKeys = [
        "tag", "id", "occurs", "usage", "format", "codeList", "codes", "pattern", "attributes", "children",
    ]
    /// The most nodes one package may have: YAML aliases can multiply a small file into a huge
    /// tree, and a broken file must not make the loader hang.
    static let maximumNodes = 100_000

    let file: String
    let elements: [WCOIdentifier: DataElement]
    let classes: [WCOIdentifier: ClassDefinition]
    let codeLists: [String: CodeList]
    let attributes: [String: AttributeDefinition]
    private var built = 0

    init(
        file: String, elements: [WCOIdentifier: DataElement], classes: [WCOIdentifier: ClassDefinition],
        codeLists: [String: CodeList], attributes: [String: AttributeDefinition]
    ) {
        self.file = file
        self.elements = elements
        self.classes = classes
        self.codeLists = codeLists
        self.attributes = attributes
    }

    /// Builds the subtree at `yaml`; `parentUsage` nil means unrestricted.
    mutating func build(_ yaml: Node, parentUsage: Set<Usage>?, log: inout ProblemLog) -> PackageNode? {
        built += 1
        guard built <= Self.maximumNodes else {
            if built == Self.maximumNodes + 1 {
                log.report(
                    .invalidValue, at: yaml.location(in: file),
                    "the tree has more than \(Self.maximumNodes) nodes (are YAML aliases nested?)")
            }
            return nil
        }
        guard let map = YAMLMap(yaml, file: file, what: "a node", log: &log) else { return nil }
        let described = map.node("name") != nil
        if !described { map.rejectUnknownKeys(allowed: Self.nodeKeys, in: "a node", log: &log) }
        guard let tag = map.required("tag", in: "a node", log: &log) else { return nil }
        guard XMLName.isValid(tag) else {
            log.report(.invalidValue, at: map.location(of: "tag"), id: tag, "'\(tag)' is not a valid XML element name")
            return nil
        }
        if described {
            guard var node = DescribedNodeReader.node(map, tag: tag, log: &log) else { return nil }
            if node.kind == .class {
                node.children = buildChildren(
                    map.list("children", log: &log), of: tag, usage: Set(Usage.allCases), log: &log)
                if node.usage.isEmpty {
                    node.usage = node.children.reduce(into: Set<Usage>()) { $0.formUnion($1.usage) }
                }
            }
            return node
        }
        guard let rawID = map.required("id", in: "node \(tag)", log: &log) else { return nil }
        let id = WCOIdentifier(rawID)
        let cardinality = map.cardinality("occurs", log: &log) ?? .optional
        let explicitUsage = map.usage("usage", log: &log)
        let contextUsage = [explicitUsage, parentUsage].compactMap { $0 }.reduce(Set(Usage.allCases)) {
            $0.intersection($1)
        }

        if let definition = classes[id] {
            for key in ["format", "codeList", "codes", "pattern", "attributes"] where map.node(key) != nil {
                log.report(
                    .invalidValue, at: map.location(of: key), id: rawID,
                    "'\(key)' applies to elements, not to class \(rawID)")
            }
            let childNodes = map.list("children", log: &log)
            if childNodes.isEmpty {
                log.report(.missingField, at: map.location, id: rawID, "class \(rawID) (\(tag)) needs 'children'")
            }
            let children = buildChildren(childNodes, of: tag, usage: contextUsage, log: &log)
            let usage = children.reduce(into: Set<Usage>()) { $0.formUnion($1.usage) }
            return PackageNode(
                tag: tag, id: id, kind: .class, name: definition.name, cardinality: cardinality,
                usage: usage.isEmpty ? contextUsage : usage, children: children, origin: map.location(of: "tag"))
        }

        guard let element = elements[id] else {
            let known = elements.keys.map(\.rawValue) + classes.keys.map(\.rawValue)
            log.reportDangling(id.isClass ? "class" : "element", rawID, at: map.location(of: "id"), known: known)
            return nil
        }
        if map.node("children") != nil {
            log.report(
                .invalidValue, at: map.location(of: "children"), id: rawID,
                "element \(rawID) holds a value and cannot have children")
        }
        var format = element.format
        if let tighter = map.format("format", id: rawID, log: &log) {
            if tighter.isWithin(element.format) {
                format = tighter
            } else {
                log.report(
                    .loosensBase, at: map.location(of: "format"), id: rawID,
                    "format \(tighter) is looser than the dictionary's \(element.format) for \(rawID)")
            }
        }
        var codeListID = element.codeListID
        if let list = map.string("codeList", log: &log) {
            if codeLists[list] == nil {
                log.reportDangling("code list", list, at: map.location(of: "codeList"), known: codeLists.keys)
            } else {
                codeListID = list
            }
        }
        let codes = map.strings("codes", log: &log)
        if let codes {
            if let codeListID, let list = codeLists[codeListID] {
                for code in codes where !list.contains(code) {
                    log.report(
                        .danglingReference, at: map.location(of: "codes"), id: code,
                        "code '\(code)' is not in \(codeListID)")
                }
            } else {
                log.report(
                    .invalidValue, at: map.location(of: "codes"), id: rawID, "'codes' needs a code list to choose from")
            }
        }
        let patterns = map.pattern("pattern", id: rawID, log: &log).map { [$0] } ?? []
        var nodeAttributes: [AttributeDefinition] = []
        for name in map.strings("attributes", log: &log) ?? [] {
            guard let definition = attributes[name] else {
                log.reportDangling("attribute", name, at: map.location(of: "attributes"), known: attributes.keys)
                continue
            }
            nodeAttributes.append(definition)
        }
        var node = PackageNode(
            tag: tag, id: id, kind: .element, name: element.name, cardinality: cardinality,
            usage: element.usage.intersection(contextUsage), format: format, codeListID: codeListID,
            allowedCodes: codes,
            attributes: nodeAttributes, origin: map.location(of: "tag"))
        node.patterns = patterns
        return node
    }

    /// The children of class `parentTag`: nodes, and choices whose alternatives become children
    /// marked with their group. Tags and pointer segments must be unique among all of them.
    private mutating func buildChildren(
        _ yamlNodes: [Node], of parentTag: String, usage: Set<Usage>, log: inout ProblemLog
    ) -> [PackageNode] {
        var children: [PackageNode] = []
        var groupNames: Set<String> = []
        func add(_ child: PackageNode) {
            let clash = { (other: PackageNode) in
                (other.tag == child.tag && other.namespace == child.namespace)
                    || other.pointerSegment == child.pointerSegment
            }
            if let twin = children.first(where: clash) {
                let what =
                    twin.tag == child.tag
                    ? "tag \(child.tag)" : "ID \(child.pointerSegment), so their pointers would be the same"
                log.report(
                    .duplicateID, at: child.origin ?? SourceLocation(file: file, line: 0, column: 0),
                    id: child.pointerSegment, "two children of \(parentTag) share the \(what)")
                return
            }
            children.append(child)
        }
        for yamlNode in yamlNodes {
            if Self.has("any", yamlNode) {
                if let wildcard = DescribedNodeReader.wildcard(yamlNode, file: file, log: &log) {
                    children.append(wildcard)
                }
                continue
            }
            guard Self.has("choice", yamlNode) else {
                if let child = build(yamlNode, parentUsage: usage, log: &log) { add(child) }
                continue
            }
            guard let choice = choiceGroup(yamlNode, of: parentTag, log: &log) else { continue }
            guard groupNames.insert(choice.group.name).inserted else {
                log.report(
                    .duplicateID, at: choice.location, id: choice.group.name,
                    "two choices of \(parentTag) share the name \(choice.group.name)")
                continue
            }
            for alternative in choice.alternatives {
                guard var child = build(alternative, parentUsage: usage, log: &log) else { continue }
                child.choice = choice.group
                add(child)
            }
        }
        return children
    }

    /// True when `yaml` is a mapping with `key`: what tells a choice or a wildcard from a node.
    private static func has(_ key: String, _ yaml: Node) -> Bool {
        guard case .mapping(let mapping) = yaml else { return false }
        return mapping.contains { $0.key.scalar?.string == key }
    }

    /// The keys of a choice: `choice` (its name), `occurs` (default `1`), `of` (the alternatives).
    static let choiceKeys = ["choice", "occurs", "of"]

    /// Reads a choice's own keys; its alternatives are built by the caller.
    private func choiceGroup(
        _ yaml: Node, of parentTag: String, log: inout ProblemLog
    ) -> (group: ChoiceGroup, alternatives: [Node], location: SourceLocation)? {
        guard let map = YAMLMap(yaml, file: file, what: "a choice", log: &log) else { return nil }
        map.rejectUnknownKeys(allowed: Self.choiceKeys, in: "a choice", log: &log)
        guard let name = map.required("choice", in: "a choice", log: &log) else { return nil }
        let cardinality = map.cardinality("occurs", log: &log) ?? .required
        let alternatives = map.list("of", log: &log)
        if alternatives.isEmpty {
            log.report(
                .missingField, at: map.location, id: name,
                "choice \(name) of \(parentTag) needs its alternatives in 'of'")
            return nil
        }
        for alternative in alternatives {
            if Self.has("choice", alternative) {
                log.report(
                    .invalidValue, at: alternative.location(in: file), id: name,
                    "choice \(name): an alternative is a node; choices inside choices are not supported")
                return nil
            }
        }
        return (ChoiceGroup(name: name, cardinality: cardinality), alternatives, map.location(of: "choice"))
    }
}

/// XML element names as definition files may use them: a letter or `_`, then letters, digits,
/// `_`, `-`, `.` (no prefixes: namespaces belong to the package).
enum XMLName {
    static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-.".unicodeScalars.contains($0)
        }
    }
}
