import CustomsModel

/// Reads and checks a mapping table (CSV, one row per mapping):
///
/// ```csv
/// national,format,dm,transform,direction,when,note
/// lrn,an..22,42A/D026,,,,
/// items.$1.description,an..280,42A/67A/68A/$1/23A/137,,,,
/// transportMode,a..3,42A/15A/T022,code:xa-transport,,,
/// ,,42A/109/@currencyID,constant:XAD,to-dm,,
/// ```
///
/// Every problem is a definition error at the cell: fields and targets that cannot be read or
/// found (with "did you mean"), placeholders that do not match, rows that claim to run both ways
/// with a transform that cannot, two fields into one element without a join, a national format
/// that does not fit the DM element, codes the DM element does not allow.
struct MappingTableReader {
    static let required = ["national", "dm"]
    static let optional = ["format", "transform", "direction", "when", "note"]

    let package: InformationPackage
    let codeLists: [String: CodeList]
    let codeTables: [String: CodeTable]
    let format: NationalRecordFormat

    init(
        package: InformationPackage, codeLists: [String: CodeList], codeTables: [String: CodeTable],
        format: NationalRecordFormat
    ) {
        self.package = package
        self.codeLists = codeLists
        self.codeTables = codeTables
        self.format = format
    }

    func read(_ file: String, log: inout ProblemLog) -> [MappingRule]? {
        guard let text = SourceFiles.text(file, log: &log),
            let table = CSVTable.read(
                file: file, text: text, required: Self.required, optional: Self.optional, log: &log)
        else { return nil }
        var rules: [MappingRule] = []
        for row in table.rows {
            guard let rule = self.rule(row, log: &log) else { continue }
            rules.append(rule)
        }
        checkAcrossRows(rules, log: &log)
        return rules
    }

    private func rule(_ row: CSVTable.Row, log: inout ProblemLog) -> MappingRule? {
        var fields: [FieldPath] = []
        for part in (row.value("national") ?? "").split(separator: "+") {
            let text = part.trimmingCharacters(in: .whitespaces)
            guard let path = FieldPath(parsing: text) else {
                log.report(
                    .invalidValue, at: row.location(of: "national"), id: text,
                    "'\(text)' is not a national field path (names separated by dots, $1 for a group's positions)")
                return nil
            }
            fields.append(path)
        }
        var nationalFormat: Format?
        if let text = row.value("format") {
            do { nationalFormat = try Format.parse(text) } catch {
                log.report(.unknownFormat, at: row.location(of: "format"), id: text, error.description)
                return nil
            }
        }
        var transforms: [ValueTransform] = []
        if let text = row.value("transform") {
            for part in text.split(separator: "|") {
                do { transforms.append(try ValueTransform.parse(String(part))) } catch {
                    log.report(.invalidValue, at: row.location(of: "transform"), id: String(part), error.description)
                    return nil
                }
            }
        }
        var direction = MappingRule.Direction.both
        if let text = row.value("direction") {
            guard let parsed = MappingRule.Direction(rawValue: text) else {
                log.report(
                    .invalidValue, at: row.location(of: "direction"), id: text,
                    "unknown direction '\(text)' (both, to-dm or to-national)",
                    suggestion: Suggestions.closest(to: text, among: MappingRule.Direction.allCases.map(\.rawValue)))
                return nil
            }
            direction = parsed
        }
        var condition: MappingRule.Condition?
        if let text = row.value("when") {
            guard let parsed = Self.condition(text) else {
                log.report(
                    .invalidValue, at: row.location(of: "when"), id: text,
                    "'\(text)' is not a condition: field=value, field!=value, field (present) or !field (absent)")
                return nil
            }
            condition = parsed
        }
        var target: MessageTarget?
        var node: PackageNode?
        if let text = row.value("dm") {
            do {
                let resolved = try MessageTargetResolver(package: package).resolve(text)
                target = resolved.target
                node = resolved.node
            } catch {
                log.report(
                    .danglingReference, at: row.location(of: "dm"), id: text, error.message,
                    suggestion: error.suggestion)
                return nil
            }
        }
        let rule = MappingRule(
            fields: fields, nationalFormat: nationalFormat, target: target, transforms: transforms,
            direction: direction, condition: condition, note: row.value("note"), origin: row.location)
        guard check(rule, node: node, row: row, log: &log) else { return nil }
        return rule
    }

    static func condition(_ text: String) -> MappingRule.Condition? {
        if let range = text.range(of: "!=") {
            return FieldPath(parsing: String(text[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)).map {
                .init(field: $0, test: .differs(String(text[range.upperBound...]).trimmingCharacters(in: .whitespaces)))
            }
        }
        if let equals = text.firstIndex(of: "=") {
            return FieldPath(parsing: String(text[..<equals]).trimmingCharacters(in: .whitespaces)).map {
                .init(
                    field: $0,
                    test: .equals(String(text[text.index(after: equals)...]).trimmingCharacters(in: .whitespaces)))
            }
        }
        if text.hasPrefix("!") {
            return FieldPath(parsing: String(text.dropFirst())).map { .init(field: $0, test: .absent) }
        }
        return FieldPath(parsing: text).map { .init(field: $0, test: .present) }
    }
}
