import CustomsModel
import Yams

/// The top of a package or profile file (`packages/*.yaml`, `profiles/*.yaml`): identity, kind,
/// and either its own tree (`root`) or the package it restricts (`base`, with `keep` and `add`).
struct PackageFile {
    static let keys = [
        "id", "name", "version", "kind", "base", "country", "description", "namespace", "attributes", "root", "keep",
        "add",
    ]

    let map: YAMLMap
    let id: String
    let name: String
    let version: String
    let kind: InformationPackage.Kind
    let baseID: String?
    let country: String?
    let description: String
    let namespace: String?

    var file: String { map.file }

    /// Reads the header of `file`; nil (after reporting) when it is not a usable package file.
    init?(file: String, log: inout ProblemLog) {
        guard let map = YAMLMap.read(file, what: "a package", log: &log) else { return nil }
        map.rejectUnknownKeys(allowed: Self.keys, in: "a package", log: &log)
        guard let id = map.required("id", in: "a package", log: &log) else { return nil }
        let kindText = map.required("kind", in: "package \(id)", log: &log) ?? ""
        guard let kind = InformationPackage.Kind(rawValue: kindText) else {
            if !kindText.isEmpty {
                log.report(
                    .invalidValue, at: map.location(of: "kind"), id: id,
                    "kind '\(kindText)' is not one of \(InformationPackage.Kind.allCases.map(\.rawValue).joined(separator: ", "))",
                    suggestion: Suggestions.closest(
                        to: kindText, among: InformationPackage.Kind.allCases.map(\.rawValue)))
            }
            return nil
        }
        self.map = map
        self.id = id
        self.kind = kind
        self.name = map.required("name", in: "package \(id)", log: &log) ?? id
        self.version = map.required("version", in: "package \(id)", log: &log) ?? ""
        self.baseID = map.string("base", log: &log)
        self.country = map.string("country", log: &log)
        self.description = map.string("description", log: &log) ?? ""
        self.namespace = map.string("namespace", log: &log)

        let hasRoot = map.node("root") != nil
        if hasRoot && baseID != nil {
            log.report(
                .invalidValue, at: map.location(of: "root"), id: id,
                "a package has either its own 'root' or a 'base' it restricts, not both")
            return nil
        }
        if !hasRoot && baseID == nil {
            log.report(
                .missingField, at: map.location, id: id,
                "package \(id) needs a 'root' tree or a 'base' package to restrict")
            return nil
        }
        if kind == .profile && baseID == nil {
            log.report(.missingField, at: map.location, id: id, "profile \(id) needs the 'base' package it restricts")
            return nil
        }
        if kind == .base && baseID != nil {
            log.report(
                .invalidValue, at: map.location(of: "base"), id: id,
                "a base package cannot restrict another; use kind derived or profile")
            return nil
        }
        if !hasRoot {
            for key in ["namespace", "attributes"] where map.node(key) != nil {
                log.report(
                    .invalidValue, at: map.location(of: key), id: id,
                    "'\(key)' is taken from the base package; a restriction cannot set it")
            }
        } else {
            for key in ["keep", "add"] where map.node(key) != nil {
                log.report(
                    .invalidValue, at: map.location(of: key), id: id, "'\(key)' only applies to a package with a 'base'"
                )
            }
        }
    }

    /// The package's shared attribute definitions (`attributes:` → `currencyID: {codeList: …}`).
    func attributeDefinitions(codeLists: [String: CodeList], log: inout ProblemLog) -> [String: AttributeDefinition] {
        guard let node = map.node("attributes") else { return [:] }
        guard case .mapping(let mapping) = node else {
            log.report(
                .invalidValue, at: node.location(in: file), id: id,
                "'attributes' must map attribute names to their rules")
            return [:]
        }
        var definitions: [String: AttributeDefinition] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string,
                let rules = YAMLMap(value, file: file, what: "attribute \(key.scalar?.string ?? "")", log: &log)
            else { continue }
            rules.rejectUnknownKeys(allowed: ["codeList", "codes", "required"], in: "attribute \(name)", log: &log)
            let list = rules.string("codeList", log: &log)
            if let list, codeLists[list] == nil {
                log.reportDangling("code list", list, at: rules.location(of: "codeList"), known: codeLists.keys)
            }
            let codes = rules.strings("codes", log: &log)
            if let codes, let list, let codeList = codeLists[list] {
                for code in codes where !codeList.contains(code) {
                    log.report(
                        .danglingReference, at: rules.location(of: "codes"), id: code,
                        "code '\(code)' is not in \(list)")
                }
            }
            definitions[name] = AttributeDefinition(
                name: name, codeListID: list, allowedCodes: codes,
                isRequired: rules.bool("required", log: &log) ?? false)
        }
        return definitions
    }
}
