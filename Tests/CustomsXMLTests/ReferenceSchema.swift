import CLibXML2

/// libxml2's own XSD validator (`xmlSchemaValidateDoc`), the reference our verdicts must match.
/// Documents are parsed with the network off; libxml2's messages are swallowed.
final class ReferenceSchema {
    private let schema: xmlSchemaPtr
    private let context: xmlSchemaValidCtxtPtr

    init?(xsd: String) {
        let bytes = Array(xsd.utf8)
        let parser = bytes.withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { xmlSchemaNewMemParserCtxt($0.baseAddress, Int32($0.count)) }
        }
        guard let parser else { return nil }
        xmlSchemaSetParserStructuredErrors(parser, { _, _ in }, nil)
        defer { xmlSchemaFreeParserCtxt(parser) }
        guard let schema = xmlSchemaParse(parser), let context = xmlSchemaNewValidCtxt(schema) else { return nil }
        xmlSchemaSetValidStructuredErrors(context, { _, _ in }, nil)
        self.schema = schema
        self.context = context
    }

    deinit {
        xmlSchemaFreeValidCtxt(context)
        xmlSchemaFree(schema)
    }

    /// True when the document is well-formed and valid.
    func isValid(_ xml: String) -> Bool {
        let bytes = Array(xml.utf8)
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let document = bytes.withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { xmlReadMemory($0.baseAddress, Int32($0.count), nil, nil, options) }
        }
        guard let document else { return false }
        defer { xmlFreeDoc(document) }
        return xmlSchemaValidateDoc(context, document) == 0
    }
}
