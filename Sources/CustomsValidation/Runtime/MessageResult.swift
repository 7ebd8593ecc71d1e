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

/// A reader that validates the messages of a file with a session: one per thread, reused for
/// every file. The XML reader gives one result per file; the JSON reader one per message of an
/// array or NDJSON file.
public protocol MessageReader: AnyObject {
    /// Validates the messages in the file at `path`.
    func validateMessages(file path: String, with session: ValidationSession) -> [MessageResult]
    /// Validates the messages held in `bytes`.
    func validateMessages(bytes: [UInt8], with session: ValidationSession) -> [MessageResult]
}
