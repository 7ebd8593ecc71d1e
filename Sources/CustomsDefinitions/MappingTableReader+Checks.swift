import CustomsModel

extension MappingTableReader {
    /// The checks of one row on its own; false when the row cannot be used.
    func check(_ rule: MappingRule, node: PackageNode?, row: CSVTable.Row, log: inout ProblemLog) -> Bool {
        let fieldCell = row.location(of: "national")
        let transformCell = row.location(of: "transform")
        let isConstant = rule.transforms.contains { if case .constant = $0 { true } else { false } }
        let isJoin = rule.transforms.contains { if case .join = $0 { true } else { false } }
        if let deep = rule.fields.flatMap(\.placeholders).first(where: { $0 > 8 }) {
            log.report(
                .invalidValue, at: fieldCell, id: "$\(deep)",
                "placeholders run from $1 to $8 (groups nested at most eight deep)")
            return false
        }
        if rule.fields.isEmpty && rule.target == nil {
            log.report(.missingField, at: row.location, "a row needs a national field, a DM element, or both")
            return false
        }
        if isConstant {
            // With a field, the constant is written wherever the field is present (`items.$1`:
            // once per goods item; `items.$1.netMass`: beside each net mass).
            guard rule.fields.count <= 1, rule.transforms.count == 1 else {
                log.report(
                    .invalidValue, at: transformCell, id: "constant",
                    "a constant stands alone: at most one national field (where it is present, the "
                        + "constant is written) and no other transform")
                return false
            }
            // To the DM, a constant is written where its field is (or once); to national
            // records, into its field wherever its DM element is. Never both ways: a constant
            // read back is not the value that was there.
            guard rule.direction != .both else {
                log.report(
                    .invalidValue, at: row.location(of: "direction"), id: rule.direction.rawValue,
                    "a constant runs one way: make the row to-dm or to-national")
                return false
            }
            if rule.direction == .toNational && (rule.fields.count != 1 || rule.target == nil) {
                log.report(
                    .invalidValue, at: row.location, id: "constant",
                    "a to-national constant needs the national field it fills and the DM element whose presence writes it"
                )
                return false
            }
        } else if rule.fields.isEmpty {
            log.report(
                .missingField, at: fieldCell, id: "national",
                "a row without a national field needs a constant (constant:VALUE)")
            return false
        }
        if rule.fields.count > 1 && !isJoin {
            log.report(
                .invalidValue, at: fieldCell, id: rule.nationalText,
                "\(rule.fields.count) national fields into one DM element need a join (join:SEPARATOR)")
            return false
        }
        if rule.transforms.contains(where: { if case .chars = $0 { true } else { false } }) && rule.fields.count != 1 {
            log.report(
                .invalidValue, at: transformCell, id: "chars", "chars takes characters of one national field")
            return false
        }
        if isJoin && rule.fields.count < 2 {
            log.report(.invalidValue, at: transformCell, id: "join", "a join needs two or more fields: a + b")
            return false
        }
        if rule.direction == .both, let oneWay = rule.transforms.first(where: { !$0.isReversible }) {
            log.report(
                .invalidValue, at: transformCell, id: oneWay.description,
                "\(oneWay) cannot run back: make the row to-dm")
            return false
        }
        if let condition = rule.condition, !Set(condition.field.placeholders).isSubset(of: rowPlaceholders(rule)) {
            log.report(
                .invalidValue, at: row.location(of: "when"), id: condition.description,
                "the condition uses a placeholder that the row's fields do not")
            return false
        }
        guard checkLayout(rule, at: fieldCell, log: &log) else { return false }
        guard let target = rule.target, let node else { return true }
        let nationalPlaceholders = rowPlaceholders(rule)
        if Set(target.placeholders) != nationalPlaceholders {
            let missing = nationalPlaceholders.subtracting(target.placeholders).sorted().map { "$\($0)" }
            let extra = Set(target.placeholders).subtracting(nationalPlaceholders).sorted().map { "$\($0)" }
            var message = "the national side and \(target) do not run over the same groups"
            if !missing.isEmpty {
                let repeating = target.steps.filter { $0.repeats && $0.placeholder == nil }.map(\.segment)
                message += ": \(missing.joined(separator: ", ")) has no repeating DM element"
                if !repeating.isEmpty { message += " (repeating on the path: \(repeating.joined(separator: ", ")))" }
            }
            if !extra.isEmpty { message += ": \(extra.joined(separator: ", ")) is not on the national side" }
            log.report(.invalidValue, at: row.location(of: "dm"), id: target.description, message)
            return false
        }
        if target.isClass {
            guard rule.transforms.isEmpty else {
                log.report(
                    .invalidValue, at: transformCell, id: target.description,
                    "\(target) is a class: a row that pairs a national group with it takes no transform")
                return false
            }
            return true
        }
        return checkValues(rule, node: node, row: row, log: &log)
    }

