import CLibXML2
import CustomsModel

/// Reads an XML message into a `MarkupElement` tree, for conversion (validation streams with
/// `SecureXMLReader`). As secure as that reader: no network, no DTD, no entity expansion (a
/// document with a DOCTYPE is refused), libxml2's default depth limit.
public enum XMLTreeReader {
    /// Why a document could not be read.
    public struct Failure: Error, CustomStringConvertible {
        /// What is wrong.
        public let description: String
    }

    /// The tree of the document in `bytes`.
    public static func read(_ bytes: [UInt8]) throws(Failure) -> MarkupElement {
        LibXML2.setUp()
        // Its own context, as `SchemaElement.read` has: the error is then this parse's, not the
        // thread's last one.
        let context = xmlNewParserCtxt()
        defer { xmlFreeParserCtxt(context) }
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                xmlCtxtReadMemory(context, $0.baseAddress, Int32($0.count), nil, nil, LibXML2.secureOptions)
            }
        }
        guard let document else {
            let message = LibXML2.message(xmlCtxtGetLastError(context)?.pointee.message)
            throw Failure(description: "not well-formed XML: " + (message ?? "syntax error"))
        }
        defer { xmlFreeDoc(document) }
        if document.pointee.intSubset != nil {
            throw Failure(description: "DOCTYPE declarations are not accepted (no DTDs, no entities)")
        }
        guard let root = xmlDocGetRootElement(document) else { throw Failure(description: "no root element") }
        return element(root)
    }

    private static func element(_ node: xmlNodePtr) -> MarkupElement {
        var result = MarkupElement(
            name: String(cString: node.pointee.name),
            namespace: node.pointee.ns.flatMap { $0.pointee.href.map { String(cString: $0) } } ?? "")
        var attribute = node.pointee.properties
        while let current = attribute {
            // An attribute's value is its text children (no entities are expanded: none exist).
            var value = ""
            var part = current.pointee.children
            while let text = part {
                if let content = text.pointee.content { value += String(cString: content) }
                part = text.pointee.next
            }
            result.attributes.append(MarkupElement.Attribute(name: String(cString: current.pointee.name), value: value))
            attribute = current.pointee.next
        }
        var text = ""
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                result.children.append(element(current))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { text += String(cString: content) }
            default:
                break  // comments and processing instructions carry no data
            }
            child = current.pointee.next
        }
        // A class's text is the whitespace between its children; a value's text is kept exactly.
        result.text = result.children.isEmpty ? text : ""
        return result
    }
}
