import CustomsModel

/// Where `MessageEmitter` writes a message: an element is begun, given attributes, then either
/// closed as a leaf or opened for children and closed after them; a begun element that turns out
/// empty is taken back to a mark.
protocol MessageSink {
    associatedtype Mark
    /// The place to take back to.
    func mark() -> Mark
    /// Takes back everything written since `mark`.
    mutating func rollback(to mark: Mark)
    /// Begins `element` at `depth`.
    mutating func begin(_ element: EmissionPlan.Element, depth: Int)
    /// An attribute of the element begun last.
    mutating func attribute(_ name: String, _ value: String)
    /// Closes the element begun last with its text (none: an empty element).
    mutating func leaf(_ element: EmissionPlan.Element, text: String?, depth: Int)
    /// Opens the element begun last for child elements.
    mutating func openForChildren()
    /// Closes an element opened for children.
    mutating func close(_ element: EmissionPlan.Element, depth: Int)
}

/// Writes XML bytes exactly as `XMLMessageWriter` writes the same message as a tree: two-space
/// indentation, a default namespace declared where it changes, values escaped.
struct XMLByteSink: MessageSink {
    var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(4096)
        bytes.append(contentsOf: #"<?xml version="1.0" encoding="UTF-8"?>"#.utf8)
        bytes.append(0x0A)
    }

    func mark() -> Int { bytes.count }

    mutating func rollback(to mark: Int) { bytes.removeSubrange(mark...) }

    mutating func begin(_ element: EmissionPlan.Element, depth: Int) {
        bytes.append(contentsOf: repeatElement(0x20, count: depth * 2))
        bytes.append(0x3C)
        bytes.append(contentsOf: element.tagBytes)
        if element.declaresNamespace {
            bytes.append(contentsOf: #" xmlns=""#.utf8)
            XMLMessageWriter.appendEscaped(element.namespace, attribute: true, to: &bytes)
            bytes.append(0x22)
        }
    }

    mutating func attribute(_ name: String, _ value: String) {
        bytes.append(0x20)
        bytes.append(contentsOf: name.utf8)
        bytes.append(contentsOf: #"=""#.utf8)
        XMLMessageWriter.appendEscaped(value, attribute: true, to: &bytes)
        bytes.append(0x22)
    }

    mutating func leaf(_ element: EmissionPlan.Element, text: String?, depth: Int) {
        guard let text, !text.isEmpty else {
            bytes.append(contentsOf: "/>\n".utf8)
            return
        }
        bytes.append(0x3E)
        XMLMessageWriter.appendEscaped(text, attribute: false, to: &bytes)
        endTag(element)
    }

    mutating func openForChildren() { bytes.append(contentsOf: ">\n".utf8) }

    mutating func close(_ element: EmissionPlan.Element, depth: Int) {
        bytes.append(contentsOf: repeatElement(0x20, count: depth * 2))
        endTag(element)
    }

    private mutating func endTag(_ element: EmissionPlan.Element) {
        bytes.append(contentsOf: "</".utf8)
        bytes.append(contentsOf: element.tagBytes)
        bytes.append(contentsOf: ">\n".utf8)
    }
}

/// Builds the message as a `MarkupElement` tree (for JSON output and for mapping back).
struct MarkupTreeSink: MessageSink {
    /// The elements begun and not yet closed, the root first; the finished root stays at 0.
    var stack: [MarkupElement] = []

    func mark() -> Int { stack.count }

    mutating func rollback(to mark: Int) { stack.removeSubrange(mark...) }

    mutating func begin(_ element: EmissionPlan.Element, depth: Int) {
        stack.append(MarkupElement(name: element.tag, namespace: element.namespace))
    }

    mutating func attribute(_ name: String, _ value: String) {
        stack[stack.count - 1].attributes.append(.init(name: name, value: value))
    }

    mutating func leaf(_ element: EmissionPlan.Element, text: String?, depth: Int) {
        stack[stack.count - 1].text = text ?? ""
        finish()
    }

    mutating func openForChildren() {}

    mutating func close(_ element: EmissionPlan.Element, depth: Int) { finish() }

    /// Moves the element begun last into its parent (the root stays).
    private mutating func finish() {
        guard stack.count > 1 else { return }
        let done = stack.removeLast()
        stack[stack.count - 1].children.append(done)
    }
}
