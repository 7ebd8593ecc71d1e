import CustomsModel
import Foundation
import Yams

/// Loads `mappings/*.yaml`: each file describes one mapping (its package, how national records
/// are written, its code tables) and names the CSV table of its rows. The rows are read and
/// checked by `MappingTableReader`.
struct MappingLoader {
    static let keys = ["id", "name", "description", "package", "imported", "national", "recordKey", "table", "codes"]
    static let nationalKeys = [
        "format", "kindColumn", "headerKind", "itemKind", "itemGroup", "record", "batch", "namespace",
    ]

    let packages: [InformationPackage]
    let codeLists: [String: CodeList]

    /// The mappings of `files` (those whose package is imported at run time apart), and how many
    /// distinct tables they read.
    func load(_ files: [String], log: inout ProblemLog) -> (mappings: [Mapping], pending: [PendingMapping], tables: Int)
    {
        var tables = Set<String>()
        var mappings: [Mapping] = []
        var pending: [PendingMapping] = []
        var seen: [String: SourceLocation] = [:]
        for file in files {
            guard let read = self.read(file, log: &log) else { continue }
            if let first = seen[read.id] {
                log.report(
                    .duplicateID, at: read.origin ?? SourceLocation(file: file), id: read.id,
                    "mapping \(read.id) is defined twice (first at \(first))")
                continue
            }
            seen[read.id] = read.origin ?? SourceLocation(file: file)
            tables.insert(read.tablePath)
            if let package = packages.first(where: { $0.id == read.packageID }) {
                if let mapping = Self.resolve(read, against: package, codeLists: codeLists, log: &log) {
                    mappings.append(mapping)
                }
            } else {
                // Its rows wait for the package; the table's CSV and columns are checked now.
                if let text = SourceFiles.text(read.tablePath, log: &log) {
                    _ = CSVTable.read(
                        file: read.tablePath, text: text, required: MappingTableReader.required,
                        optional: MappingTableReader.optional, log: &log)
                }
                pending.append(read)
            }
        }
        return (mappings, pending, tables.count)
    }

    /// A mapping file read and checked as far as it can be without its package; nil after
    /// reporting why it cannot be used. Its package must be in the catalog, unless the file
    /// says `imported: true` (the package then comes from `--xsd` when a command runs).
    private func read(_ file: String, log: inout ProblemLog) -> PendingMapping? {
        guard let map = YAMLMap.read(file, what: "a mapping", log: &log) else { return nil }
        map.rejectUnknownKeys(allowed: Self.keys, in: "a mapping", log: &log)
        guard let id = map.required("id", in: "a mapping", log: &log),
            let name = map.required("name", in: "mapping \(id)", log: &log),
            let packageID = map.required("package", in: "mapping \(id)", log: &log),
            let tableName = map.required("table", in: "mapping \(id)", log: &log)
        else { return nil }
        let imported = map.bool("imported", log: &log) ?? false
        if !imported && !packages.contains(where: { $0.id == packageID }) {
            log.reportDangling("package", packageID, at: map.location(of: "package"), known: packages.map(\.id))
            return nil
        }
        guard let format = nationalFormat(map, log: &log) else { return nil }
        let codeTables = self.codeTables(map, log: &log)
        let tablePath = ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(tableName)
        guard FileManager.default.fileExists(atPath: tablePath) else {
            let folder = (file as NSString).deletingLastPathComponent
            let known = SourceFiles.files(in: folder, extensions: ["csv"]).map { ($0 as NSString).lastPathComponent }
            log.reportDangling("mapping table", tableName, at: map.location(of: "table"), known: known)
            return nil
        }
        return PendingMapping(
            id: id, name: name, description: map.string("description", log: &log) ?? "", packageID: packageID,
            format: format, recordKey: map.string("recordKey", log: &log).map { ($0, map.location(of: "recordKey")) },
            tablePath: tablePath, codeTables: codeTables, origin: map.location(of: "id"))
    }

    /// The mapping of `pending`, its table resolved against `package`.
    static func resolve(
        _ pending: PendingMapping, against package: InformationPackage, codeLists: [String: CodeList],
        log: inout ProblemLog
    ) -> Mapping? {
        let reader = MappingTableReader(
            package: package, codeLists: codeLists, codeTables: pending.codeTables, format: pending.format)
        guard let rules = reader.read(pending.tablePath, log: &log) else { return nil }
        var recordKey: FieldPath?
        if let (keyText, location) = pending.recordKey {
            recordKey = FieldPath(parsing: keyText)
            if recordKey == nil || !rules.flatMap(\.fields).contains(recordKey!) {
                log.reportDangling(
                    "national field", keyText, at: location, known: rules.flatMap(\.fields).map(\.description))
                recordKey = nil
            }
        }
        return Mapping(
            id: pending.id, name: pending.name, description: pending.description, packageID: package.id,
            format: pending.format, recordKey: recordKey, rules: rules, codeTables: pending.codeTables,
            origin: pending.origin)
    }

