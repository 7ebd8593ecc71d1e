import CustomsModel
import Foundation
import Yams

/// Loads `rules/*.yaml`: each file gives the business rules of one package (`package`, `rules`)
/// and, for a profile, which of its base's rules it switches off (`disable`). Every rule's scope
/// must be a class of the package, its expressions must parse and check (`RuleChecker`) and its
/// message's placeholders must be paths; a problem is placed at the token concerned.
///
/// A profile (or derived package) has its base's rules, except those it disables, and those
/// it replaces with a rule of the same ID, plus its own; an inherited rule that names what the
/// profile does not keep is reported, since it could never hold there.
struct RuleLoader {
    static let fileKeys = ["package", "disable", "rules"]
    static let ruleKeys = ["id", "severity", "scope", "when", "assert", "message"]

    let packages: [InformationPackage]
    let codeLists: Set<String>

    /// One file's contribution to a package.
    struct PackageRules {
        var rules: [BusinessRule] = []
        var disabled: [(id: String, location: SourceLocation)] = []
    }

    /// The rules in force for each package ID (only packages that have some).
    func load(_ files: [String], log: inout ProblemLog) -> [String: [BusinessRule]] {
        var own: [String: PackageRules] = [:]
        for file in files {
            guard let map = YAMLMap.read(file, what: "a rules file", log: &log) else { continue }
            map.rejectUnknownKeys(allowed: Self.fileKeys, in: "a rules file", log: &log)
            guard let packageID = map.required("package", in: "a rules file", log: &log) else { continue }
            guard let package = packages.first(where: { $0.id == packageID }) else {
                log.reportDangling("package", packageID, at: map.location(of: "package"), known: packages.map(\.id))
                continue
            }
            var entry = own[packageID] ?? PackageRules()
            for node in map.list("disable", log: &log) {
                guard let id = node.scalar?.string else { continue }
                entry.disabled.append((id, node.location(in: file)))
            }
            readRules(of: map, file: file, into: &entry.rules, package: package, log: &log)
            own[packageID] = entry
        }
        var effective: [String: [BusinessRule]] = [:]
        for package in packages {
            let rules = rulesInForce(of: package, own: own, log: &log)
            if !rules.isEmpty { effective[package.id] = rules }
        }
        return effective
    }

    /// The rules of one file for the one package of this loader, whatever package the file
    /// names (`package` says what the rules were written for): rules beside schemas imported
    /// on the fly (`customs validate --xsd … --rules file.yaml`). Such a package has no base,
    /// so `disable` is an error.
    func loadStandalone(_ file: String, log: inout ProblemLog) -> [BusinessRule] {
        guard let package = packages.first, let map = YAMLMap.read(file, what: "a rules file", log: &log) else {
            return []
        }
        map.rejectUnknownKeys(allowed: Self.fileKeys, in: "a rules file", log: &log)
        guard map.required("package", in: "a rules file", log: &log) != nil else { return [] }
        for node in map.list("disable", log: &log) {
            log.report(
                .invalidValue, at: node.location(in: file), id: node.scalar?.string,
                "rules for imported schemas have no base package whose rules they could disable")
        }
        var rules: [BusinessRule] = []
        readRules(of: map, file: file, into: &rules, package: package, log: &log)
        return rules
    }

    /// The `rules` list of a rules file, each checked against `package`, appended to `rules`
    /// (an ID already there is reported).
    private func readRules(
        of map: YAMLMap, file: String, into rules: inout [BusinessRule], package: InformationPackage,
        log: inout ProblemLog
    ) {
        for node in map.list("rules", log: &log) {
            guard let ruleMap = YAMLMap(node, file: file, what: "a rule", log: &log),
                let rule = readRule(ruleMap, package: package, log: &log)
            else { continue }
            if rules.contains(where: { $0.id == rule.id }) {
                log.report(
                    .duplicateID, at: ruleMap.location(of: "id"), id: rule.id,
                    "rule \(rule.id) is defined twice for \(package.id)")
                continue
            }
            rules.append(rule)
        }
    }

