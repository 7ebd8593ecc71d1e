import CustomsDefinitions
import CustomsModel
import CustomsValidation
import CustomsXML
import Foundation
import PeerTools
import Testing

/// Conformance on real material: the UK CDS declaration and notification schemas imported, every sample and
/// hundreds of mutants of the valid ones validated by us and by xmllint (libxml2's XSD
/// validator, the peer), with the same verdict for each file and, for invalid files, the same
/// first failing element on the same line.
///
/// Expected differences, listed here and nowhere else: none.
@Suite("Conformance on the UK CDS schemas and samples", .enabled(if: CDSCorpus.available, CDSCorpus.skipReason))
struct CDSConformanceTests {
    /// One file as both validators see it.
    struct Outcome {
        let name: String
        let ours: SecureXMLReader.Result
        let theirs: XmllintVerdicts.Verdict
    }

    /// Copies `messages` (name, text) into a fresh folder under simple names, validates each
    /// with the imported package and with xmllint, and pairs the results.
    static func outcomes(
        _ messages: [(String, Data)], _ set: CDSSchemaSet = CDSCorpus.declaration
    )
        throws -> [Outcome]
    {
        let compiled = try #require(CDSCorpus.compiled(set), "the CDS \(set) schemas did not import")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("customs-cds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let wrapper = try set.writeWrapper(in: folder)
        var files: [URL] = []
        for (index, message) in messages.enumerated() {
            let url = folder.appendingPathComponent(String(format: "m%05d.xml", index))
            try message.1.write(to: url)
            files.append(url)
        }
        let xmllint = try XmllintVerdicts(schema: wrapper, files: files)
        let reader = SecureXMLReader()
        let session = ValidationSession(package: compiled, maxFindings: 20)
        return zip(messages, files).map { message, url in
            Outcome(
                name: message.0, ours: reader.validate(file: url.path, with: session),
                theirs: xmllint.verdicts[url.path] ?? XmllintVerdicts.Verdict())
        }
    }

    /// What differs between the two, or nil: the verdict, and for invalid files the line and the
    /// element of the first error (parser errors have no element).
    static func difference(_ outcome: Outcome) -> String? {
        let ours = outcome.ours
        if ours.isValid != outcome.theirs.valid {
            return
                "\(outcome.name): ours \(ours.isValid ? "valid" : "invalid") \(ours.diagnostics.first?.message ?? ""), xmllint \(outcome.theirs.valid ? "valid" : "invalid") \(outcome.theirs.firstMessage ?? "")"
        }
        guard !ours.isValid, let first = ours.diagnostics.first(where: { $0.severity == .error }) else { return nil }
        let segments = first.instancePath.split(separator: "/").map { String($0.prefix { $0 != "[" }) }
            .filter { !$0.hasPrefix("@") }
        let element = segments.last
        let lineMatches = first.line == outcome.theirs.firstLine
        // xmllint names the element where it stopped: the one whose path we give, its parent
        // (a child missing at the end), or the one that came where a missing one should be
        // (which our message names).
        let theirs = outcome.theirs.firstElement
        let elementMatches =
            theirs == nil || theirs == element || theirs == segments.dropLast().last
            || first.message.contains("before <\(theirs!)>")
        if lineMatches && elementMatches { return nil }
        return
            "\(outcome.name): ours line \(first.line) <\(element ?? "?")> [\(first.code.rawValue)] \(first.message) — xmllint line \(outcome.theirs.firstLine ?? 0) <\(outcome.theirs.firstElement ?? "?")> \(outcome.theirs.firstMessage ?? "")"
    }

