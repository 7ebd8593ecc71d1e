import CustomsModel
import Yams

/// Builds a profile (MyIP) or a derived package by restricting its base: it keeps the listed
/// pointers (with their ancestors, and their whole subtree with `subtree: true`), renames and
/// tightens them, and adds national elements. A rule that would loosen the base is reported and
/// not applied.
///
/// `keep` item keys: `pointer`, `name` (national name), `nationalID`, `occurs`, `format`,
/// `codeList`, `codes`, `attributes` (`formatCode: {required: true, codes: ["102"]}`), `subtree`.
/// `add` item keys: `parent`, `tag`, `nationalID`, `name`, `description`, `format`, `occurs`,
/// `codeList`, `codes`.
struct ProfileBuilder {
    static let keepKeys = [
        "pointer", "name", "nationalID", "occurs", "format", "codeList", "codes", "pattern", "attributes", "subtree",
    ]
    static let addKeys = [
        "parent", "tag", "nationalID", "name", "description", "format", "occurs", "codeList", "codes", "pattern",
    ]

    let package: PackageFile
    let base: InformationPackage
    let codeLists: [String: CodeList]

    private var file: String { package.file }

    func build(log: inout ProblemLog) -> PackageNode? {
        let baseNodes = base.nodes
        let byPointer = Dictionary(baseNodes.map { ($0.pointer, $0) }, uniquingKeysWith: { first, _ in first })
        var kept = Set<Pointer>()
        var rules: [Pointer: YAMLMap] = [:]
        func keepWithAncestors(_ pointer: Pointer) {
            var current: Pointer? = pointer
            while let each = current, kept.insert(each).inserted { current = each.parent }
        }

        for item in package.map.list("keep", log: &log) {
            guard let map = YAMLMap(item, file: file, what: "a keep rule", log: &log) else { continue }
            map.rejectUnknownKeys(allowed: Self.keepKeys, in: "a keep rule", log: &log)
            guard let pointer = pointer(map, key: "pointer", byPointer: byPointer, log: &log) else { continue }
            if rules[pointer] != nil {
                log.report(
                    .duplicateID, at: map.location(of: "pointer"), id: pointer.description, "\(pointer) is kept twice")
                continue
            }
            rules[pointer] = map
            keepWithAncestors(pointer)
            if map.bool("subtree", log: &log) == true {
                for located in byPointer[pointer]!.node.located(under: pointer.parent) { kept.insert(located.pointer) }
            }
        }

        var additions: [Pointer: [PackageNode]] = [:]
        for item in package.map.list("add", log: &log) {
            guard let map = YAMLMap(item, file: file, what: "an addition", log: &log) else { continue }
            map.rejectUnknownKeys(allowed: Self.addKeys, in: "an addition", log: &log)
            guard let parent = pointer(map, key: "parent", byPointer: byPointer, log: &log) else { continue }
            guard byPointer[parent]?.node.kind == .class else {
                log.report(
                    .invalidValue, at: map.location(of: "parent"), id: parent.description,
                    "\(parent) is an element; additions go under a class")
                continue
            }
            guard let node = addition(map, log: &log) else { continue }
            keepWithAncestors(parent)
            additions[parent, default: []].append(node)
        }
        if kept.isEmpty {
            log.report(
                .missingField, at: package.map.location, id: package.id,
                "profile \(package.id) keeps nothing of \(base.id): list pointers under 'keep'")
            return nil
        }
        return restrict(
            base.root, at: Pointer([base.root.pointerSegment]), kept: kept, rules: rules, additions: additions,
            log: &log)
    }

