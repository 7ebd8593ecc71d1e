import CustomsModel
import Synchronization

/// A package compiled for validation: compile once, validate many messages, on any thread.
public final class CompiledPackage: Sendable {
    /// The package's ID.
    public let id: String
    /// Its version.
    public let version: String
    /// The namespace every element of a message must be in ("" for none).
    public let namespace: String
    /// The namespace as UTF-8 bytes.
    public let namespaceBytes: [UInt8]
    /// The root node.
    public let root: CompiledNode
    /// The same tree as a flat table, for the validation hot path.
    public let table: NodeTable
    /// The business rules, compiled against `table`; nil when the package has none.
    let rules: RuleProgram?
    /// How many business rules a session evaluates.
    public var ruleCount: Int { rules?.rules.count ?? 0 }

    init(
        id: String, version: String, namespace: String?, root: CompiledNode, rules: [BusinessRule] = [],
        codeLists: [String: CodeList] = [:], keepingRuleValues: Bool = false
    ) {
        self.id = id
        self.version = version
        self.namespace = namespace ?? ""
        self.namespaceBytes = Array((namespace ?? "").utf8)
        self.root = root
        let table = NodeTable(root: root, namespace: Array((namespace ?? "").utf8))
        self.table = table
        self.rules = RuleProgram.compile(rules, table: table, codeLists: codeLists, aggregating: !keepingRuleValues)
    }
}

/// Compiles packages into validator trees.
///
/// ```swift
/// let compiled = try Compiler.compile(package, codeLists: catalog.codeLists)
/// let session = ValidationSession(package: compiled)
/// ```
public enum Compiler {
    /// Why a package cannot be compiled.
    public struct Failure: Error, CustomStringConvertible {
        /// What is wrong.
        public let description: String
    }

    /// Compiles `package` with its business `rules` (as the loader checked them against it);
    /// `codeLists` resolves the code lists its nodes and rules name. With `keepingRuleValues`,
    /// every value a rule reads is kept, even those only counted or added up (for
    /// `customs rules explain`, which shows them; validation keeps running totals instead).
    public static func compile(
        _ package: InformationPackage, codeLists: [String: CodeList], rules businessRules: [BusinessRule] = [],
        keepingRuleValues: Bool = false
    ) throws(Failure)
        -> CompiledPackage
    {
        var rules = RuleMemo()
        let root = try compile(
            package.root, path: "/" + package.root.tag, pointer: package.root.pointerSegment, codeLists: codeLists,
            rules: &rules)
        return CompiledPackage(
            id: package.id, version: package.version, namespace: package.namespace, root: root, rules: businessRules,
            codeLists: codeLists, keepingRuleValues: keepingRuleValues)
    }

    /// The value rules built so far, by what they are built from: elements of one type share
    /// one rule. An imported schema gives hundreds of elements the same simple type, and a rule's
    /// patterns are compiled to DFAs and its codes to sets, which was half of compiling the UK
    /// CDS package.
    private struct RuleMemo {
        struct FormatKey: Hashable {
            let format: Format
            let codes: Set<String>?
            let codeListID: String?
            let patterns: [String]
        }
        var xsd: [XSDValueType: ValueRule] = [:]
        var formats: [FormatKey: ValueRule] = [:]

        mutating func rule(for type: XSDValueType) -> ValueRule {
            if let known = xsd[type] { return known }
            let rule = ValueRule(xsd: type)
            xsd[type] = rule
            return rule
        }

        mutating func rule(
            format: Format, codes: Set<String>?, codeListID: String?, patterns: [XSDPattern]
        ) -> ValueRule {
            let key = FormatKey(format: format, codes: codes, codeListID: codeListID, patterns: patterns.map(\.source))
            if let known = formats[key] { return known }
            let rule = ValueRule(format: format, codes: codes, codeListID: codeListID, patterns: patterns)
            formats[key] = rule
            return rule
        }
    }

    private static func compile(
        _ node: PackageNode, path: String, pointer: String, codeLists: [String: CodeList], rules: inout RuleMemo
    )
        throws(Failure) -> CompiledNode
    {
        var children: [CompiledNode] = []
        for child in node.children {
            children.append(
                try compile(
                    child, path: path + "/" + child.tag, pointer: pointer + "/" + child.pointerSegment,
                    codeLists: codeLists, rules: &rules))
        }
        var value: ValueRule?
        if node.kind == .element, let type = node.valueType {
            value = rules.rule(for: type)
        } else if node.kind == .element {
            guard let format = node.format else { throw Failure(description: "element \(pointer) has no format") }
            value = rules.rule(
                format: format, codes: try allowedCodes(node.allowedCodes, node.codeListID, codeLists, pointer),
                codeListID: node.codeListID, patterns: node.patterns)
        }
        var dateFormats: [String: DateTimeFormat] = [:]
        var attributes: [CompiledAttribute] = []
        for attribute in node.attributes {
            let codes = try allowedCodes(attribute.allowedCodes, attribute.codeListID, codeLists, pointer)
            attributes.append(
                CompiledAttribute(
                    nameBytes: Array(attribute.name.utf8), name: attribute.name, isRequired: attribute.isRequired,
                    codes: codes, codeListID: attribute.codeListID,
                    rule: attribute.valueType.map { rules.rule(for: $0) })
            )
            if attribute.name == "formatCode", let list = attribute.codeListID.flatMap({ codeLists[$0] }) {
                for entry in list.entries where codes?.contains(entry.code) ?? true {
                    if let pattern = entry.properties["pattern"],
                        let format = DateTimeFormat(code: entry.code, pattern: pattern)
                    {
                        dateFormats[entry.code] = format
                    }
                }
            }
        }
        return CompiledNode(
            node: node, path: path, pointer: pointer, children: children, value: value, attributes: attributes,
            dateFormats: dateFormats)
    }

    private static func allowedCodes(
        _ subset: [String]?, _ listID: String?, _ codeLists: [String: CodeList], _ pointer: String
    ) throws(Failure) -> Set<String>? {
        if let subset { return Set(subset) }
        guard let listID else { return nil }
        guard let list = codeLists[listID] else {
            throw Failure(description: "\(pointer) names code list \(listID), which is not loaded")
        }
        return Set(list.entries.map(\.code))
    }
}

/// Compiled packages by ID and version, shared by every thread: a batch compiles each package once.
public final class CompiledPackageCache: Sendable {
    private let entries = Mutex<[String: CompiledPackage]>([:])

    /// An empty cache.
    public init() {}

    /// The compiled form of `package`, compiling it on first use.
    public func compiled(
        _ package: InformationPackage, codeLists: [String: CodeList]
    ) throws(Compiler.Failure)
        -> CompiledPackage
    {
        let key = package.id + "@" + package.version
        if let hit = entries.withLock({ $0[key] }) { return hit }
        let compiled = try Compiler.compile(package, codeLists: codeLists)
        return entries.withLock { entries in
            if let raced = entries[key] { return raced }
            entries[key] = compiled
            return compiled
        }
    }
}
