import CustomsModel
import CustomsValidation
import CustomsXML
import Foundation
import PeerTools
import Testing

/// The UK CDS schemas and samples in `../shared/corpus/hmrc-cds` (never copied into the
/// project). Tests that need them are skipped, with this reason, where the folder is absent.
enum CDSCorpus {
    static let folder = SharedCorpus.cds
    static let available = SharedCorpus.cdsAvailable
    static let skipReason = Comment(rawValue: SharedCorpus.skipReason)

    static let declaration = CDSSchemaSet.declaration
    static let notification = CDSSchemaSet.notification
    static let schemaSets = CDSSchemaSet.all

    /// Every sample message (`*.xml`, any case), sorted.
    static var samples: [URL] {
        let root = folder.appendingPathComponent("samples")
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var found: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension.lowercased() == "xml" { found.append(url) }
        }
        return found.sorted { $0.path < $1.path }
    }

    /// The declaration package imported from its entry schemas.
    static let package: InformationPackage? = try? importPackage(declaration)
    static let compiled: CompiledPackage? = package.flatMap { try? Compiler.compile($0, codeLists: [:]) }
    static let notificationCompiled: CompiledPackage? = (try? importPackage(notification)).flatMap {
        try? Compiler.compile($0, codeLists: [:])
    }

    static func importPackage(_ set: CDSSchemaSet) throws -> InformationPackage {
        try XSDImporter.importPackage(entries: set.paths, root: "MetaData", id: "uk-cds-\(set.name)")
    }

    /// The compiled package of `set`.
    static func compiled(_ set: CDSSchemaSet) -> CompiledPackage? {
        set.name == declaration.name ? compiled : notificationCompiled
    }
}

/// xmllint's verdicts on a folder of messages, in one run (the schema compiled once).
struct XmllintVerdicts {
    /// Per file name: valid, and the first error's line and element (nil for a parser error).
    struct Verdict {
        var valid = false
        var firstLine: Int?
        var firstElement: String?
        var firstMessage: String?
    }

    let verdicts: [String: Verdict]

    /// Runs `xmllint --noout --schema schema` over `files` (simple names in one folder).
    init(schema: URL, files: [URL]) throws {
        let output = try PeerTool.xmllint.run(["--noout", "--schema", schema.path] + files.map(\.path))
        var verdicts: [String: Verdict] = [:]
        for line in output.standardError.split(separator: "\n").map(String.init) {
            if line.hasSuffix(" validates") {
                verdicts[String(line.dropLast(" validates".count)), default: Verdict()].valid = true
                continue
            }
            // path:line: (element X: )?kind : message
            let parts = line.split(separator: ":", maxSplits: 2).map(String.init)
            guard parts.count == 3, let number = Int(parts[1]), verdicts[parts[0]]?.firstLine == nil else { continue }
            if line.contains("warning :") { continue }
            var verdict = verdicts[parts[0]] ?? Verdict()
            verdict.firstLine = number
            verdict.firstMessage = parts[2]
            if let range = parts[2].range(of: "Element '") {
                var name = parts[2][range.upperBound...].prefix { $0 != "'" }
                if let brace = name.lastIndex(of: "}") { name = name[name.index(after: brace)...] }
                verdict.firstElement = String(name)
            }
            verdicts[parts[0]] = verdict
        }
        self.verdicts = verdicts
    }
}
