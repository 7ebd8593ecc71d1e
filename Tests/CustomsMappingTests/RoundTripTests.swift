import CustomsJSON
import CustomsMapping
import CustomsModel
import CustomsValidation
import Foundation
import PropertyBased
import Testing

@testable import CustomsMapping

@Suite("Mapping both ways: national → DM → national is lossless, DM → national → DM keeps what the mapping covers")
struct RoundTripTests {
    static let mappings = ["xa-import-csv", "xb-export-json", "xb-export-xml"]

    @Test("generated national records come back field for field, through the record format too", arguments: mappings)
    func nationalRoundTrip(id: String) async throws {
        let mapping = MappingFixtures.mapping(id)
        let mapper = MappingFixtures.mapper(id)
        let writer = NationalRecordWriter(mapping: mapping)
        let reader = NationalRecordReader(mapping: mapping)
        let compiled = try MappingFixtures.compiled(MappingFixtures.package(of: mapping))
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var generator = RecordGenerator(mapping: mapping, seed: UInt64(seed))
            let record = generator.next()
            let (message, forwardIssues) = mapper.toDM(record)
            #expect(forwardIssues.isEmpty, "seed \(seed): \(forwardIssues)")
            // Written straight as bytes, the same documents as the tree written as XML and JSON.
            #expect(mapper.toDMXML(record).bytes == XMLMessageWriter.bytes(message), "seed \(seed)")
            #expect(
                mapper.toDMJSON(record, compiled: compiled).bytes
                    == Array(JSONMessageConverter.jsonText(message, package: compiled).utf8), "seed \(seed)")
            let (back, backIssues) = mapper.toNational(message)
            #expect(backIssues.isEmpty, "seed \(seed): \(backIssues)")
            #expect(
                back.sameContent(as: record),
                "seed \(seed): \(writer.json(record).text) became \(writer.json(back).text)")
            // And through the national syntax: written and read again, the same record.
            do {
                let text = try writer.text([back])
                let read = try reader.records(in: Array(text.utf8), name: "records." + mapping.format.name)
                #expect(read.count == 1 && read[0].record?.sameContent(as: back) == true, "seed \(seed): \(text)")
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
    }

    @Test("generated DM messages come back with every value the mapping maps both ways", arguments: mappings)
    func messageRoundTrip(id: String) throws {
        let mapping = MappingFixtures.mapping(id)
        let package = MappingFixtures.package(of: mapping)
        let mapper = MappingFixtures.mapper(id)
        let coverage = CoverageReport(mapping: mapping, package: package, codeLists: MappingFixtures.catalog.codeLists)
        let conflicted = Set(coverage.conflicts.map(\.pointer))
        var generator = MessageGenerator(package: try MappingFixtures.compiled(package), seed: 2026)
        var compared = 0
        var refused = 0
        for _ in 0..<200 {
            let original = generator.next().tree
            let (record, issues) = mapper.toNational(original)
            // A DM value that the national side cannot hold is refused, never cut: only where
            // the coverage report announced a conflict.
            for issue in issues {
                let names = issue.field.split(separator: ".").filter { Int($0) == nil }.map(String.init)
                let rule = mapping.rules.first { $0.direction.mapsToNational && $0.fields.map(\.names) == [names] }
                let pointer = rule?.target?.pointer.description ?? "?"
                #expect(conflicted.contains(pointer), "\(issue): not announced by the coverage report")
            }
            if !issues.isEmpty {
                refused += 1
                continue
            }
            let (message, forward) = mapper.toDM(record)
            #expect(forward.isEmpty, "\(forward)")
            for rule in mapping.rules where rule.direction == .both {
                guard let target = rule.target, !target.isClass else { continue }
                let before = mapper.occurrences(of: target, in: original).map { Self.value($0.1, target) }
                let after = mapper.occurrences(of: target, in: message).map { Self.value($0.1, target) }
                #expect(before == after, "\(target): \(before) became \(after)")
                compared += before.count
            }
        }
        #expect(compared > 500, "only \(compared) values compared")
        #expect(refused < 200, "every message refused")
    }

    static func value(_ element: MarkupElement, _ target: MessageTarget) -> String? {
        if let attribute = target.attribute { return element.attributes.first { $0.name == attribute }?.value }
        return element.text
    }

    @Test("the shipped sample records map to valid DM messages, and back to the same records")
    func samples() throws {
        for (id, file) in [
            ("xa-import-csv", "Records/xa-import-csv/declarations.csv"),
            ("xb-export-json", "Records/xb-export/declarations.json"),
        ] {
            let mapping = MappingFixtures.mapping(id)
            let package = MappingFixtures.package(of: mapping)
            let translator = RecordTranslator(
                mapping: mapping, package: package, compiled: try MappingFixtures.compiled(package), syntax: .xml)
            let bytes = try Array(Data(contentsOf: MappingFixtures.projectRoot.appendingPathComponent(file)))
            let records = try NationalRecordReader(mapping: mapping).records(in: bytes, name: file)
            #expect(records.count == 2)
            for read in records {
                let record = try #require(read.record)
                let outcome = translator.translate(record)
                #expect(outcome.isClean, "\(file) record \(read.number): \(outcome.issues) \(outcome.findings)")
                let (back, issues) = translator.mapper.toNational(translator.mapper.toDM(record).message)
                #expect(issues.isEmpty)
                // What comes back is the record less the fields without a DM equivalent and
                // those of rows that map only under a condition (XB's exporter number, only for
                // EORI numbers); a defaulted field comes back with its default.
                let skipped = Set(
                    mapping.rules.filter { $0.target == nil || $0.condition != nil }.flatMap(\.fields).map(\.names))
                var compared = 0
                for field in mapping.nationalFields where !skipped.contains(field.names) {
                    for binding in record.bindings(of: field) {
                        let path = field.binding(binding)
                        #expect(back.value(at: path) == record.value(at: path), "\(file): \(path)")
                        compared += 1
                    }
                }
                #expect(compared > 10)
            }
        }
    }
}
