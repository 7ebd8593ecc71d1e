import CLibXML2
import CustomsModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One element of a schema document, copied out of libxml2's tree: its name and namespace, its
/// attributes, the namespace prefixes in scope (to resolve QNames such as `ds:CodeType`), its
/// line, its element children and its text.
///
/// Schema documents are small (the UK CDS set is 650 kB), so they are read whole into this
/// plain tree and libxml2's document is freed at once; the importer never touches C pointers.
struct SchemaElement: Sendable {
    /// The local name, e.g. `complexType`.
    let name: String
    /// The element's namespace ("" for none).
    let namespace: String
    /// Unprefixed attributes by name (schema attributes are unqualified).
    let attributes: [String: String]
    /// Prefix → namespace for every prefix in scope ("" is the default namespace).
    let prefixes: [String: String]
    /// 1-based line in its file: where the start tag begins (where it ends when the file is
    /// not UTF-8, as libxml2 counts).
    let line: Int
    /// 1-based column of the start tag's `<`, in characters; 0 when the file is not UTF-8.
    let column: Int
    /// Element children, in order.
    let children: [SchemaElement]
    /// The concatenated text of its text children (used for annotation values).
    let text: String

    /// Where this element starts in `file`.
    func location(in file: String) -> SourceLocation { SourceLocation(file: file, line: line, column: column) }

    /// True when this is `xs:<name>`.
    func isSchema(_ local: String) -> Bool { name == local && namespace == SchemaElement.xsdNamespace }

    /// The element children in the XSD namespace, annotations left out.
    var schemaChildren: [SchemaElement] {
        children.filter { $0.namespace == Self.xsdNamespace && $0.name != "annotation" }
    }

    /// The XML Schema namespace.
    static let xsdNamespace = "http://www.w3.org/2001/XMLSchema"

    /// Resolves a QName attribute value (`ds:CodeType`, `CodeType`) against the prefixes in
    /// scope; nil when its prefix is not declared.
    func resolve(_ qualifiedName: String) -> QualifiedName? {
        let parts = qualifiedName.split(separator: ":", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            guard let namespace = prefixes[parts[0]] else { return nil }
            return QualifiedName(namespace: namespace, name: parts[1])
        }
        return QualifiedName(namespace: prefixes[""] ?? "", name: qualifiedName)
    }
}

/// A namespace and a local name: how schema components are named.
struct QualifiedName: Hashable, Sendable, CustomStringConvertible {
    /// The namespace ("" for none).
    let namespace: String
    /// The local name.
    let name: String

    var description: String { namespace.isEmpty ? name : "{\(namespace)}\(name)" }
}

/// Reads a schema file into a `SchemaElement` tree with libxml2: no network, no DTD, no
/// entities (a `<!DOCTYPE` is refused), the file read by us rather than through libxml2's I/O
/// layer (whose loader is switched off process-wide).
enum SchemaDocumentReader {
    /// Why a schema file could not be read.
    struct Failure: Error {
        /// The line, when known (0 otherwise).
        let line: Int
        /// The column libxml2 gives (its `int2`), when known (0 otherwise).
        let column: Int
        /// What went wrong.
        let message: String

        init(line: Int, column: Int = 0, message: String) {
            self.line = line
            self.column = column
            self.message = message
        }
    }

    /// The largest schema file accepted (the UK CDS declaration schema is 515 kB).
    static let maximumSize = 64 << 20