    /// The placeholders of the row's national fields.
    func rowPlaceholders(_ rule: MappingRule) -> Set<Int> { Set(rule.fields.flatMap(\.placeholders)) }

    /// Flat CSV has one group, its item lines: a field is a header column (`lrn`) or a column of
    /// an item line (`items.$1.description`), nothing deeper.
    private func checkLayout(_ rule: MappingRule, at location: SourceLocation, log: inout ProblemLog) -> Bool {
        guard case .csv(let layout) = format else { return true }
        for field in rule.fields {
            let segments = field.segments
            let isHeader = segments.count == 1
            let isItem =
                (2...3).contains(segments.count) && segments[0] == .name(layout.itemGroup)
                && { if case .placeholder = segments[1] { true } else { false } }()
                && segments.dropFirst(2).allSatisfy { if case .name = $0 { true } else { false } }
            if !isHeader && !isItem {
                log.report(
                    .invalidValue, at: location, id: field.description,
                    "flat CSV holds header columns (name) and item columns (\(layout.itemGroup).$1.name); "
                        + "'\(field)' is neither")
                return false
            }
        }
        return true
    }

    /// Formats and codes: what the national side sends must fit the DM element.
    private func checkValues(_ rule: MappingRule, node: PackageNode, row: CSVTable.Row, log: inout ProblemLog) -> Bool {
        let target = rule.target!
        var valid = true
        for transform in rule.transforms {
            guard case .code(let name) = transform else { continue }
            guard let table = codeTables[name] else {
                log.reportDangling("code table", name, at: row.location(of: "transform"), known: codeTables.keys)
                return false
            }
            if rule.direction.mapsToNational, !table.ambiguousDMCodes.isEmpty {
                log.report(
                    .invalidValue, at: row.location(of: "transform"), id: name,
                    "code table \(name) maps several national codes to \(table.ambiguousDMCodes.joined(separator: ", ")): "
                        + "it cannot run back; make the row to-dm")
                valid = false
            }
            if target.attribute == nil {
                for pair in table.pairs where !allows(node, pair.dm) {
                    log.report(
                        .invalidValue, at: table.origin ?? row.location(of: "transform"), id: pair.dm,
                        "code table \(name) maps '\(pair.national)' to '\(pair.dm)', which \(target.pointer) does not allow",
                        suggestion: Suggestions.closest(to: pair.dm, among: allowedCodes(node) ?? []))
                    valid = false
                }
            }
        }
        // Transforms that keep the value's shape: its national format must fit the DM's.
        let plainCopy = rule.transforms.allSatisfy {
            switch $0 {
            case .defaultValue, .decimalComma: true
            default: false
            }
        }
        if plainCopy, target.attribute == nil, let national = rule.nationalFormat, let dm = node.format,
            node.valueType == nil, !national.isWithin(dm)
        {
            log.report(
                .invalidValue, at: row.location(of: "format"), id: national.description,
                "national \(rule.nationalText) is \(national) but \(target.pointer) (\(node.tag)) is \(dm): "
                    + "values that fit the national field would not fit the DM element")
            valid = false
        }
        return valid
    }

    /// The codes a node allows, when it is coded.
    func allowedCodes(_ node: PackageNode) -> [String]? {
        if let allowed = node.allowedCodes { return allowed }
        return node.codeListID.flatMap { codeLists[$0] }.map { $0.entries.map(\.code) }
    }

    private func allows(_ node: PackageNode, _ code: String) -> Bool {
        if let allowed = node.allowedCodes { return allowed.contains(code) }
        if let list = node.codeListID.flatMap({ codeLists[$0] }) { return list.contains(code) }
        if let enumeration = node.valueType?.enumeration, !enumeration.isEmpty { return enumeration.contains(code) }
        return true
    }

