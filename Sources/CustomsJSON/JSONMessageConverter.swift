import CustomsModel
import CustomsValidation

/// Converts messages between a `MarkupElement` tree (from or for XML) and the JSON binding, with
/// the package's help: it says which elements repeat (arrays, also for one occurrence), which
/// values take attributes (objects with `@name` and `#text`), the order of children (JSON keeps
/// none, XML's is the package's) and each element's namespace.
///
/// Lossless for valid messages both ways, with one exception written down in DataModel/README.md:
/// alternatives of a repeating choice that alternate (A B A) come back grouped (A A B).
/// Elements the package does not describe are written as they are (tests put faults into
/// generated messages this way); `customs convert` converts only valid messages.
public enum JSONMessageConverter {
    /// Why a JSON message cannot become a tree.
    public struct Failure: Error, CustomStringConvertible {
        /// What is wrong.
        public let description: String
    }

    // MARK: Tree to JSON

    /// The JSON value of the message whose root is `root`.
    public static func json(_ root: MarkupElement, package: CompiledPackage) -> JSONValue {
        .object([(root.name, value(of: root, node: root.name == package.root.tag ? package.root : nil))])
    }

    /// The JSON text of the message whose root is `root`; `indent` spaces per level, or one line.
    public static func jsonText(_ root: MarkupElement, package: CompiledPackage, indent: Int? = nil) -> String {
        var output = ""
        JSONText.write(json(root, package: package), into: &output, indent: indent, depth: 0)
        return output
    }

    private static func value(of element: MarkupElement, node: CompiledNode?) -> JSONValue {
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
        // Children by tag: the package's order first, then undescribed ones as they came.
        var order: [String] = node?.children.map(\.tag) ?? []
        for child in element.children where !order.contains(child.name) { order.append(child.name) }
        for tag in order {
            let occurrences = element.children.filter { $0.name == tag }
            guard !occurrences.isEmpty else { continue }
            let childNode = node?.children.first { $0.tag == tag }
            let values = occurrences.map { value(of: $0, node: childNode) }
            let repeats = childNode?.isRepeating ?? false
            members.append((tag, repeats || values.count > 1 ? .array(values) : values[0]))
        }
        return .object(members)
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
        // A described element is in its node's namespace (nil: the package's); another one in its parent's.
        var element = MarkupElement(name: name, namespace: node.map { $0.namespace ?? package } ?? inherited)
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
                    let index = node?.children.firstIndex { $0.tag == key }
                    let childNode = index.map { node!.children[$0] }
                    let rank = index ?? Int.max
                    let items: [JSONValue]
                    if case .array(let list) = member { items = list } else { items = [member] }
                    for item in items {
                        children.append(
                            (
                                rank,
                                try self.element(
                                    key, item, node: childNode, inherited: element.namespace, package: package,
                                    path: path + "/" + key)
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
