import CustomsModel

/// A DM message being filled by a mapping: elements keyed by tag and position, values and
/// attributes set in any order, written out in the package's order by `render`.
final class MessageDraft {
    var text: String?
    var attributes: [String: String] = [:]
    var children: [String: [Int: MessageDraft]] = [:]

    /// The element at `target`'s path with `binding`'s positions (the draft itself is the root).
    func element(at target: MessageTarget, _ binding: [Int: Int]) -> MessageDraft {
        var node = self
        for step in target.steps.dropFirst() {
            let position = step.placeholder.flatMap { binding[$0] } ?? 1
            if let existing = node.children[step.tag]?[position] {
                node = existing
            } else {
                let created = MessageDraft()
                node.children[step.tag, default: [:]][position] = created
                node = created
            }
        }
        return node
    }

    /// The message, elements in the order of `package`'s tree; positions keep their order and
    /// close up (positions 1 and 3 become the first and second occurrence).
    func render(_ package: InformationPackage) -> MarkupElement {
        render(package.root, inherited: package.namespace ?? "")
    }

    private func render(_ node: PackageNode, inherited: String) -> MarkupElement {
        let namespace = node.namespace ?? inherited
        var element = MarkupElement(name: node.tag, namespace: namespace)
        for attribute in node.attributes {
            if let value = attributes[attribute.name] {
                element.attributes.append(.init(name: attribute.name, value: value))
            }
        }
        element.text = text ?? ""
        for child in node.children {
            guard let occurrences = children[child.tag] else { continue }
            for position in occurrences.keys.sorted() {
                element.children.append(occurrences[position]!.render(child, inherited: namespace))
            }
        }
        return element
    }
}
