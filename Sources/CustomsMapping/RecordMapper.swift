import CustomsModel
import CustomsValidation

/// Maps one record at a time with one mapping: a national record to a DM message, a DM
/// message back to a national record. Rows run in table order; a value that cannot be mapped is
/// a `MappingIssue` and the rest of the record still maps.
public struct RecordMapper: Sendable {
    /// The mapping.
    public let mapping: Mapping
    /// Its DM package.
    public let package: InformationPackage
    let runner: TransformRunner
    /// The DM side compiled for writing messages in document order.
    let plan: EmissionPlan
    /// Each row's national format as a value rule (nil where the row gives none, or joins):
    /// national values are checked against it both ways.
    private let nationalRules: [ValueRule?]
    /// Rows whose national values have a decimal comma: checked as the format reads them, with a point.
    private let decimalComma: [Bool]
    /// For rows that take some characters of their field (`chars:2-`), where they start.
    let pieceStart: [Int?]

    /// A mapper for `mapping`, whose DM side is `package`.
    public init(mapping: Mapping, package: InformationPackage) {
        self.mapping = mapping
        self.package = package
        runner = TransformRunner(codeTables: mapping.codeTables)
        plan = EmissionPlan(mapping: mapping, package: package)
        nationalRules = mapping.rules.map { rule in
            guard rule.fields.count == 1, let format = rule.nationalFormat else { return nil }
            return ValueRule(format: format, codes: nil, codeListID: nil)
        }
        decimalComma = mapping.rules.map { $0.transforms.contains(.decimalComma) }
        pieceStart = mapping.rules.map { rule in
            rule.transforms.lazy.compactMap { if case .chars(let from, _) = $0 { from } else { nil } }.first
        }
    }

    /// Why `value` breaks row `index`'s national format, if it does.
    func nationalViolation(_ value: String?, row index: Int) -> String? {
        guard var value, let rule = nationalRules[index] else { return nil }
        let found: ValueRule.Violation?
        if decimalComma[index] || rule.collapsesWhitespace || rule.replacesWhitespace {
            found = rule.check(Array(value.utf8).map { decimalComma[index] && $0 == 0x2C ? 0x2E : $0 })
        } else {
            // Checked where the value lies, without a copy: one check per mapped value.
            found = value.withUTF8 { rule.checkPrepared($0) }
        }
        guard let violation = found else { return nil }
        return "does not fit the national format \(mapping.rules[index].nationalFormat!): \(violation.message)"
    }

    /// The national record for a DM message, and what could not be mapped back.
    public func toNational(_ message: MarkupElement) -> (record: NationalRecord, issues: [MappingIssue]) {
        let record = NationalRecord()
        var issues: [MappingIssue] = []
        guard message.name == package.root.tag else {
            let issue = MappingIssue(
                field: "", element: "/" + message.name,
                value: nil, message: "the message is a \(message.name), not a \(package.root.tag) of \(package.id)")
            return (record, [issue])
        }
        for (index, rule) in mapping.rules.enumerated() where rule.direction.mapsToNational {
            guard let target = rule.target else { continue }
            for (binding, element) in occurrences(of: target, in: message) {
                if let condition = rule.condition,
                    !condition.holds(for: record.value(at: condition.field.binding(binding)))
                {
                    continue
                }
                let fields = rule.fields.map { $0.binding(binding) }
                if target.isClass {
                    for field in fields { record.node(creating: field) }
                    continue
                }
                let value: String?
                if let attribute = target.attribute {
                    value = element.attributes.first { $0.name == attribute }?.value
                } else {
                    // An element without text has no value (a class, or an amount that only
                    // carries its currency).
                    value = element.children.isEmpty && !element.text.isEmpty ? element.text : nil
                }
                guard let value else { continue }
                let formatCode = element.attributes.first { $0.name == "formatCode" }?.value
                do {
                    let values = try runner.backward(
                        value, formatCode: formatCode, through: rule.transforms, fieldCount: fields.count)
                    // A piece is checked with the whole field (mapping to the DM), not alone.
                    if pieceStart[index] == nil, let violation = nationalViolation(values[0], row: index) {
                        issues.append(
                            MappingIssue(
                                field: fields[0].description, element: target.instancePath(binding), value: values[0],
                                message: violation))
                        continue
                    }
                    if let from = pieceStart[index] {
                        // One piece of a field split over several DM elements: it follows the
                        // pieces before it (earlier rows), or starts the field.
                        let before = from == 1 ? "" : record.value(at: fields[0]) ?? ""
                        guard before.count == from - 1 else {
                            issues.append(
                                MappingIssue(
                                    field: fields[0].description, element: target.instancePath(binding), value: value,
                                    message: "characters 1-\(from - 1) of the field are not there to put "
                                        + "'\(value)' after (their DM element is missing or of another length)"))
                            continue
                        }
                        record.setValue(before + values[0], at: fields[0])
                        continue
                    }
                    for (field, text) in zip(fields, values) where !text.isEmpty || fields.count == 1 {
                        record.setValue(text, at: field)
                    }
                } catch {
                    issues.append(
                        MappingIssue(
                            field: fields.map(\.description).joined(separator: " + "),
                            element: target.instancePath(binding), value: value, message: error.message,
                            suggestion: error.suggestion))
                }
            }
        }
        return (record, issues)
    }

    /// The values of `message` that the mapping carries both ways, by instance path with
    /// positions (`/MetaData/Declaration/…/GovernmentAgencyGoodsItem[2]/…/ID`): what a message
    /// mapped to a national record and back must give again, element for element.
    public func coveredValues(in message: MarkupElement) -> [String: String] {
        var values: [String: String] = [:]
        for rule in mapping.rules where rule.direction == .both {
            guard let target = rule.target, !target.isClass,
                !rule.transforms.contains(where: { !$0.isReversible })
            else { continue }
            for (binding, element) in occurrences(of: target, in: message) {
                let value: String? =
                    if let attribute = target.attribute {
                        element.attributes.first { $0.name == attribute }?.value
                    } else {
                        element.children.isEmpty && !element.text.isEmpty ? element.text : nil
                    }
                if let value { values[target.instancePath(binding)] = value }
            }
        }
        return values
    }

    /// Every occurrence of the target's element in `message`, with the positions its
    /// placeholders take (counted among the occurrences a step's qualifier admits, less its
    /// offset); steps without a placeholder take the first such occurrence (after the offset).
    func occurrences(of target: MessageTarget, in message: MarkupElement) -> [([Int: Int], MarkupElement)] {
        var results: [([Int: Int], MarkupElement)] = []
        func walk(_ element: MarkupElement, _ steps: ArraySlice<MessageTarget.Step>, _ binding: [Int: Int]) {
            guard let step = steps.first else {
                results.append((binding, element))
                return
            }
            let matching = element.children.filter { child in
                guard child.name == step.tag else { return false }
                guard let qualifier = step.qualifier else { return true }
                let code = child.children.first { $0.name == qualifier.tag }
                return qualifier.admits(code.map(\.text))
            }
            if let placeholder = step.placeholder {
                for (index, child) in matching.enumerated() where index >= step.offset {
                    var extended = binding
                    extended[placeholder] = index + 1 - step.offset
                    walk(child, steps.dropFirst(), extended)
                }
            } else if matching.count > step.offset {
                walk(matching[step.offset], steps.dropFirst(), binding)
            }
        }
        walk(message, target.steps.dropFirst(), [:])
        return results
    }
}
