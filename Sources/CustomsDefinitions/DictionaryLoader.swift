import CustomsModel

/// Loads the element and class dictionaries (`dictionary/elements*.csv`, `dictionary/classes*.csv`).
struct DictionaryLoader {
    static let elementColumns = ["id", "name", "format", "description"]
    static let optionalElementColumns = ["code_list", "untded", "dictionary_entry_name", "usage"]
    static let classColumns = ["id", "name", "description"]

    private(set) var elements: [WCOIdentifier: DataElement] = [:]
    private(set) var classes: [WCOIdentifier: ClassDefinition] = [:]
    /// Where each definition is, for duplicate reports.
    private(set) var locations: [WCOIdentifier: SourceLocation] = [:]
    /// Code-list references, checked once the code lists are loaded.
    private(set) var codeListReferences: [(list: String, element: WCOIdentifier, location: SourceLocation)] = []

    mutating func loadClasses(file: String, log: inout ProblemLog) {
        guard let text = SourceFiles.text(file, log: &log),
            let table = CSVTable.read(file: file, text: text, required: Self.classColumns, log: &log)
        else { return }
        for row in table.rows {
            guard let id = identifier(row, expectClass: true, log: &log) else { continue }
            guard let name = row.value("name") else {
                log.report(.missingField, at: row.location(of: "name"), id: id.rawValue, "class \(id) has no name")
                continue
            }
            classes[id] = ClassDefinition(id: id, name: name, description: row.value("description") ?? "")
        }
    }

    mutating func loadElements(file: String, log: inout ProblemLog) {
        guard let text = SourceFiles.text(file, log: &log),
            let table = CSVTable.read(
                file: file, text: text, required: Self.elementColumns, optional: Self.optionalElementColumns, log: &log)
        else { return }
        for row in table.rows {
            guard let id = identifier(row, expectClass: false, log: &log) else { continue }
            guard let name = row.value("name") else {
                log.report(.missingField, at: row.location(of: "name"), id: id.rawValue, "element \(id) has no name")
                continue
            }
            guard let formatText = row.value("format") else {
                log.report(
                    .missingField, at: row.location(of: "format"), id: id.rawValue, "element \(id) has no format")
                continue
            }
            let format: Format
            do { format = try Format.parse(formatText) } catch {
                log.report(.unknownFormat, at: row.location(of: "format"), id: id.rawValue, error.description)
                continue
            }
            let (usage, unknown) = Usage.parseList(row.value("usage") ?? "")
            for mark in unknown {
                log.report(
                    .invalidValue, at: row.location(of: "usage"), id: id.rawValue, "unknown usage mark '\(mark)'",
                    suggestion: Suggestions.closest(to: mark, among: Usage.allCases.map(\.rawValue)))
            }
            if let list = row.value("code_list") {
                codeListReferences.append((list, id, row.location(of: "code_list")))
            }
            elements[id] = DataElement(
                id: id, name: name, description: row.value("description") ?? "", format: format,
                codeListID: row.value("code_list"), untdedID: row.value("untded"),
                dictionaryEntryName: row.value("dictionary_entry_name"), usage: usage)
        }
    }

    /// Reads and checks the row's ID: well-formed, of the right kind, not seen before.
    private mutating func identifier(_ row: CSVTable.Row, expectClass: Bool, log: inout ProblemLog) -> WCOIdentifier? {
        let location = row.location(of: "id")
        guard let raw = row.value("id") else {
            log.report(.missingField, at: location, "a row without an id")
            return nil
        }
        let id = WCOIdentifier(raw)
        guard id.isWellFormed, id.isUnassigned || id.isClass == expectClass else {
            let expected = expectClass ? "a class ID such as 42A" : "an element ID such as 017, D026 or X-CO-01"
            log.report(.invalidValue, at: location, id: raw, "'\(raw)' is not \(expected)")
            return nil
        }
        if let first = locations[id] {
            log.report(.duplicateID, at: location, id: raw, "\(raw) is defined twice (first at \(first))")
            return nil
        }
        locations[id] = location
        return id
    }
}
