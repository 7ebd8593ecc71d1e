import CustomsModel
import CustomsValidation
import CustomsXML
import Foundation
import PeerTools
import Testing

/// The W3C XML Conformance Test Suite (`../shared/corpus/xmlconf`, unzipped into a temporary
/// folder, never into the project): every XML 1.0 (fifth edition) and Namespaces 1.0 case read
/// by our reader, with libxml2's verdict beside it. A not-well-formed document without a DOCTYPE
/// must be refused, a valid or invalid one without a DOCTYPE read as well-formed (an invalid one
/// is invalid only against a DTD it lacks); a document with a DOCTYPE is refused by design.
/// Every case where we differ from the suite is listed, with its reason, in
/// `Fixtures/xmlconf-differences.txt`; the test fails on a difference not listed there, and on a
/// listed one that no longer differs.
@Suite(
    "W3C XML conformance suite",
    .enabled(if: SharedCorpus.xmlconfAvailable, Comment(rawValue: SharedCorpus.xmlconfSkipReason)))
struct XMLConformanceSuiteTests {
    /// One test of the suite.
    struct Case {
        let id: String
        let type: String
        let file: URL
    }

    /// The catalogs of XML 1.0 and Namespaces 1.0 tests (the 1.1 ones are left out).
    static let catalogs = [
        "xmltest/xmltest.xml", "sun/sun-valid.xml", "sun/sun-invalid.xml", "sun/sun-not-wf.xml", "oasis/oasis.xml",
        "ibm/ibm_oasis_valid.xml", "ibm/ibm_oasis_invalid.xml", "ibm/ibm_oasis_not-wf.xml",
        "eduni/errata-2e/errata2e.xml", "eduni/errata-3e/errata3e.xml", "eduni/errata-4e/errata4e.xml",
        "eduni/namespaces/1.0/rmt-ns10.xml", "eduni/namespaces/errata-1e/errata1e.xml", "eduni/misc/ht-bh.xml",
        "japanese/japanese.xml",
    ]

    /// The value of attribute `name` in a `<TEST …>` start tag's text.
    static func attribute(_ name: String, in tag: String) -> String? {
        guard let range = tag.range(of: " \(name)=\"") ?? tag.range(of: "\n\(name)=\"") ?? tag.range(of: "\t\(name)=\"")
        else { return nil }
        let rest = tag[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    /// The cases that judge an XML 1.0 fifth-edition, namespace-aware parser.
    static func cases(in root: URL) throws -> [Case] {
        var result: [Case] = []
        for catalog in catalogs {
            let url = root.appendingPathComponent("xmlconf/" + catalog)
            let text = try String(contentsOf: url, encoding: .utf8)
            for piece in text.components(separatedBy: "<TEST").dropFirst() {
                guard let end = piece.firstIndex(of: ">") else { continue }
                let tag = String(piece[..<end])
                guard let id = attribute("ID", in: tag), let type = attribute("TYPE", in: tag),
                    let uri = attribute("URI", in: tag)
                else { continue }
                if ["valid", "invalid", "not-wf"].contains(type) == false { continue }
                if attribute("VERSION", in: tag).map({ $0 != "1.0" }) ?? false { continue }
                if let edition = attribute("EDITION", in: tag), !edition.contains("5") { continue }
                if attribute("NAMESPACE", in: tag) == "no" { continue }
                if let recommendation = attribute("RECOMMENDATION", in: tag), recommendation.contains("1.1") {
                    continue
                }
                result.append(
                    Case(id: id, type: type, file: url.deletingLastPathComponent().appendingPathComponent(uri)))
            }
        }
        return result
    }

    /// The document's text, enough of it to see a DOCTYPE, in UTF-8 or UTF-16 (by BOM).
    static func text(of bytes: [UInt8]) -> String {
        let head = Array(bytes.prefix(8192))
        if head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE]) {
            let big = head[0] == 0xFE
            var units: [UInt16] = []
            for index in stride(from: 2, to: head.count - 1, by: 2) {
                let (high, low) = big ? (head[index], head[index + 1]) : (head[index + 1], head[index])
                units.append(UInt16(high) << 8 | UInt16(low))
            }
            return String(decoding: units, as: UTF16.self)
        }
        return String(decoding: head, as: UTF8.self)
    }

    /// Whether a reader read the document as well-formed.
    static func wellFormed(_ result: MessageResult) -> Bool {
        !result.diagnostics.contains { $0.code == .notWellFormed || $0.code == .limit || $0.code == .io }
    }

    /// `ID<tab>reason` lines of the checked-in table of expected differences.
    static func expectedDifferences() throws -> [String: String] {
        let url = Fixtures.projectRoot.appendingPathComponent("Tests/CustomsXMLTests/Fixtures/xmlconf-differences.txt")
        var table: [String: String] = [:]
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            if parts.count == 2 { table[parts[0]] = parts[1] }
        }
        return table
    }

    @Test("every XML 1.0 and Namespaces 1.0 case: the suite's verdict, or a listed reason")
    func suite() throws {
        let folder = try temporaryFolder("xmlconf")
        defer { try? FileManager.default.removeItem(at: folder) }
        let unzip = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", "-m", "zipfile", "-e", SharedCorpus.xmlconfZip.path, folder.path])
        #expect(unzip.status == 0, "\(unzip.standardError)")
        let cases = try Self.cases(in: folder)
        #expect(cases.count > 1000, "the catalogs hold about 1,600 such cases")
        let ours = SecureXMLReader()
        let libxml2 = SecureXMLReader(parser: .libxml2)
        let session = ValidationSession(package: Fixtures.declaration, maxFindings: 5)
        let expected = try Self.expectedDifferences()
        var unexpected: [String] = []
        var counts: [String: Int] = [:]
        var stillListed = Set(expected.keys)
        for test in cases {
            guard let bytes = try? [UInt8](Data(contentsOf: test.file)) else { continue }
            let hasDoctype = Self.text(of: bytes).contains("<!DOCTYPE")
            let ourResult = ours.validate(bytes: bytes, with: session)
            let ourVerdict = Self.wellFormed(ourResult)
            let theirVerdict = Self.wellFormed(libxml2.validate(bytes: bytes, with: session))
            let kind = hasDoctype ? "doctype" : test.type
            counts[kind, default: 0] += 1
            if hasDoctype {
                // Refused by design; documented, not counted as agreement.
                if ourVerdict { unexpected.append("\(test.id) (DOCTYPE) read as well-formed") }
                continue
            }
            let suiteVerdict = test.type != "not-wf"
            if ourVerdict == suiteVerdict {
                if expected[test.id] != nil { unexpected.append("\(test.id) is listed but agrees with the suite now") }
                stillListed.remove(test.id)
                continue
            }
            stillListed.remove(test.id)
            if expected[test.id] == nil {
                unexpected.append(
                    "\(test.id) [\(test.type)] ours \(ourVerdict ? "well-formed" : "not well-formed: \(ourResult.diagnostics.first?.message ?? "")"), libxml2 \(theirVerdict ? "well-formed" : "not well-formed") — \(test.file.lastPathComponent)"
                )
            }
        }
        #expect(unexpected.isEmpty, "\(unexpected.count):\n\(unexpected.prefix(25).joined(separator: "\n"))")
        #expect(stillListed.isEmpty, "listed but not in the suite's cases: \(stillListed.sorted())")
        #expect((counts["not-wf"] ?? 0) > 100 && (counts["valid"] ?? 0) + (counts["invalid"] ?? 0) > 20, "\(counts)")
        print("xmlconf cases by kind: \(counts.sorted { $0.key < $1.key })")
    }
}
