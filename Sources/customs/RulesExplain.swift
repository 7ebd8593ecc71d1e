import ArgumentParser
import CustomsModel
import CustomsValidation
import CustomsXML
import Foundation

/// `customs rules explain <rule> <message> --package <id>`: how one rule evaluated on one
/// message, scope by scope — the values its paths reached, its condition, its assertion.
struct RulesExplain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show how a business rule evaluated on a message, scope by scope.",
        discussion: """
            The message (XML or JSON, by its name or first byte) is validated against the package \
            with this one rule; for every occurrence of the rule's scope, the values each of its \
            paths reached, whether its condition held and whether its assertion held. A scope \
            where a value the rule reads failed its own check is shown as skipped (no finding).

            EXAMPLES:
              customs rules explain DEC-R003 Samples/xml/wco-declaration/valid-import.xml --package wco-declaration
              customs rules explain XA-R002 declaration.json --package xa-import --format json

            EXIT CODES:
              0  the rule holds everywhere in the message
              1  it fails somewhere, or the message is unreadable or not well-formed
              2  usage error, broken definitions, unknown package or rule
            """
    )

    @OptionGroup var dataModel: DataModelOptions
    @Argument(help: "The rule's ID (see 'customs rules list').") var rule: String
    @Argument(help: "The message file (XML or JSON), or - for standard input.") var message: String
    @Option(help: "The package or profile whose rule it is.") var package: String
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        let snapshot = try dataModel.packageSnapshot(package)
        guard let chosen = snapshot.rules.first(where: { $0.id == rule }) else {
            let known = snapshot.rules.map(\.id)
            let hint = Suggestions.closest(to: rule, among: known).map { " (did you mean '\($0)'?)" } ?? ""
            throw CLIError(
                "\(package) has no rule '\(Terminal.printable(rule))'\(hint); 'customs rules list --package \(package)' shows them"
            )
        }
        let compiled = try dataModel.compile(
            snapshot.package, snapshot.codeListsByID, rules: [chosen], keepingRuleValues: true)
        let bytes: [UInt8]
        do {
            bytes = try WholeInput.bytes(of: message, limit: XMLReaderLimits().maxMessageSize)
        } catch {
            print(DiagnosticRenderer.text(error.diagnostic, file: message, redact: false))
            throw ExitCode(ExitStatus.findings.rawValue)
        }
        var traces: [RuleTrace] = []
        let session = ValidationSession(package: compiled, maxFindings: 100)
        session.traceRules { traces.append($0) }
        let results = FileSyntax.of(file: message, bytes: bytes).makeReader().validateMessages(
            bytes: bytes, with: session)
        let fatal = results.flatMap(\.diagnostics).filter { $0.code == .notWellFormed || $0.code == .limit }
        if format == .json {
            try Terminal.printJSON(traces)
        } else {
            print(Self.text(chosen, traces))
        }
        for diagnostic in fatal { print(DiagnosticRenderer.text(diagnostic, file: message, redact: false)) }
        if !fatal.isEmpty || traces.contains(where: \.failed) { throw ExitCode(ExitStatus.findings.rawValue) }
    }

    /// The rule, then one block per scope occurrence.
    static func text(_ rule: BusinessRule, _ traces: [RuleTrace]) -> String {
        var lines = ["\(rule.id) (\(rule.severity.rawValue)) at \(rule.scopePath)"]
        if let condition = rule.conditionText { lines.append("  when    \(condition)") }
        lines.append("  assert  \(rule.assertionText)")
        if traces.isEmpty { lines.append("no occurrence of \(rule.scopePath) in the message: nothing to evaluate") }
        for trace in traces {
            let verdict =
                trace.skipped
                ? "skipped (a value it reads failed its own check)"
                : trace.assertion.map { $0 ? "holds" : "FAILS" } ?? "does not apply (condition false)"
            lines.append("")
            lines.append("\(trace.scopePath) (line \(trace.line), column \(trace.column)): \(verdict)")
            for value in trace.values {
                let shown =
                    value.elements.map { "\($0) element\($0 == 1 ? "" : "s")" }
                    ?? (value.values.isEmpty ? "(none)" : value.values.map { "\"\($0)\"" }.joined(separator: ", "))
                lines.append("  \(value.path) = \(shown)")
            }
            if let condition = trace.condition { lines.append("  condition: \(condition)") }
            if let assertion = trace.assertion { lines.append("  assertion: \(assertion)") }
        }
        return lines.joined(separator: "\n")
    }
}
