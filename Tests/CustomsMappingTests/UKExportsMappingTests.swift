import CustomsDefinitions
import CustomsMapping
import CustomsModel
import CustomsValidation
import CustomsXML
import Foundation
import PeerTools
import Testing

/// The shipped UK exports mapping (`DataModel/mappings/uk-exports.*`) against HMRC's CDS
/// declaration schemas and sample export declarations in `../shared/corpus/hmrc-cds`.
@Suite("UK exports mapping", .enabled(if: SharedCorpus.cdsAvailable, "\(SharedCorpus.skipReason)"))
struct UKExportsMappingTests {
    /// The CDS declaration package imported from the schemas, the mapping resolved against it,
    /// and the package compiled: once for the suite.
    static let setUp: Result<(Mapping, InformationPackage, CompiledPackage), any Error> = Result {
        let package = try XSDImporter.importPackage(
            entries: CDSSchemaSet.declaration.paths, root: "MetaData", id: "uk-cds-dec")
        let pending = try #require(MappingFixtures.catalog.pendingMappings.first { $0.id == "uk-exports" })
        let (mapping, problems) = MappingResolver.resolve(
            pending, against: package, codeLists: MappingFixtures.catalog.codeLists)
        guard let mapping, problems.isEmpty else {
            throw Failure(problems.map(\.description).joined(separator: "\n"))
        }
        return (mapping, package, try Compiler.compile(package, codeLists: MappingFixtures.catalog.codeLists))
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// The sample original export declarations (TypeCode EX…, function code 9) that are
    /// well-formed; two samples have `--` in a comment and are not.
    static func exportSamples() throws -> [(name: String, tree: MarkupElement)] {
        let samples = SharedCorpus.cds.appendingPathComponent("samples")
        var found: [(String, MarkupElement)] = []
        let files = FileManager.default.enumerator(atPath: samples.path)!.compactMap { $0 as? String }
        for file in files.sorted() where file.hasSuffix(".xml") {
            let bytes = Array(try Data(contentsOf: samples.appendingPathComponent(file)))
            guard let tree = try? XMLTreeReader.read(bytes),
                let declaration = tree.children.first(where: { $0.name == "Declaration" }),
                declaration.children.first(where: { $0.name == "TypeCode" })?.text.hasPrefix("EX") == true,
                declaration.children.first(where: { $0.name == "FunctionCode" })?.text == "9"
            else { continue }
            found.append((file, tree))
        }
        return found
    }

    @Test("the table resolves against the imported CDS package, below its MetaData envelope")
    func resolves() throws {
        let (mapping, _, _) = try Self.setUp.get()
        #expect(mapping.rules.count > 100)
        let lrn = try #require(mapping.rules.first { $0.nationalText == "consignmentReferences.lrn" }?.target)
        #expect(lrn.instancePath([:]) == "/MetaData/Declaration/FunctionalReferenceID")
    }

    @Test(
        "every sample export declaration: to a national record and back gives what the mapping covers, element for element, valid against the CDS schemas"
    )
    func samplesRoundTrip() throws {
        let (mapping, package, compiled) = try Self.setUp.get()
        let mapper = RecordMapper(mapping: mapping, package: package)
        let samples = try Self.exportSamples()
        #expect(samples.count >= 25, "\(samples.count) sample export declarations")
        var covered = 0
        for (name, tree) in samples {
            let (record, backIssues) = mapper.toNational(tree)
            #expect(backIssues.isEmpty, "\(name): \(backIssues.map(\.description))")
            let (message, issues) = mapper.toDM(record)
            #expect(issues.isEmpty, "\(name): \(issues.map(\.description))")
            let before = mapper.coveredValues(in: tree)
            let after = mapper.coveredValues(in: message)
            for (path, value) in before where after[path] != value {
                Issue.record("\(name): \(path) was '\(value)', came back as '\(after[path] ?? "(nothing)")'")
            }
            for (path, value) in after where before[path] == nil {
                Issue.record("\(name): \(path) = '\(value)' came back but was not there")
            }
            covered += before.count
            let findings = SecureXMLReader().validateMessages(
                bytes: XMLMessageWriter.bytes(message), with: ValidationSession(package: compiled, maxFindings: 20)
            ).flatMap(\.diagnostics).filter { $0.severity == .error }
            #expect(findings.isEmpty, "\(name): \(findings.map(\.message))")
        }
        // Every sample carries its LRN, type, parties, items…: a mapping that covered little
        // would pass the comparison trivially.
        #expect(covered >= samples.count * 20, "\(covered) covered values over \(samples.count) samples")
    }

    @Test("the shipped national scenario records map to valid CDS declarations and back without loss")
    func scenarioRecords() throws {
        let (mapping, package, compiled) = try Self.setUp.get()
        let translator = RecordTranslator(mapping: mapping, package: package, compiled: compiled, syntax: .xml)
        let file = MappingFixtures.projectRoot.appendingPathComponent("Records/uk-exports/scenarios.json")
        let read = try NationalRecordReader(mapping: mapping).records(
            in: Array(try Data(contentsOf: file)), name: file.lastPathComponent)
        #expect(read.count >= 5)
        for entry in read {
            let record = try #require(entry.record, "record \(entry.number): \(entry.error ?? "")")
            let outcome = translator.translate(record)
            #expect(outcome.isClean, "record \(entry.number): \(outcome.issues) \(outcome.findings.map(\.message))")
            let tree = try XMLTreeReader.read(Array(try #require(outcome.text).utf8))
            let (back, issues) = translator.mapper.toNational(tree)
            #expect(issues.isEmpty)
            #expect(back.sameContent(as: record), "record \(entry.number) came back otherwise")
        }
    }

    @Test("HMRC's own pointer tables: every pointer the CDS schema holds resolves; the ones it does not are named")
    func hmrcPointers() throws {
        let (_, package, _) = try Self.setUp.get()
        let folder = SharedCorpus.cds.deletingLastPathComponent().appendingPathComponent("hmrc-exports")
        func pointers(_ file: String) throws -> [String] {
            let entries = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(file)))
                    as? [[String: Any]])
            return entries.compactMap { $0["wco"] as? String }
        }
        let forward = try pointers("exports-wco-mapping.json")
        #expect(forward.count == 122)
        let unresolved = Set(forward.filter { MappingResolver.whyUnresolved($0, in: package) != nil })
        // T002 is the arrival means' ID: under the departure means (46A) the schema has T004.
        #expect(unresolved == ["42A.67A.28A.46A.T002"], "\(unresolved.sorted())")
        // The way back (an older national shape); "suppressed" entries name no element.
        let back = try pointers("wco-to-exports-mapping.json")
        #expect(back.count == 117)
        let backUnresolved = Set(back.filter { MappingResolver.whyUnresolved($0, in: package) != nil })
        #expect(backUnresolved == Self.unresolvedBack, "\(backUnresolved.sorted())")
    }

    /// Pointers of HMRC's way-back table that the CDS declaration schema does not hold: a path
    /// through the wrong class (packaging and fiscal references under the commodity, routing
    /// under freight), IDs the schema places elsewhere, a doubled date segment.
    static let unresolvedBack: Set<String> = [
        "42A.67A.68A.$1.23A.93A.$2.141", "42A.67A.68A.$1.23A.93A.$2.142", "42A.67A.68A.$1.23A.93A.$2.144",
        "42A.67A.68A.$1.23A.55B.$2.R005", "42A.67A.68A.$1.23A.65A.55B.$2.R119", "42A.28A.62A.$1.64",
        "42A.67A.28A.46A.T020", "42A.67A.28A.46A.T034", "42A.67A.68A.$1.23A.337", "42A.67A.68A.$1.02A.$2.276.276",
    ]
}
