import CustomsModel
import CustomsValidation

/// Writes a JSON Schema (draft 2020-12) for the JSON binding of a package, so that any JSON
/// Schema tool checks what `customs validate` checks: members, arrays and their sizes, required
/// members, choices, value formats, code lists, patterns, attributes, and a date's layout
/// against its own `@formatCode` (with real calendar days, leap years included).
///
/// Where a schema cannot say what customs checks, the two differ, and DataModel/README.md lists
/// it: customs collapses whitespace in coded, numeric and token values as XSD does (`" GB "` is
/// `GB`), the schema sees the value as written. What JSON Schema cannot express at all is refused
/// by name: repeating choices, wildcards, bounds on imported decimal types (`XSDTypeSchema`).
public enum JSONSchemaExporter {
    /// Why a package has no JSON Schema.
    public struct Failure: Error, CustomStringConvertible {
        /// What cannot be written.
        public let description: String
    }

    /// The schema text for `compiled` (two-space indentation).
    public static func export(_ compiled: CompiledPackage, name: String) throws(Failure) -> String {
        var writer = Writer()
        let root = try writer.occurrence(compiled.root)
        var members: [(key: String, value: JSONValue)] = [
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string("urn:customs:json-schema:\(compiled.id):\(compiled.version)")),
            ("title", .string("\(name) (\(compiled.id) \(compiled.version)), JSON binding")),
            (
                "description",
                .string(
                    "Written by customs export json-schema. Attributes are \"@name\" members, the value of an element that takes attributes is \"#text\"; elements that may repeat are arrays."
                )
            ),
            ("type", .string("object")),
            ("properties", .object([(compiled.root.tag, root)])),
            ("required", .array([.string(compiled.root.tag)])),
            ("additionalProperties", .bool(false)),
        ]
        if !writer.definitions.isEmpty {
            members.append(("$defs", .object(writer.definitions.map { ($0.name, $0.schema) })))
        }
        var output = ""
        JSONText.write(.object(members), into: &output, indent: 2, depth: 0)
        return output + "\n"
    }

    struct Writer {
        var definitions: [(name: String, schema: JSONValue)] = []
        private var names: [String: String] = [:]

        /// The schema of one occurrence of `node`.
        mutating func occurrence(_ node: CompiledNode) throws(Failure) -> JSONValue {
            if node.wildcard != nil {
                throw Failure(
                    description:
                        "\(node.definitionPath) is a wildcard: JSON Schema cannot count the {namespace}tag members that fill it"
                )
            }
            if node.isClass { return try classSchema(node) }
            let value = try reference(node.value!, at: node.definitionPath)
            if node.attributes.isEmpty { return value }
            var (properties, required) = try attributeMembers(node)
            properties.append((JSONBinding.textKey, value))
            // An absent #text is the empty value, which customs checks too: require the member
            // when the empty value would fail.
            if node.value!.check([]) != nil || !node.dateFormats.isEmpty {
                required.append(.string(JSONBinding.textKey))
            }
            var schema: [(key: String, value: JSONValue)] = [
                ("type", .string("object")), ("properties", .object(properties)),
            ]
            if !required.isEmpty { schema.append(("required", .array(required))) }
            schema.append(("additionalProperties", .bool(false)))
            let dates = node.dateFormats.sorted { $0.key < $1.key }.map { code, format in
                JSONValue.object([
                    (
                        "if",
                        .object([
                            ("properties", .object([("@formatCode", .object([("const", .string(code))]))])),
                            ("required", .array([.string("@formatCode")])),
                        ])
                    ),
                    (
                        "then",
                        .object([
                            ("required", .array([.string(JSONBinding.textKey)])),
                            (
                                "properties",
                                .object([
                                    (JSONBinding.textKey, .object([("pattern", .string(DateRegex.regex(format)))]))
                                ])
                            ),
                        ])
                    ),
                ])
            }
            if !dates.isEmpty { schema.append(("allOf", .array(dates))) }
            return .object(schema)
        }

        /// The member schema of `node` under its parent: an array when it may repeat.
        mutating func member(_ node: CompiledNode) throws(Failure) -> JSONValue {
            let one = try occurrence(node)
            guard node.isRepeating else { return one }
            var schema: [(key: String, value: JSONValue)] = [("type", .string("array")), ("items", one)]
            if node.minOccurs > 0 { schema.append(("minItems", .number(String(node.minOccurs)))) }
            if node.maxOccurs != .max { schema.append(("maxItems", .number(String(node.maxOccurs)))) }
            return .object(schema)
        }

        /// The `"@name"` members of `node`'s attributes, and the required ones.
        private mutating func attributeMembers(
            _ node: CompiledNode
        ) throws(Failure) -> (
            properties: [(key: String, value: JSONValue)], required: [JSONValue]
        ) {
            var properties: [(key: String, value: JSONValue)] = []
            var required: [JSONValue] = []
            for attribute in node.attributes {
                properties.append((JSONBinding.attributePrefix + attribute.name, try attributeSchema(attribute, node)))
                if attribute.isRequired { required.append(.string(JSONBinding.attributePrefix + attribute.name)) }
            }
            return (properties, required)
        }

        private mutating func classSchema(_ node: CompiledNode) throws(Failure) -> JSONValue {
            // Attributes of a class (imported schemas have them) come first, as in the binding.
            var (properties, required) = try attributeMembers(node)
            var constraints: [JSONValue] = []
            var index = 0
            while index < node.children.count {
                let child = node.children[index]
                let key = node.jsonKeys[index]
                guard let choice = child.choice else {
                    properties.append((key, try member(child)))
                    if child.minOccurs > 0 { required.append(.string(key)) }
                    index += 1
                    continue
                }
                var alternatives: [(key: String, node: CompiledNode)] = []
                while index < node.children.count, node.children[index].choice == choice {
                    alternatives.append((node.jsonKeys[index], node.children[index]))
                    index += 1
                }
                if choice.cardinality.isRepeating {
                    throw Failure(
                        description:
                            "\(node.definitionPath): the choice \(choice.name) repeats; JSON Schema cannot count its occurrences across members"
                    )
                }
                for alternative in alternatives { properties.append((alternative.key, try member(alternative.node))) }
                constraints += Self.choiceConstraints(alternatives, required: choice.cardinality.min > 0)
            }
            var schema: [(key: String, value: JSONValue)] = [
                ("type", .string("object")), ("properties", .object(properties)),
            ]
            if !required.isEmpty { schema.append(("required", .array(required))) }
            schema.append(("additionalProperties", .bool(false)))
            if !constraints.isEmpty { schema.append(("allOf", .array(constraints))) }
            return .object(schema)
        }

        /// At most one alternative present; exactly one when the choice is required and no
        /// alternative may be empty (an alternative of minOccurs 0 fills the choice by itself).
        static func choiceConstraints(
            _ alternatives: [(key: String, node: CompiledNode)], required: Bool
        ) -> [JSONValue] {
            let keys = alternatives.map(\.key)
            if required && alternatives.allSatisfy({ $0.node.minOccurs > 0 }) {
                return [.object([("oneOf", .array(keys.map { .object([("required", .array([.string($0)]))]) }))])]
            }
            var pairs: [JSONValue] = []
            for first in keys.indices {
                for second in keys.indices where second > first {
                    pairs.append(.object([("required", .array([.string(keys[first]), .string(keys[second])]))]))
                }
            }
            return pairs.isEmpty ? [] : [.object([("not", .object([("anyOf", .array(pairs))]))])]
        }

        /// An attribute's value: its imported XSD type where it has one, and its codes.
        private mutating func attributeSchema(
            _ attribute: CompiledAttribute, _ node: CompiledNode
        ) throws(Failure)
            -> JSONValue
        {
            let codes = attribute.codes.map { codes in
                JSONValue.object([
                    ("type", .string("string")), ("enum", .array(codes.sorted().map { .string($0) })),
                ])
            }
            guard let rule = attribute.rule else { return codes ?? .object([("type", .string("string"))]) }
            let type = try reference(rule, at: "\(node.definitionPath)/@\(attribute.name)")
            guard let codes else { return type }
            return .object([("allOf", .array([type, codes]))])
        }

        /// A `$ref` to the shared definition of `rule`.
        private mutating func reference(_ rule: ValueRule, at path: String) throws(Failure) -> JSONValue {
            let schema = try Self.valueSchema(rule, at: path)
            let key = schema.text
            let name: String
            if let known = names[key] {
                name = known
            } else {
                name = "Value\(definitions.count + 1)"
                names[key] = name
                definitions.append((name, schema))
            }
            return .object([("$ref", .string("#/$defs/\(name)"))])
        }

        static func valueSchema(_ rule: ValueRule, at path: String) throws(Failure) -> JSONValue {
            var schema: [(key: String, value: JSONValue)] = [("type", .string("string"))]
            var patterns: [String] = []
            func bounds(_ min: Int, _ max: Int) -> String { min == max ? "{\(min)}" : "{\(min),\(max)}" }
            switch rule.shape {
            case .text(let min, let max):
                schema.append(("minLength", .number(String(min))))
                if max != .max { schema.append(("maxLength", .number(String(max)))) }
            case .letters(let min, let max):
                patterns.append("^[A-Za-z]\(bounds(min, max))$")
            case .digits(let min, let max):
                patterns.append("^[0-9]\(bounds(min, max))$")
            case .decimal(let total, let fraction):
                patterns.append(DecimalRegex.regex(total: total, fraction: fraction))
            case .xsd(let type):
                let lexical = try XSDTypeSchema.keywords(type, at: path)
                schema += lexical.keywords
                patterns += lexical.patterns
            }
            for pattern in rule.patterns {
                guard let translated = pattern.portableRegex else {
                    throw Failure(description: "\(path): the pattern \(pattern.source) has no ECMA-262 equivalent")
                }
                patterns.append(translated)
            }
            if let codes = rule.codes { schema.append(("enum", .array(codes.sorted().map { .string($0) }))) }
            if patterns.count == 1 {
                schema.append(("pattern", .string(patterns[0])))
            } else if patterns.count > 1 {
                schema.append(("allOf", .array(patterns.map { .object([("pattern", .string($0))]) })))
            }
            return .object(schema)
        }
    }
}
