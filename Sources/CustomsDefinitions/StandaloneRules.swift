import CustomsModel

/// Business rules from files outside a definitions folder, for a package that is not in one:
/// the package imported from XSDs on the fly by `customs validate --xsd` (`--rules`). Each
/// file has the layout of `DataModel/rules/*.yaml` and is checked against the package the same
/// way; its `package` key says what the rules were written for.
public enum StandaloneRules {
    /// The rules of `files` for `package`, or the problems found, each at its file, line and
    /// column; `codeLists` are the lists `in-code-list` may name.
    public static func load(
        _ files: [String], for package: InformationPackage, codeLists: Set<String> = []
    ) -> Result<[BusinessRule], Problems> {
        let loader = RuleLoader(packages: [package], codeLists: codeLists)
        var log = ProblemLog()
        var rules: [BusinessRule] = []
        for file in files {
            for rule in loader.loadStandalone(file, log: &log) {
                if let first = rules.first(where: { $0.id == rule.id }) {
                    log.report(
                        .duplicateID, at: rule.source, id: rule.id,
                        "rule \(rule.id) is defined twice (first at \(first.source))")
                    continue
                }
                rules.append(rule)
            }
        }
        return log.problems.isEmpty ? .success(rules) : .failure(Problems(list: log.problems))
    }

    /// What is wrong with rules files.
    public struct Problems: Error, Sendable {
        /// Each problem, in the order found.
        public let list: [DefinitionProblem]
    }
}
