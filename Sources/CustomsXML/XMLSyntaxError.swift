import CustomsModel
import CustomsValidation

/// Why a reader stopped reading a message: it is not well-formed XML (or not in an encoding it
/// reads), it passes a limit, or it could not be read. Kept apart from the validation findings
/// (as `JSONSyntaxError` is for JSON): the reader that met it records it, and hands it to the
/// session as the message's one fatal finding when the message ends.
public struct XMLSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The finding code it becomes: `notWellFormed`, `limit`, `io`, …
    public let code: Diagnostic.Code
    /// What is wrong, for people.
    public let message: String
    /// 1-based line, as libxml2 numbers it (0 when the place is unknown).
    public let line: Int
    /// 1-based column.
    public let column: Int

    /// An error at `line`:`column`.
    public init(code: Diagnostic.Code, message: String, line: Int, column: Int) {
        self.code = code
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column): \(message) [\(code.rawValue)]" }

    /// Hands the error to `session` as the message's fatal finding (both readers, at the end).
    func report(to session: ValidationSession) {
        session.reportFatal(code, message, line: line, column: column)
    }
}
