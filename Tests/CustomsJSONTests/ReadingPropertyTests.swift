import CustomsJSON
import CustomsModel
import CustomsValidation
import CustomsXML
import Foundation
import PeerTools
import PropertyBased
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Properties of reading, over generated messages of every shipped package: a valid message
/// stays valid through XML -> JSON -> XML, and a message gets the same findings whether it is
/// validated alone, in a parallel batch of files, as a line of NDJSON, or streamed through a
/// descriptor the way standard input is (with a head read ahead, as `validate -` reads it).
@Suite("Properties: conversion and reading")
struct ReadingPropertyTests {
    /// A finding without where its file put it: what must not depend on how it was read.
    struct Finding: Hashable, CustomStringConvertible {
        let code: Diagnostic.Code
        let path: String
        let message: String

        init(_ diagnostic: Diagnostic) {
            code = diagnostic.code
            path = diagnostic.instancePath
            message = diagnostic.message
        }

        var description: String { "\(code.rawValue) \(path): \(message)" }
    }

    /// One of the shipped packages' IDs.
    static let packageID = Gen.element(of: JSONFixtures.packageIDs).map { $0! }

    static func findings(_ results: some Collection<MessageResult>) -> [[Finding]] {
        results.map { $0.diagnostics.map(Finding.init) }
    }

    @Test("a valid generated message stays valid through XML -> JSON -> XML")
    func roundTrip() async {
        await propertyCheck(count: 120, input: Self.packageID, Gen.uint64()) { id, seed in
            let package = JSONFixtures.compiled(id)
            let message = JSONFixtures.generated(package, count: 1, seed: seed, invalidRate: 0)[0]
            try RoundTripTests.roundTrip(message.xml, package, "\(id) seed \(seed)")
        }
    }

    @Test("a message's findings are the same alone, in a batch, in NDJSON and from a stream")
    func sameEverywhere() async throws {
        let folder = try temporaryFolder("same")
        defer { try? FileManager.default.removeItem(at: folder) }
        await propertyCheck(
            count: 40, input: Self.packageID, Gen.uint64(), Gen.int(in: 2...8), Gen.int(in: 1...200)
        ) { id, seed, count, headLength in
            try Self.checkSame(id: id, seed: seed, count: count, headLength: headLength, folder: folder)
        }
    }

    /// `count` messages of package `id` (half of them faulty), read in every way.
    static func checkSame(id: String, seed: UInt64, count: Int, headLength: Int, folder: URL) throws {
        let package = JSONFixtures.compiled(id)
        let messages = JSONFixtures.generated(package, count: count, seed: seed, invalidRate: 0.5)
        let xml = messages.map { Array($0.xml.utf8) }
        let json = messages.map { Array(JSONFixtures.json($0.xml, package).utf8) }
        let session = ValidationSession(package: package)

        // XML: alone, as files of a two-worker batch, and through a pipe.
        let alone = xml.map { SecureXMLReader().validate(bytes: $0, with: session) }
        let files = try xml.enumerated().map { index, bytes in
            let url = folder.appendingPathComponent("\(id)-\(seed)-\(index).xml")
            try Data(bytes).write(to: url)
            return url.path
        }
        var batched: [MessageResult] = []
        BatchValidator(package: package, jobs: 2) { [SecureXMLReader()] }.run(files: files) { _, results in
            batched += results
            return true
        }
        let streamed = xml.flatMap { Self.streamed($0, head: headLength, reader: SecureXMLReader(), session) }
        #expect(Self.findings(batched) == Self.findings(alone), "\(id) seed \(seed): batch")
        #expect(Self.findings(streamed) == Self.findings(alone), "\(id) seed \(seed): stream")
        // Lines and columns too: the same bytes, however they were cut.
        #expect(streamed.map { $0.diagnostics.map(\.line) } == alone.map { $0.diagnostics.map(\.line) })

        // JSON: each alone, then all as NDJSON, read whole and through a pipe.
        let jsonAlone = json.flatMap { JSONReader().validateMessages(bytes: $0, with: session) }
        let ndjson = Array(json.map { $0 + [0x0A] }.joined())
        let lines = JSONReader(layout: .lines).validateMessages(bytes: ndjson, with: session)
        let linesStreamed = Self.streamed(ndjson, head: headLength, reader: JSONReader(layout: .lines), session)
        #expect(Self.findings(lines) == Self.findings(jsonAlone), "\(id) seed \(seed): NDJSON")
        #expect(Self.findings(linesStreamed) == Self.findings(jsonAlone), "\(id) seed \(seed): NDJSON stream")
        // A message valid in XML is valid in JSON, and the other way round.
        #expect(jsonAlone.map(\.isValid) == alone.map(\.isValid), "\(id) seed \(seed): verdicts")
    }

