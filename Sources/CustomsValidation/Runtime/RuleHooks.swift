import CustomsModel

/// Where the session meets the business rules (`RuleProgram`): it keeps what the rules read as
/// elements open and values end (`RuleRecords`), and evaluates a rule at the end of its anchor,
/// for every occurrence of its scope there. A package without rules pays one nil check per
/// element.
extension SessionCore {
    /// An element of `node`, which the rules read (`RuleRecords.keeps`), was opened as the
    /// innermost frame, with `attributes`.
    @inline(never)
    mutating func ruleOpen(
        _ records: RuleRecords, node: Int, position: Int, attributes: UnsafeBufferPointer<MarkupAttribute>
    ) {
        let mark = frames[frames.count - 1].mark
        records.open(
            node: node, position: position,
            attributes: { name in
                attributes.first { Bytes.equal($0.name, Array(name.utf8)) }.map {
                    String(decoding: $0.value, as: UTF8.self)
                }
            },
            prefix: { self.path(droppingLast: true) },
            mark: { mark })
    }

    /// The innermost element, of `node`, ends: for a value element, its value (kept when the
    /// rules read it, added to the running values it is counted in) and whether it passed its
    /// own check (`checkedValue`; nil for a class); then its record closed and the rules
    /// anchored there evaluated.
    @inline(never)
    mutating func ruleClose(_ records: RuleRecords, node: Int, checkedValue: Bool?) {
        var value: String?
        if let valid = checkedValue, records.isOpenKept {
            value = String(decoding: text.buffer, as: UTF8.self)
            records.value(value!, valid: valid)
        }
        let aggregates = records.program.aggregatesOfTarget[node]
        if !aggregates.isEmpty {
            records.aggregate(
                aggregates, text: { value ?? String(decoding: text.buffer, as: UTF8.self) }, valid: checkedValue ?? true
            )
        }
        records.close { record, indices, asScope in
            for index in indices { evaluate(records.program.rules[index], records, at: record, asScope: asScope) }
        }
    }

    /// Evaluates `compiled` on scope record `record` (`asScope`), or on every occurrence of its
    /// scope under anchor record `record`.
    private func evaluate(_ compiled: RuleProgram.Compiled, _ records: RuleRecords, at record: Int32, asScope: Bool) {
        var scopes = [record]
        if !asScope {
            for node in compiled.scopeFromAnchor { scopes = scopes.flatMap { records.children(of: $0, node: node) } }
        }
        let evaluator = RuleEvaluator(records: records, compiled: compiled)
        let rule = compiled.rule
        records.scratch.caching = scopes.count > 1
        if !records.scratch.selections.isEmpty { records.scratch.selections.removeAll(keepingCapacity: true) }
        for scope in scopes {
            records.scratch.readInvalid = false
            let condition = compiled.condition.map { evaluator.boolean(evaluator.evaluate($0, at: scope)) }
            let holds = condition == false ? nil : evaluator.boolean(evaluator.evaluate(compiled.assertion, at: scope))
            // Read before tracing: the trace reads the message's paths too, which must not
            // change the verdict.
            let skipped = records.scratch.readInvalid
            let mark = records.records[Int(scope)].mark
            if let ruleTracer {
                let (line, column) = position(of: mark)
                ruleTracer(
                    RuleTrace(
                        ruleID: rule.id, scopePath: records.path(of: scope, in: table), line: line, column: column,
                        values: values(read: compiled, evaluator, at: scope),
                        condition: condition, assertion: holds, skipped: skipped))
            }
            guard holds == false, !skipped else { continue }
            log.recordRule(
                rule.id, severity: rule.severity == .error ? .error : .warning,
                message: { "\(rule.id): " + Self.fill(compiled, evaluator, at: scope) },
                path: { records.path(of: scope, in: table) }, position: position(of: mark))
        }
    }

    /// What each path of `compiled` reached at `scope`, for `customs rules explain`: values, or
    /// how many elements for a path to elements that hold elements.
    private func values(
        read compiled: RuleProgram.Compiled, _ evaluator: RuleEvaluator, at scope: Int32
    )
        -> [RuleTrace.PathValues]
    {
        compiled.readPaths.map { text, path in
            let selected = evaluator.select(path, from: scope)
            if path.attribute == nil, let last = path.down.last, nodes[last].isClass,
                case .nodes(let reached) = selected
            {
                return RuleTrace.PathValues(path: text, values: [], elements: reached.count)
            }
            return RuleTrace.PathValues(path: text, values: evaluator.strings(selected), elements: nil)
        }
    }

    /// The rule's message with each `{path}` replaced by the values there (joined by ", ";
    /// "(none)" when the path reaches nothing).
    static func fill(_ compiled: RuleProgram.Compiled, _ evaluator: RuleEvaluator, at scope: Int32) -> String {
        var result = compiled.messageTexts[0]
        for (path, text) in zip(compiled.messagePaths, compiled.messageTexts.dropFirst()) {
            let values = evaluator.strings(evaluator.select(path, from: scope))
            result += values.isEmpty ? "(none)" : values.joined(separator: ", ")
            result += text
        }
        return result
    }
}
