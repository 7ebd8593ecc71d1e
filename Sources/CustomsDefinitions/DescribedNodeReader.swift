import CustomsModel
import Yams

/// Nodes that describe themselves instead of naming a dictionary entry: those of packages
/// imported from XSDs (`customs import xsd`), whose elements carry their own name, namespace,
/// XSD value type, inline attributes and WCO annotations. A node is described when it has a
/// `name`; its WCO `id` is then optional and not looked up.
///
/// ```yaml
/// - tag: FunctionCode
///   id: "017"
///   name: Message function, coded
///   occurs: "1"
///   format: n..2                      # the WCO annotation, shown; the type is what is checked
///   type: {base: token, maxLength: 2, patterns: ['([0-9])*'], enumeration: ["9", "13", "14"]}
///   attributes:
///     - {name: listID, type: {base: token}}
///   dictionaryEntryName: Declaration. Function. Code
/// ```
enum DescribedNodeReader {
    static let keys = [
        "tag", "id", "name", "occurs", "usage", "namespace", "pointer", "format", "type", "attributes", "children",
        "dictionaryEntryName", "untded", "uniquePositionID", "wcoFormat", "description", "nationalNumbers",
    ]
    static let typeKeys = [
        "base", "whiteSpace", "minLength", "maxLength", "totalDigits", "fractionDigits", "enumeration", "patterns",
        "minInclusive", "maxInclusive", "minExclusive", "maxExclusive",
    ]

    /// The node's own fields (everything but its children, which the tree builder builds).
    static func node(_ map: YAMLMap, tag: String, log: inout ProblemLog) -> PackageNode? {
        map.rejectUnknownKeys(allowed: keys, in: "a described node", log: &log)
        guard let name = map.required("name", in: "node \(tag)", log: &log) else { return nil }
        let id = map.string("id", log: &log).map { WCOIdentifier($0) }
        let usage = map.usage("usage", log: &log) ?? []
        var valueType: XSDValueType?
        if let yaml = map.node("type") { valueType = Self.valueType(yaml, file: map.file, owner: tag, log: &log) }
        let format = map.format("format", id: tag, log: &log)
        let isElement = valueType != nil || format != nil
        var attributes: [AttributeDefinition] = []
        for item in map.list("attributes", log: &log) {
            guard let attribute = YAMLMap(item, file: map.file, what: "an attribute", log: &log) else { continue }
            attribute.rejectUnknownKeys(allowed: ["name", "required", "type"], in: "an attribute", log: &log)
            guard let attributeName = attribute.required("name", in: "an attribute of \(tag)", log: &log) else {
                continue
            }
            var definition = AttributeDefinition(
                name: attributeName, isRequired: attribute.bool("required", log: &log) ?? false)
            if let yaml = attribute.node("type") {
                definition.valueType = Self.valueType(yaml, file: map.file, owner: "@\(attributeName)", log: &log)
            }
            attributes.append(definition)
        }
        var node = PackageNode(
            tag: tag, id: id, kind: isElement ? .element : .class, name: name,
            cardinality: map.cardinality("occurs", log: &log) ?? .optional, usage: usage, format: format,
            attributes: attributes, origin: map.location(of: "tag"))
        node.namespace = map.node("namespace").map { $0.scalar?.string ?? "" }
        if let segment = map.string("pointer", log: &log) { node.setPointerSegment(segment) }
        node.valueType = valueType
        var annotations = WCOAnnotations()
        annotations.dictionaryEntryName = map.string("dictionaryEntryName", log: &log)
        annotations.untded = map.string("untded", log: &log)
        annotations.uniquePositionID = map.string("uniquePositionID", log: &log)
        annotations.wcoFormat = map.string("wcoFormat", log: &log)
        annotations.description = map.string("description", log: &log)
        annotations.nationalNumbers = nationalNumbers(map, tag: tag, log: &log)
        node.nationalID = annotations.nationalNumbers.first?.number
        node.annotations = annotations.isEmpty ? nil : annotations
        if isElement && map.node("children") != nil {
            log.report(
                .invalidValue, at: map.location(of: "children"), id: tag,
                "\(tag) has a value (type or format) and cannot have children")
        }
        return node
    }

