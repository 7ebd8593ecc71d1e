import Foundation

/// Splits CSV text (RFC 4180: quoted fields may hold commas, quotes doubled, line breaks) into
/// records of fields, with the line each record starts on.
///
/// Hand-written rather than SwiftCSV (which the definition loader uses): national record files
/// are the mapping's hot path — a million records at the benchmark's pace — and SwiftCSV reads
/// a whole file as `Character`s into a table of strings first; this scan works on the bytes.
public enum CSVRecords {
    /// A syntax error: where, and what.
    struct Failure: Error {
        let line: Int
        let message: String
    }

    /// One record: its line, its fields, and what is wrong with it when a field is not UTF-8
    /// (that field is then empty; the record's boundaries are still sure, so only it is lost).
    typealias Record = (line: Int, fields: [String], problem: String?)

    /// The records of `bytes` (UTF-8; a leading BOM at the file's start is skipped), blank lines
    /// skipped; `firstLine` is the line `bytes` starts on (a piece of a file read in pieces).
    /// Quoting that cannot be read throws: after it, record boundaries are guesswork.
    static func parse(_ bytes: [UInt8], firstLine: Int = 1) throws(Failure) -> [Record] {
        var records: [Record] = []
        try scan(bytes, firstLine: firstLine, into: &records)
        return records
    }

    /// Scans `bytes` as `parse` does, appending each record to `records` as it ends: when
    /// quoting cannot be read, the records before it are there, whether the file comes whole or
    /// in pieces. Gives the line after the last one (a lone CR ends a line, as CR LF and LF do).
    @discardableResult
    static func scan(_ bytes: [UInt8], firstLine: Int = 1, into records: inout [Record]) throws(Failure) -> Int {
        var problem: String?
        var fields: [String] = []
        var field: [UInt8] = []
        var line = firstLine
        var recordLine = firstLine
        var index = firstLine == 1 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var quoted = false
        var afterQuote = false

        func endField() {
            if let text = String(validating: field, as: UTF8.self) {
                fields.append(text)
            } else {
                problem = problem ?? "line \(line): field \(fields.count + 1) is not UTF-8"
                fields.append("")
            }
            field.removeAll(keepingCapacity: true)
            afterQuote = false
        }
        func endRecord() {
            if !(fields.count == 1 && fields[0].isEmpty && problem == nil) {
                records.append((recordLine, fields, problem))
            }
            fields.removeAll()
            problem = nil
        }

        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index < bytes.count && bytes[index] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                endField()
            case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                if byte == UInt8(ascii: "\r") && index < bytes.count && bytes[index] == UInt8(ascii: "\n") {
                    index += 1
                }
                endField()
                endRecord()
                line += 1
                recordLine = line
            case UInt8(ascii: "\""):
                guard field.isEmpty && !afterQuote else {
                    throw Failure(
                        line: line,
                        message: "a quote inside an unquoted field: quote the whole field and double the quote")
                }
                quoted = true
            default:
                guard !afterQuote else { throw Failure(line: line, message: "text after the closing quote of a field") }
                field.append(byte)
            }
        }
        if quoted { throw Failure(line: recordLine, message: "a quoted field that is never closed") }
        if !field.isEmpty || !fields.isEmpty || afterQuote {
            endField()
            endRecord()
        }
        return line
    }

    /// One record as a CSV line (without the line break): fields quoted where they need it.
    public static func line(_ fields: [String]) -> String {
        fields.map { field in
            guard field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
                return field
            }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }
}
