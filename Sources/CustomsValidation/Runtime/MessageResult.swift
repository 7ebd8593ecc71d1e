import CustomsModel

/// What validating one message gave, whichever reader read it.
public struct MessageResult: Sendable {
    /// Every finding kept (syntax, limit and validation).
    public var diagnostics: [Diagnostic]
    /// All findings, including those past the cap.
    public var findingCount: Int
    /// Bytes read.
    public var byteCount: Int
    /// True when the reader stopped on a syntax error, a limit, or an unreadable file.
    public var isFatal: Bool
    /// Which message of a file holding several (`line 17` of an NDJSON file, `[3]` of a JSON
    /// array); nil for a file that holds one.
    public var label: String?

    /// A result.
    public init(diagnostics: [Diagnostic], findingCount: Int, byteCount: Int, isFatal: Bool, label: String? = nil) {
        self.diagnostics = diagnostics
        self.findingCount = findingCount
        self.byteCount = byteCount
        self.isFatal = isFatal
        self.label = label
    }

    /// True when there is no error.
    public var isValid: Bool { !diagnostics.contains { $0.severity == .error } }
}

/// The results of one file: one message, as every XML file is (held without an array, so that
/// the batch hot path allocates nothing for it), or several (a JSON array, NDJSON).
public struct FileResults: RandomAccessCollection, Sendable {
    private let single: MessageResult?
    private let several: [MessageResult]

    /// One message's result.
    public init(_ result: MessageResult) {
        single = result
        several = []
    }

    /// Several messages' results, in file order.
    public init(_ results: [MessageResult]) {
        single = nil
        several = results
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { single == nil ? several.count : 1 }
    public subscript(position: Int) -> MessageResult { single ?? several[position] }
}

/// A reader that validates the messages of a file with a session: one per thread, reused for
/// every file. The XML reader gives one result per file; the JSON reader one per message of an
/// array or NDJSON file.
public protocol MessageReader: AnyObject {
    /// Validates the messages in the file at `path`.
    func validateMessages(file path: String, with session: ValidationSession) -> FileResults
    /// Validates the messages held in `bytes`.
    func validateMessages(bytes: [UInt8], with session: ValidationSession) -> FileResults
    /// Validates the messages read from `descriptor` to its end, in chunks (memory bounded by
    /// the reader's limits, not by the input), after `prefix`: bytes already read from it (to
    /// tell its syntax, for standard input). The descriptor stays open.
    func validateMessages(descriptor: Int32, after prefix: [UInt8], with session: ValidationSession) -> FileResults
}
