import CustomsModel
import Foundation

/// Loads `codelists/codelists.yaml`, the register of code lists (ID, name, version, source,
/// file), and each list's CSV file (columns `code`, `name`, and any further columns as
/// properties).
struct CodeListLoader {
    static let registerKeys = ["id", "name", "version", "source", "file"]

    private(set) var codeLists: [String: CodeList] = [:]
    private var locations: [String: SourceLocation] = [:]

    mutating func load(register file: String, log: inout ProblemLog) {
        guard let text = SourceFiles.text(file, log: &log), let root = YAMLFile.root(file: file, text: text, log: &log)
        else { return }
        guard case .sequence(let items) = root else {
            log.report(.syntax, at: root.location(in: file), "the code list register must be a list of code lists")
            return
        }
        let folder = (file as NSString).deletingLastPathComponent
        for item in items {
            guard let map = YAMLMap(item, file: file, what: "a code list", log: &log) else { continue }
            map.rejectUnknownKeys(allowed: Self.registerKeys, in: "a code list", log: &log)
            guard let id = map.required("id", in: "a code list", log: &log),
                let name = map.required("name", in: "code list \(map.string("id", log: &log) ?? "")", log: &log),
                let version = map.required("version", in: "code list \(id)", log: &log),
                let listFile = map.required("file", in: "code list \(id)", log: &log)
            else { continue }
            if let first = locations[id] {
                log.report(
                    .duplicateID, at: map.location(of: "id"), id: id,
                    "code list \(id) is registered twice (first at \(first))")
                continue
            }
            locations[id] = map.location(of: "id")
            let path = (folder as NSString).appendingPathComponent(listFile)
            guard FileManager.default.fileExists(atPath: path) else {
                let known = SourceFiles.files(in: folder, extensions: ["csv"]).map {
                    ($0 as NSString).lastPathComponent
                }
                log.reportDangling("code list file", listFile, at: map.location(of: "file"), known: known)
                continue
            }
            guard let entries = loadEntries(path, listID: id, log: &log) else { continue }
            codeLists[id] = CodeList(
                id: id, name: name, version: version, source: map.string("source", log: &log) ?? "", entries: entries)
        }
    }

    private func loadEntries(_ path: String, listID: String, log: inout ProblemLog) -> [CodeList.Entry]? {
        guard let text = SourceFiles.text(path, log: &log) else { return nil }
        // Extra columns are the list's own properties, so any header beyond code and name is fine.
        let header = text.prefix { $0 != "\n" && $0 != "\r" }.split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard
            let table = CSVTable.read(file: path, text: text, required: ["code", "name"], optional: header, log: &log)
        else {
            return nil
        }
        var seen: [String: SourceLocation] = [:]
        var entries: [CodeList.Entry] = []
        for row in table.rows {
            guard let code = row.value("code") else {
                log.report(
                    .missingField, at: row.location(of: "code"), id: listID,
                    "a row of code list \(listID) without a code")
                continue
            }
            if let first = seen[code] {
                log.report(
                    .duplicateID, at: row.location(of: "code"), id: code,
                    "code '\(code)' appears twice in \(listID) (first at \(first))")
                continue
            }
            seen[code] = row.location(of: "code")
            var properties: [String: String] = [:]
            for column in table.header where column != "code" && column != "name" {
                if let value = row.value(column) { properties[column] = value }
            }
            entries.append(CodeList.Entry(code: code, name: row.value("name") ?? "", properties: properties))
        }
        if entries.isEmpty {
            log.report(
                .missingField, at: SourceLocation(file: path, line: 1), id: listID, "code list \(listID) has no codes")
        }
        return entries
    }
}
