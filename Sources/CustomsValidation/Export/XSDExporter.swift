import CustomsModel

/// Writes an XSD 1.0 schema for a package, so that any XSD tool checks what `customs validate`
/// checks structurally: tags, order (`xs:sequence`, `xs:choice`), cardinality, attributes, value formats
/// and code lists. Value types mirror `ValueRule` exactly (see its table).
///
/// What XSD 1.0 cannot say is left to `customs validate`: that a date fits the layout its own
/// `formatCode` names, and is a real date (`datetime` findings).
public enum XSDExporter {
    /// The schema text for `package`.
    public static func export(
        _ package: InformationPackage, codeLists: [String: CodeList]
    ) throws(Compiler.Failure)
        -> String
    {
        if let other = package.nodes.first(where: { $0.node.namespace != nil }) {
            // One schema document has one target namespace; an imported package that mixes
            // namespaces is exported by its own schemas.
            throw Compiler.Failure(
                description:
                    "\(other.path) is in namespace '\(other.node.namespace!)', not the package's: a package that mixes namespaces cannot be written as one XSD (use its own schemas)"
            )
        }
        let compiled = try Compiler.compile(package, codeLists: codeLists)
        var writer = Writer(namespace: package.namespace)
        writer.line(0, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        writer.line(
            0,
            "<!-- \(package.id) \(package.version): \(XMLEscaping.escape(package.name)). Written by customs export xsd. -->"
        )
        if let namespace = package.namespace {
            writer.line(
                0,
                "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"\(XMLEscaping.escape(namespace))\" xmlns:tns=\"\(XMLEscaping.escape(namespace))\" elementFormDefault=\"qualified\">"
            )
        } else {
            writer.line(0, "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" elementFormDefault=\"qualified\">")
        }
        writer.element(compiled.root, depth: 1, isRoot: true)
        for (rule, name) in writer.valueTypes.sorted(by: { $0.value < $1.value }) {
            writer.simpleType(name: name, rule: rule)
        }
        for (codes, name) in writer.attributeTypes.sorted(by: { $0.value < $1.value }) {
            writer.line(1, "<xs:simpleType name=\"\(name)\">")
            writer.line(2, "<xs:restriction base=\"xs:token\">")
            for code in codes { writer.line(3, "<xs:enumeration value=\"\(XMLEscaping.escape(code))\"/>") }
            writer.line(2, "</xs:restriction>")
            writer.line(1, "</xs:simpleType>")
        }
        writer.line(0, "</xs:schema>")
        return writer.text
    }

    /// A value rule as a hashable key, so equal rules share one named type.
    struct RuleKey: Hashable {
        let shape: String
        let collapse: Bool
        let codes: [String]
        let patterns: [String]
    }

    struct Writer {
        let namespace: String?
        var text = ""
        var valueTypes: [RuleKey: String] = [:]
        var attributeTypes: [[String]: String] = [:]
        var ruleOf: [RuleKey: ValueRule] = [:]

        init(namespace: String?) { self.namespace = namespace }

        mutating func line(_ depth: Int, _ content: String) {
            text += String(repeating: "  ", count: depth) + content + "\n"
        }

        func reference(_ name: String) -> String { namespace == nil ? name : "tns:" + name }

        /// ` minOccurs="…" maxOccurs="…"`, each left out at XSD's default of 1.
        func occurs(_ min: Int, _ max: Int) -> String {
            (min == 1 ? "" : " minOccurs=\"\(min)\"")
                + (max == 1 ? "" : " maxOccurs=\"\(max == .max ? "unbounded" : String(max))\"")
        }

        mutating func element(_ node: CompiledNode, depth: Int, isRoot: Bool = false) {
            if let wildcard = node.wildcard {
                let spec: String
                if let namespaces = wildcard.namespaces {
                    spec = namespaces.map { $0.isEmpty ? "##local" : XMLEscaping.escape($0) }.joined(separator: " ")
                } else {
                    // The exporter writes one target namespace: the package's, which ##other names.
                    spec = wildcard.excluded.isEmpty ? "##any" : "##other"
                }
                line(
                    depth,
                    "<xs:any namespace=\"\(spec)\" processContents=\"\(wildcard.process.rawValue)\"\(occurs(node.minOccurs, node.maxOccurs))/>"
                )
                return
            }
            var head = "<xs:element name=\"\(node.tag)\""
            if !isRoot { head += occurs(node.minOccurs, node.maxOccurs) }
            if node.isClass {
                line(depth, head + ">")
                line(depth + 1, "<xs:complexType>")
                line(depth + 2, "<xs:sequence>")
                var index = 0
                while index < node.children.count {
                    guard let choice = node.children[index].choice else {
                        element(node.children[index], depth: depth + 3)
                        index += 1
                        continue
                    }
                    line(depth + 3, "<xs:choice" + occurs(choice.cardinality.min, choice.cardinality.max ?? .max) + ">")
                    while index < node.children.count, node.children[index].choice == choice {
                        element(node.children[index], depth: depth + 4)
                        index += 1
                    }
                    line(depth + 3, "</xs:choice>")
                }
                line(depth + 2, "</xs:sequence>")
                line(depth + 1, "</xs:complexType>")
                line(depth, "</xs:element>")
                return
            }
            let valueType = reference(valueTypeName(node.value!))
            if node.attributes.isEmpty {
                line(depth, head + " type=\"\(valueType)\"/>")
                return
            }
            line(depth, head + ">")
            line(depth + 1, "<xs:complexType>")
            line(depth + 2, "<xs:simpleContent>")
            line(depth + 3, "<xs:extension base=\"\(valueType)\">")
            for attribute in node.attributes {
                let type =
                    attribute.rule.map { reference(valueTypeName($0)) }
                    ?? attribute.codes.map { reference(attributeTypeName($0.sorted())) } ?? "xs:string"
                line(
                    depth + 4,
                    "<xs:attribute name=\"\(attribute.name)\" type=\"\(type)\" use=\"\(attribute.isRequired ? "required" : "optional")\"/>"
                )
            }
            line(depth + 3, "</xs:extension>")
            line(depth + 2, "</xs:simpleContent>")
            line(depth + 1, "</xs:complexType>")
            line(depth, "</xs:element>")
        }

        mutating func valueTypeName(_ rule: ValueRule) -> String {
            let key = RuleKey(
                shape: "\(rule.shape)", collapse: rule.collapsesWhitespace, codes: rule.codes?.sorted() ?? [],
                patterns: rule.patterns.map(\.source))
            if let name = valueTypes[key] { return name }
            let name = "Value\(valueTypes.count + 1)"
            valueTypes[key] = name
            ruleOf[key] = rule
            return name
        }

        mutating func attributeTypeName(_ codes: [String]) -> String {
            if let name = attributeTypes[codes] { return name }
            let name = "Codes\(attributeTypes.count + 1)"
            attributeTypes[codes] = name
            return name
        }

        mutating func simpleType(name: String, rule key: RuleKey) {
            let rule = ruleOf[key]!
            func bounds(_ min: Int, _ max: Int) -> String { min == max ? "{\(min)}" : "{\(min),\(max)}" }
            // Patterns in one restriction step are alternatives in XSD; ours must all hold, so
            // each is its own derivation step on top of the format's type.
            let steps = rule.patterns.indices.map { "\(name)Pattern\($0 + 1)" }
            let formatName = rule.patterns.isEmpty ? name : name + "Format"
            for (index, pattern) in rule.patterns.enumerated() {
                let stepName = index == rule.patterns.count - 1 ? name : steps[index]
                let baseName = index == 0 ? formatName : steps[index - 1]
                line(1, "<xs:simpleType name=\"\(stepName)\">")
                line(2, "<xs:restriction base=\"\(reference(baseName))\">")
                line(3, "<xs:pattern value=\"\(XMLEscaping.escape(pattern.source))\"/>")
                line(2, "</xs:restriction>")
                line(1, "</xs:simpleType>")
            }
            line(1, "<xs:simpleType name=\"\(formatName)\">")
            switch rule.shape {
            case .text(let min, let max):
                line(2, "<xs:restriction base=\"\(rule.collapsesWhitespace ? "xs:token" : "xs:string")\">")
                line(3, "<xs:minLength value=\"\(min)\"/>")
                line(3, "<xs:maxLength value=\"\(max)\"/>")
            case .letters(let min, let max):
                line(2, "<xs:restriction base=\"\(rule.collapsesWhitespace ? "xs:token" : "xs:string")\">")
                line(3, "<xs:pattern value=\"[A-Za-z]\(bounds(min, max))\"/>")
            case .digits(let min, let max):
                line(2, "<xs:restriction base=\"xs:token\">")
                line(3, "<xs:pattern value=\"[0-9]\(bounds(min, max))\"/>")
            case .decimal(let total, let fraction):
                line(2, "<xs:restriction base=\"xs:decimal\">")
                line(3, "<xs:totalDigits value=\"\(total)\"/>")
                line(3, "<xs:fractionDigits value=\"\(fraction)\"/>")
            case .xsd(let type):
                line(2, "<xs:restriction base=\"xs:\(type.builtin.rawValue)\">")
                if type.whitespace > type.builtin.whitespace {
                    line(3, "<xs:whiteSpace value=\"\(type.whitespace)\"/>")
                }
                let facets: [(String, String?)] = [
                    ("minLength", type.minLength.map(String.init)), ("maxLength", type.maxLength.map(String.init)),
                    ("totalDigits", type.totalDigits.map(String.init)),
                    ("fractionDigits", type.builtin.isInteger ? nil : type.fractionDigits.map(String.init)),
                    ("minInclusive", type.minInclusive), ("maxInclusive", type.maxInclusive),
                    ("minExclusive", type.minExclusive), ("maxExclusive", type.maxExclusive),
                ]
                for case (let facet, let value?) in facets {
                    line(3, "<xs:\(facet) value=\"\(XMLEscaping.escape(value))\"/>")
                }
            }
            for code in key.codes { line(3, "<xs:enumeration value=\"\(XMLEscaping.escape(code))\"/>") }
            line(2, "</xs:restriction>")
            line(1, "</xs:simpleType>")
        }
    }
}
