import CustomsModel
import Foundation

/// Diagnostics for people (compiler-style text), and for machines (JSON lines, JUnit XML).
enum DiagnosticRenderer {
    /// `file:line:column: error[code]: message` then the path and what the definitions call it.
    static func text(_ diagnostic: Diagnostic, file: String, redact: Bool) -> String {
        var line =
            "\(file):\(diagnostic.line):\(diagnostic.column): \(diagnostic.severity.rawValue)[\(diagnostic.code.rawValue)]: \(diagnostic.message)"
        var context = ["at \(diagnostic.instancePath)"]
        if let pointer = diagnostic.jsonPointer {
            context.append("JSON \(pointer.isEmpty ? "(the document)" : pointer)")
        }
        if let id = diagnostic.wcoID { context.append("WCO \(id)") }
        if let pointer = diagnostic.pointer { context.append("pointer \(pointer)") }
        if let name = diagnostic.nationalName { context.append("« \(name) »") }
        if let number = diagnostic.nationalID { context.append("national \(number)") }
        line += "\n    " + context.joined(separator: ", ")
        if !redact, let value = diagnostic.value { line += "\n    value: \(quoted(value))" }
        return line
    }

    static func quoted(_ value: String) -> String {
        let shown = value.count > 80 ? String(value.prefix(80)) + "…" : value
        return "\"" + shown.replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    /// One JSON object (one line) per message.
    struct MessageRecord: Encodable {
        let file: String
        /// Which message of a file holding several (`line 3`, `[2]`); absent for one.
        let message: String?
        let valid: Bool
        let findingCount: Int
        let bytes: Int
        let diagnostics: [Diagnostic]
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func jsonLine(_ record: some Encodable) -> String {
        (try? String(decoding: encoder.encode(record), as: UTF8.self)) ?? "{}"
    }

    /// A JUnit `<testcase>` for one message; invalid ones carry a `<failure>`.
    static func junitCase(file: String, package: String, diagnostics: [Diagnostic], valid: Bool, redact: Bool) -> String
    {
        var xml = "    <testcase classname=\"\(XMLEscaping.escape(package))\" name=\"\(XMLEscaping.escape(file))\""
        if valid { return xml + "/>" }
        let first = diagnostics.first { $0.severity == .error }
        xml +=
            ">\n      <failure type=\"\(XMLEscaping.escape(first?.code.rawValue ?? "invalid"))\" message=\"\(XMLEscaping.escape(first?.message ?? "invalid"))\">"
        xml += XMLEscaping.escape(diagnostics.map { text($0, file: file, redact: redact) }.joined(separator: "\n"))
        return xml + "</failure>\n    </testcase>"
    }

}