    /// `package`'s own rules and, for a profile, its base's that it keeps.
    private func rulesInForce(
        of package: InformationPackage, own: [String: PackageRules], log: inout ProblemLog
    )
        -> [BusinessRule]
    {
        let mine = own[package.id] ?? PackageRules()
        guard let baseID = package.baseID, let base = packages.first(where: { $0.id == baseID }) else {
            for disabled in mine.disabled {
                log.report(
                    .invalidValue, at: disabled.location, id: disabled.id,
                    "\(package.id) has no base package whose rules it could disable")
            }
            return mine.rules
        }
        var scratch = ProblemLog()  // the base's own problems are reported when the base is loaded
        let inherited = rulesInForce(of: base, own: own, log: &scratch)
        for disabled in mine.disabled where !inherited.contains(where: { $0.id == disabled.id }) {
            log.reportDangling(
                "rule of \(baseID)", disabled.id, at: disabled.location, known: inherited.map(\.id))
        }
        var rules: [BusinessRule] = []
        for rule in inherited
        where !mine.disabled.contains(where: { $0.id == rule.id }) && !mine.rules.contains(where: { $0.id == rule.id })
        {
            if let problem = firstProblem(of: rule, in: package) {
                log.report(
                    .danglingReference, at: rule.source, id: rule.id,
                    "rule \(rule.id) of \(baseID) cannot apply to \(package.id): \(problem); disable it (disable: [\(rule.id)]) or replace it in a rules file of \(package.id)"
                )
                continue
            }
            rules.append(rule)
        }
        return rules + mine.rules
    }

    /// Why `rule` does not fit `package`'s tree, if it does not.
    private func firstProblem(of rule: BusinessRule, in package: InformationPackage) -> String? {
        guard case .success(let scope) = RuleChecker.scope(rule.scope, in: package.root) else {
            return "its scope \(rule.scopePath) is not in the package"
        }
        var checker = RuleChecker(root: package.root, scope: scope, codeLists: codeLists)
        for path in rule.paths where checker.resolve(path) == nil {
            return "'\(path)' leads nowhere there"
        }
        return nil
    }

