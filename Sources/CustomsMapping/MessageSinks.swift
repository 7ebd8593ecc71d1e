import CustomsJSON
import CustomsModel
import CustomsValidation

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
    /// Begins the occurrences of one child element (of one or several qualified groups).
    mutating func beginRun(of element: EmissionPlan.Element)
    /// Ends them.
    mutating func endRun(of element: EmissionPlan.Element)
}

extension MessageSink {
    /// XML and trees write occurrences one after another: nothing around them.
    mutating func beginRun(of element: EmissionPlan.Element) {}
    mutating func endRun(of element: EmissionPlan.Element) {}
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

/// Writes the message in the package's JSON binding, one line, exactly as
/// `JSONMessageConverter.jsonText` writes the same message as a tree: repeating elements as
/// arrays, values with attributes as objects (`@name`, `#text`), others as strings.
struct JSONByteSink: MessageSink {
    var bytes: [UInt8] = []
    private let package: CompiledPackage
    /// The containers open, innermost last, with how many members or items each has.
    private var frames: [Frame] = []

    enum Frame {
        /// An element begun whose form (string or object) is not decided yet.
        case pending(CompiledNode)
        case object(CompiledNode, members: Int)
        /// The array of a repeating child's occurrences.
        case array(CompiledNode, items: Int)
    }

    init(package: CompiledPackage) {
        self.package = package
        bytes.reserveCapacity(4096)
    }

    struct Mark {
        let count: Int
        let depth: Int
        let top: Frame?
    }

    func mark() -> Mark { Mark(count: bytes.count, depth: frames.count, top: frames.last) }

    mutating func rollback(to mark: Mark) {
        bytes.removeSubrange(mark.count...)
        frames.removeSubrange(mark.depth...)
        if let top = mark.top { frames[frames.count - 1] = top }
    }

    mutating func begin(_ element: EmissionPlan.Element, depth: Int) {
        guard let parent = frames.last else {
            bytes.append(0x7B)
            JSONText.appendQuoted(element.tag, to: &bytes)
            bytes.append(0x3A)
            frames.append(.pending(package.root))
            return
        }
        switch parent {
        case .array(let node, let items):
            if items > 0 { bytes.append(0x2C) }
            frames[frames.count - 1] = .array(node, items: items + 1)
            frames.append(.pending(node))
        case .object(let node, let members):
            member(in: node, members: members, key: node.jsonKeys[element.childIndex])
            frames.append(.pending(node.children[element.childIndex]))
        case .pending:
            preconditionFailure("an element begun inside one not opened")
        }
    }

    mutating func attribute(_ name: String, _ value: String) {
        let (node, members) = openObject()
        member(in: node, members: members, key: JSONBinding.attributePrefix + name)
        JSONText.appendQuoted(value, to: &bytes)
    }

    mutating func leaf(_ element: EmissionPlan.Element, text: String?, depth: Int) {
        if case .pending(let node) = frames.last!, !node.isClass, node.attributes.isEmpty {
            JSONText.appendQuoted(text ?? "", to: &bytes)
        } else {
            let (node, members) = openObject()
            if let text, !text.isEmpty, !node.isClass {
                member(in: node, members: members, key: JSONBinding.textKey)
                JSONText.appendQuoted(text, to: &bytes)
            }
            bytes.append(0x7D)
        }
        closeFrame()
    }

    mutating func openForChildren() { _ = openObject() }

    mutating func close(_ element: EmissionPlan.Element, depth: Int) {
        bytes.append(0x7D)
        closeFrame()
    }

    mutating func beginRun(of element: EmissionPlan.Element) {
        guard case .object(let node, let members) = frames.last! else { return }
        let child = node.children[element.childIndex]
        guard child.isRepeating else { return }
        member(in: node, members: members, key: node.jsonKeys[element.childIndex])
        bytes.append(0x5B)
        frames.append(.array(child, items: 0))
    }

    mutating func endRun(of element: EmissionPlan.Element) {
        guard case .array = frames.last! else { return }
        bytes.append(0x5D)
        frames.removeLast()
    }

    /// The element begun last as an object, opened now if it was pending.
    private mutating func openObject() -> (CompiledNode, Int) {
        switch frames.last! {
        case .pending(let node):
            bytes.append(0x7B)
            frames[frames.count - 1] = .object(node, members: 0)
            return (node, 0)
        case .object(let node, let members):
            return (node, members)
        case .array:
            preconditionFailure("attributes of an array")
        }
    }

    /// Writes `"key":` as the next member of the innermost object.
    private mutating func member(in node: CompiledNode, members: Int, key: String) {
        if members > 0 { bytes.append(0x2C) }
        frames[frames.count - 1] = .object(node, members: members + 1)
        JSONText.appendQuoted(key, to: &bytes)
        bytes.append(0x3A)
    }

    /// Ends the element begun last; after the root, the document's object.
    private mutating func closeFrame() {
        frames.removeLast()
        if frames.isEmpty { bytes.append(0x7D) }
    }
}
