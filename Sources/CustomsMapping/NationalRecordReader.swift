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
        let lower = name.lowercased()
        switch mapping.format {
        case .csv: return try streamed(bytes, name: name)
        case .json where lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl"): return try streamed(bytes, name: name)
        case .json: return try streamed(bytes, name: name)
        case .xml(let layout): return try xmlRecords(bytes, layout: layout)
        }
    }

    /// Flat CSV, NDJSON and JSON, through the stream that reads them in pieces.
    private func streamed(_ bytes: [UInt8], name: String) throws(NationalFileError) -> [ReadRecord] {
        let stream = NationalRecordStream(mapping: mapping, name: name)
        var records: [ReadRecord] = []
        try stream.feed(bytes) { records.append($0) }
        try stream.finish { records.append($0) }
        return records
    }

    /// A JSON document that is not an array of records: one record.
    static func jsonDocument(_ bytes: [UInt8]) throws(NationalFileError) -> [ReadRecord] {
        let value: JSONValue
        do { value = try JSONValue.parse(bytes) } catch {
            throw NationalFileError(description: "line \(error.line), column \(error.column): \(error.message)")
        }
        guard case .object = value else {
            return [ReadRecord(number: 1, line: nil, record: nil, error: "a record is a JSON object")]
        }
        return [ReadRecord(number: 1, line: 1, record: record(value), error: nil)]
    }

    /// One element of a JSON array of records, found at `element`'s line and column; a syntax
    /// error placed in the file.
    static func jsonRecord(
        _ bytes: ArraySlice<UInt8>, number: Int, at element: JSONRecordSplitter.Element
    ) -> ReadRecord {
        parsedRecord(Array(bytes), number: number, line: element.line) { error in
            let line = element.line + error.line - 1
            let column = error.line == 1 ? element.column + error.column - 1 : error.column
            return "line \(line), column \(column): \(error.message)"
        }
    }

    /// One NDJSON line as a record; a syntax error placed by its column.
    static func ndjsonRecord(_ line: [UInt8], number: Int, line lineNumber: Int) -> ReadRecord {
        parsedRecord(line, number: number, line: lineNumber) { "column \($0.column): \($0.message)" }
    }

    /// `bytes` parsed as one record: an object, else the record's error (`describe` words a
    /// syntax error).
    private static func parsedRecord(
        _ bytes: [UInt8], number: Int, line: Int, describe: (JSONSyntaxError) -> String
    ) -> ReadRecord {
        do {
            let value = try JSONValue.parse(bytes)
            guard case .object = value else {
                return ReadRecord(number: number, line: line, record: nil, error: "a record is a JSON object")
            }
            return ReadRecord(number: number, line: line, record: record(value), error: nil)
        } catch {
            return ReadRecord(number: number, line: line, record: nil, error: describe(error))
        }
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
