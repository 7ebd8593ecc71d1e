import CustomsJSON
import CustomsModel
import CustomsXML
import Foundation

/// One record read from a national file: the record, or why it could not be read.
public struct ReadRecord {
    /// 1-based position of the record in its file.
    public let number: Int
    /// The line it starts on, where the syntax has lines (CSV, NDJSON).
    public let line: Int?
    /// The record, or nil when it could not be read.
    public let record: NationalRecord?
    /// Why it could not be read.
    public let error: String?
}

/// Why a national file could not be read at all (its records cannot be told apart).
public struct NationalFileError: Error, CustomStringConvertible {
    /// What is wrong, with the line where known.
    public let description: String
}

/// Reads national record files in the format a mapping describes.
public struct NationalRecordReader: Sendable {
    /// The mapping whose records are read.
    public let mapping: Mapping

    /// A reader for `mapping`'s records.
    public init(mapping: Mapping) { self.mapping = mapping }

    /// The records of one file; `name` tells NDJSON (`.ndjson`, `.jsonl`) from JSON.
    public func records(in bytes: [UInt8], name: String) throws(NationalFileError) -> [ReadRecord] {
        switch mapping.format {
        case .csv(let layout): return try csvRecords(bytes, layout: layout)
        case .json:
            let lower = name.lowercased()
            return try lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl")
                ? ndjsonRecords(bytes) : jsonRecords(bytes)
        case .xml(let layout): return try xmlRecords(bytes, layout: layout)
        }
    }

