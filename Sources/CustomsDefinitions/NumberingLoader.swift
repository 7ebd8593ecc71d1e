import CustomsModel
import Foundation

/// Loads `numbering/*.yaml`: each file names a national numbering (`id`, `name`, `source`,
/// `package`) and its CSV table (`number,pointer`, optionally `path` and `samples`). Every
/// number must read as one (`2/5`, `DE 2/5`, `12 09 001 000`) and every pointer must be a
/// position of the package.
struct NumberingLoader {
    static let keys = ["id", "name", "source", "package", "imported", "table"]

    let packages: [InformationPackage]

    /// The numberings of `files`, and how many tables they read.
    func load(_ files: [String], log: inout ProblemLog) -> (numberings: [Numbering], tables: Int) {
        var numberings: [Numbering] = []
        for file in files {
            guard let map = YAMLMap.read(file, what: "a numbering", log: &log) else { continue }
            map.rejectUnknownKeys(allowed: Self.keys, in: "a numbering", log: &log)
            guard let id = map.required("id", in: "a numbering", log: &log),
                let name = map.required("name", in: "numbering \(id)", log: &log),
                let packageID = map.required("package", in: "numbering \(id)", log: &log),
                let table = map.required("table", in: "numbering \(id)", log: &log)
            else { continue }
            if numberings.contains(where: { $0.id == id }) {
                log.report(.duplicateID, at: map.location(of: "id"), id: id, "numbering \(id) is defined twice")
                continue
            }
            guard let package = packages.first(where: { $0.id == packageID }) else {
                log.reportDangling("package", packageID, at: map.location(of: "package"), known: packages.map(\.id))
                continue
            }
            let path = ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(table)
            guard let tableText = SourceFiles.text(path, log: &log),
                let rows = CSVTable.read(
                    file: path, text: tableText, required: ["number", "pointer"], optional: ["path", "samples"],
                    log: &log)
            else { continue }
            var entries: [Numbering.Entry] = []
            for row in rows.rows {
                guard let numberText = row.value("number"), let number = DataElementNumber(parsing: numberText) else {
                    log.report(
                        .invalidValue, at: row.location(of: "number"), id: row.value("number"),
                        "'\(row.value("number") ?? "")' is not a data-element number (2/5, DE 2/5, 12 09 001 000)")
                    continue
                }
                guard let pointerText = row.value("pointer"), let pointer = Pointer(parsing: pointerText),
                    package.node(at: pointer) != nil
                else {
                    let known = package.nodes.map(\.pointer.description)
                    log.reportDangling(
                        "pointer of \(package.id)", row.value("pointer") ?? "", at: row.location(of: "pointer"),
                        known: known)
                    continue
                }
                entries.append(
                    Numbering.Entry(number: number, pointer: pointer, samples: row.value("samples").flatMap { Int($0) })
                )
            }
            numberings.append(
                Numbering(
                    id: id, name: name, source: map.string("source", log: &log) ?? "", packageID: packageID,
                    entries: entries, importedPackageIDs: map.strings("imported", log: &log) ?? []))
        }
        return (numberings, numberings.count)
    }
}
