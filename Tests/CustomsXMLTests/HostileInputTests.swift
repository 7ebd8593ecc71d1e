import CustomsModel
import CustomsValidation
import Foundation
import Testing

@testable import CustomsXML

#if canImport(Glibc)
import Glibc
#endif

/// Hostile and broken input: each gives a clear fatal finding, in bounded time and memory, and
/// nothing is fetched. (No wall-clock limits here: a hang would fail the run by its time-out.)
@Suite("Hostile XML")
struct HostileInputTests {
    static func fatal(_ result: SecureXMLReader.Result) -> Diagnostic? {
        #expect(result.isFatal)
        #expect(!result.isValid)
        return result.diagnostics.first { $0.code == .notWellFormed || $0.code == .limit || $0.code == .io }
    }

    @Test("billion laughs stops at the DOCTYPE")
    func billionLaughs() {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE Declaration [\n<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            xml += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        xml += "]>\n<Declaration xmlns=\"\(Fixtures.namespace)\"><FunctionCode>&lol9;</FunctionCode></Declaration>"
        let finding = Self.fatal(Fixtures.validate(xml))
        #expect(finding?.code == .limit)
        #expect(finding?.message.contains("DOCTYPE") == true)
    }

    @Test("an external entity to a local file is never read")
    func localFile() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent(
            "customs-secret-\(UUID().uuidString)")
        try "TOP-SECRET-CONTENT".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        let xml = """
            <?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://\(secret.path)">]>
            <Declaration xmlns="\(Fixtures.namespace)"><FunctionalReferenceID>&x;</FunctionalReferenceID></Declaration>
            """
        let result = Fixtures.validate(xml)
        #expect(Self.fatal(result)?.code == .limit)
        #expect(
            !result.diagnostics.contains {
                ($0.value ?? "").contains("TOP-SECRET") || $0.message.contains("TOP-SECRET")
            })
    }

    @Test("an external entity or DTD on a URL is never fetched")
    func network() throws {
        let listener = try LoopbackListener()
        let url = "http://127.0.0.1:\(listener.port)/evil"
        let documents = [
            "<?xml version=\"1.0\"?><!DOCTYPE d SYSTEM \"\(url).dtd\"><Declaration xmlns=\"\(Fixtures.namespace)\"/>",
            "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"\(url)\">]><Declaration xmlns=\"\(Fixtures.namespace)\">&x;</Declaration>",
            "<Declaration xmlns=\"\(Fixtures.namespace)\" xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"\(url)\"/></Declaration>",
        ]
        for xml in documents { _ = Fixtures.validate(xml) }
        #expect(listener.connectionCount() == 0)
    }

    @Test("100,000-deep nesting stops at the depth limit")
    func deepNesting() {
        let depth = 100_000
        var xml = "<Declaration xmlns=\"\(Fixtures.namespace)\">"
        xml += String(repeating: "<GoodsShipment>", count: depth)
        xml += String(repeating: "</GoodsShipment>", count: depth) + "</Declaration>"
        let finding = Self.fatal(Fixtures.validate(xml))
        #expect(finding?.code == .limit)
        #expect(finding?.message.contains("deeper") == true)
    }

    @Test("a 200 MB text node stops at the text limit, read in chunks")
    func hugeText() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "customs-huge-\(UUID().uuidString).xml")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        defer { try? FileManager.default.removeItem(at: file) }
        handle.write(Data("<Declaration xmlns=\"\(Fixtures.namespace)\"><FunctionalReferenceID>".utf8))
        let block = Data(repeating: UInt8(ascii: "a"), count: 1 << 20)
        for _ in 0..<200 { handle.write(block) }
        handle.write(Data("</FunctionalReferenceID></Declaration>".utf8))
        try handle.close()
        let result = SecureXMLReader().validate(file: file.path, with: ValidationSession(package: Fixtures.declaration))
        let finding = Self.fatal(result)
        #expect(finding?.code == .limit)
        #expect(result.byteCount < 64 << 20)
    }

    @Test("invalid UTF-8 is a located syntax error")
    func invalidUTF8() {
        var bytes = Array("<Declaration xmlns=\"\(Fixtures.namespace)\"><FunctionalReferenceID>".utf8)
        bytes += [0xC3, 0x28, 0xFF]
        bytes += Array("</FunctionalReferenceID></Declaration>".utf8)
        let finding = Self.fatal(Fixtures.validate(bytes: bytes))
        #expect(finding?.code == .notWellFormed)
        #expect(finding?.line == 1)
    }

    @Test("UTF-16 with a BOM is read; without BOM or declaration it is refused or read, never misread")
    func utf16() {
        let xml =
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?><Declaration xmlns=\"\(Fixtures.namespace)\"><FunctionCode>9</FunctionCode></Declaration>"
        let withBOM: [UInt8] = [0xFF, 0xFE] + xml.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(Fixtures.validate(bytes: withBOM).isValid)
        let bare = "<Declaration xmlns=\"\(Fixtures.namespace)\"><FunctionCode>9</FunctionCode></Declaration>"
        let withoutBOM: [UInt8] = bare.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let result = Fixtures.validate(bytes: withoutBOM)
        // libxml2 detects UTF-16LE from "<\0"; either it reads the message correctly or says why not.
        #expect(result.isValid || result.diagnostics.first?.code == .notWellFormed)
    }

    @Test("truncated, empty and garbage input are syntax errors")
    func brokenInput() {
        let full = Fixtures.declaration("<FunctionalReferenceID>A</FunctionalReferenceID>")
        #expect(Self.fatal(Fixtures.validate(String(full.prefix(full.count / 2))))?.code == .notWellFormed)
        #expect(Self.fatal(Fixtures.validate(""))?.code == .notWellFormed)
        var random = SystemRandomNumberGenerator()
        let garbage = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &random) }
        #expect(Self.fatal(Fixtures.validate(bytes: garbage)) != nil)
        #expect(Self.fatal(Fixtures.validate("<r/><r/>")) != nil)
    }

    @Test("a premature end is named as such, not as extra content")
    func prematureEnds() {
        let open = "<Declaration xmlns=\"\(Fixtures.namespace)\">"
        let cases: [(String, String)] = [
            ("", "the document is empty"),
            ("  \n", "ends before its root element starts"),
            ("<?xml version=\"1.0\"?>", "ends before its root element starts"),
            (open + "<FunctionCode>9</FunctionCode>", "premature end of the document inside <Declaration>"),
            (open + "<FunctionCode><![CDATA[9", "in a CDATA section of <FunctionCode>"),
        ]
        for (xml, expected) in cases {
            let finding = Self.fatal(Fixtures.validate(xml))
            #expect(finding?.code == .notWellFormed)
            #expect(finding?.message.contains(expected) == true, "\(xml): \(finding?.message ?? "")")
        }
        // Content after the root is still what libxml2 calls it.
        let extra = Fixtures.validate(Fixtures.declaration("") + "<x/>")
        #expect(extra.diagnostics.contains { $0.message.contains("Extra content at the end") })
    }

    @Test("an unreadable file is an I/O finding, and the reader goes on to the next")
    func unreadable() {
        let reader = SecureXMLReader()
        let session = ValidationSession(package: Fixtures.declaration)
        #expect(Self.fatal(reader.validate(file: "/nonexistent/file.xml", with: session))?.code == .io)
        #expect(reader.validate(bytes: Array(Fixtures.declaration("").utf8), with: session).isValid)
    }

    @Test("the element-count limit holds")
    func elementCount() {
        var limits = XMLReaderLimits()
        limits.maxElements = 100
        let body = String(repeating: "<GoodsShipment/>", count: 200)
        #expect(Self.fatal(Fixtures.validate(Fixtures.declaration(body), limits: limits))?.code == .limit)
    }

    @Test("messages with ever new names do not make the libxml2 path refuse later valid ones")
    func everNewNames() {
        // 11,000 messages with a new 1,000-byte name each put 11 MB of names (22 MB of pools)
        // into libxml2's dictionary if the reader kept one context for all of them; after
        // millions of such messages libxml2 refused valid ones ("Dictionary allocation failure").
        let reader = SecureXMLReader(parser: .libxml2)
        let session = ValidationSession(package: Fixtures.declaration)
        let padding = String(repeating: "x", count: 1_000)
        var refused = 0
        for index in 0..<11_000 {
            let name = "N\(index)" + padding
            let result = reader.validate(bytes: Array(Fixtures.declaration("<\(name)/>").utf8), with: session)
            if result.isFatal { refused += 1 }
        }
        #expect(refused == 0)
        #expect(reader.dictionaryUsage < 4_000_000)
        #expect(reader.validate(bytes: Array(Fixtures.declaration("").utf8), with: session).isValid)
    }
}

/// A TCP listener on 127.0.0.1 that counts the connections made to it.
final class LoopbackListener {
    let socketDescriptor: Int32
    let port: UInt16

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        socketDescriptor = descriptor
        port = UInt16(bigEndian: address.sin_port)
    }

    /// Connections waiting to be accepted (each one a fetch attempt).
    func connectionCount() -> Int {
        var count = 0
        while case let client = accept(socketDescriptor, nil, nil), client >= 0 {
            close(client)
            count += 1
        }
        return count
    }

    deinit { close(socketDescriptor) }
}
