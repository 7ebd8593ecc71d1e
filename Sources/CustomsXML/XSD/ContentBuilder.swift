import CustomsModel

/// Builds package nodes from element declarations and complex types: sequences and choices of
/// elements with their occurrences, simple content with attributes, strict wildcards resolved
/// to the global elements they admit. What is outside the subset is refused with its file,
/// line and name; nothing is silently dropped.
struct ContentBuilder {
    let schemas: SchemaSet
    let types: SimpleTypeBuilder
    /// Named types, groups and referenced elements being expanded, to refuse recursion (a
    /// recursive content model cannot be unfolded into a package tree).
    private var expanding: [String] = []
    /// Nodes built so far, against `maximumNodes`.
    private var built = 0
    /// The most nodes one imported package may have.
    static let maximumNodes = 100_000
    /// Warnings about annotations.
    private(set) var warnings = XSDImportWarnings()
    /// Where each node's `WCOID` annotation is, by the node's origin (its declaration), for the
    /// reuse warnings that can only be given once the tree is whole.
    private(set) var idSites: [SourceLocation: SourceLocation] = [:]

    init(schemas: SchemaSet) {
        self.schemas = schemas
        self.types = SimpleTypeBuilder(schemas: schemas)
    }

    /// What a complex (or simple) type gives an element.
    struct Content {
        /// The value type, for simple content.
        var value: XSDValueType?
        /// Attributes.
        var attributes: [AttributeDefinition] = []
        /// Child nodes, for element content.
        var children: [PackageNode] = []
    }

    // MARK: - Elements

    /// The node for an element declaration (local, global, or a `ref` to a global one), with
    /// the occurrences of the particle that places it.
    mutating func element(
        _ declaration: SchemaElement, in document: SchemaSet.Document, isGlobal: Bool, cardinality: Cardinality
    ) throws(XSDImportError) -> PackageNode {
        let place = SchemaPlace(document: document, element: declaration)
        if let reference = declaration.attributes["ref"] {
            guard let name = declaration.resolve(reference), let global = schemas.elements[name] else {
                throw place.error("the element \(reference) is not declared in the schemas read")
            }
            try enter("element \(name)", at: place)
            defer { expanding.removeLast() }
            return try element(global.element, in: global.document, isGlobal: true, cardinality: cardinality)
        }
        built += 1
        guard built <= Self.maximumNodes else { throw place.error("more than \(Self.maximumNodes) element positions") }
        guard let tag = declaration.attributes["name"] else { throw place.error("an xs:element needs a name or a ref") }
        for unsupported in ["substitutionGroup", "fixed", "default"] where declaration.attributes[unsupported] != nil {
            throw place.error("element \(tag): '\(unsupported)' is outside the XSD subset customs imports")
        }
        if declaration.attributes["nillable"] == "true" || declaration.attributes["abstract"] == "true" {
            throw place.error(
                "element \(tag): nillable and abstract elements are outside the XSD subset customs imports")
        }
        let qualified =
            isGlobal || declaration.attributes["form"].map { $0 == "qualified" } ?? document.qualifiesElements
        var annotations = WCOAnnotationReader(declaration, in: document.path)
        var content = Content()
        if let typeName = declaration.attributes["type"] {
            guard let name = declaration.resolve(typeName) else {
                throw place.error("undeclared prefix in '\(typeName)'")
            }
            if let simple = try types.valueType(named: name, at: place) {
                content.value = simple
            } else if let complex = schemas.complexTypes[name] {
                annotations = annotations.merged(
                    with: WCOAnnotationReader(complex.element, in: complex.document.path))
                content = try complexType(complex.element, in: complex.document, key: name.description)
            }
        } else if let inline = declaration.schemaChildren.first(where: { $0.isSchema("complexType") }) {
            content = try complexType(inline, in: document, key: nil)
        } else if let inline = declaration.schemaChildren.first(where: { $0.isSchema("simpleType") }) {
            content.value = try types.valueType(of: inline, in: document)
        } else {
            throw place.error("element \(tag) has no type (xs:anyType is outside the subset customs imports)")
        }
        var node = PackageNode(
            tag: tag, id: annotations.wcoID, kind: content.value == nil ? .class : .element,
            name: annotations.wcoName ?? tag, cardinality: cardinality, usage: annotations.usage,
            format: content.value == nil ? nil : annotations.format, attributes: content.attributes,
            children: content.children,
            origin: declaration.location(in: document.path))
        if node.kind == .class && node.usage.isEmpty {
            node.usage = content.children.reduce(into: Set<Usage>()) { $0.formUnion($1.usage) }
        }
        node.namespace = qualified ? document.targetNamespace : ""
        node.valueType = content.value
        node.annotations = annotations.annotations
        node.nationalID = node.annotations?.nationalNumbers.first?.number
        note(annotations, of: node)
        return node
    }

