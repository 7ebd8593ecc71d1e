import CustomsJSON
import CustomsModel

/// Reads one national record file in pieces, handing each record on as soon as it is complete:
/// flat CSV, NDJSON and a JSON array of records stream (memory bounded by the longest record, not
/// by the file); a JSON document that is one record, or an XML file, is kept until its end and
/// read whole, up to `wholeFileLimit`.
public final class NationalRecordStream {
    /// The longest CSV or NDJSON record kept while waiting for its end.
    public static let recordLimit = 16 << 20
    /// The largest JSON document or XML file read whole.
    public static let wholeFileLimit = 1 << 30

    private let reader: NationalRecordReader
    private let name: String
    private enum Mode { case csv(CSVRecordAssembler), lines, json(JSONRecordSplitter), whole }
    private var mode: Mode
    private var pending: [UInt8] = []
    /// How far `pending` has been searched for a record's end, and whether that point is inside
    /// quotes (CSV): each byte is looked at once, however many pieces a long record comes in.
    private var scanned = 0
    private var scannedInQuotes = false
    /// The line `pending` starts on.
    private var line = 1
    private var count = 0

    /// A stream of `mapping`'s records from the file called `name` (its extension tells NDJSON).
    public init(mapping: Mapping, name: String) {
        reader = NationalRecordReader(mapping: mapping)
        self.name = name
        let lower = name.lowercased()
        switch mapping.format {
        case .csv(let layout): mode = .csv(CSVRecordAssembler(layout: layout))
        case .json where lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl"): mode = .lines
        case .json: mode = .json(JSONRecordSplitter())
        case .xml: mode = .whole
        }
    }

    /// The records of `bytes` fed in pieces of `piece` bytes, and the file's error if one
    /// stopped the reading (the records before it are kept): how tests and the fuzzer compare a
    /// file read whole with the same file in pieces.
    public static func records(
        in bytes: [UInt8], mapping: Mapping, name: String, piece: Int
    ) -> (records: [ReadRecord], error: NationalFileError?) {
        let stream = NationalRecordStream(mapping: mapping, name: name)
        var records: [ReadRecord] = []
        do {
            var start = 0
            while start < bytes.count {
                try stream.feed(bytes[start..<min(start + max(1, piece), bytes.count)]) { records.append($0) }
                start += max(1, piece)
            }
            try stream.finish { records.append($0) }
            return (records, nil)
        } catch {
            return (records, error)
        }
    }

    /// Takes the next piece of the file; hands on every record it completes.
    public func feed(_ bytes: some Collection<UInt8>, emit: (ReadRecord) -> Void) throws(NationalFileError) {
        pending.append(contentsOf: bytes)
        switch mode {
        case .json(var splitter):
            try scanJSON(&splitter, emit: emit)
            mode = .json(splitter)
        case .whole:
            if pending.count > Self.wholeFileLimit {
                throw NationalFileError(description: "the file is larger than \(Self.wholeFileLimit) bytes")
            }
        case .lines, .csv:
            guard let end = lastRecordEnd() else {
                if pending.count > Self.recordLimit {
                    throw NationalFileError(description: "line \(line): a record longer than \(Self.recordLimit) bytes")
                }
                return
            }
            try take(Array(pending[...end]), emit: emit)
            pending.removeFirst(end + 1)
            scanned -= end + 1
        }
    }

    /// Ends the file: hands on the last records.
    public func finish(emit: (ReadRecord) -> Void) throws(NationalFileError) {
        switch mode {
        case .json(let splitter) where splitter.isArray == true:
            do { try splitter.finish() } catch { throw NationalFileError(description: error.message) }
        case .json:
            // One record as a document (or no document at all): read whole.
            for record in try NationalRecordReader.jsonDocument(pending) { emit(record) }
        case .whole:
            for record in try reader.records(in: pending, name: name) { emit(record) }
        case .lines, .csv:
            if !pending.isEmpty { try take(pending, emit: emit) }
            if case .csv(var assembler) = mode {
                assembler.finish(emit)
                mode = .csv(assembler)
            }
        }
        pending = []
        scanned = 0
        scannedInQuotes = false
    }

    /// Complete lines (CSV records, NDJSON lines) starting at `line`.
    private func take(_ bytes: [UInt8], emit: (ReadRecord) -> Void) throws(NationalFileError) {
        switch mode {
        case .csv(var assembler):
            // The records before quoting that cannot be read still count, as they would had the
            // file come in pieces that ended before it.
            var records: [CSVRecords.Record] = []
            var failure: CSVRecords.Failure?
            var next = line
            do { next = try CSVRecords.scan(bytes, firstLine: line, into: &records) } catch { failure = error }
            for record in records {
                try assembler.add(line: record.line, fields: record.fields, problem: record.problem, emit: emit)
            }
            if let failure { throw NationalFileError(description: "line \(failure.line): \(failure.message)") }
            mode = .csv(assembler)
            line = next
            return
        case .lines:
            var lineNumber = line
            for slice in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
                defer { lineNumber += 1 }
                guard slice.contains(where: { ![0x20, 0x09, 0x0D].contains($0) }) else { continue }
                count += 1
                emit(NationalRecordReader.ndjsonRecord(Array(slice), number: count, line: lineNumber))
            }
        case .json, .whole:
            break
        }
        line += bytes.count { $0 == 0x0A }
    }

    /// Scans what arrived of a JSON file: each record of its array handed on as soon as it ends,
    /// the bytes before the record being read dropped; a document that is not an array kept whole.
    private func scanJSON(_ splitter: inout JSONRecordSplitter, emit: (ReadRecord) -> Void) throws(NationalFileError) {
        do {
            try splitter.scan(pending, scanned..<pending.count) { element in
                count += 1
                emit(NationalRecordReader.jsonRecord(pending[element.range], number: count, at: element))
            }
        } catch {
            throw NationalFileError(description: error.message)
        }
        scanned = pending.count
        guard splitter.isArray == true else {
            if pending.count > Self.wholeFileLimit {
                throw NationalFileError(description: "the file is larger than \(Self.wholeFileLimit) bytes")
            }
            return
        }
        let keep = splitter.firstNeeded(bufferCount: pending.count)
        if keep > 0 {
            pending.removeFirst(keep)
            scanned -= keep
            splitter.dropped(keep)
        }
        if pending.count > Self.recordLimit {
            throw NationalFileError(description: "a record longer than \(Self.recordLimit) bytes")
        }
    }

    /// The index of the last line feed in `pending` that ends a record (for CSV, one outside
    /// quotes), searching only what earlier calls have not.
    private func lastRecordEnd() -> Int? {
        let quoted = if case .csv = mode { true } else { false }
        var last: Int?
        for index in scanned..<pending.count {
            let byte = pending[index]
            if byte == 0x22 && quoted {
                scannedInQuotes.toggle()
            } else if byte == 0x0A && !scannedInQuotes {
                last = index
            }
        }
        scanned = pending.count
        return last
    }
}