    @Test("a JSON message's findings are the same whether its members take the fast path or not")
    func fastPathAgreesWithTheFullPath() async {
        await propertyCheck(count: 60, input: Self.packageID, Gen.uint64()) { id, seed in
            let package = JSONFixtures.compiled(id)
            let messages = JSONFixtures.generated(package, count: 4, seed: seed, invalidRate: 0.75)
            let session = ValidationSession(package: package)
            for message in messages {
                let json = Array(JSONFixtures.json(message.xml, package).utf8)
                let fast = JSONReader().validateMessages(bytes: json, with: session)
                let full = JSONReader().validateMessages(bytes: Self.escapingFirstCharacters(json), with: session)
                #expect(Self.findings(fast) == Self.findings(full), "\(id) seed \(seed) \(message.fault ?? "valid")")
                #expect(
                    fast.flatMap { $0.diagnostics.map(\.jsonPointer) }
                        == full.flatMap { $0.diagnostics.map(\.jsonPointer) },
                    "\(id) seed \(seed): pointers")
            }
        }
    }

    /// `json` with the first character of every non-empty string (names and values) written as
    /// a `\u` escape: the same document, but no member is plain any more, so every one takes
    /// the reader's full path (`JSONTokenizer.peekPlainMember` leaves escaped strings to it).
    static func escapingFirstCharacters(_ json: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < json.count {
            let byte = json[index]
            out.append(byte)
            index += 1
            guard byte == UInt8(ascii: "\"") else { continue }
            if index < json.count, json[index] != UInt8(ascii: "\""), json[index] != UInt8(ascii: "\\"),
                json[index] < 0x80
            {
                out += Array(String(format: "\\u%04x", json[index]).utf8)
                index += 1
            }
            // The rest of the string, escapes and all.
            while index < json.count, json[index] != UInt8(ascii: "\"") {
                if json[index] == UInt8(ascii: "\\") {
                    out.append(json[index])
                    index += 1
                }
                out.append(json[index])
                index += 1
            }
            if index < json.count {
                out.append(json[index])
                index += 1
            }
        }
        return out
    }

    /// `bytes` read by `reader` from a pipe, as standard input is: the first `head` bytes read
    /// ahead and handed over, the rest written by another thread as the reader reads.
    static func streamed(
        _ bytes: [UInt8], head: Int, reader: any MessageReader, _ session: ValidationSession
    ) -> FileResults {
        var ends: [Int32] = [0, 0]
        precondition(pipe(&ends) == 0)
        let cut = min(head, bytes.count)
        let rest = Array(bytes[cut...])
        let writeEnd = ends[1]
        let writer = Thread {
            var offset = 0
            while offset < rest.count {
                let written = rest.withUnsafeBytes { write(writeEnd, $0.baseAddress! + offset, $0.count - offset) }
                if written <= 0 { break }
                offset += written
            }
            close(writeEnd)
        }
        writer.start()
        defer { close(ends[0]) }
        return reader.validateMessages(descriptor: ends[0], after: Array(bytes[..<cut]), with: session)
    }
}