    private func restrict(
        _ node: PackageNode, at pointer: Pointer, kept: Set<Pointer>, rules: [Pointer: YAMLMap],
        additions: [Pointer: [PackageNode]], log: inout ProblemLog
    ) -> PackageNode? {
        guard kept.contains(pointer) else { return nil }
        var result = node
        if let rule = rules[pointer] { apply(rule, to: &result, log: &log) }
        result.children = node.children.compactMap {
            restrict(
                $0, at: pointer.appending($0.pointerSegment), kept: kept, rules: rules, additions: additions, log: &log)
        }
        for added in additions[pointer] ?? [] {
            if result.children.contains(where: { $0.tag == added.tag || $0.pointerSegment == added.pointerSegment }) {
                log.report(
                    .duplicateID, at: added.origin ?? package.map.location, id: added.tag,
                    "\(pointer) already has a child with tag \(added.tag) or ID \(added.pointerSegment)")
                continue
            }
            result.children.append(added)
        }
        if result.kind == .class && result.children.isEmpty {
            log.report(
                .invalidValue, at: rules[pointer]?.location ?? package.map.location, id: pointer.description,
                "class \(pointer) is kept without any of its elements")
        }
        return result
    }

    /// Applies one keep rule's names and tightenings to `node`.
    private func apply(_ rule: YAMLMap, to node: inout PackageNode, log: inout ProblemLog) {
        let id = node.pointerSegment
        node.nationalName = rule.string("name", log: &log) ?? node.nationalName
        node.nationalID = rule.string("nationalID", log: &log) ?? node.nationalID
        if let cardinality = rule.cardinality("occurs", log: &log) {
            if cardinality.isWithin(node.cardinality) {
                node.cardinality = cardinality
            } else {
                log.report(
                    .loosensBase, at: rule.location(of: "occurs"), id: id,
                    "occurs \(cardinality) is looser than the base's \(node.cardinality)")
            }
        }
        if node.kind == .class {
            for key in ["format", "codeList", "codes", "pattern", "attributes"] where rule.node(key) != nil {
                log.report(
                    .invalidValue, at: rule.location(of: key), id: id,
                    "'\(key)' applies to elements, not to class \(id)")
            }
            return
        }
        if let format = rule.format("format", id: id, log: &log) {
            if let current = node.format, !format.isWithin(current) {
                log.report(
                    .loosensBase, at: rule.location(of: "format"), id: id,
                    "format \(format) is looser than the base's \(current)")
            } else {
                node.format = format
            }
        }
        // A pattern only narrows what the base allows, so a profile may always add one.
        if let pattern = rule.pattern("pattern", id: id, log: &log) { node.patterns.append(pattern) }
        if let listID = rule.string("codeList", log: &log) {
            if let list = codeLists[listID] {
                let allowed = allowedCodes(of: node)
                let outside = list.entries.map(\.code).filter { code in allowed.map { !$0.contains(code) } ?? false }
                if outside.isEmpty {
                    node.codeListID = listID
                } else {
                    log.report(
                        .loosensBase, at: rule.location(of: "codeList"), id: listID,
                        "\(listID) has codes the base does not allow: \(outside.prefix(5).joined(separator: ", "))")
                }
            } else {
                log.reportDangling("code list", listID, at: rule.location(of: "codeList"), known: codeLists.keys)
            }
        }
        if let codes = rule.strings("codes", log: &log) {
            node.allowedCodes = checkedCodes(
                codes, allowed: allowedCodes(of: node), at: rule.location(of: "codes"), log: &log)
        }
        if let attributes = rule.node("attributes") {
            guard case .mapping(let mapping) = attributes else {
                log.report(
                    .invalidValue, at: attributes.location(in: file), id: id,
                    "'attributes' must map attribute names to rules")
                return
            }
            for (key, value) in mapping {
                let name = key.scalar?.string ?? ""
                guard let index = node.attributes.firstIndex(where: { $0.name == name }) else {
                    log.reportDangling(
                        "attribute", name, at: key.location(in: file), known: node.attributes.map(\.name))
                    continue
                }
                guard let map = YAMLMap(value, file: file, what: "attribute \(name)", log: &log) else { continue }
                map.rejectUnknownKeys(allowed: ["required", "codes"], in: "attribute \(name)", log: &log)
                let base = node.attributes[index]
                var required = base.isRequired
                if let wanted = map.bool("required", log: &log) {
                    if !wanted && base.isRequired {
                        log.report(
                            .loosensBase, at: map.location(of: "required"), id: name, "@\(name) is required in the base"
                        )
                    } else {
                        required = wanted
                    }
                }
                var codes = base.allowedCodes
                if let wanted = map.strings("codes", log: &log) {
                    let allowed =
                        base.allowedCodes.map(Set.init)
                        ?? base.codeListID.flatMap { codeLists[$0] }.map { Set($0.entries.map(\.code)) }
                    codes = checkedCodes(wanted, allowed: allowed, at: map.location(of: "codes"), log: &log)
                }
                node.attributes[index] = AttributeDefinition(
                    name: name, codeListID: base.codeListID, allowedCodes: codes, isRequired: required)
            }
        }
    }