    /// `nationalNumbers: [{number: "12 09 001 000", scheme: EUCDM 6.1}, {number: "2/5"}]`: the
    /// national data-element numbers an imported schema's annotations give (the first is the
    /// node's national ID).
    private static func nationalNumbers(_ map: YAMLMap, tag: String, log: inout ProblemLog) -> [DataElementNumber] {
        map.list("nationalNumbers", log: &log).compactMap { item in
            guard let entry = YAMLMap(item, file: map.file, what: "a national number", log: &log) else { return nil }
            entry.rejectUnknownKeys(allowed: ["number", "scheme"], in: "a national number", log: &log)
            guard let text = entry.required("number", in: "a national number of \(tag)", log: &log) else { return nil }
            guard let number = DataElementNumber(parsing: text, scheme: entry.string("scheme", log: &log)) else {
                log.report(
                    .invalidValue, at: entry.location(of: "number"), id: tag,
                    "'\(text)' is not a data-element number (12 09 001 000 or 2/5)")
                return nil
            }
            return number
        }
    }

    /// A wildcard position (`xs:any`, skip or lax): `{any: skip, occurs: "0..n", namespaces:
    /// [...]}` or with `excluded: [...]` for namespaces not admitted (`##other`).
    static func wildcard(_ yaml: Node, file: String, log: inout ProblemLog) -> PackageNode? {
        guard let map = YAMLMap(yaml, file: file, what: "a wildcard", log: &log) else { return nil }
        map.rejectUnknownKeys(allowed: ["any", "occurs", "namespaces", "excluded"], in: "a wildcard", log: &log)
        guard let text = map.required("any", in: "a wildcard", log: &log) else { return nil }
        guard let process = Wildcard.Process(rawValue: text) else {
            log.report(
                .invalidValue, at: map.location(of: "any"), id: text, "a wildcard's 'any' is skip or lax, not '\(text)'"
            )
            return nil
        }
        let wildcard = Wildcard(
            process: process, namespaces: map.strings("namespaces", log: &log),
            excluded: map.strings("excluded", log: &log) ?? [])
        var node = PackageNode(
            tag: "*", id: nil, kind: .wildcard, name: wildcard.summary,
            cardinality: map.cardinality("occurs", log: &log) ?? .optional, origin: map.location(of: "any"))
        node.wildcard = wildcard
        return node
    }

    /// An XSD value type written as a mapping (`base` and facets).
    static func valueType(_ yaml: Node, file: String, owner: String, log: inout ProblemLog) -> XSDValueType? {
        guard let map = YAMLMap(yaml, file: file, what: "a value type", log: &log) else { return nil }
        map.rejectUnknownKeys(allowed: typeKeys, in: "a value type", log: &log)
        guard let baseName = map.required("base", in: "the type of \(owner)", log: &log) else { return nil }
        guard let base = XSDValueType.Builtin(xsdName: baseName) else {
            log.report(
                .invalidValue, at: map.location(of: "base"), id: baseName,
                "'\(baseName)' is not a supported XSD built-in type",
                suggestion: Suggestions.closest(to: baseName, among: XSDValueType.Builtin.allCases.map(\.rawValue)))
            return nil
        }
        var type = XSDValueType(builtin: base)
        if let text = map.string("whiteSpace", log: &log) {
            let rules: [String: XSDValueType.Whitespace] = [
                "preserve": .preserve, "replace": .replace, "collapse": .collapse,
            ]
            if let rule = rules[text] {
                type.whitespace = max(type.whitespace, rule)
            } else {
                log.report(
                    .invalidValue, at: map.location(of: "whiteSpace"), id: text,
                    "whiteSpace must be preserve, replace or collapse")
            }
        }
        func number(_ key: String) -> Int? {
            guard let text = map.string(key, log: &log) else { return nil }
            guard let value = Int(text), value >= 0 else {
                log.report(
                    .invalidValue, at: map.location(of: key), id: key, "'\(key)' needs a whole number, not '\(text)'")
                return nil
            }
            return value
        }
        type.minLength = number("minLength")
        type.maxLength = number("maxLength")
        type.totalDigits = number("totalDigits") ?? type.totalDigits
        type.fractionDigits = number("fractionDigits") ?? type.fractionDigits
        type.enumeration = map.strings("enumeration", log: &log)
        type.minInclusive = map.string("minInclusive", log: &log) ?? type.minInclusive
        type.maxInclusive = map.string("maxInclusive", log: &log) ?? type.maxInclusive
        type.minExclusive = map.string("minExclusive", log: &log)
        type.maxExclusive = map.string("maxExclusive", log: &log)
        for source in map.strings("patterns", log: &log) ?? [] {
            do {
                type.patterns.append(try XSDPattern(source))
            } catch {
                log.report(.invalidValue, at: map.location(of: "patterns"), id: owner, error.description)
            }
        }
        return type
    }
}