    private func csvRecords(_ bytes: [UInt8], layout: CSVLayout) throws(NationalFileError) -> [ReadRecord] {
        let lines: [(line: Int, fields: [String])]
        do { lines = try CSVRecords.parse(bytes) } catch {
            throw NationalFileError(description: "line \(error.line): \(error.message)")
        }
        guard let header = lines.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces) }) else { return [] }
        guard let kindIndex = header.firstIndex(of: layout.kindColumn) else {
            throw NationalFileError(
                description: "line 1: no column '\(layout.kindColumn)' (it tells header lines from item lines)")
        }
        var records: [ReadRecord] = []
        var current: (line: Int, record: NationalRecord, items: Int)?
        var orphan: Int?
        func close() {
            if let current {
                records.append(
                    ReadRecord(number: records.count + 1, line: current.line, record: current.record, error: nil))
            }
            current = nil
        }
        for (line, fields) in lines.dropFirst() {
            let kind = fields.indices.contains(kindIndex) ? fields[kindIndex].trimmingCharacters(in: .whitespaces) : ""
            if fields.count > header.count {
                close()
                records.append(
                    ReadRecord(
                        number: records.count + 1, line: line, record: nil,
                        error: "line \(line) has \(fields.count) cells where the header has \(header.count) columns"))
                continue
            }
            let target: NationalRecord
            if kind == layout.headerKind {
                close()
                current = (line, NationalRecord(), 0)
                target = current!.record
            } else if kind == layout.itemKind, current != nil {
                current!.items += 1
                target = current!.record.field(creating: layout.itemGroup).item(creating: current!.items)
            } else {
                if kind == layout.itemKind {
                    if orphan == nil {
                        orphan = line
                        records.append(
                            ReadRecord(
                                number: records.count + 1, line: line, record: nil,
                                error:
                                    "line \(line) is an item line (\(layout.kindColumn) \(kind)) before any header line"
                            ))
                    }
                } else {
                    close()
                    records.append(
                        ReadRecord(
                            number: records.count + 1, line: line, record: nil,
                            error: "line \(line): '\(kind)' in column \(layout.kindColumn) is neither "
                                + "\(layout.headerKind) (header) nor \(layout.itemKind) (item)"))
                }
                continue
            }
            for (index, cell) in fields.enumerated() where index != kindIndex && !cell.isEmpty {
                target.field(creating: header[index]).value = cell
            }
        }
        close()
        return records
    }

    private func jsonRecords(_ bytes: [UInt8]) throws(NationalFileError) -> [ReadRecord] {
        let value: JSONValue
        do { value = try JSONValue.parse(bytes) } catch {
            throw NationalFileError(description: "line \(error.line), column \(error.column): \(error.message)")
        }
        let items: [JSONValue]
        if case .array(let array) = value { items = array } else { items = [value] }
        return items.enumerated().map { index, item in
            guard case .object = item else {
                return ReadRecord(number: index + 1, line: nil, record: nil, error: "a record is a JSON object")
            }
            return ReadRecord(number: index + 1, line: nil, record: Self.record(item), error: nil)
        }
    }

    private func ndjsonRecords(_ bytes: [UInt8]) throws(NationalFileError) -> [ReadRecord] {
        var records: [ReadRecord] = []
        var line = 0
        for slice in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            line += 1
            guard slice.contains(where: { ![0x20, 0x09, 0x0D].contains($0) }) else { continue }
            do {
                let value = try JSONValue.parse(Array(slice))
                guard case .object = value else {
                    records.append(
                        ReadRecord(
                            number: records.count + 1, line: line, record: nil, error: "a record is a JSON object"))
                    continue
                }
                records.append(
                    ReadRecord(number: records.count + 1, line: line, record: Self.record(value), error: nil))
            } catch {
                records.append(
                    ReadRecord(
                        number: records.count + 1, line: line, record: nil,
                        error: "column \(error.column): \(error.message)"))
            }
        }
        return records
    }

    static func record(_ value: JSONValue) -> NationalRecord {
        let node = NationalRecord()
        switch value {
        case .string(let text), .number(let text): node.value = text
        case .bool(let flag): node.value = flag ? "true" : "false"
        case .null: break
        case .array(let items): for item in items { node.appendItem(record(item)) }
        case .object(let members): for member in members { node.adopt(record(member.value), as: member.key) }
        }
        return node
    }

    private func xmlRecords(_ bytes: [UInt8], layout: XMLLayout) throws(NationalFileError) -> [ReadRecord] {
        let root: MarkupElement
        do { root = try XMLTreeReader.read(bytes) } catch { throw NationalFileError(description: error.description) }
        let elements: [MarkupElement]
        if let batch = layout.batchElement, root.name == batch {
            elements = root.children
        } else {
            elements = [root]
        }
        let groups = mapping.groupPaths
        return elements.enumerated().map { index, element in
            guard element.name == layout.recordElement, element.namespace == layout.namespace else {
                let expected =
                    layout.batchElement.map { "\(layout.recordElement) (or \($0) around records)" }
                    ?? layout.recordElement
                return ReadRecord(
                    number: index + 1, line: nil, record: nil,
                    error:
                        "element \(element.name)\(element.namespace.isEmpty ? "" : " in \(element.namespace)") where \(expected) was expected"
                )
            }
            var problem: String?
            let record = Self.record(element, path: [], groups: groups, problem: &problem)
            return ReadRecord(number: index + 1, line: nil, record: problem == nil ? record : nil, error: problem)
        }
    }

    private static func record(
        _ element: MarkupElement, path: [String], groups: Set<[String]>, problem: inout String?
    ) -> NationalRecord {
        let node = NationalRecord()
        if element.children.isEmpty {
            node.value = element.text.isEmpty ? nil : element.text
            return node
        }
        for child in element.children {
            let childPath = path + [child.name]
            let converted = record(child, path: childPath, groups: groups, problem: &problem)
            if groups.contains(childPath) {
                node.field(creating: child.name).appendItem(converted)
            } else if node.field(child.name) != nil {
                problem =
                    problem
                    ?? "\(childPath.joined(separator: ".")) occurs twice but is not a repeating group of the mapping"
            } else {
                node.adopt(converted, as: child.name)
            }
        }
        return node
    }
}
