import CustomsModel

/// A DM message being filled by a mapping: elements keyed by their place among the package's
/// children and their position, values and attributes set in any order, written out in the
/// package's order by `render`.
final class MessageDraft {
    var text: String?
    var attributes: [(name: String, value: String)] = []
    /// By child index (`MessageTarget.Step.childIndex`), then position.
    var children: [Int: [Int: MessageDraft]] = [:]

    /// The element at `target`'s path with `binding`'s positions (the draft itself is the root).
    func element(at target: MessageTarget, _ binding: [Int: Int]) -> MessageDraft {
        var node = self
        for step in target.steps.dropFirst() {
            let position = step.placeholder.flatMap { binding[$0] } ?? 1
            if let existing = node.children[step.childIndex]?[position] {
                node = existing
            } else {
                let created = MessageDraft()
                node.children[step.childIndex, default: [:]][position] = created
                node = created
            }
        }
        return node
    }

    /// Sets an attribute (replacing one of the same name).
    func setAttribute(_ name: String, _ value: String) {
        if let index = attributes.firstIndex(where: { $0.name == name }) {
            attributes[index].value = value
        } else {
            attributes.append((name, value))
        }
    }

    /// The message, elements in the package's order (`shape`); positions keep their order and
    /// close up (positions 1 and 3 become the first and second occurrence).
    func render(_ shape: MessageShape) -> MarkupElement {
        var element = MarkupElement(name: shape.tag, namespace: shape.namespace)
        for name in shape.attributes {
            if let attribute = attributes.first(where: { $0.name == name }) {
                element.attributes.append(.init(name: name, value: attribute.value))
            }
        }
        element.text = text ?? ""
        for index in children.keys.sorted() {
            let occurrences = children[index]!
            for position in occurrences.keys.sorted() {
                element.children.append(occurrences[position]!.render(shape.children[index]))
            }
        }
        return element
    }
}

/// A package's tree as rendering needs it: tags, namespaces and attribute order only, built once
/// per mapper (walking `PackageNode`s copied every node's fields for every message).
final class MessageShape: Sendable {
    let tag: String
    let namespace: String
    let attributes: [String]
    let children: [MessageShape]

    init(_ node: PackageNode, inherited: String) {
        tag = node.tag
        namespace = node.namespace ?? inherited
        attributes = node.attributes.map(\.name)
        children = node.children.map { MessageShape($0, inherited: node.namespace ?? inherited) }
    }
}
