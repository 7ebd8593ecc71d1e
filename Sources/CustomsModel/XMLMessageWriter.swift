/// Writes a `MarkupElement` tree as an XML document: UTF-8, two-space indentation, the root's
/// namespace as the default namespace (declared again where a child's differs), values and
/// attribute values escaped and otherwise exactly as they are.
///
/// Written as bytes into one buffer (a value without anything to escape is copied whole): the
/// mapping writes a message per national record, and building the text as `String` pieces cost
/// it more than mapping the record did.
public enum XMLMessageWriter {
    /// The document for `root`.
    public static func document(_ root: MarkupElement) -> String {
        String(decoding: bytes(root), as: UTF8.self)
    }

    /// The document for `root`, as UTF-8 bytes.
    public static func bytes(_ root: MarkupElement) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        output.append(contentsOf: #"<?xml version="1.0" encoding="UTF-8"?>"#.utf8)
        output.append(0x0A)
        write(root, depth: 0, inheritedNamespace: "", into: &output)
        return output
    }

    /// The XML declaration and the start of `root` with `children` (at least one) written in
    /// it, to be followed by more children (`fragment` at depth 1) and `</root>`: a batch written
    /// as it comes.
    public static func opening(_ root: MarkupElement, children: [MarkupElement]) -> [UInt8] {
        precondition(!children.isEmpty, "a batch opened with its first child")
        var open = root
        open.children = children
        var output = bytes(open)
        output.removeLast(root.name.utf8.count + 4)  // "</name>\n"
        return output
    }

    /// `element` written at `depth`, inside an element in `inheritedNamespace`.
    public static func fragment(_ element: MarkupElement, depth: Int, inheritedNamespace: String) -> [UInt8] {
        var output: [UInt8] = []
        write(element, depth: depth, inheritedNamespace: inheritedNamespace, into: &output)
        return output
    }

    /// Appends `value` escaped where it would not read back as itself: markup characters, a
    /// carriage return (read as a line feed), and in attribute values tabs and line breaks (read
    /// as spaces).
    public static func appendEscaped(_ value: String, attribute: Bool, to output: inout [UInt8]) {
        var value = value
        value.withUTF8 { bytes in
            guard bytes.contains(where: { needsEscape($0, attribute: attribute) }) else {
                output.append(contentsOf: bytes)
                return
            }
            for byte in bytes {
                switch byte {
                case 0x26: output.append(contentsOf: "&amp;".utf8)
                case 0x3C: output.append(contentsOf: "&lt;".utf8)
                case 0x3E: output.append(contentsOf: "&gt;".utf8)
                case 0x22 where attribute: output.append(contentsOf: "&quot;".utf8)
                case 0x0D: output.append(contentsOf: "&#13;".utf8)
                case 0x0A where attribute: output.append(contentsOf: "&#10;".utf8)
                case 0x09 where attribute: output.append(contentsOf: "&#9;".utf8)
                default: output.append(byte)
                }
            }
        }
    }

    private static func needsEscape(_ byte: UInt8, attribute: Bool) -> Bool {
        switch byte {
        case 0x26, 0x3C, 0x3E, 0x0D: true
        case 0x22, 0x0A, 0x09: attribute
        default: false
        }
    }

    private static func write(
        _ element: MarkupElement, depth: Int, inheritedNamespace: String, into output: inout [UInt8]
    ) {
        output.append(contentsOf: repeatElement(0x20, count: depth * 2))
        output.append(0x3C)
        output.append(contentsOf: element.name.utf8)
        if element.namespace != inheritedNamespace {
            output.append(contentsOf: #" xmlns=""#.utf8)
            appendEscaped(element.namespace, attribute: true, to: &output)
            output.append(0x22)
        }
        for attribute in element.attributes {
            output.append(0x20)
            output.append(contentsOf: attribute.name.utf8)
            output.append(contentsOf: #"=""#.utf8)
            appendEscaped(attribute.value, attribute: true, to: &output)
            output.append(0x22)
        }
        if element.children.isEmpty {
            if element.text.isEmpty {
                output.append(contentsOf: "/>\n".utf8)
            } else {
                output.append(0x3E)
                appendEscaped(element.text, attribute: false, to: &output)
                output.append(contentsOf: "</".utf8)
                output.append(contentsOf: element.name.utf8)
                output.append(contentsOf: ">\n".utf8)
            }
            return
        }
        output.append(contentsOf: ">\n".utf8)
        for child in element.children {
            write(child, depth: depth + 1, inheritedNamespace: element.namespace, into: &output)
        }
        output.append(contentsOf: repeatElement(0x20, count: depth * 2))
        output.append(contentsOf: "</".utf8)
        output.append(contentsOf: element.name.utf8)
        output.append(contentsOf: ">\n".utf8)
    }
}
