import CustomsJSON
import CustomsModel

/// Writes national records in the format a mapping describes: a CSV table (header line, then
/// item lines, per record), JSON (one record per line), or XML (one record, or several in the
/// layout's batch element).
public struct NationalRecordWriter: Sendable {
    /// The mapping whose records are written.
    public let mapping: Mapping

    /// A writer for `mapping`'s records.
    public init(mapping: Mapping) { self.mapping = mapping }

    /// Why records cannot be written in this format.
    public struct Failure: Error, CustomStringConvertible {
        /// What is wrong.
        public let description: String
    }

    /// The text of a file holding `records`.
    public func text(_ records: [NationalRecord]) throws(Failure) -> String {
        var file = Incremental(writer: self)
        var text = ""
        for record in records { text += try file.add(record) }
        return text + (try file.finish())
    }

    /// A file of records written as they come: each `add` gives the text to write now, `finish`
    /// the rest, and together they are `text(records)`; only an XML layout's first record is held
    /// until the second tells one record from a batch.
    public struct Incremental {
        let writer: NationalRecordWriter
        private var count = 0
        private var heldXML: MarkupElement?

        /// A file for `writer`'s mapping.
        public init(writer: NationalRecordWriter) { self.writer = writer }

        /// The text for one more record.
        public mutating func add(_ record: NationalRecord) throws(Failure) -> String {
            count += 1
            switch writer.mapping.format {
            case .csv(let layout):
                let columns = writer.csvColumns(layout: layout)
                return (count == 1 ? CSVRecords.line(columns) + "\n" : "") + writer.csvLines(record, columns, layout)
            case .json:
                return writer.json(record).text + "\n"
            case .xml(let layout):
                let element = writer.xml(record, name: layout.recordElement, namespace: layout.namespace)
                guard count > 1 else {
                    heldXML = element
                    return ""
                }
                guard let batch = layout.batchElement else {
                    throw Failure(
                        description: "more than one record, and \(writer.mapping.id)'s XML layout has no batch "
                            + "element to hold several: map one message at a time")
                }
                var bytes: [UInt8] = []
                if let first = heldXML {
                    heldXML = nil
                    bytes = XMLMessageWriter.opening(
                        MarkupElement(name: batch, namespace: layout.namespace), children: [first])
                }
                bytes += XMLMessageWriter.fragment(element, depth: 1, inheritedNamespace: layout.namespace)
                return String(decoding: bytes, as: UTF8.self)
            }
        }

        /// The text that ends the file.
        public mutating func finish() throws(Failure) -> String {
            switch writer.mapping.format {
            case .csv(let layout): return count == 0 ? CSVRecords.line(writer.csvColumns(layout: layout)) + "\n" : ""
            case .json: return ""
            case .xml(let layout):
                if let first = heldXML { return XMLMessageWriter.document(first) }
                guard let batch = layout.batchElement else {
                    throw Failure(
                        description:
                            "no records, and \(writer.mapping.id)'s XML layout has no batch element to hold none")
                }
                if count == 0 {
                    return XMLMessageWriter.document(MarkupElement(name: batch, namespace: layout.namespace))
                }
                return "</\(batch)>\n"
            }
        }
    }

    /// The CSV columns: the kind column, then the header and item fields in table order.
    public func csvColumns(layout: CSVLayout) -> [String] {
        var columns = [layout.kindColumn]
        for field in mapping.nationalFields {
            // Header fields (`lrn`) and item fields (`items.$1.description`); not the group itself.
            guard case .name(let name) = field.segments.last!, field.segments.count != 2 else { continue }
            if !columns.contains(name) { columns.append(name) }
        }
        return columns
    }

    /// A record's CSV lines: its header line, then a line per goods item.
    func csvLines(_ record: NationalRecord, _ columns: [String], _ layout: CSVLayout) -> String {
        var text =
            CSVRecords.line(columns.map { $0 == layout.kindColumn ? layout.headerKind : record.field($0)?.value ?? "" })
            + "\n"
        for position in record.field(layout.itemGroup)?.positions ?? [] {
            let item = record.field(layout.itemGroup)!.item(position)!
            text +=
                CSVRecords.line(columns.map { $0 == layout.kindColumn ? layout.itemKind : item.field($0)?.value ?? "" })
                + "\n"
        }
        return text
    }

    /// The record as JSON: fields as members, groups as arrays, values as strings.
    public func json(_ record: NationalRecord) -> JSONValue {
        if let value = record.value { return .string(value) }
        if !record.items.isEmpty { return .array(record.items.compactMap { $0 }.map(json)) }
        return .object(record.names.map { (key: $0, value: json(record.field($0)!)) })
    }

    func xml(_ record: NationalRecord, name: String, namespace: String) -> MarkupElement {
        var element = MarkupElement(name: name, namespace: namespace, text: record.value ?? "")
        for field in record.names {
            let child = record.field(field)!
            if child.items.isEmpty {
                element.children.append(xml(child, name: field, namespace: namespace))
            } else {
                for item in child.items.compactMap({ $0 }) {
                    element.children.append(xml(item, name: field, namespace: namespace))
                }
            }
        }
        return element
    }
}