    /// Records where `node`'s ID is annotated, and warns about a placeholder ID and a format
    /// the value's facets contradict.
    private mutating func note(_ annotations: WCOAnnotationReader, of node: PackageNode) {
        if let origin = node.origin, let site = annotations.idEntry?.location { idSites[origin] = site }
        for placeholder in annotations.placeholders {
            let shown = placeholder.text.isEmpty ? "an empty WCOID" : "WCOID '\(placeholder.text)' is a placeholder and"
            warnings.add(
                XSDImportWarning(
                    .placeholderID, at: placeholder.location,
                    "\(shown) names no WCO ID: "
                        + (node.id.map { "<\(node.tag)> takes its type's, \($0)" }
                            ?? "<\(node.tag)> is imported as unassigned (its pointer segment is its tag)")))
        }
        guard node.kind == .element, let entry = annotations.formatEntry, let type = node.valueType else { return }
        guard let format = annotations.format else {
            warnings.add(
                XSDImportWarning(
                    .unreadableFormat, at: entry.location,
                    "WCOFormat '\(entry.text)' of <\(node.tag)> is not WCO format notation (an..35, n..16,3); it is kept as text only"
                ))
            return
        }
        if let contradiction = FormatFacets.contradiction(between: format, and: type) {
            warnings.add(
                XSDImportWarning(
                    .formatFacets, at: entry.location,
                    "WCOFormat \(format) of <\(node.tag)> \(contradiction); the facets are what is checked, as in XSD"))
        }
    }

    /// Notes that `component` is being expanded; one already being expanded contains itself.
    private mutating func enter(_ component: String, at place: SchemaPlace) throws(XSDImportError) {
        if expanding.contains(component) {
            throw place.error("the \(component) contains itself: recursive content models cannot be imported")
        }
        expanding.append(component)
    }

    // MARK: - Complex types

    /// The content of an `xs:complexType`; `key` names a named type, for the recursion check.
    mutating func complexType(
        _ type: SchemaElement, in document: SchemaSet.Document, key: String?
    )
        throws(XSDImportError) -> Content
    {
        let place = SchemaPlace(document: document, element: type)
        if type.attributes["mixed"] == "true" {
            throw place.error("mixed content is outside the XSD subset customs imports")
        }
        if let key { try enter("type \(key)", at: place) }
        defer { if key != nil { expanding.removeLast() } }
        var content = Content()
        for child in type.schemaChildren {
            switch child.name {
            case "simpleContent": content = try simpleContent(child, in: document)
            case "complexContent":
                throw SchemaPlace(document: document, element: child).error(
                    "xs:complexContent (derived complex types) is outside the XSD subset customs imports")
            case "sequence", "choice", "group", "all":
                content.children = try particle(child, in: document, multiplier: .required)
            case "attribute", "attributeGroup", "anyAttribute":
                content.attributes = try attributes(adding: child, to: content.attributes, in: document)
            default:
                throw SchemaPlace(document: document, element: child).error(
                    "xs:\(child.name) in a complex type is outside the XSD subset customs imports")
            }
        }
        return content
    }

