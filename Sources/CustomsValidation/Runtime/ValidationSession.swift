import CustomsModel

/// Validates one message at a time against a compiled package, fed by a reader's events
/// (XML now, JSON later: the same events). Reuse one session per thread: `reset()` keeps its
/// buffers.
///
/// The session keeps a stack of frames, one per open element; paths for diagnostics are built
/// from it only when something is reported. Subtrees the package does not describe are reported
/// once and skipped.
public final class ValidationSession {
    /// The package messages are checked against.
    public var package: CompiledPackage { core.package }
    /// At most this many findings are kept per message; one `too-many-findings` follows.
    public var maxFindings: Int { core.maxFindings }
    /// Findings of the current message, at most `maxFindings` (+1 notice).
    public var findings: [Diagnostic] { core.findings }
    /// All findings of the current message, including those not kept.
    public var findingCount: Int { core.findingCount }

    // The state lives in a struct, so that one event costs one exclusivity check on `core`
    // instead of one per field access (measured: 12% of validation time as a class).
    private var core: SessionCore

    /// A session for `package`.
    public init(package: CompiledPackage, maxFindings: Int = 1000) {
        core = SessionCore(package: package, maxFindings: max(1, maxFindings))
    }

    /// Forgets the previous message, keeping buffers.
    public func reset() { core.reset() }

    /// A start tag.
    @inline(__always)
    public func startElement(
        name: UnsafeBufferPointer<UInt8>, namespace: UnsafeBufferPointer<UInt8>,
        attributes: UnsafeBufferPointer<MarkupAttribute>,
        line: Int, column: Int
    ) {
        core.startElement(name: name, namespace: namespace, attributes: attributes, line: line, column: column)
    }

    /// Text (and CDATA) content.
    @inline(__always)
    public func characters(_ bytes: UnsafeBufferPointer<UInt8>) { core.characters(bytes) }

    /// An end tag.
    @inline(__always)
    public func endElement(line: Int, column: Int) { core.endElement(line: line, column: column) }

    /// The end of the message; returns its findings.
    public func finish() -> [Diagnostic] { core.finish() }

    /// Reports a finding that the reader found (fatal syntax, limits): validation ends there.
    public func reportFatal(_ code: Diagnostic.Code, _ message: String, line: Int, column: Int) {
        core.reportFatal(code, message, line: line, column: column)
    }
}

/// The session's state and logic.
struct SessionCore {
    let package: CompiledPackage
    let maxFindings: Int

    private struct Frame {
        /// Unowned and unchecked: the compiled tree is kept alive by `package` for as long as the
        /// session exists, and retaining it on every frame copy cost a fifth of validation time.
        unowned(unsafe) let node: CompiledNode
        /// 1-based occurrence among siblings with the same tag.
        let position: Int
        /// Where this frame's child counts start in `counts`.
        let countsStart: Int
        /// The highest child index seen so far (for order).
        var lastChild: Int
        /// The `formatCode` attribute, for dates.
        var formatCode: String?
        let line: Int
        let column: Int
    }

    private var frames: [Frame] = []
    private var counts: [Int] = []
    private var text: [UInt8] = []
    private var skipDepth = 0
    private var sawRoot = false
    private(set) var findings: [Diagnostic] = []
    private(set) var findingCount = 0

    init(package: CompiledPackage, maxFindings: Int) {
        self.package = package
        self.maxFindings = maxFindings
    }

    mutating func reset() {
        frames.removeAll(keepingCapacity: true)
        counts.removeAll(keepingCapacity: true)
        text.removeAll(keepingCapacity: true)
        findings.removeAll(keepingCapacity: true)
        findingCount = 0
        skipDepth = 0
        sawRoot = false
    }

