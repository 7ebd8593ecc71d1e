import CustomsModel
import Foundation

/// What loading a definition folder produced: the catalog of everything that could be built,
/// and every problem found on the way.
public struct LoadResult: Sendable {
    /// The dictionary, code lists and packages that loaded.
    public let catalog: Catalog
    /// Every problem, in file and line order.
    public let problems: [DefinitionProblem]
    /// How many definition files were read.
    public let fileCount: Int

    /// True when nothing is wrong.
    public var isClean: Bool { problems.isEmpty }
}

/// Loads a `DataModel/` folder. The layout (documented in DataModel/README.md):
///
/// ```
/// dictionary/classes*.csv     id,name,description
/// dictionary/elements*.csv    id,name,format,code_list,untded,dictionary_entry_name,usage,description
/// codelists/codelists.yaml    the register of code lists, each with its CSV file
/// packages/*.yaml             base and derived packages
/// profiles/*.yaml             national profiles (MyIPs)
/// mappings/*.yaml             national datasets ↔ packages, each with its CSV table
/// numbering/*.yaml            national data-element numbers of a package's positions
/// rules/*.yaml                business rules of a package (conditions and assertions)
/// ```
///
/// Loading never throws and never stops at the first problem: a broken file is reported and the
/// rest still loads, so `customs packages check` can list every mistake of a folder at once.
///
/// ```swift
/// let result = DefinitionLoader.load(directory: "DataModel")
/// for problem in result.problems { print(problem) }
/// let declaration = result.catalog.package("wco-declaration")
/// ```
public enum DefinitionLoader {
    /// Loads and checks everything under `directory`.
    public static func load(directory: String) -> LoadResult {
        var log = ProblemLog()
        guard SourceFiles.isDirectory(directory) else {
            log.report(
                .io, at: SourceLocation(file: directory),
                "no such folder (expected a DataModel folder with dictionary/, codelists/, packages/)")
            return LoadResult(catalog: Catalog(), problems: log.problems, fileCount: 0)
        }
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        var fileCount = 0

        var dictionary = DictionaryLoader()
        let dictionaryFiles = SourceFiles.files(in: path("dictionary"), extensions: ["csv"])
        for file in dictionaryFiles {
            let name = (file as NSString).lastPathComponent
            if name.hasPrefix("classes") {
                dictionary.loadClasses(file: file, log: &log)
            } else if name.hasPrefix("elements") {
                dictionary.loadElements(file: file, log: &log)
            } else {
                log.report(
                    .invalidValue, at: SourceLocation(file: file),
                    "dictionary files are named classes*.csv or elements*.csv")
            }
        }
        fileCount += dictionaryFiles.count
        if dictionaryFiles.isEmpty {
            log.report(
                .io, at: SourceLocation(file: path("dictionary")),
                "no dictionary: expected dictionary/classes.csv and dictionary/elements.csv")
        }

        var codeLists = CodeListLoader()
        let register = path("codelists/codelists.yaml")
        if FileManager.default.fileExists(atPath: register) {
            codeLists.load(register: register, log: &log)
            fileCount += 1 + codeLists.codeLists.count
        }
        for reference in dictionary.codeListReferences where codeLists.codeLists[reference.list] == nil {
            log.reportDangling("code list", reference.list, at: reference.location, known: codeLists.codeLists.keys)
        }

        let packageFiles = ["packages", "profiles"].flatMap {
            SourceFiles.files(in: path($0), extensions: ["yaml", "yml"])
        }
        fileCount += packageFiles.count
        let packages = PackageAssembler(
            elements: dictionary.elements, classes: dictionary.classes, codeLists: codeLists.codeLists
        ).assemble(packageFiles, log: &log)

        let mappingFiles = SourceFiles.files(in: path("mappings"), extensions: ["yaml", "yml"])
        let (mappings, pendingMappings, tableCount) = MappingLoader(
            packages: packages, codeLists: codeLists.codeLists
        ).load(mappingFiles, log: &log)
        fileCount += mappingFiles.count + tableCount

        let numberingFiles = SourceFiles.files(in: path("numbering"), extensions: ["yaml", "yml"])
        let (numberings, numberingTables) = NumberingLoader(packages: packages).load(numberingFiles, log: &log)
        fileCount += numberingFiles.count + numberingTables

        let ruleFiles = SourceFiles.files(in: path("rules"), extensions: ["yaml", "yml"])
        let rules = RuleLoader(packages: packages, codeLists: Set(codeLists.codeLists.keys)).load(ruleFiles, log: &log)
        fileCount += ruleFiles.count

        let catalog = Catalog(
            elements: dictionary.elements, classes: dictionary.classes, codeLists: codeLists.codeLists,
            packages: packages, mappings: mappings, numberings: numberings, pendingMappings: pendingMappings,
            rules: rules)
        let problems = log.problems.sorted {
            ($0.location.file, $0.location.line, $0.location.column) < (
                $1.location.file, $1.location.line, $1.location.column
            )
        }
        return LoadResult(catalog: catalog, problems: problems, fileCount: fileCount)
    }
}
