import CustomsModel
import Foundation
import SwiftCSV

/// A CSV file read into rows that remember their line numbers, so that every problem in a
/// spreadsheet-edited definition file can be reported at file:line:column.
///
/// Values come from SwiftCSV. SwiftCSV does not say where a row starts, so `RecordLocator`
/// (below) finds record and field positions with a quote-aware scan of the same text.
struct CSVTable {
    /// One data row.
    struct Row {
        /// The row's cells by column name.
        let values: [String: String]
        /// Where each column's cell starts.
        let locations: [String: SourceLocation]
        /// Where the row starts.
        let location: SourceLocation

        /// The cell of `column`, trimmed; nil when empty or absent.
        func value(_ column: String) -> String? {
            guard let raw = values[column] else { return nil }
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        }

        /// Where the cell of `column` starts (the row's start if the column is absent).
        func location(of column: String) -> SourceLocation { locations[column] ?? location }
    }

    let header: [String]
    let rows: [Row]

    /// Reads `text` (the contents of `file`); reports syntax problems and missing `required`
    /// columns, and returns nil when the table cannot be used.
    static func read(
        file: String, text: String, required: [String], optional: [String] = [], log: inout ProblemLog
    )
        -> CSVTable?
    {
        let records: [RecordLocator.Record]
        do { records = try RecordLocator.records(in: text) } catch {
            log.report(.syntax, at: SourceLocation(file: file, line: error.line, column: error.column), error.message)
            return nil
        }
        let parsed: [[String]]
        do {
            let csv = try EnumeratedCSV(string: text, delimiter: .comma, loadColumns: false)
            parsed = ([csv.header] + csv.rows).filter { !($0.count <= 1 && ($0.first ?? "").isEmpty) }
        } catch {
            log.report(.syntax, at: SourceLocation(file: file), "not valid CSV: \(error)")
            return nil
        }
        guard let headerRecord = records.first, parsed.count == records.count else {
            if records.isEmpty {
                log.report(
                    .syntax, at: SourceLocation(file: file, line: 1, column: 1),
                    "empty CSV file: a header row is required")
            } else {
                log.report(.syntax, at: SourceLocation(file: file), "the CSV rows could not be told apart")
            }
            return nil
        }
        let header = parsed[0].map { $0.trimmingCharacters(in: .whitespaces) }
        var usable = true
        for column in required where !header.contains(column) {
            log.report(
                .missingField, at: SourceLocation(file: file, line: headerRecord.line, column: 1), id: column,
                "missing column '\(column)' in the header (columns are: \(header.joined(separator: ", ")))")
            usable = false
        }
        let known = Set(required + optional)
        for (index, column) in header.enumerated() where !known.contains(column) {
            log.report(
                .unknownKey,
                at: SourceLocation(
                    file: file, line: headerRecord.line, column: headerRecord.fieldColumns[safe: index] ?? 1),
                id: column, "unknown column '\(column)'", suggestion: Suggestions.closest(to: column, among: known))
        }
        for (index, column) in header.enumerated() where header.firstIndex(of: column) != index {
            log.report(
                .duplicateID, at: SourceLocation(file: file, line: headerRecord.line), id: column,
                "column '\(column)' appears twice")
            usable = false
        }
        guard usable else { return nil }
        var rows: [Row] = []
        for (record, cells) in zip(records.dropFirst(), parsed.dropFirst()) {
            let start = SourceLocation(file: file, line: record.line, column: 1)
            // Counted from our own record reading: SwiftCSV pads every row to the longest one,
            // which would blame every row for one row's extra cell.
            if record.fieldColumns.count > header.count {
                log.report(
                    .syntax, at: start,
                    "\(record.fieldColumns.count) cells where the header has \(header.count) columns")
            }
            var values: [String: String] = [:]
            var locations: [String: SourceLocation] = [:]
            for (index, column) in header.enumerated() {
                values[column] = cells[safe: index] ?? ""
                locations[column] = SourceLocation(
                    file: file, line: record.line, column: record.fieldColumns[safe: index] ?? 1)
            }
            rows.append(Row(values: values, locations: locations, location: start))
        }
        return CSVTable(header: header, rows: rows)
    }
}