    mutating func startElement(
        name: UnsafeBufferPointer<UInt8>, namespace: UnsafeBufferPointer<UInt8>,
        attributes: UnsafeBufferPointer<MarkupAttribute>,
        line: Int, column: Int
    ) {
        if skipDepth > 0 {
            skipDepth += 1
            return
        }
        guard let parent = frames.last else {
            startRoot(name: name, namespace: namespace, attributes: attributes, line: line, column: column)
            return
        }
        let inNamespace = Bytes.equal(namespace, package.namespaceBytes)
        guard parent.node.isClass, inNamespace, let index = parent.node.childIndex(named: name, from: parent.lastChild)
        else {
            let tag = String(decoding: name, as: UTF8.self)
            let why: String
            if !parent.node.isClass {
                why = "\(parent.node.tag) holds a value and cannot contain <\(tag)>"
            } else if !inNamespace && parent.node.childIndex(named: name) != nil {
                why =
                    "<\(tag)> is in namespace '\(String(decoding: namespace, as: UTF8.self))', not '\(package.namespace)'"
            } else {
                let known = parent.node.children.map(\.tag)
                why =
                    "\(parent.node.tag) has no child <\(tag)>"
                    + (Suggestions.closest(to: tag, among: known).map { " (did you mean <\($0)>?)" } ?? "")
            }
            report(
                .unknownElement, why + "; its content is skipped", path: path(appending: tag), node: nil, line: line,
                column: column)
            skipDepth = 1
            return
        }
        let child = parent.node.children[index]
        let slot = parent.countsStart + index
        counts[slot] += 1
        let position = counts[slot]
        let frameIndex = frames.count - 1
        if index < parent.lastChild {
            let later = parent.node.children[parent.lastChild]
            report(
                .outOfOrder, "<\(child.tag)> must come before <\(later.tag)>", path: path(appending: child, position),
                node: child, line: line, column: column)
        } else {
            frames[frameIndex].lastChild = index
        }
        if position > child.maxOccurs {
            report(
                .tooMany, "\(child.displayName) occurs \(position) times; at most \(child.maxOccurs) allowed",
                path: path(appending: child, position), node: child, line: line, column: column)
        }
        push(child, position: position, attributes: attributes, line: line, column: column)
    }

