import CustomsDefinitions
import CustomsMapping
import CustomsModel
import CustomsValidation
import Foundation

/// The shipped definitions, loaded once, and what the mapping tests build from them.
enum MappingFixtures {
    static let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let dataModel = projectRoot.appendingPathComponent("DataModel").path
    static let shipped = DefinitionLoader.load(directory: dataModel)
    static var catalog: Catalog { shipped.catalog }

    static func mapping(_ id: String) -> Mapping { catalog.mapping(id)! }

    static func package(of mapping: Mapping) -> InformationPackage { catalog.package(mapping.packageID)! }

    static func compiled(_ package: InformationPackage) throws -> CompiledPackage {
        try Compiler.compile(package, codeLists: catalog.codeLists)
    }

    static func mapper(_ id: String) -> RecordMapper {
        let mapping = mapping(id)
        return RecordMapper(mapping: mapping, package: package(of: mapping))
    }

    /// A definitions folder with the shipped dictionary, code lists, packages and profiles, and
    /// one mapping: `yaml` as `mappings/m.yaml`, `table` as `mappings/m.csv`.
    static func folder(yaml: String, table: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "customs-mapping-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("mappings"), withIntermediateDirectories: true)
        for part in ["dictionary", "codelists", "packages", "profiles"] {
            // Copies: the loader does not follow links to folders.
            try FileManager.default.copyItem(
                at: URL(fileURLWithPath: dataModel).appendingPathComponent(part),
                to: folder.appendingPathComponent(part))
        }
        try Data(yaml.utf8).write(to: folder.appendingPathComponent("mappings/m.yaml"))
        try Data(table.utf8).write(to: folder.appendingPathComponent("mappings/m.csv"))
        return folder
    }

    /// The problems of loading one mapping beside the shipped definitions.
    static func problems(yaml: String = defaultYAML, table: String) throws -> [DefinitionProblem] {
        let folder = try folder(yaml: yaml, table: table)
        defer { try? FileManager.default.removeItem(at: folder) }
        return DefinitionLoader.load(directory: folder.path).problems
    }

    static let defaultYAML = """
        id: m
        name: test mapping
        package: xa-import
        national: {format: json}
        table: m.csv
        codes:
          transport: {"SEA": "1", "AIR": "4"}
          lossy: {"SEA": "1", "SHIP": "1"}
          wrong: {"SEA": "77"}
        """
}
