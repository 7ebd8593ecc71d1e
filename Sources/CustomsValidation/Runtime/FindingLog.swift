import CustomsModel

/// The findings of one message: all of them counted, at most `cap` kept, then one
/// `too-many-findings` notice. A finding past the cap builds no strings and resolves no place:
/// its wording, path, value and position come as closures that only a kept finding calls.
///
/// A class, so that the session's checks can report without mutating the session's core: a
/// report's closures read the core (paths, names) while the finding is recorded, which a
/// mutating report could not allow (overlapping access to the core).
@usableFromInline final class FindingLog {
    /// At most this many findings are kept.
    @usableFromInline let cap: Int
    /// The kept findings (and the notice).
    @exclusivity(unchecked) var kept: [Diagnostic] = []
    /// Every finding of the message, kept or not. Read per token by the JSON reader, so
    /// without the dynamic exclusivity check a class property pays (one thread owns a session).
    @exclusivity(unchecked) @usableFromInline var count = 0

    init(cap: Int) { self.cap = cap }

    /// How many findings are kept so far: all up to the cap, then one notice.
    @inlinable var keptCount: Int { min(count, cap + 1) }

    /// Forgets the previous message's findings, keeping storage.
    func removeAll() {
        kept.removeAll(keepingCapacity: true)
        count = 0
    }

    /// Counts a business rule's finding (see `record`), with the rule's ID and severity.
    func recordRule(
        _ id: String, severity: Diagnostic.Severity, message: () -> String, path: () -> String,
        position: (line: Int, column: Int)
    ) {
        let before = kept.count
        record(.rule, message: message, path: path, node: nil, position: { position }, value: { nil })
        guard kept.count > before, kept[before].code == .rule else { return }
        kept[before].severity = severity
        kept[before].ruleID = id
    }

    /// Counts a finding and keeps it while under the cap; the closures run only then.
    func record(
        _ code: Diagnostic.Code, message: () -> String, path: () -> String, node: CompiledNode?,
        position: () -> (line: Int, column: Int), value: () -> String?
    ) {
        count += 1
        guard kept.count <= cap else { return }  // past the cap and its notice: counted only
        let (line, column) = position()
        if kept.count < cap {
            kept.append(
                Diagnostic(
                    code: code, message: message(), instancePath: path(), definitionPath: node?.definitionPath,
                    wcoID: node?.wcoID, pointer: node?.pointer, nationalName: node?.nationalName,
                    nationalID: node?.nationalID, line: line, column: column, value: value()))
        } else {
            kept.append(
                Diagnostic(
                    code: .tooManyFindings, severity: .warning,
                    message: "more than \(cap) findings; the rest are counted, not kept", instancePath: path(),
                    line: line, column: column))
        }
    }
}
