import CustomsModel
import CustomsValidation

/// Converts messages between a `MarkupElement` tree (from or for XML) and the JSON binding, with
/// the package's help: it says which elements repeat (arrays, also for one occurrence), which
/// values take attributes (objects with `@name` and `#text`), the order of children (JSON keeps
/// none, XML's is the package's) and each element's namespace.
///
/// Lossless for valid messages both ways, with one exception written down in DataModel/README.md:
/// alternatives of a repeating choice that alternate (A B A) come back grouped (A A B).
/// Elements the package does not describe (a wildcard's content, or faults that tests put into
/// generated messages) are written as they are, keyed `{namespace}tag` when their namespace is
/// not their parent's; `customs convert` converts only valid messages.
public enum JSONMessageConverter {
    /// Why a JSON message cannot become a tree.
    public struct Failure: Error, CustomStringConvertible {
        /// What is wrong.
        public let description: String
    }

    // MARK: Tree to JSON

    /// The JSON value of the message whose root is `root`.
    public static func json(_ root: MarkupElement, package: CompiledPackage) -> JSONValue {
        .object([
            (
                root.name,
                value(of: root, node: root.name == package.root.tag ? package.root : nil, package: package.namespace)
            )
        ])
    }

    /// The JSON text of the message whose root is `root`; `indent` spaces per level, or one line.
    public static func jsonText(_ root: MarkupElement, package: CompiledPackage, indent: Int? = nil) -> String {
        var output = ""
        JSONText.write(json(root, package: package), into: &output, indent: indent, depth: 0)
        return output
    }

    private static func value(of element: MarkupElement, node: CompiledNode?, package: String) -> JSONValue {
        let isClass = node?.isClass ?? !element.children.isEmpty
        let takesAttributes = node.map { !$0.attributes.isEmpty } ?? !element.attributes.isEmpty
        var members: [(key: String, value: JSONValue)] = element.attributes.map {
            (JSONBinding.attributePrefix + $0.name, .string($0.value))
        }
        if !isClass && element.children.isEmpty {
            guard takesAttributes || !element.attributes.isEmpty else { return .string(element.text) }
            if !element.text.isEmpty { members.append((JSONBinding.textKey, .string(element.text))) }
            return .object(members)
        }
        // Children by node under its JSON key, in the package's order; then undescribed ones by
        // tag as they came.
        let children = node?.children ?? []
        var groups: [(key: String, node: CompiledNode?, elements: [MarkupElement])] = children.indices.map {
            (node!.jsonKeys[$0], children[$0], [])
        }
        for child in element.children {
            if let ordinal = ordinal(of: child, among: children, package: package) {
                groups[ordinal].elements.append(child)
            } else {
                // Undescribed (wildcard content): plain in its parent's namespace, else qualified.
                let key =
                    child.namespace == element.namespace
                    ? child.name : ClarkName.key(namespace: child.namespace, tag: child.name)
                if let known = groups.indices.first(where: { groups[$0].node == nil && groups[$0].key == key }) {
                    groups[known].elements.append(child)
                } else {
                    groups.append((key, nil, [child]))
                }
            }
        }
        for group in groups where !group.elements.isEmpty {
            let values = group.elements.map { value(of: $0, node: group.node, package: package) }
            let repeats = group.node?.isRepeating ?? false
            members.append((group.key, repeats || values.count > 1 ? .array(values) : values[0]))
        }
        return .object(members)
    }

    /// The child node `element` is an occurrence of: the one of its tag, and where siblings share
    /// the tag, the one in its namespace (nil: none described).
    private static func ordinal(of element: MarkupElement, among children: [CompiledNode], package: String) -> Int? {
        let named = children.indices.filter { children[$0].tag == element.name }
        guard named.count > 1 else { return named.first }
        return named.first { (children[$0].namespace ?? package) == element.namespace } ?? named[0]
    }

    // MARK: JSON to tree

    /// The tree of the JSON message `value`.
    public static func tree(_ value: JSONValue, package: CompiledPackage) throws(Failure) -> MarkupElement {
        guard case .object(let members) = value, members.count == 1 else {
            throw Failure(description: "a message is a JSON object with one member, its root element")
        }
        let root = members[0]
        return try element(
            root.key, root.value, node: root.key == package.root.tag ? package.root : nil,
            inherited: package.namespace, package: package.namespace, path: "/" + root.key)
    }

    private static func element(
        _ name: String, _ value: JSONValue, node: CompiledNode?, inherited: String, package: String, path: String
    ) throws(Failure) -> MarkupElement {
        // A described element is in its node's namespace (nil: the package's); another one in
        // the namespace its key names (`{namespace}tag`), else in its parent's.
        var element = MarkupElement(name: name, namespace: node.map { $0.namespace ?? package } ?? inherited)
        if node == nil, let qualified = ClarkName.split(name) {
            (element.namespace, element.name) = (qualified.namespace, qualified.tag)
        }
        switch value {
        case .string(let text):
            element.text = text
        case .object(let members):
            var children: [(rank: Int, element: MarkupElement)] = []
            for (key, member) in members {
                if key.hasPrefix(JSONBinding.attributePrefix) {
                    guard case .string(let text) = member else {
                        throw Failure(description: "\(path)/\(key) is not a string")
                    }
                    element.attributes.append(.init(name: String(key.dropFirst()), value: text))
                } else if key == JSONBinding.textKey {
                    guard case .string(let text) = member else {
                        throw Failure(description: "\(path)/\(key) is not a string")
                    }
                    element.text = text
                } else {
                    let index = node?.jsonKeys.firstIndex(of: key)
                    let childNode = index.map { node!.children[$0] }
                    let rank = index ?? Int.max
                    let items: [JSONValue]
                    if case .array(let list) = member { items = list } else { items = [member] }
                    for item in items {
                        children.append(
                            (
                                rank,
                                try self.element(
                                    childNode?.tag ?? key, item, node: childNode, inherited: element.namespace,
                                    package: package, path: path + "/" + key)
                            ))
                    }
                }
            }
            // The package's order (a stable sort keeps the occurrences of one tag in order).
            element.children = children.enumerated().sorted {
                ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset)
            }
            .map(\.element.element)
        default:
            throw Failure(description: "\(path) holds \(value.text), not a string or an object")
        }
        return element
    }
}
