import CustomsModel
import Yams

/// Writes a package with its own tree as a definition file (YAML), in the form the loader reads
/// back: dictionary-free described nodes (`DescribedNodeReader`), so that a package imported
/// from XSDs can be kept in `DataModel/packages/`, reviewed, diffed and edited.
public enum PackageWriter {
    /// Why a package cannot be written.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public let description: String
    }

    /// The YAML text for `package`, headed by a comment.
    public static func yaml(_ package: InformationPackage, comment: String) throws(Failure) -> String {
        var header: [(String, Node)] = [
            ("id", plain(package.id)), ("name", plain(package.name)), ("version", quoted(package.version)),
            ("kind", plain(package.kind.rawValue)),
        ]
        if let namespace = package.namespace { header.append(("namespace", plain(namespace))) }
        if !package.description.isEmpty { header.append(("description", plain(package.description))) }
        header.append(("root", node(package.root)))
        do {
            let text = try Yams.serialize(node: mapping(header), width: 100, allowUnicode: true)
            let lines = comment.split(separator: "\n", omittingEmptySubsequences: false).map { "# " + $0 }
            return lines.joined(separator: "\n") + "\n" + text
        } catch {
            throw Failure(description: "cannot write YAML: \(error)")
        }
    }

    private static func node(_ node: PackageNode) -> Node {
        if let wildcard = node.wildcard {
            var pairs: [(String, Node)] = [
                ("any", plain(wildcard.process.rawValue)), ("occurs", quoted(node.cardinality.description)),
            ]
            if let namespaces = wildcard.namespaces {
                pairs.append(("namespaces", Node(namespaces.map(quoted), .implicit, .flow)))
            }
            if !wildcard.excluded.isEmpty {
                pairs.append(("excluded", Node(wildcard.excluded.map(quoted), .implicit, .flow)))
            }
            return mapping(pairs, flow: true)
        }
        var pairs: [(String, Node)] = [("tag", plain(node.tag))]
        if let id = node.id { pairs.append(("id", quoted(id.rawValue))) }
        pairs.append(("name", plain(node.name)))
        pairs.append(("occurs", quoted(node.cardinality.description)))
        if !node.usage.isEmpty { pairs.append(("usage", plain(Usage.describe(node.usage)))) }
        if let namespace = node.namespace { pairs.append(("namespace", quoted(namespace))) }
        if let segment = node.imported?.value.pointerSegment { pairs.append(("pointer", quoted(segment))) }
        if let format = node.format { pairs.append(("format", plain(format.description))) }
        if let type = node.valueType { pairs.append(("type", valueType(type))) }
        if !node.attributes.isEmpty {
            pairs.append(
                (
                    "attributes",
                    Node(
                        node.attributes.map { attribute in
                            var fields: [(String, Node)] = [("name", plain(attribute.name))]
                            if attribute.isRequired { fields.append(("required", plain("true"))) }
                            if let type = attribute.valueType { fields.append(("type", valueType(type))) }
                            return mapping(fields, flow: true)
                        })
                ))
        }
        if let annotations = node.annotations {
            let fields: [(String, String?)] = [
                ("dictionaryEntryName", annotations.dictionaryEntryName), ("untded", annotations.untded),
                ("uniquePositionID", annotations.uniquePositionID), ("wcoFormat", annotations.wcoFormat),
                ("description", annotations.description),
            ]
            for case (let key, let value?) in fields { pairs.append((key, quoted(value))) }
            if !annotations.nationalNumbers.isEmpty {
                let numbers = annotations.nationalNumbers.map { number in
                    mapping(
                        [("number", quoted(number.number))] + (number.scheme.map { [("scheme", quoted($0))] } ?? []),
                        flow: true)
                }
                pairs.append(("nationalNumbers", Node(numbers, .implicit, .block)))
            }
        }
        if node.kind == .class {
            pairs.append(("children", Node(children(node.children))))
        }
        return mapping(pairs)
    }

    /// Children, with each run of a choice's alternatives under one `choice` item.
    private static func children(_ nodes: [PackageNode]) -> [Node] {
        var result: [Node] = []
        var index = 0
        while index < nodes.count {
            guard let group = nodes[index].choice else {
                result.append(node(nodes[index]))
                index += 1
                continue
            }
            var alternatives: [Node] = []
            while index < nodes.count, nodes[index].choice == group {
                var alternative = nodes[index]
                alternative.choice = nil
                alternatives.append(node(alternative))
                index += 1
            }
            result.append(
                mapping([
                    ("choice", plain(group.name)), ("occurs", quoted(group.cardinality.description)),
                    ("of", Node(alternatives)),
                ]))
        }
        return result
    }

    private static func valueType(_ type: XSDValueType) -> Node {
        var fields: [(String, Node)] = [("base", plain(type.builtin.rawValue))]
        if type.whitespace > type.builtin.whitespace { fields.append(("whiteSpace", plain("\(type.whitespace)"))) }
        let implied = XSDValueType(builtin: type.builtin)
        let numbers: [(String, Int?, Int?)] = [
            ("minLength", type.minLength, nil), ("maxLength", type.maxLength, nil),
            ("totalDigits", type.totalDigits, implied.totalDigits),
            ("fractionDigits", type.fractionDigits, implied.fractionDigits),
        ]
        for case (let key, let value?, let default_) in numbers where value != default_ {
            fields.append((key, plain(String(value))))
        }
        let bounds: [(String, String?, String?)] = [
            ("minInclusive", type.minInclusive, implied.minInclusive),
            ("maxInclusive", type.maxInclusive, implied.maxInclusive),
            ("minExclusive", type.minExclusive, nil), ("maxExclusive", type.maxExclusive, nil),
        ]
        for case (let key, let value?, let default_) in bounds where value != default_ {
            fields.append((key, quoted(value)))
        }
        if let enumeration = type.enumeration {
            fields.append(("enumeration", Node(enumeration.map(quoted), .implicit, .flow)))
        }
        if !type.patterns.isEmpty {
            fields.append(
                ("patterns", Node(type.patterns.map { single($0.source) }, .implicit, .flow)))
        }
        return mapping(fields, flow: true)
    }

    private static func mapping(_ pairs: [(String, Node)], flow: Bool = false) -> Node {
        Node(pairs.map { (plain($0.0), $0.1) }, .implicit, flow ? .flow : .block)
    }

    private static func plain(_ text: String) -> Node { Node(text) }
    private static func quoted(_ text: String) -> Node { Node(text, .implicit, .doubleQuoted) }
    private static func single(_ text: String) -> Node { Node(text, .implicit, .singleQuoted) }
}