    /// A national element under a kept class.
    private func addition(_ map: YAMLMap, log: inout ProblemLog) -> PackageNode? {
        guard let tag = map.required("tag", in: "an addition", log: &log),
            let nationalID = map.required("nationalID", in: "addition \(tag)", log: &log),
            let name = map.required("name", in: "addition \(tag)", log: &log)
        else { return nil }
        guard XMLName.isValid(tag) else {
            log.report(.invalidValue, at: map.location(of: "tag"), id: tag, "'\(tag)' is not a valid XML element name")
            return nil
        }
        guard map.node("format") != nil else {
            log.report(.missingField, at: map.location, id: "format", "addition \(tag) needs 'format'")
            return nil
        }
        guard let format = map.format("format", id: nationalID, log: &log) else { return nil }
        let cardinality = map.cardinality("occurs", log: &log) ?? .optional
        let listID = map.string("codeList", log: &log)
        if let listID, codeLists[listID] == nil {
            log.reportDangling("code list", listID, at: map.location(of: "codeList"), known: codeLists.keys)
        }
        var codes: [String]?
        if let wanted = map.strings("codes", log: &log) {
            let allowed = listID.flatMap { codeLists[$0] }.map { Set($0.entries.map(\.code)) }
            codes = checkedCodes(wanted, allowed: allowed, at: map.location(of: "codes"), log: &log)
        }
        var node = PackageNode(
            tag: tag, id: nil, kind: .element, name: name, cardinality: cardinality, usage: [], format: format,
            codeListID: listID, allowedCodes: codes, nationalName: name, nationalID: nationalID,
            description: map.string("description", log: &log), isNationalAddition: true, origin: map.location(of: "tag")
        )
        node.patterns = map.pattern("pattern", id: nationalID, log: &log).map { [$0] } ?? []
        return node
    }

    /// The codes a node allows now: its subset, else its whole code list, else nil (any value).
    private func allowedCodes(of node: PackageNode) -> Set<String>? {
        if let codes = node.allowedCodes { return Set(codes) }
        return node.codeListID.flatMap { codeLists[$0] }.map { Set($0.entries.map(\.code)) }
    }

    private func checkedCodes(
        _ codes: [String], allowed: Set<String>?, at location: SourceLocation, log: inout ProblemLog
    ) -> [String] {
        guard let allowed else {
            log.report(.invalidValue, at: location, "'codes' needs a code list to choose from")
            return codes
        }
        let outside = codes.filter { !allowed.contains($0) }
        for code in outside {
            log.report(
                .loosensBase, at: location, id: code, "code '\(code)' is not allowed by the base",
                suggestion: Suggestions.closest(to: code, among: allowed))
        }
        return codes.filter(allowed.contains)
    }

    /// Reads a pointer under `key` and checks that the base has it.
    private func pointer(
        _ map: YAMLMap, key: String, byPointer: [Pointer: LocatedNode], log: inout ProblemLog
    ) -> Pointer? {
        guard let text = map.required(key, in: "a rule", log: &log) else { return nil }
        guard let pointer = Pointer(parsing: text) else {
            log.report(
                .invalidValue, at: map.location(of: key), id: text,
                "'\(text)' is not a pointer such as 42A/67A/68A/03A/226")
            return nil
        }
        guard byPointer[pointer] != nil else {
            log.reportDangling(
                "pointer in \(base.id)", text, at: map.location(of: key), known: byPointer.keys.map(\.description))
            return nil
        }
        return pointer
    }
}
