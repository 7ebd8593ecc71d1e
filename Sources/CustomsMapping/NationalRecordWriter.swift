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
        switch mapping.format {
        case .csv(let layout): return csv(records, layout: layout)
        case .json: return records.map { json($0).text + "\n" }.joined()
        case .xml(let layout):
            let elements = records.map { xml($0, name: layout.recordElement, namespace: layout.namespace) }
            if elements.count == 1 { return XMLMessageWriter.document(elements[0]) }
            guard let batch = layout.batchElement else {
                throw Failure(
                    description: "\(elements.count) records, and \(mapping.id)'s XML layout has no batch element "
                        + "to hold several: map one message at a time")
            }
            return XMLMessageWriter.document(
                MarkupElement(name: batch, namespace: layout.namespace, children: elements))
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

    private func csv(_ records: [NationalRecord], layout: CSVLayout) -> String {
        let columns = csvColumns(layout: layout)
        var text = CSVRecords.line(columns) + "\n"
        for record in records {
            text +=
                CSVRecords.line(
                    columns.map { $0 == layout.kindColumn ? layout.headerKind : record.field($0)?.value ?? "" }) + "\n"
            for position in record.field(layout.itemGroup)?.positions ?? [] {
                let item = record.field(layout.itemGroup)!.item(position)!
                text +=
                    CSVRecords.line(
                        columns.map { $0 == layout.kindColumn ? layout.itemKind : item.field($0)?.value ?? "" }) + "\n"
            }
        }
        return text
    }

    /// The record as JSON: fields as members, groups as arrays, values as strings.
    public func json(_ record: NationalRecord) -> JSONValue {
        if let value = record.value { return .string(value) }
        if !record.items.isEmpty { return .array(record.items.compactMap { $0 }.map(json)) }
        return .object(record.names.map { (key: $0, value: json(record.field($0)!)) })
    }

    private func xml(_ record: NationalRecord, name: String, namespace: String) -> MarkupElement {
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