    /// `xs:simpleContent`: an extension (a simple base, or a complex type with simple content,
    /// plus attributes) or a restriction (of a complex type with simple content: more facets,
    /// attributes changed or prohibited).
    private mutating func simpleContent(
        _ simple: SchemaElement, in document: SchemaSet.Document
    )
        throws(XSDImportError) -> Content
    {
        guard let derivation = simple.schemaChildren.first,
            derivation.isSchema("extension") || derivation.isSchema("restriction")
        else {
            throw SchemaPlace(document: document, element: simple).error(
                "xs:simpleContent needs an extension or restriction")
        }
        let place = SchemaPlace(document: document, element: derivation)
        var content = Content()
        if let baseName = derivation.attributes["base"], let name = derivation.resolve(baseName),
            let complex = schemas.complexTypes[name]
        {
            content = try complexType(complex.element, in: complex.document, key: name.description)
            guard content.value != nil else {
                throw place.error("the base \(name) has element content, not simple content")
            }
        } else {
            content.value = try types.baseType(of: derivation, in: document)
        }
        if derivation.isSchema("restriction") {
            content.value = try types.restrict(content.value!, with: derivation, in: document)
        } else if let stray = derivation.schemaChildren.first(where: {
            !["attribute", "attributeGroup", "anyAttribute"].contains($0.name)
        }) {
            throw SchemaPlace(document: document, element: stray).error(
                "xs:\(stray.name) in a simple-content extension is outside the XSD subset")
        }
        for child in derivation.schemaChildren
        where ["attribute", "attributeGroup", "anyAttribute"].contains(child.name) {
            content.attributes = try attributes(adding: child, to: content.attributes, in: document)
        }
        return content
    }

    // MARK: - Attributes

    /// `attributes` with the attribute (or group of them) declared by `declaration` added; a
    /// redeclared name replaces the earlier one, `use="prohibited"` removes it.
    private func attributes(
        adding declaration: SchemaElement, to attributes: [AttributeDefinition], in document: SchemaSet.Document
    ) throws(XSDImportError) -> [AttributeDefinition] {
        let place = SchemaPlace(document: document, element: declaration)
        switch declaration.name {
        case "anyAttribute":
            throw place.error("xs:anyAttribute is outside the XSD subset customs imports")
        case "attributeGroup":
            guard let reference = declaration.attributes["ref"], let name = declaration.resolve(reference),
                let group = schemas.attributeGroups[name]
            else { throw place.error("xs:attributeGroup needs a ref to a declared group") }
            var result = attributes
            for child in group.element.schemaChildren {
                result = try self.attributes(adding: child, to: result, in: group.document)
            }
            return result
        default: break
        }
        guard declaration.attributes["ref"] == nil else {
            throw place.error("attribute references (ref=) are outside the XSD subset customs imports")
        }
        guard let name = declaration.attributes["name"] else { throw place.error("an xs:attribute needs a name") }
        if declaration.attributes["form"] == "qualified"
            || (declaration.attributes["form"] == nil && document.qualifiesAttributes)
        {
            throw place.error("attribute \(name): qualified attributes are outside the XSD subset customs imports")
        }
        var result = attributes.filter { $0.name != name }
        let use = declaration.attributes["use"] ?? "optional"
        if use == "prohibited" { return result }
        var type = XSDValueType(builtin: .string)
        if let typeName = declaration.attributes["type"] {
            guard let qualified = declaration.resolve(typeName),
                let simple = try types.valueType(named: qualified, at: place)
            else { throw place.error("attribute \(name): the type \(typeName) is not a simple type") }
            type = simple
        } else if let inline = declaration.schemaChildren.first(where: { $0.isSchema("simpleType") }) {
            type = try types.valueType(of: inline, in: document)
        } else if let previous = attributes.first(where: { $0.name == name })?.valueType {
            type = previous  // a restriction that only changes the use
        }
        if let fixed = declaration.attributes["fixed"] {
            type.enumeration = [SimpleTypeBuilder.normalized(fixed, type.whitespace)]
        }
        var attribute = AttributeDefinition(name: name, isRequired: use == "required")
        attribute.valueType = type
        result.append(attribute)
        return result
    }

    // MARK: - Particles

