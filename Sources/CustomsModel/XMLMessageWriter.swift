/// Writes a `MarkupElement` tree as an XML document: UTF-8, two-space indentation, the root's
/// namespace as the default namespace (declared again where a child's differs), values and
/// attribute values escaped and otherwise exactly as they are.
public enum XMLMessageWriter {
    /// The document for `root`.
    public static func document(_ root: MarkupElement) -> String {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        write(root, depth: 0, inheritedNamespace: "", into: &text)
        return text
    }

    /// Escapes what would not read back as itself: markup characters, a carriage return (read
    /// as a line feed), and in attribute values tabs and line breaks (read as spaces).
    static func escape(_ value: String, attribute: Bool) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where attribute: result += "&quot;"
            case "\r": result += "&#13;"
            case "\n" where attribute: result += "&#10;"
            case "\t" where attribute: result += "&#9;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func write(_ element: MarkupElement, depth: Int, inheritedNamespace: String, into text: inout String)
    {
        let indent = String(repeating: "  ", count: depth)
        text += indent + "<" + element.name
        if element.namespace != inheritedNamespace {
            text += " xmlns=\"" + escape(element.namespace, attribute: true) + "\""
        }
        for attribute in element.attributes {
            text += " " + attribute.name + "=\"" + escape(attribute.value, attribute: true) + "\""
        }
        if element.children.isEmpty {
            text +=
                element.text.isEmpty
                ? "/>\n" : ">" + escape(element.text, attribute: false) + "</" + element.name + ">\n"
            return
        }
        text += ">\n"
        for child in element.children {
            write(child, depth: depth + 1, inheritedNamespace: element.namespace, into: &text)
        }
        text += indent + "</" + element.name + ">\n"
    }
}