    /// The schema element of the file at `path`, and the `ContentDigest` of the bytes it was read
    /// from (what a cached import checks the file against).
    static func read(path: String) throws(Failure) -> (root: SchemaElement, digest: String) {
        let bytes = try contents(of: path)
        var digest = ContentDigest()
        digest.add(bytes)
        LibXML2.setUp()
        let options = LibXML2.secureOptions | Int32(XML_PARSE_NOCDATA.rawValue)
        let context = xmlNewParserCtxt()
        defer { xmlFreeParserCtxt(context) }
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                xmlCtxtReadMemory(context, $0.baseAddress, Int32($0.count), path, nil, options)
            }
        }
        guard let document else {
            let error = xmlCtxtGetLastError(context)
            let message = LibXML2.message(error?.pointee.message) ?? "not well-formed"
            throw Failure(
                line: Int(error?.pointee.line ?? 0), column: Int(error?.pointee.int2 ?? 0),
                message: "not a well-formed schema: " + message)
        }
        defer { xmlFreeDoc(document) }
        if document.pointee.intSubset != nil {
            throw Failure(line: 1, message: "DOCTYPE declarations are not accepted in schemas (no DTDs, no entities)")
        }
        guard let root = xmlDocGetRootElement(document) else { throw Failure(line: 1, message: "the file is empty") }
        var positions = isUTF8(document, bytes) ? StartTagLocator.positions(in: bytes)[...] : []
        let tree = element(root, inherited: ["xml": "http://www.w3.org/XML/1998/namespace"], positions: &positions)
        return (tree, digest.hex)
    }

    /// True when the bytes libxml2 parsed are the file's bytes (no encoding conversion), so
    /// that `StartTagLocator` can count in them.
    private static func isUTF8(_ document: xmlDocPtr, _ bytes: [UInt8]) -> Bool {
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) { return false }
        guard let declared = document.pointee.encoding else { return true }
        let name = string(declared).uppercased()
        return name == "UTF-8" || name == "UTF8" || name == "US-ASCII" || name == "ASCII"
    }

    private static func contents(of path: String) throws(Failure) -> [UInt8] {
        // The type first (through links): opening a FIFO for reading would already block.
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw Failure(line: 0, message: "cannot read: \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw Failure(line: 0, message: "not a regular file: schemas are read from regular files only")
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw Failure(line: 0, message: "cannot read: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { readBytes(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { throw Failure(line: 0, message: "read error: \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > maximumSize { throw Failure(line: 0, message: "larger than \(maximumSize) bytes") }
        }
        return bytes
    }

    /// The C `read`, named apart: inside this type, `read` is the schema-reading method.
    private static func readBytes(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(descriptor, buffer, count)
        #else
        Darwin.read(descriptor, buffer, count)
        #endif
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) } ?? ""
    }

    /// The tree under `node`; `positions` holds the start tags from this one on in document
    /// order (empty when unknown: libxml2's line, no column).
    private static func element(
        _ node: xmlNodePtr, inherited: [String: String], positions: inout ArraySlice<StartTagLocator.Position>
    ) -> SchemaElement {
        let position = positions.popFirst()
        var prefixes = inherited
        var declaration = node.pointee.nsDef
        while let each = declaration {
            prefixes[string(each.pointee.prefix)] = string(each.pointee.href)
            declaration = each.pointee.next
        }
        var attributes: [String: String] = [:]
        var property = node.pointee.properties
        while let each = property {
            if each.pointee.ns == nil {
                let value = xmlNodeGetContent(UnsafeMutableRawPointer(each).assumingMemoryBound(to: xmlNode.self))
                attributes[string(each.pointee.name)] = string(value)
                customs_xmlFree(value)
            }
            property = each.pointee.next
        }
        var children: [SchemaElement] = []
        var text = ""
        var child = node.pointee.children
        while let each = child {
            switch each.pointee.type {
            case XML_ELEMENT_NODE: children.append(element(each, inherited: prefixes, positions: &positions))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE: text += string(each.pointee.content)
            default: break
            }
            child = each.pointee.next
        }
        return SchemaElement(
            name: string(node.pointee.name), namespace: string(node.pointee.ns?.pointee.href), attributes: attributes,
            prefixes: prefixes, line: position?.line ?? Int(xmlGetLineNo(node)), column: position?.column ?? 0,
            children: children, text: text)
    }
}

/// Text helpers for schema values, without Foundation (this module keeps it out: see
/// SWIFT-NOTES on libxml2 and ICU).
enum SchemaText {
    /// `text` without leading and trailing XML whitespace.
    static func trimmed(_ text: String) -> String {
        var view = Substring(text).unicodeScalars
        while let first = view.first, isSpace(first) { view.removeFirst() }
        while let last = view.last, isSpace(last) { view.removeLast() }
        return String(view)
    }

    /// `text` with XML whitespace runs turned into one space and the ends trimmed.
    static func collapsed(_ text: String) -> String {
        trimmed(text).split(whereSeparator: { $0.unicodeScalars.allSatisfy(isSpace) }).joined(separator: " ")
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }
}