    /// The nodes of a model group or particle, each with its occurrences multiplied by
    /// `multiplier` (the occurrences of the groups around it, when those can be folded in).
    /// `inChoice`: the particle is an alternative of a choice, where a wildcard that no
    /// declared element can fill is simply no alternative.
    mutating func particle(
        _ group: SchemaElement, in document: SchemaSet.Document, multiplier: Cardinality, inChoice: Bool = false
    ) throws(XSDImportError) -> [PackageNode] {
        let place = SchemaPlace(document: document, element: group)
        let own = try occurs(group, at: place)
        switch group.name {
        case "element":
            return [
                try element(group, in: document, isGlobal: false, cardinality: try fold(own, multiplier, at: place))
            ]
        case "group":
            guard let reference = group.attributes["ref"], let name = group.resolve(reference),
                let definition = schemas.groups[name]
            else { throw place.error("xs:group needs a ref to a declared group") }
            let inner = definition.element.schemaChildren
            guard inner.count == 1 else { throw place.error("the group \(name) needs exactly one model group") }
            try enter("group \(name)", at: place)
            defer { expanding.removeLast() }
            return try particle(
                inner[0], in: definition.document, multiplier: try fold(own, multiplier, at: place), inChoice: inChoice)
        case "sequence":
            let items = group.schemaChildren
            let outer = try fold(own, multiplier, at: place)
            if items.count == 1 { return try particle(items[0], in: document, multiplier: outer, inChoice: inChoice) }
            guard outer == .required else {
                throw place.error(
                    "a sequence of several particles that is optional or repeats (occurs \(outer)) is outside the subset customs imports"
                )
            }
            var nodes: [PackageNode] = []
            for item in items { nodes += try particle(item, in: document, multiplier: .required) }
            return nodes
        case "choice":
            return try choice(group, in: document, cardinality: try fold(own, multiplier, at: place))
        case "any":
            return try wildcard(
                group, in: document, cardinality: try fold(own, multiplier, at: place), inChoice: inChoice)
        case "all":
            throw place.error("xs:all is outside the XSD subset customs imports")
        default:
            throw place.error("xs:\(group.name) is not a particle")
        }
    }

    /// A choice: alternatives that are single elements (directly, or through groups and
    /// one-particle sequences) become a `ChoiceGroup`; one alternative becomes a plain node.
    private mutating func choice(
        _ group: SchemaElement, in document: SchemaSet.Document, cardinality: Cardinality
    )
        throws(XSDImportError) -> [PackageNode]
    {
        let place = SchemaPlace(document: document, element: group)
        var alternatives: [PackageNode] = []
        for item in group.schemaChildren {
            let nodes = try particle(item, in: document, multiplier: .required, inChoice: true)
            if nodes.contains(where: { $0.choice != nil }) || (nodes.count > 1 && !Self.isWildcard(item, schemas)) {
                throw SchemaPlace(document: document, element: item).error(
                    "a choice whose alternative is a sequence of several elements, or another choice, is outside the subset customs imports"
                )
            }
            alternatives += nodes
        }
        if alternatives.isEmpty {
            if cardinality.min == 0 { return [] }
            throw place.error("a required choice with no alternative that any declared element can fill")
        }
        if alternatives.count == 1 {
            var only = alternatives[0]
            if cardinality == .required { return [only] }
            if only.cardinality == .required {
                only.cardinality = cardinality
                return [only]
            }
        }
        let choiceGroup = ChoiceGroup(
            name: "choice-\(document.path.split(separator: "/").last ?? ""):\(group.line)", cardinality: cardinality)
        for index in alternatives.indices {
            alternatives[index].choice = choiceGroup
            if let reason = choiceGroup.ambiguity(of: alternatives[index].cardinality) {
                throw place.error("<\(alternatives[index].tag)>: \(reason)")
            }
        }
        return alternatives
    }