/// Finds where each CSV record and field starts (RFC 4180 quoting), and rejects quoting that
/// SwiftCSV would read silently in some way other than the author meant: a quote inside an
/// unquoted field, text after a closing quote, a quoted field that never ends.
enum RecordLocator {
    /// The most records one table may have: the largest real code lists (UN/LOCODE, about
    /// 115,000 locations) fit; beyond that, loading (SwiftCSV, then our checks) takes seconds and
    /// memory that no definition is worth.
    static let maximumRecords = 250_000
    /// The longest field, in characters: descriptions are a few hundred.
    static let maximumFieldLength = 64 << 10

    struct Record {
        /// 1-based line where the record starts.
        let line: Int
        /// 1-based column where each field starts.
        let fieldColumns: [Int]
    }

    struct Failure: Error {
        let line: Int
        let column: Int
        let message: String
    }

    static func records(in text: String) throws(Failure) -> [Record] {
        var records: [Record] = []
        var line = 1
        var column = 0
        var fieldColumns = [1]
        var recordLine = 1
        var inQuotes = false
        var quoteOpened = (line: 0, column: 0)
        var fieldStarted = false  // the current field has content (or an opening quote)
        var afterClosingQuote = false
        var recordHasContent = false
        var previousWasQuoteInQuotes = false
        var fieldStart = (line: 1, column: 1)
        var fieldLength = 0

        func endRecord() {
            if recordHasContent { records.append(Record(line: recordLine, fieldColumns: fieldColumns)) }
            fieldLength = 0
            fieldColumns = [1]
            recordHasContent = false
            fieldStarted = false
            afterClosingQuote = false
        }

        for character in text {
            column += 1
            fieldLength += 1
            if fieldLength == 1 { fieldStart = (line, column) }
            if fieldLength > maximumFieldLength {
                throw Failure(
                    line: fieldStart.line, column: fieldStart.column,
                    message: "a field longer than \(maximumFieldLength) characters")
            }
            if records.count >= maximumRecords {
                throw Failure(line: line, column: column, message: "more than \(maximumRecords) rows")
            }
            if inQuotes {
                if character == "\"" {
                    // Either the closing quote or the first half of an escaped "".
                    inQuotes = false
                    afterClosingQuote = true
                    previousWasQuoteInQuotes = true
                } else if character.isNewline {
                    line += 1
                    column = 0
                }
                continue
            }
            if character == "\"" {
                if afterClosingQuote && previousWasQuoteInQuotes {
                    inQuotes = true  // "" inside a quoted field
                    afterClosingQuote = false
                    previousWasQuoteInQuotes = false
                    continue
                }
                guard !fieldStarted else {
                    throw Failure(
                        line: line, column: column,
                        message: "a quote inside an unquoted field: quote the whole field and double the quote (\"\")")
                }
                inQuotes = true
                fieldStarted = true
                recordHasContent = true
                quoteOpened = (line, column)
                continue
            }
            previousWasQuoteInQuotes = false
            if character == "," {
                recordHasContent = true
                fieldLength = 0
                fieldColumns.append(column + 1)
                fieldStarted = false
                afterClosingQuote = false
            } else if character.isNewline {
                endRecord()
                line += 1
                column = 0
                recordLine = line
            } else {
                if afterClosingQuote {
                    throw Failure(line: line, column: column, message: "text after the closing quote of a field")
                }
                if character != " " && character != "\t" { recordHasContent = true }
                fieldStarted = true
            }
        }
        if inQuotes {
            throw Failure(
                line: quoteOpened.line, column: quoteOpened.column, message: "a quoted field that is never closed")
        }
        endRecord()
        return records
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