    /// One rule of `package`, or nil after reporting why not.
    private func readRule(_ map: YAMLMap, package: InformationPackage, log: inout ProblemLog) -> BusinessRule? {
        map.rejectUnknownKeys(allowed: Self.ruleKeys, in: "a rule", log: &log)
        guard let id = map.required("id", in: "a rule", log: &log),
            let scopeText = map.required("scope", in: "rule \(id)", log: &log),
            let assertText = map.required("assert", in: "rule \(id)", log: &log),
            let message = map.required("message", in: "rule \(id)", log: &log)
        else { return nil }
        var severity = BusinessRule.Severity.error
        if let text = map.string("severity", log: &log) {
            guard let known = BusinessRule.Severity(rawValue: text) else {
                log.report(
                    .invalidValue, at: map.location(of: "severity"), id: id,
                    "rule \(id): severity is error or warning, not '\(text)'",
                    suggestion: BusinessRule.Severity.allCases.map(\.rawValue).first { $0.hasPrefix(text.lowercased()) }
                        ?? Suggestions.closest(to: text, among: BusinessRule.Severity.allCases.map(\.rawValue)))
                return nil
            }
            severity = known
        }
        let scopeTags = scopeText.split(separator: "/").map(String.init)
        guard !scopeTags.isEmpty else {
            log.report(.invalidValue, at: map.location(of: "scope"), id: id, "rule \(id): the scope names no class")
            return nil
        }
        let scope: [PackageNode]
        switch RuleChecker.scope(scopeTags, in: package.root) {
        case .success(let nodes):
            guard nodes.last?.kind == .class else {
                log.report(
                    .invalidValue, at: map.location(of: "scope"), id: id,
                    "rule \(id): the scope <\(nodes.last!.tag)> holds a value; a scope is a class (its parent, say)")
                return nil
            }
            scope = nodes
        case .failure(let error):
            let place =
                error.index == 0
                ? "the root is <\(package.root.tag)>"
                : "<\(scopeTags[error.index - 1])> has no child <\(scopeTags[error.index])>"
            log.report(
                .danglingReference, at: map.location(of: "scope"), id: id,
                "rule \(id): scope '\(scopeText)': \(place)",
                suggestion: Suggestions.closest(to: scopeTags[error.index], among: error.known))
            return nil
        }
        var checker = RuleChecker(root: package.root, scope: scope, codeLists: codeLists)
        var failed = false
        func expression(_ key: String, _ text: String, purpose: String) -> RuleExpression? {
            let node = map.node(key)!
            do throws(RuleSyntaxError) {
                let parsed = try RuleParser.parse(text)
                for problem in checker.check(parsed, as: purpose) {
                    failed = true
                    log.report(
                        problem.suggestion == nil ? .invalidValue : .danglingReference,
                        at: Self.location(in: node, file: map.file, offset: problem.offset), id: id,
                        "rule \(id): \(problem.message)", suggestion: problem.suggestion)
                }
                return parsed
            } catch {
                failed = true
                log.report(
                    .syntax, at: Self.location(in: node, file: map.file, offset: error.offset), id: id,
                    "rule \(id): \(error.message) (at \(error.token))", suggestion: error.suggestion)
                return nil
            }
        }
        let conditionText = map.string("when", log: &log)
        let condition = conditionText.map { expression("when", $0, purpose: "a condition") }
        let assertion = expression("assert", assertText, purpose: "an assertion")
        var messagePaths: [RulePath] = []
        switch BusinessRule.placeholders(in: message) {
        case .failure(let error):
            failed = true
            log.report(
                .syntax, at: Self.location(in: map.node("message")!, file: map.file, offset: error.offset), id: id,
                "rule \(id): '{' without '}' in the message (write the path between braces: {GoodsItemQuantity})")
        case .success(let placeholders):
            for (text, offset) in placeholders {
                let location = Self.location(in: map.node("message")!, file: map.file, offset: offset)
                guard let path = BusinessRule.placeholderPath(text, at: offset) else {
                    failed = true
                    log.report(.syntax, at: location, id: id, "rule \(id): {\(text)} is not a path")
                    continue
                }
                let before = checker.problems.count
                if checker.resolve(path) == nil {
                    failed = true
                    for problem in checker.problems[before...] {
                        log.report(
                            .danglingReference, at: location, id: id, "rule \(id): \(problem.message)",
                            suggestion: problem.suggestion)
                    }
                }
                messagePaths.append(path)
            }
        }
        guard !failed, let assertion, condition.map({ $0 != nil }) ?? true else { return nil }
        return BusinessRule(
            id: id, severity: severity, scope: scopeTags, condition: condition ?? nil, assertion: assertion,
            conditionText: conditionText, assertionText: assertText, message: message,
            messagePaths: messagePaths, source: map.location(of: "id"))
    }

    /// Where byte `offset` of `node`'s scalar text is in the file: the scalar's place, past an
    /// opening quote, moved down a line for every line break before the offset (block scalars).
    static func location(in node: Node, file: String, offset: Int) -> SourceLocation {
        let start = node.location(in: file)
        let text = Array((node.scalar?.string ?? "").utf8.prefix(offset))
        let breaks = text.count { $0 == 0x0A }
        var line = start.line
        var column = start.column + offset
        switch node.scalar?.style {
        case .singleQuoted, .doubleQuoted: column += 1
        case .literal, .folded:
            line += 1 + breaks
            let lastBreak = text.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            column = start.column + (offset - lastBreak)
        default: break
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}