    /// `xs:any`. Strict: the global elements of the namespaces it admits, as alternatives (a
    /// strict wildcard admits only declared elements, which are then validated). Skip (and lax
    /// where nothing it admits is declared): one wildcard node, whose content is skipped.
    private mutating func wildcard(
        _ any: SchemaElement, in document: SchemaSet.Document, cardinality: Cardinality, inChoice: Bool
    ) throws(XSDImportError) -> [PackageNode] {
        let place = SchemaPlace(document: document, element: any)
        let process = any.attributes["processContents"] ?? "strict"
        let spec = any.attributes["namespace"] ?? "##any"
        let constraint: Wildcard
        switch spec {
        case "##any": constraint = Wildcard(process: .skip, namespaces: nil)
        case "##other":
            constraint = Wildcard(process: .skip, namespaces: nil, excluded: [document.targetNamespace, ""])
        default:
            let names = spec.split(separator: " ").map { token -> String in
                token == "##targetNamespace" ? document.targetNamespace : token == "##local" ? "" : String(token)
            }
            constraint = Wildcard(process: .skip, namespaces: Array(Set(names)).sorted())
        }
        let admitted = constraint.admits
        if process == "skip" || process == "lax" {
            // Lax content is validated where a declaration exists: imported only where the
            // schemas read declare none that it admits, when lax and skip behave alike.
            if process == "lax", let declared = schemas.elements.keys.first(where: { admitted($0.namespace) }) {
                throw place.error(
                    "a lax wildcard that admits the declared element \(declared) is not supported (lax without declarations, skip and strict are)"
                )
            }
            guard !inChoice else { throw place.error("a lax or skip wildcard inside a choice is outside the subset") }
            var wildcard = constraint
            wildcard.process = process == "lax" ? .lax : .skip
            var node = PackageNode(
                tag: "*", id: nil, kind: .wildcard, name: wildcard.summary, cardinality: cardinality,
                origin: any.location(in: document.path))
            node.wildcard = wildcard
            return [node]
        }
        guard process == "strict" else { throw place.error("processContents '\(process)' is not strict, lax or skip") }
        let globals = schemas.elements.filter { admitted($0.key.namespace) }.sorted {
            ($0.key.namespace, $0.key.name) < ($1.key.namespace, $1.key.name)
        }
        var nodes: [PackageNode] = []
        for (name, global) in globals {
            try enter("element \(name)", at: place)
            defer { expanding.removeLast() }
            nodes.append(try element(global.element, in: global.document, isGlobal: true, cardinality: cardinality))
        }
        if nodes.count > 1 && inChoice {
            // The declared elements become alternatives of the enclosing choice: the same
            // content only when the wildcard occurs at most once.
            guard cardinality.max == 1 else {
                throw place.error(
                    "a repeating wildcard with several declared elements inside a choice is outside the subset")
            }
        } else if nodes.count > 1 {
            // Several declared elements: one choice, with the wildcard's occurrences.
            let group = ChoiceGroup(name: "any-\(any.line)", cardinality: cardinality)
            for index in nodes.indices {
                nodes[index].cardinality = .required
                nodes[index].choice = group
            }
        }
        if nodes.isEmpty && cardinality.min > 0 && !inChoice {
            throw place.error(
                "a required strict wildcard (namespace \(spec)) that no element of the schemas read can fill: add the schema that declares it"
            )
        }
        return nodes
    }

    /// True when `particle` is a wildcard, directly or through groups and one-particle sequences.
    private static func isWildcard(_ particle: SchemaElement, _ schemas: SchemaSet) -> Bool {
        switch particle.name {
        case "any": return true
        case "sequence", "choice":
            let items = particle.schemaChildren
            return items.count == 1 && isWildcard(items[0], schemas)
        case "group":
            guard let reference = particle.attributes["ref"], let name = particle.resolve(reference),
                let inner = schemas.groups[name]?.element.schemaChildren, inner.count == 1
            else { return false }
            return isWildcard(inner[0], schemas)
        default: return false
        }
    }

    private func occurs(_ particle: SchemaElement, at place: SchemaPlace) throws(XSDImportError) -> Cardinality {
        let minText = particle.attributes["minOccurs"] ?? "1"
        let maxText = particle.attributes["maxOccurs"] ?? "1"
        guard let min = Int(minText), min >= 0 else {
            throw place.error("minOccurs '\(minText)' is not a whole number")
        }
        if maxText == "unbounded" { return Cardinality(min: min, max: nil) }
        guard let max = Int(maxText), max >= min else { throw place.error("maxOccurs '\(maxText)' is not valid here") }
        return Cardinality(min: min, max: max)
    }

    /// `inner` inside a group that occurs `outer` times, when that is again one range: either
    /// side is exactly once, or the inner one is `0..1` or `1` inside an unbounded repetition.
    private func fold(
        _ inner: Cardinality, _ outer: Cardinality, at place: SchemaPlace
    ) throws(XSDImportError)
        -> Cardinality
    {
        if outer == .required { return inner }
        if inner == .required { return outer }
        if outer.max == 1 && inner.min <= 1 { return Cardinality(min: outer.min * inner.min, max: inner.max) }
        if inner == .optional { return Cardinality(min: 0, max: outer.max) }
        if inner.max == 1 && outer.max == nil { return Cardinality(min: inner.min * outer.min, max: nil) }
        throw place.error(
            "occurrences \(inner) inside a group that occurs \(outer) are outside the subset customs imports")
    }
}