    mutating func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard skipDepth == 0, let frame = frames.last else { return }
        if frame.node.isClass {
            if bytes.contains(where: { !XMLWhitespace.isSpace($0) }) {
                report(
                    .textNotAllowed, "\(frame.node.tag) holds elements, not text", path: path(), node: frame.node,
                    line: frame.line, column: frame.column,
                    value: String(decoding: XMLWhitespace.collapse(Array(bytes)), as: UTF8.self))
            }
            return
        }
        text.append(contentsOf: bytes)
    }

    mutating func endElement(line: Int, column: Int) {
        if skipDepth > 0 {
            skipDepth -= 1
            return
        }
        guard let frame = frames.last else { return }
        if frame.node.isClass {
            for (index, child) in frame.node.children.enumerated()
            where counts[frame.countsStart + index] < child.minOccurs {
                let found = counts[frame.countsStart + index]
                let wanted = child.minOccurs == 1 ? "" : "\(child.minOccurs) × "
                report(
                    .missingElement,
                    "\(frame.node.tag) needs \(wanted)<\(child.tag)> (\(child.wcoID.map { $0 + " " } ?? "")\(child.nationalName ?? child.name)), found \(found)",
                    path: path(appending: child, found + 1), node: child, line: line, column: column)
            }
        } else {
            checkValue(of: frame)
        }
        counts.removeLast(frame.node.children.count)
        frames.removeLast()
    }

    mutating func finish() -> [Diagnostic] {
        if !sawRoot {
            report(.wrongRoot, "the message has no root element", path: "/", node: nil, line: 0, column: 0)
        }
        return findings
    }

    mutating func reportFatal(_ code: Diagnostic.Code, _ message: String, line: Int, column: Int) {
        report(code, message, path: frames.isEmpty ? "/" : path(), node: nil, line: line, column: column)
        sawRoot = true
    }

    // MARK: - Internals

    private mutating func startRoot(
        name: UnsafeBufferPointer<UInt8>, namespace: UnsafeBufferPointer<UInt8>,
        attributes: UnsafeBufferPointer<MarkupAttribute>,
        line: Int, column: Int
    ) {
        sawRoot = true
        let root = package.root
        guard Bytes.equal(name, root.tagBytes), Bytes.equal(namespace, package.namespaceBytes) else {
            let found = String(decoding: name, as: UTF8.self)
            let foundNamespace = String(decoding: namespace, as: UTF8.self)
            let expected =
                package.namespace.isEmpty ? "<\(root.tag)>" : "<\(root.tag)> in namespace '\(package.namespace)'"
            report(
                .wrongRoot,
                "the root is <\(found)>\(foundNamespace.isEmpty ? "" : " in namespace '\(foundNamespace)'"); package \(package.id) expects \(expected)",
                path: "/" + found, node: root, line: line, column: column)
            skipDepth = 1
            return
        }
        push(root, position: 1, attributes: attributes, line: line, column: column)
    }

    private mutating func push(
        _ node: CompiledNode, position: Int, attributes: UnsafeBufferPointer<MarkupAttribute>, line: Int, column: Int
    ) {
        let start = counts.count
        counts.append(contentsOf: repeatElement(0, count: node.children.count))
        frames.append(
            Frame(
                node: node, position: position, countsStart: start, lastChild: 0, formatCode: nil, line: line,
                column: column))
        if !node.isClass { text.removeAll(keepingCapacity: true) }
        if !attributes.isEmpty || !node.attributes.isEmpty {
            checkAttributes(attributes, of: node, line: line, column: column)
        }
    }

    private mutating func checkAttributes(
        _ attributes: UnsafeBufferPointer<MarkupAttribute>, of node: CompiledNode, line: Int, column: Int
    ) {
        var present = [Bool](repeating: false, count: node.attributes.count)
        for attribute in attributes {
            if !attribute.namespace.isEmpty {
                if Bytes.equal(attribute.namespace, xmlSchemaInstanceNamespace) { continue }
                report(
                    .unknownAttribute,
                    "\(node.tag) has no attribute \(String(decoding: attribute.name, as: UTF8.self)) in namespace \(String(decoding: attribute.namespace, as: UTF8.self))",
                    path: path(), node: node, line: line, column: column)
                continue
            }
            guard let index = node.attributes.firstIndex(where: { Bytes.equal(attribute.name, $0.nameBytes) }) else {
                let name = String(decoding: attribute.name, as: UTF8.self)
                let suggestion = Suggestions.closest(to: name, among: node.attributes.map(\.name))
                report(
                    .unknownAttribute,
                    "\(node.tag) has no attribute \(name)" + (suggestion.map { " (did you mean \($0)?)" } ?? ""),
                    path: path(), node: node, line: line, column: column)
                continue
            }
            present[index] = true
            let definition = node.attributes[index]
            let value = String(decoding: XMLWhitespace.collapse(Array(attribute.value)), as: UTF8.self)
            if let codes = definition.codes, !codes.contains(value) {
                report(
                    .attributeCode,
                    "@\(definition.name) is not a code of \(definition.codeListID ?? "the allowed codes")",
                    path: path() + "/@" + definition.name, node: node, line: line, column: column, value: value)
            } else if definition.name == "formatCode" {
                frames[frames.count - 1].formatCode = value
            }
        }
        for (index, definition) in node.attributes.enumerated() where definition.isRequired && !present[index] {
            report(
                .missingAttribute, "\(node.tag) needs the attribute \(definition.name)", path: path(), node: node,
                line: line, column: column)
        }
    }

    private mutating func checkValue(of frame: Frame) {
        guard let rule = frame.node.value else { return }
        if let violation = rule.check(text) {
            report(
                violation.code, "\(frame.node.displayName): \(violation.message)", path: path(), node: frame.node,
                line: frame.line, column: frame.column, value: String(decoding: text, as: UTF8.self))
            return
        }
        if let code = frame.formatCode, let format = frame.node.dateFormats[code] {
            let value = String(decoding: text, as: UTF8.self)
            if !format.accepts(value) {
                report(
                    .dateTime, "\(frame.node.displayName): not a real date/time in format \(code) (\(format.pattern))",
                    path: path(), node: frame.node, line: frame.line, column: frame.column, value: value)
            }
        }
    }

    private mutating func report(
        _ code: Diagnostic.Code, _ message: String, path: String, node: CompiledNode?, line: Int, column: Int,
        value: String? = nil
    ) {
        findingCount += 1
        if findings.count < maxFindings {
            findings.append(
                Diagnostic(
                    code: code, message: message, instancePath: path, definitionPath: node?.definitionPath,
                    wcoID: node?.wcoID, pointer: node?.pointer, nationalName: node?.nationalName, line: line,
                    column: column, value: value))
        } else if findings.count == maxFindings {
            findings.append(
                Diagnostic(
                    code: .tooManyFindings, severity: .warning,
                    message: "more than \(maxFindings) findings; the rest are counted, not kept", instancePath: path,
                    line: line, column: column))
        }
    }

    /// The instance path of the open elements, with 1-based positions on repeating ones.
    private func path() -> String {
        var result = ""
        for frame in frames {
            result += "/" + frame.node.tag
            if frame.node.isRepeating { result += "[\(frame.position)]" }
        }
        return result
    }

    private func path(appending node: CompiledNode, _ position: Int) -> String {
        path() + "/" + node.tag + (node.isRepeating ? "[\(position)]" : "")
    }

    private func path(appending tag: String) -> String { path() + "/" + tag }
}