    private func nationalFormat(_ map: YAMLMap, log: inout ProblemLog) -> NationalRecordFormat? {
        guard let node = map.node("national") else {
            log.report(
                .missingField, at: map.location, id: "national", "a mapping needs 'national' (its record format)")
            return nil
        }
        guard let national = YAMLMap(node, file: map.file, what: "'national'", log: &log) else { return nil }
        national.rejectUnknownKeys(allowed: Self.nationalKeys, in: "'national'", log: &log)
        guard let format = national.required("format", in: "'national'", log: &log) else { return nil }
        switch format {
        case "csv":
            return .csv(
                CSVLayout(
                    kindColumn: national.string("kindColumn", log: &log) ?? "line",
                    headerKind: national.string("headerKind", log: &log) ?? "H",
                    itemKind: national.string("itemKind", log: &log) ?? "I",
                    itemGroup: national.string("itemGroup", log: &log) ?? "items"))
        case "json":
            return .json
        case "xml":
            guard let record = national.required("record", in: "an XML record format", log: &log) else { return nil }
            return .xml(
                XMLLayout(
                    recordElement: record, batchElement: national.string("batch", log: &log),
                    namespace: national.string("namespace", log: &log) ?? ""))
        default:
            log.report(
                .invalidValue, at: national.location(of: "format"), id: format,
                "unknown national record format '\(format)' (csv, json or xml)",
                suggestion: Suggestions.closest(to: format, among: ["csv", "json", "xml"]))
            return nil
        }
    }

    /// `codes: {table: {national: dm, …}, …}` (a dm may be a list: `STANDARD: [EXA, EXD]`); codes
    /// are quoted in YAML so that `01` stays `01`.
    private func codeTables(_ map: YAMLMap, log: inout ProblemLog) -> [String: CodeTable] {
        guard let node = map.node("codes") else { return [:] }
        guard case .mapping(let tables) = node else {
            log.report(
                .invalidValue, at: node.location(in: map.file), id: "codes", "'codes' maps table names to tables")
            return [:]
        }
        var result: [String: CodeTable] = [:]
        for (key, value) in tables {
            let name = key.scalar?.string ?? ""
            guard case .mapping(let pairs) = value else {
                log.report(
                    .invalidValue, at: value.location(in: map.file), id: name,
                    "code table \(name) maps national codes to DM codes: {\"I\": \"IM\", …}")
                continue
            }
            var seen = Set<String>()
            var entries: [(national: String, dm: String)] = []
            for (national, dm) in pairs {
                // A list maps one national code to several DM codes: the first is written to
                // the DM, every one of them reads back as the national code.
                let dmCodes: [String]? =
                    if case .sequence(let items) = dm { items.map { $0.scalar?.string } as? [String] } else {
                        dm.scalar.map { [$0.string] }
                    }
                guard let nationalCode = national.scalar?.string, let dmCodes, !dmCodes.isEmpty else {
                    log.report(
                        .invalidValue, at: national.location(in: map.file), id: name,
                        "a national code maps to a DM code or a list of them")
                    continue
                }
                guard seen.insert(nationalCode).inserted else {
                    log.report(
                        .duplicateID, at: national.location(in: map.file), id: nationalCode,
                        "code '\(nationalCode)' appears twice in code table \(name)")
                    continue
                }
                entries += dmCodes.map { (nationalCode, $0) }
            }
            result[name] = CodeTable(pairs: entries, origin: key.location(in: map.file))
        }
        return result
    }
}

/// Resolves a mapping whose package was imported from XSDs when the command ran.
public enum MappingResolver {
    /// Why `reference` (a pointer, WCO ID or instance path, as a mapping table writes the DM
    /// side) names no element of `package`; nil when it does. For checking a published pointer
    /// table against a package without building a mapping.
    public static func whyUnresolved(_ reference: String, in package: InformationPackage) -> String? {
        do {
            _ = try MessageTargetResolver(package: package).resolve(reference)
            return nil
        } catch {
            return error.message
        }
    }

    /// The mapping of `pending` against `package`, or every problem its table has there
    /// (located, with "did you mean", as at load).
    public static func resolve(
        _ pending: PendingMapping, against package: InformationPackage, codeLists: [String: CodeList]
    ) -> (mapping: Mapping?, problems: [DefinitionProblem]) {
        var log = ProblemLog()
        let mapping = MappingLoader.resolve(pending, against: package, codeLists: codeLists, log: &log)
        return (log.problems.isEmpty ? mapping : nil, log.problems)
    }
}
