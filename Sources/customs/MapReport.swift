import ArgumentParser
import CustomsMapping
import CustomsModel
import Foundation

/// The report of a `customs map` run: one entry per record (or DM message), as text for people
/// or one JSON object per line, then a summary line.
struct MapReport {
    /// What became of one record.
    struct Entry: Encodable {
        /// The input file.
        let file: String
        /// The record's number in its file (or the message's label, mapping back).
        let record: String
        /// The line it starts on, when known.
        let line: Int?
        /// The record's key (the LRN), when the mapping names one and the record has it.
        let key: String?
        /// `mapped`, `invalid` (mapped, but the message written is invalid) or `failed`.
        let status: String
        /// Values that could not be mapped.
        let issues: [MappingIssue]
        /// Findings about the message written (or read, mapping back).
        let findings: [Diagnostic]
        /// Where the result went, if to a file of its own.
        let output: String?
        /// Why the record could not be read at all.
        let error: String?

        /// A file that could not be read (or a record that could not be told apart in it).
        static func unread(_ file: String, _ reason: String) -> Entry {
            Entry(
                file: file, record: "-", line: nil, key: nil, status: "failed", issues: [], findings: [], output: nil,
                error: reason)
        }
    }

    /// Text for people, one JSON object per record, or a JUnit report (a test case per record).
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, junit }

    let format: Format
    /// Whether the report goes to standard output (the results then go to files).
    let toStandardOutput: Bool
    private(set) var counts: [String: Int] = [:]
    private let start = ContinuousClock.now

    /// A report; `title` names the JUnit test suite.
    init(format: Format, toStandardOutput: Bool, title: String) {
        self.format = format
        self.toStandardOutput = toStandardOutput
        if format == .junit {
            emit(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"\(XMLEscaping.escape(title))\">"
            )
        }
    }

    /// True when every record mapped cleanly.
    var isClean: Bool { counts.keys.allSatisfy { $0 == "mapped" } }

    mutating func add(_ entry: Entry) {
        counts[entry.status, default: 0] += 1
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            emit(String(decoding: (try? encoder.encode(entry)) ?? Data(), as: UTF8.self))
        case .junit:
            var name = "\(entry.file) record \(entry.record)"
            if let key = entry.key { name += " \(key)" }
            var xml = "    <testcase classname=\"customs map\" name=\"\(XMLEscaping.escape(name))\""
            if entry.status == "mapped" {
                emit(xml + "/>")
                return
            }
            let lines =
                (entry.error.map { [$0] } ?? []) + entry.issues.map(\.description)
                + entry.findings.map { DiagnosticRenderer.text($0, file: entry.output ?? "(message)", redact: false) }
            xml +=
                ">\n      <failure type=\"\(entry.status)\" message=\"\(XMLEscaping.escape(lines.first ?? entry.status))\">"
            emit(xml + XMLEscaping.escape(lines.joined(separator: "\n")) + "</failure>\n    </testcase>")
        case .text:
            guard entry.status != "mapped" else { return }
            var name = "\(entry.file) record \(entry.record)"
            if let line = entry.line { name += " (line \(line))" }
            if let key = entry.key { name += " \(Terminal.printable(key))" }
            if let error = entry.error { emit("\(name): error: \(Terminal.printable(error))") }
            for issue in entry.issues {
                var text = "\(name): error[mapping]: \(Terminal.printable(issue.field))"
                if let value = issue.value { text += " = \"\(Terminal.printable(value, limit: 80))\"" }
                text += ": \(Terminal.printable(issue.message))"
                if let suggestion = issue.suggestion { text += " (did you mean '\(Terminal.printable(suggestion))'?)" }
                text += "\n    DM \(issue.element)"
                emit(text)
            }
            for finding in entry.findings {
                emit(
                    "\(name): " + DiagnosticRenderer.text(finding, file: entry.output ?? "(message)", redact: false))
            }
        }
    }

    /// Writes the summary line (saying so when a signal cut the run short).
    func finish(interrupted: Bool = false) {
        let total = counts.values.reduce(0, +)
        let seconds = (ContinuousClock.now - start).seconds
        let parts = ["mapped", "invalid", "failed"].compactMap { key in counts[key].map { "\($0) \(key)" } }
        let summary =
            (interrupted ? "interrupted after \(total) record\(total == 1 ? "" : "s"): " : "")
            + "\(total) record\(total == 1 ? "" : "s"): \(parts.isEmpty ? "none" : parts.joined(separator: ", "))"
            + String(format: " (%.2f s)", seconds)
        if format == .junit { emit("  </testsuite>\n</testsuites>") }
        if format == .text { emit(summary) } else { Terminal.note(summary) }
    }

    private func emit(_ text: String) {
        if toStandardOutput { print(text) } else { Terminal.note(text) }
    }
}
