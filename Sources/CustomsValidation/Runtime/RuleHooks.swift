import CustomsModel

/// Where the session meets the business rules (`RuleProgram`): it keeps what the rules read as
/// elements open and values end (`RuleRecords`), and evaluates a rule at the end of its anchor,
/// for every occurrence of its scope there. A package without rules pays one nil check per
/// element.
extension SessionCore {
    /// An element of `node` was opened as the innermost frame, with `attributes`.
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
            place: { records.program.isScope[node] ? self.position(of: mark) : (0, 0) })
    }

    /// The innermost element ends: its value, if the rules read it, then its record closed and
    /// the rules anchored there evaluated.
    @inline(never)
    mutating func ruleClose(_ records: RuleRecords, value: Bool, valid: Bool) {
        if value && records.isOpenKept { records.value(String(decoding: text.buffer, as: UTF8.self), valid: valid) }
        records.close { anchor, indices in
            for index in indices { evaluate(records.program.rules[index], records, anchor: anchor) }
        }
    }

    /// Evaluates `compiled` on every occurrence of its scope under anchor record `anchor`.
    private func evaluate(_ compiled: RuleProgram.Compiled, _ records: RuleRecords, anchor: Int32) {
        var scopes = [anchor]
        for node in compiled.scopeFromAnchor { scopes = scopes.flatMap { records.children(of: $0, node: node) } }
        let evaluator = RuleEvaluator(records: records, compiled: compiled)
        let rule = compiled.rule
        for scope in scopes {
            evaluator.readInvalid.value = false
            let condition = compiled.condition.map { evaluator.boolean(evaluator.evaluate($0, at: scope)) }
            let holds = condition == false ? nil : evaluator.boolean(evaluator.evaluate(compiled.assertion, at: scope))
            if let ruleTracer { trace(compiled, records, evaluator, scope, condition, holds, to: ruleTracer) }
            guard holds == false, !evaluator.readInvalid.value else { continue }
            let record = records.records[Int(scope)]
            let pointer: ((String) -> String)? = syntax == .json ? { Self.jsonPointer(of: $0) } : nil
            log.recordRule(
                rule.id, severity: rule.severity == .error ? .error : .warning,
                message: { "\(rule.id): " + Self.fill(compiled, evaluator, at: scope) },
                path: {
                    records.path(
                        of: scope, tag: { self.table.compiled[$0].tag }, repeating: { self.nodes[$0].isRepeating })
                },
                position: (Int(record.line), Int(record.column)),
                jsonPointer: pointer)
        }
    }

    /// Hands how `compiled` evaluated at `scope` to `tracer` (`customs rules explain`).
    private func trace(
        _ compiled: RuleProgram.Compiled, _ records: RuleRecords, _ evaluator: RuleEvaluator, _ scope: Int32,
        _ condition: Bool?, _ assertion: Bool?, to tracer: (RuleTrace) -> Void
    ) {
        let record = records.records[Int(scope)]
        var seen = Set<String>()
        let values = compiled.rule.paths.compactMap { path -> RuleTrace.PathValues? in
            guard seen.insert(path.description).inserted, let compiledPath = compiled.paths[path] else { return nil }
            let selected = evaluator.select(compiledPath, from: scope)
            if compiledPath.attribute == nil, let last = compiledPath.down.last, nodes[last].isClass,
                case .nodes(let reached) = selected
            {
                return RuleTrace.PathValues(path: path.description, values: [], elements: reached.count)
            }
            return RuleTrace.PathValues(path: path.description, values: evaluator.strings(selected), elements: nil)
        }
        tracer(
            RuleTrace(
                ruleID: compiled.rule.id,
                scopePath: records.path(
                    of: scope, tag: { self.table.compiled[$0].tag }, repeating: { self.nodes[$0].isRepeating }),
                line: Int(record.line), column: Int(record.column), values: values, condition: condition,
                assertion: assertion, skipped: evaluator.readInvalid.value))
    }

    /// The JSON Pointer of an instance path in the JSON binding: a repeating element is an
    /// array, so its 1-based `[n]` becomes the 0-based index `/n-1`; `~` and `/` in a tag are
    /// escaped (RFC 6901).
    static func jsonPointer(of instancePath: String) -> String {
        var pointer = ""
        for step in instancePath.split(separator: "/") {
            if step.hasSuffix("]"), let open = step.lastIndex(of: "["),
                let position = Int(step[step.index(after: open)...].dropLast())
            {
                pointer += "/" + Self.escaped(step[..<open]) + "/\(position - 1)"
            } else {
                pointer += "/" + Self.escaped(step)
            }
        }
        return pointer
    }

    private static func escaped(_ tag: Substring) -> String {
        var result = ""
        for character in tag {
            switch character {
            case "~": result += "~0"
            case "/": result += "~1"
            default: result.append(character)
            }
        }
        return result
    }

    /// The rule's message with each `{path}` replaced by the values there (joined by ", ";
    /// "(none)" when the path reaches nothing).
    static func fill(_ compiled: RuleProgram.Compiled, _ evaluator: RuleEvaluator, at scope: Int32) -> String {
        var result = ""
        var paths = compiled.messagePaths.makeIterator()
        var rest = Substring(compiled.rule.message)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            if let path = paths.next() {
                let values = evaluator.strings(evaluator.select(path, from: scope))
                result += values.isEmpty ? "(none)" : values.joined(separator: ", ")
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