    /// Checks between rows: two fields into one element, one field from two elements,
    /// conditions on fields the table does not have.
    func checkAcrossRows(_ rules: [MappingRule], log: inout ProblemLog) {
        var intoDM: [String: MappingRule] = [:]
        var intoNational: [FieldPath: MappingRule] = [:]
        let fields = Set(rules.flatMap(\.fields))
        var filledBack = Set<FieldPath>()
        var pieces: [FieldPath: [(rule: MappingRule, from: Int, through: Int?)]] = [:]
        for rule in rules {
            if let condition = rule.condition {
                if !fields.contains(condition.field) {
                    log.reportDangling(
                        "national field", condition.field.description, at: rule.origin!,
                        known: fields.map(\.description))
                } else if rule.direction.mapsToNational && !filledBack.contains(condition.field) {
                    // Mapping back, a condition reads the record being built: its field must be
                    // filled by an earlier row.
                    log.report(
                        .invalidValue, at: rule.origin!, id: condition.description,
                        "mapping back, \(condition.field) is not filled before this row: map it back in an "
                            + "earlier row, or make this row to-dm")
                }
            }
            if rule.direction.mapsToNational, rule.target != nil { filledBack.formUnion(rule.fields) }
            guard let target = rule.target, !target.isClass else { continue }
            if rule.direction.mapsToDM, rule.condition == nil {
                if let first = intoDM[target.description], first.condition == nil {
                    log.report(
                        .duplicateID, at: rule.origin!, id: target.description,
                        "\(first.nationalText) (line \(first.origin?.line ?? 0)) and \(rule.nationalText) both map "
                            + "into \(target) without a join: join them in one row (a + b, join:SEPARATOR), "
                            + "give them conditions, or make one to-national")
                } else {
                    intoDM[target.description] = rule
                }
            }
            let piece = rule.transforms.lazy.compactMap { transform -> (Int, Int?)? in
                if case .chars(let from, let through) = transform { (from, through) } else { nil }
            }.first
            if rule.direction.mapsToNational, let piece {
                pieces[rule.fields[0], default: []].append((rule, piece.0, piece.1))
            } else if rule.direction.mapsToNational, rule.condition == nil, rule.fields.count == 1 {
                if let first = intoNational[rule.fields[0]] {
                    log.report(
                        .duplicateID, at: rule.origin!, id: rule.nationalText,
                        "\(rule.nationalText) is filled back from \(first.target!) (line \(first.origin?.line ?? 0)) "
                            + "and from \(target): make one of the rows to-dm")
                } else {
                    intoNational[rule.fields[0]] = rule
                }
            }
        }
        checkPieces(pieces, besides: intoNational, log: &log)
        checkQualifiers(rules, log: &log)
    }

    /// Mapping back, a step without a qualifier counts every occurrence of its element, those
    /// another row picks with `[Child=CODE]` too: rows over one repeating element either all
    /// qualify it or none does.
    private func checkQualifiers(_ rules: [MappingRule], log: inout ProblemLog) {
        var qualified: [String: MessageTarget.Qualifier] = [:]
        var unqualified: [String: MappingRule] = [:]
        for rule in rules {
            guard let target = rule.target else { continue }
            var path = ""
            for step in target.steps {
                path += "/" + step.tag
                guard step.repeats else { continue }
                if let qualifier = step.qualifier {
                    if qualifier.equals, qualified[path] == nil { qualified[path] = qualifier }
                } else if unqualified[path] == nil {
                    unqualified[path] = rule
                }
            }
        }
        for (path, rule) in unqualified.sorted(by: { $0.key < $1.key }) {
            guard let qualifier = qualified[path] else { continue }
            log.report(
                .invalidValue, at: rule.origin!, id: rule.target!.description,
                "\(path) is picked by \(qualifier) in another row, but not here: mapping back, this row would "
                    + "count those occurrences too; qualify them ([\(qualifier.tag)!=\(qualifier.value)])")
        }
    }

    /// The rows that fill one field back piece by piece (`chars:`) must follow on from each
    /// other in table order, from character 1, only the last open-ended; and no other row may
    /// fill the field back.
    private func checkPieces(
        _ pieces: [FieldPath: [(rule: MappingRule, from: Int, through: Int?)]], besides whole: [FieldPath: MappingRule],
        log: inout ProblemLog
    ) {
        for (field, rows) in pieces {
            if let other = whole[field] {
                log.report(
                    .duplicateID, at: other.origin!, id: field.description,
                    "\(field) is filled back piece by piece (chars:, line \(rows[0].rule.origin?.line ?? 0)) and "
                        + "whole from \(other.target!): make one of them to-dm")
                continue
            }
            var next = 1
            for (index, row) in rows.enumerated() {
                guard row.from == next, row.through != nil || index == rows.count - 1 else {
                    log.report(
                        .invalidValue, at: row.rule.origin!,
                        id: "chars:\(row.from)-\(row.through.map(String.init) ?? "")",
                        "mapping back, the pieces of \(field) must follow on from each other in table order: "
                            + (row.from == next
                                ? "an open-ended piece must be the last"
                                : "this piece should start at character \(next)"))
                    break
                }
                next = (row.through ?? 0) + 1
            }
        }
    }
}
