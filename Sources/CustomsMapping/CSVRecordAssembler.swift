import CustomsModel
import Foundation

/// Builds national records from the lines of a flat CSV file, one line at a time: a header line
/// starts a record, item lines add positions to its item group, and a record is complete when
/// the next header line (or the end) comes. A line that belongs to no record is an error record
/// of its own; the rest of the file still reads.
struct CSVRecordAssembler {
    let layout: CSVLayout
    private var header: [String]?
    private var kindIndex = 0
    private var current: (line: Int, record: NationalRecord, items: Int, problem: String?)?
    private var orphanReported = false
    private var count = 0

    init(layout: CSVLayout) { self.layout = layout }

    /// Adds one line; `problem` (a field that is not UTF-8) fails the record the line belongs to.
    mutating func add(
        line: Int, fields: [String], problem: String? = nil, emit: (ReadRecord) -> Void
    )
        throws(NationalFileError)
    {
        guard let header else {
            let names = fields.map { $0.trimmingCharacters(in: .whitespaces) }
            guard let index = names.firstIndex(of: layout.kindColumn) else {
                throw NationalFileError(
                    description:
                        "line \(line): no column '\(layout.kindColumn)' (it tells header lines from item lines)")
            }
            self.header = names
            kindIndex = index
            return
        }
        let kind = fields.indices.contains(kindIndex) ? String(fields[kindIndex].trimmingASCIIWhitespace()) : ""
        if fields.count > header.count {
            close(emit)
            fail(line, "line \(line) has \(fields.count) cells where the header has \(header.count) columns", emit)
            return
        }
        let target: NationalRecord
        if kind == layout.headerKind {
            close(emit)
            current = (line, NationalRecord(), 0, problem)
            target = current!.record
        } else if kind == layout.itemKind, current != nil {
            current!.items += 1
            current!.problem = current!.problem ?? problem
            target = current!.record.field(creating: layout.itemGroup).item(creating: current!.items)
        } else if kind == layout.itemKind {
            // Item lines before any header: one error for the run, not one per line.
            if !orphanReported {
                orphanReported = true
                fail(line, "line \(line) is an item line (\(layout.kindColumn) \(kind)) before any header line", emit)
            }
            return
        } else {
            close(emit)
            fail(
                line,
                "line \(line): '\(kind)' in column \(layout.kindColumn) is neither \(layout.headerKind) (header) "
                    + "nor \(layout.itemKind) (item)", emit)
            return
        }
        for (index, cell) in fields.enumerated() where index != kindIndex && !cell.isEmpty {
            target.field(creating: header[index]).value = cell
        }
    }

    /// Emits the record in progress.
    mutating func finish(_ emit: (ReadRecord) -> Void) { close(emit) }

    private mutating func close(_ emit: (ReadRecord) -> Void) {
        guard let open = current else { return }
        count += 1
        emit(
            ReadRecord(
                number: count, line: open.line, record: open.problem == nil ? open.record : nil, error: open.problem))
        current = nil
    }

    private mutating func fail(_ line: Int, _ message: String, _ emit: (ReadRecord) -> Void) {
        count += 1
        emit(ReadRecord(number: count, line: line, record: nil, error: message))
    }
}
