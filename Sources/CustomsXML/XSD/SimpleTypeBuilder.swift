import CustomsModel

/// Turns XSD simple types (built-ins, named and anonymous `xs:simpleType`s, and the facets of
/// `xs:restriction` steps) into `XSDValueType`s, with XSD's rules for combining steps.
struct SimpleTypeBuilder {
    let schemas: SchemaSet

    /// The value type a `type`/`base` QName names, when it names a simple type (nil for a
    /// complex type); throws for a name that is neither, or a built-in outside the subset.
    func valueType(named name: QualifiedName, at place: SchemaPlace) throws(XSDImportError) -> XSDValueType? {
        if name.namespace == SchemaElement.xsdNamespace {
            if name.name == "anySimpleType" || name.name == "anyType" {
                throw place.error("xs:\(name.name) is outside the XSD subset customs imports (give the value a type)")
            }
            guard let builtin = XSDValueType.Builtin(xsdName: name.name) else {
                throw place.error(
                    "the built-in type xs:\(name.name) is outside the subset customs imports (supported: \(XSDValueType.Builtin.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            return XSDValueType(builtin: builtin)
        }
        if let simple = schemas.simpleTypes[name] {
            return try valueType(of: simple.element, in: simple.document)
        }
        if schemas.complexTypes[name] != nil { return nil }
        throw place.error("the type \(name) is not declared in the schemas read")
    }

    /// The value type of an `xs:simpleType` element.
    func valueType(
        of simpleType: SchemaElement, in document: SchemaSet.Document
    ) throws(XSDImportError)
        -> XSDValueType
    {
        let place = SchemaPlace(document: document, element: simpleType)
        let content = simpleType.schemaChildren
        guard content.count == 1, let restriction = content.first, restriction.isSchema("restriction") else {
            let what = content.first.map { "xs:\($0.name)" } ?? "an empty simple type"
            throw place.error(
                "\(what) in a simple type is outside the XSD subset customs imports (only xs:restriction)")
        }
        let base = try baseType(of: restriction, in: document)
        return try restrict(base, with: restriction, in: document)
    }

    /// The type a restriction or extension starts from: its `base`, or its inline simple type.
    func baseType(
        of derivation: SchemaElement, in document: SchemaSet.Document
    ) throws(XSDImportError)
        -> XSDValueType
    {
        let place = SchemaPlace(document: document, element: derivation)
        if let baseName = derivation.attributes["base"] {
            guard let name = derivation.resolve(baseName) else {
                throw place.error("undeclared prefix in '\(baseName)'")
            }
            guard let type = try valueType(named: name, at: place) else {
                throw place.error("the base \(name) is a complex type where a simple type is needed")
            }
            return type
        }
        guard let inline = derivation.schemaChildren.first(where: { $0.isSchema("simpleType") }) else {
            throw place.error("xs:\(derivation.name) needs a base")
        }
        return try valueType(of: inline, in: document)
    }

    /// The facets that a restriction step may carry, besides inline types, attributes and groups.
    static let facets: Set<String> = [
        "length", "minLength", "maxLength", "pattern", "enumeration", "totalDigits", "fractionDigits", "minInclusive",
        "maxInclusive", "minExclusive", "maxExclusive", "whiteSpace",
    ]

    /// `base` narrowed by the facets of one restriction step.
    func restrict(
        _ base: XSDValueType, with restriction: SchemaElement, in document: SchemaSet.Document
    )
        throws(XSDImportError) -> XSDValueType
    {
        var type = base
        var patterns: [String] = []
        var enumeration: [String] = []
        for facet in restriction.schemaChildren {
            let place = SchemaPlace(document: document, element: facet)
            if facet.isSchema("simpleType") || facet.isSchema("attribute") || facet.isSchema("attributeGroup")
                || facet.isSchema("anyAttribute")
            {
                continue  // the inline base, or attributes of a complex type's restriction
            }
            guard Self.facets.contains(facet.name) else {
                throw place.error("the facet xs:\(facet.name) is outside the XSD subset customs imports")
            }
            guard let value = facet.attributes["value"] else { throw place.error("xs:\(facet.name) needs a value") }
            switch facet.name {
            case "pattern":
                patterns.append(value)
                continue
            case "enumeration":
                enumeration.append(value)
                continue
            case "whiteSpace":
                guard
                    let rule = [
                        "preserve": XSDValueType.Whitespace.preserve, "replace": .replace, "collapse": .collapse,
                    ][value]
                else { throw place.error("whiteSpace '\(value)' is not preserve, replace or collapse") }
                type.whitespace = max(type.whitespace, rule)
                continue
            case "minInclusive", "maxInclusive", "minExclusive", "maxExclusive":
                guard type.builtin.isNumeric else {
                    throw place.error(
                        "xs:\(facet.name) on xs:\(type.builtin.rawValue) is outside the subset (numbers only)")
                }
                let bound = SchemaText.collapsed(value)
                switch facet.name {
                case "minInclusive": type.minInclusive = bound
                case "maxInclusive": type.maxInclusive = bound
                case "minExclusive": type.minExclusive = bound
                default: type.maxExclusive = bound
                }
                continue
            default: break
            }
            guard let number = Int(SchemaText.collapsed(value)), number >= 0 else {
                throw place.error("xs:\(facet.name) needs a whole number, not '\(value)'")
            }
            switch facet.name {
            case "length", "minLength", "maxLength":
                guard type.builtin.hasLength else {
                    throw place.error("xs:\(facet.name) does not apply to xs:\(type.builtin.rawValue)")
                }
                if facet.name != "maxLength" { type.minLength = max(type.minLength ?? 0, number) }
                if facet.name != "minLength" { type.maxLength = min(type.maxLength ?? .max, number) }
            case "totalDigits", "fractionDigits":
                guard type.builtin.isNumeric else {
                    throw place.error("xs:\(facet.name) does not apply to xs:\(type.builtin.rawValue)")
                }
                if facet.name == "totalDigits" {
                    type.totalDigits = min(type.totalDigits ?? .max, number)
                } else {
                    type.fractionDigits = min(type.fractionDigits ?? .max, number)
                }
            default: break
            }
        }
        if !enumeration.isEmpty {
            guard type.builtin.hasLength || type.builtin == .boolean else {
                throw SchemaPlace(document: document, element: restriction).error(
                    "an enumeration of xs:\(type.builtin.rawValue) compares values, not text: outside the subset customs imports"
                )
            }
            type.enumeration = enumeration.map { Self.normalized($0, type.whitespace) }
        }
        if !patterns.isEmpty {
            // Patterns of one step are alternatives; each step's must hold.
            let source = patterns.count == 1 ? patterns[0] : patterns.map { "(\($0))" }.joined(separator: "|")
            do {
                type.patterns.append(try XSDPattern(source))
            } catch {
                throw SchemaPlace(document: document, element: restriction).error(
                    "pattern '\(source)': \(error.description)")
            }
        }
        return type
    }

    /// `value` as a validator sees it after the type's whitespace rule.
    static func normalized(_ value: String, _ rule: XSDValueType.Whitespace) -> String {
        switch rule {
        case .preserve: value
        case .replace:
            String(
                String.UnicodeScalarView(value.unicodeScalars.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
            )
        case .collapse: SchemaText.collapsed(value)
        }
    }
}

/// A place in a schema file, for errors.
struct SchemaPlace {
    let document: SchemaSet.Document
    let element: SchemaElement

    func error(_ message: String) -> XSDImportError {
        XSDImportError(at: location, message)
    }

    /// Where the construct is.
    var location: SourceLocation { element.location(in: document.path) }
}
