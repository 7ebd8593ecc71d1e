import CustomsModel

/// A DM message being filled by a mapping: elements keyed by their place among the package's
/// children and their position, values and attributes set in any order, written out in the
/// package's order by `render`.
final class MessageDraft {
    var text: String?
    var attributes: [(name: String, value: String)] = []
    /// By child index (`MessageTarget.Step.childIndex`), then by qualifier in the order first
    /// used, then position.
    var children: [Int: [Occurrences]] = [:]

    /// The occurrences of one child element that a qualifier (or none) counts.
    struct Occurrences {
        let qualifier: MessageTarget.Qualifier?
        var byPosition: [Int: MessageDraft]
    }

    /// The element at `target`'s path with `binding`'s positions (the draft itself is the root);
    /// an occurrence created under a qualifier is given the qualifier's value.
    func element(at target: MessageTarget, _ binding: [Int: Int]) -> MessageDraft {
        var node = self
        for step in target.steps.dropFirst() {
            node = node.child(step, at: step.position(in: binding))
        }
        return node
    }

    private func child(_ step: MessageTarget.Step, at position: Int) -> MessageDraft {
        var groups = children[step.childIndex] ?? []
        let groupIndex: Int
        if let found = groups.firstIndex(where: { $0.qualifier == step.qualifier }) {
            if let existing = groups[found].byPosition[position] { return existing }
            groupIndex = found
        } else {
            groups.append(Occurrences(qualifier: step.qualifier, byPosition: [:]))
            groupIndex = groups.count - 1
        }
        let created = MessageDraft()
        if let qualifier = step.qualifier, qualifier.equals {
            let code = MessageDraft()
            code.text = qualifier.value
            created.children[qualifier.childIndex] = [Occurrences(qualifier: nil, byPosition: [1: code])]
        }
        groups[groupIndex].byPosition[position] = created
        children[step.childIndex] = groups
        return created
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
            for group in children[index]! {
                for position in group.byPosition.keys.sorted() {
                    element.children.append(group.byPosition[position]!.render(shape.children[index]))
                }
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