    @Test("the CDS declaration schemas import, with WCO IDs, names and usage marks")
    func imports() throws {
        let package = try #require(CDSCorpus.package)
        #expect(package.root.tag == "MetaData")
        let declaration = try #require(package.root.children.first { $0.tag == "Declaration" })
        #expect(declaration.id == "42A")
        #expect(declaration.namespace == "urn:wco:datamodel:WCO:DEC-DMS:2")
        let function = try #require(declaration.children.first { $0.tag == "FunctionCode" })
        #expect(function.id == "017")
        #expect(function.cardinality == .required)
        #expect(function.valueType?.enumeration == ["9", "13", "14"])
        #expect(function.usage.contains(.importDeclaration))
        #expect(function.annotations?.dictionaryEntryName == "Declaration. Function. Code")
        #expect(package.elementCount > 300)
        // The notification's Response holds a Declaration of its own namespace beside the
        // declaration schema's: one WCO ID, told apart by the namespace.
        let response = try CDSCorpus.importPackage(CDSCorpus.notification)
        let declarations = response.nodes.filter { $0.node.tag == "Declaration" && $0.pointer.parent?.last == "07B" }
        #expect(Set(declarations.map(\.pointer.last)) == ["42A", "42A{urn:wco:datamodel:WCO:DEC-DMS:2}"])
        // Both packages written as YAML load back unchanged.
        for imported in [package, response] {
            let text = try PackageWriter.yaml(imported, comment: "test")
            let loaded = try #require(try XSDImportTests.loadCatalog(yaml: text, id: imported.id).package(imported.id))
            #expect(XSDImportTests.withoutOrigins(loaded.root) == XSDImportTests.withoutOrigins(imported.root))
        }
        // A pointer as CDS quotes it finds the element under the envelope.
        #expect(package.nodes(matching: Pointer(["42A", "017"])).map(\.path) == ["/MetaData/Declaration/FunctionCode"])
    }

    @Test(
        "every sample: the same verdict and first failing element as xmllint",
        arguments: CDSCorpus.schemaSets)
    func samples(set: CDSSchemaSet) throws {
        let messages = try CDSCorpus.samples.map { ($0.lastPathComponent, try Data(contentsOf: $0)) }
        let outcomes = try Self.outcomes(messages, set)
        let differences = outcomes.compactMap(Self.difference)
        #expect(
            differences.isEmpty,
            "\(differences.count) of \(outcomes.count):\n\(differences.prefix(8).joined(separator: "\n"))")
        #expect(outcomes.count { $0.ours.isValid } > 50, "the corpus must hold valid declarations")
    }

    @Test("mutants of the valid samples: the same verdicts and first failing elements", arguments: CDSCorpus.schemaSets)
    func mutants(set: CDSSchemaSet) throws {
        let samples = try CDSCorpus.samples.map { ($0.lastPathComponent, try Data(contentsOf: $0)) }
        let valid = try Self.outcomes(samples, set).filter { $0.ours.isValid && $0.theirs.valid }.map(\.name)
        let texts = Dictionary(samples.map { ($0.0, String(decoding: $0.1, as: UTF8.self)) }) { first, _ in first }
        var mutator = SampleMutator(seed: 2026)
        var mutants: [(String, Data)] = []
        for name in valid {
            for kind in SampleMutator.kinds {
                guard let text = texts[name], let mutant = mutator.mutate(text, kind: kind) else { continue }
                mutants.append(("\(name)~\(kind)", Data(mutant.utf8)))
            }
        }
        let outcomes = try Self.outcomes(mutants, set)
        let differences = outcomes.compactMap(Self.difference)
        #expect(mutants.count >= 300, "hundreds of mutants")
        #expect(
            differences.isEmpty,
            "\(differences.count) of \(outcomes.count):\n\(differences.prefix(12).joined(separator: "\n"))")
        #expect(outcomes.count { !$0.theirs.valid } > mutants.count / 2, "most mutants must be invalid")
    }

    @Test("messages generated from the imported package: the same verdicts as xmllint", arguments: CDSCorpus.schemaSets)
    func generated(set: CDSSchemaSet) throws {
        let compiled = try #require(CDSCorpus.compiled(set))
        var generator = MessageGenerator(package: compiled, seed: 36)
        var messages: [(String, Data)] = []
        var faults: [String: MessageGenerator.Fault] = [:]
        for index in 0..<300 {
            let message = generator.next(invalidRate: 0.5)
            messages.append(("generated-\(index)", Data(message.xml.utf8)))
            faults["generated-\(index)"] = message.fault
        }
        let outcomes = try Self.outcomes(messages, set)
        let disagreements = outcomes.filter { $0.ours.isValid != $0.theirs.valid }.map {
            "\($0.name): ours \($0.ours.isValid) xmllint \($0.theirs.valid) \($0.theirs.firstMessage ?? "") \($0.ours.diagnostics.first?.message ?? "")"
        }
        let misses = outcomes.compactMap { outcome -> String? in
            guard let fault = faults[outcome.name] else { return nil }
            return outcome.ours.diagnostics.contains { $0.code == fault.expectedCode }
                ? nil : "\(outcome.name) \(fault)"
        }
        #expect(disagreements.isEmpty, "\(disagreements.count):\n\(disagreements.prefix(6).joined(separator: "\n"))")
        #expect(misses.isEmpty, "\(misses.prefix(6))")
        #expect(outcomes.count { !$0.theirs.valid } > 100)
    }
}
