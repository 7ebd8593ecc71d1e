import CustomsModel

/// Builds every package file into an `InformationPackage`: packages with their own tree first,
/// then restrictions once the package they restrict is built (a profile may restrict a profile).
struct PackageAssembler {
    let elements: [WCOIdentifier: DataElement]
    let classes: [WCOIdentifier: ClassDefinition]
    let codeLists: [String: CodeList]

    func assemble(_ files: [String], log: inout ProblemLog) -> [InformationPackage] {
        var headers: [PackageFile] = []
        var seen: [String: SourceLocation] = [:]
        for file in files {
            guard let header = PackageFile(file: file, log: &log) else { continue }
            if let first = seen[header.id] {
                log.report(
                    .duplicateID, at: header.map.location(of: "id"), id: header.id,
                    "package \(header.id) is defined twice (first at \(first))")
                continue
            }
            seen[header.id] = header.map.location(of: "id")
            checkCountry(header, log: &log)
            headers.append(header)
        }

        var built: [String: InformationPackage] = [:]
        var pending = headers
        while !pending.isEmpty {
            var progressed = false
            for header in pending {
                if let baseID = header.baseID, built[baseID] == nil { continue }
                progressed = true
                if let package = build(header, base: header.baseID.flatMap { built[$0] }, log: &log) {
                    built[header.id] = package
                }
            }
            let before = pending.count
            pending.removeAll { header in built[header.id] != nil || !(header.baseID.map { built[$0] == nil } ?? false)
            }
            if !progressed || pending.count == before { break }
        }
        let known = headers.map(\.id)
        for header in pending {
            let baseID = header.baseID ?? ""
            if known.contains(baseID) {
                log.report(
                    .danglingReference, at: header.map.location(of: "base"), id: baseID,
                    "base package \(baseID) could not be built (broken, or a cycle of bases)")
            } else {
                log.reportDangling("base package", baseID, at: header.map.location(of: "base"), known: known)
            }
        }
        return headers.compactMap { built[$0.id] }
    }

    private func build(_ header: PackageFile, base: InformationPackage?, log: inout ProblemLog) -> InformationPackage? {
        let root: PackageNode?
        if let base {
            root = ProfileBuilder(package: header, base: base, codeLists: codeLists).build(log: &log)
        } else if let rootNode = header.map.node("root") {
            let attributes = header.attributeDefinitions(codeLists: codeLists, log: &log)
            var builder = TreeBuilder(
                file: header.file, elements: elements, classes: classes, codeLists: codeLists, attributes: attributes)
            root = builder.build(rootNode, parentUsage: nil, log: &log)
        } else {
            root = nil
        }
        guard let root else { return nil }
        for (node, reason) in root.ambiguousChoices() {
            log.report(
                .invalidValue, at: node.origin ?? SourceLocation(file: header.file), id: node.pointerSegment,
                "<\(node.tag)>: \(reason)")
        }
        return InformationPackage(
            id: header.id, name: header.name, version: header.version, kind: header.kind, baseID: header.baseID,
            country: header.country, description: header.description, namespace: header.namespace ?? base?.namespace,
            root: root, origin: SourceLocation(file: header.file))
    }

    /// A profile's country must be an ISO 3166-1 alpha-2 code, or a user-assigned one (AA, QM–QZ,
    /// XA–XZ, ZZ) as fictitious administrations use.
    private func checkCountry(_ header: PackageFile, log: inout ProblemLog) {
        guard let country = header.country else {
            if header.kind == .profile {
                log.report(
                    .missingField, at: header.map.location, id: header.id,
                    "profile \(header.id) needs the 'country' of its administration")
            }
            return
        }
        let scalars = Array(country.unicodeScalars)
        let userAssigned =
            scalars.count == 2
            && (country == "AA" || country == "ZZ" || (scalars[0] == "Q" && ("M"..."Z").contains(scalars[1]))
                || (scalars[0] == "X" && ("A"..."Z").contains(scalars[1])))
        let countries = codeLists["iso-3166-alpha2"]
        if !userAssigned && !(countries?.contains(country) ?? (scalars.count == 2)) {
            log.report(
                .invalidValue, at: header.map.location(of: "country"), id: country,
                "'\(country)' is not an ISO 3166-1 alpha-2 country code",
                suggestion: countries.flatMap { Suggestions.closest(to: country, among: $0.entries.map(\.code)) })
        }
    }
}
