import ArgumentParser
import CustomsValidation
import Foundation
import PeerTools
import Testing

@testable import customs

#if canImport(Glibc)
import Glibc
#endif

/// What careless and hostile use of the command line does: interrupted runs, outputs that are
/// not regular files, FIFOs in folders, absurd numbers. Each test failed before its fix.
@Suite("Hardening the command line", .serialized)
struct HardeningTests {
    static let valid = "Samples/xml/wco-declaration/valid-import.xml"

    /// Every command path of the tree, root first (`[]`, `["packages"]`, `["packages", "list"]`, …).
    static func commandPaths(
        _ command: any ParsableCommand.Type = Customs.self, prefix: [String] = []
    ) -> [(
        path: [String], isLeaf: Bool
    )] {
        let subcommands = command.configuration.subcommands
        return [(prefix, subcommands.isEmpty)]
            + subcommands.flatMap { commandPaths($0, prefix: prefix + [$0._commandName]) }
    }

    @Test("every command of the tree has help with examples")
    func help() throws {
        let paths = Self.commandPaths()
        #expect(paths.count(where: \.isLeaf) >= 12)
        for (path, isLeaf) in paths where isLeaf {
            let outcome = try CLIRunner.run(path + ["--help"])
            #expect(outcome.status == 0, "\(path)")
            #expect(outcome.stdout.contains("EXAMPLES"), "\(path)")
        }
    }

    @Test("a mistyped subcommand anywhere in the tree gets the right suggestion")
    func typos() throws {
        for (path, _) in Self.commandPaths() where !path.isEmpty {
            let name = path.last!
            // One letter dropped from the middle: one edit away from this name only.
            var typo = Array(name)
            typo.remove(at: typo.count / 2)
            let arguments = path.dropLast() + [String(typo)]
            let unknown = UsageSuggestions.unknownSubcommand(in: arguments, root: Customs.self)
            #expect(unknown?.suggestion == name, "\(arguments)")
        }
        let outcome = try CLIRunner.run(["convrt", "x.xml"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("unknown command 'convrt' for 'customs' (did you mean 'convert'?)"))
        #expect(UsageSuggestions.unknownSubcommand(in: ["validate", "--package", "x"], root: Customs.self) == nil)
        #expect(UsageSuggestions.unknownSubcommand(in: ["packages", "list"], root: Customs.self) == nil)
    }

    @Test("generate --help lists every fault kind the generator has")
    func faultKinds() throws {
        let outcome = try CLIRunner.run(["generate", "--help"])
        for kind in MessageGenerator.FaultKind.allCases {
            #expect(outcome.stdout.contains(kind.rawValue + " "), "\(kind)")
        }
    }

    @Test("negative and absurd numbers are clear usage errors")
    func numbers() throws {
        let cases: [([String], String)] = [
            (
                ["validate", "--package", "wco-declaration", "--jobs", "-3", Self.valid],
                "--jobs must be between 1 and 1024"
            ),
            (
                ["validate", "--package", "wco-declaration", "--jobs", "99999999999", Self.valid],
                "--jobs must be between"
            ),
            (
                ["validate", "--package", "wco-declaration", "--max-errors", "-1", Self.valid],
                "--max-errors must be at least 1"
            ),
            (
                ["generate", "--package", "wco-declaration", "--count", "-5", "--out", "/tmp/x"],
                "--count must be between"
            ),
            (
                ["convert", Self.valid, "--to", "json", "--package", "wco-declaration", "--indent", "-1"],
                "--indent must be"
            ),
            (
                ["convert", Self.valid, "--to", "json", "--package", "wco-declaration", "--indent", "1000000"],
                "--indent must be"
            ),
            (["packages", "show", "wco-declaration", "--depth", "-1"], "--depth must be 0 or more"),
            (["validate", "--package", "wco-declaration", "-", "-"], "standard input (-) can be named once"),
        ]
        for (arguments, expected) in cases {
            let outcome = try CLIRunner.run(arguments)
            #expect(outcome.status == 2, "\(arguments)")
            #expect(outcome.stderr.contains(expected), "\(arguments): \(outcome.stderr)")
        }
    }

    @Test("--out writes through devices, FIFOs and links without replacing them, and keeps a file's mode")
    func outputTargets() throws {
        let folder = try temporaryFolder("out")
        defer { try? FileManager.default.removeItem(at: folder) }
        let export = ["export", "xsd", "--package", "wco-declaration", "--out"]

        // A character device: made with mknod as root (CI), else the machine's own /dev/null.
        var device = "/dev/null"
        if getuid() == 0 {
            device = folder.appendingPathComponent("null").path
            #expect(mknod(device, S_IFCHR | 0o666, dev_t(1 << 8 | 3)) == 0)  // makedev(1, 3): a macro Swift cannot call
        }
        #expect(try CLIRunner.run(export + [device]).status == 0)
        #expect(Self.type(device) == S_IFCHR)

        // A FIFO, with a reader at the other end.
        let fifo = folder.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let received = Reader(fifo)
        #expect(try CLIRunner.run(export + [fifo]).status == 0)
        #expect(received.wait().contains("<xs:schema"))
        #expect(Self.type(fifo) == S_IFIFO)

        // A symbolic link stays a link; the file it names is written.
        let target = folder.appendingPathComponent("target.xsd").path
        let link = folder.appendingPathComponent("link.xsd").path
        try "old".write(toFile: target, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(try CLIRunner.run(export + [link]).status == 0)
        #expect(Self.type(link, following: false) == S_IFLNK)
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("<xs:schema"))

        // A regular file keeps its permissions; no temporary file is left beside it.
        let kept = folder.appendingPathComponent("kept.xsd").path
        try "old".write(toFile: kept, atomically: false, encoding: .utf8)
        #expect(chmod(kept, 0o640) == 0)
        #expect(try CLIRunner.run(export + [kept]).status == 0)
        #expect(Self.mode(kept) == 0o640)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.contains(".customs-") })

        // A folder is refused with the reason.
        let refused = try CLIRunner.run(export + [folder.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("it is a directory"))
    }

    @Test("a FIFO or device in a folder is reported and skipped, never read")
    func fifoInFolder() throws {
        let folder = try temporaryFolder("fifo-batch")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            at: CLIRunner.projectRoot.appendingPathComponent(Self.valid), to: folder.appendingPathComponent("a.xml"))
        #expect(mkfifo(folder.appendingPathComponent("b.xml").path, 0o600) == 0)
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("c.xml").path, withDestinationPath: "/dev/null")
        let outcome = try CLIRunner.run(["validate", "--package", "wco-declaration", folder.path])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("b.xml:0:0: error[io]: not read: a FIFO"))
        #expect(outcome.stdout.contains("c.xml:0:0: error[io]: not read: a character device"))
        #expect(outcome.stdout.contains("3 message(s): 1 valid, 2 invalid"))
    }

    @Test("an unreadable file is exit 1 with its reason in convert, as in validate")
    func unreadable() throws {
        let convert = try CLIRunner.run(["convert", "/nonexistent.xml", "--to", "json", "--package", "wco-declaration"])
        let validate = try CLIRunner.run(["validate", "--package", "wco-declaration", "/nonexistent.xml"])
        #expect(convert.status == 1)
        #expect(validate.status == 1)
        #expect(convert.stdout.contains("error[io]: cannot read /nonexistent.xml: No such file or directory"))
        #expect(validate.stdout.contains("error[io]: cannot read /nonexistent.xml: No such file or directory"))
    }

    @Test("convert refuses a message over the message limit by its size, before reading it")
    func convertLimit() throws {
        let folder = try temporaryFolder("convert-limit")
        defer { try? FileManager.default.removeItem(at: folder) }
        // A sparse file of 1 GiB and one byte: no disk space, and nothing to read if refused.
        let path = folder.appendingPathComponent("huge.xml").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        #expect(truncate(path, off_t((1 << 30) + 1)) == 0)
        let outcome = try CLIRunner.run(["convert", path, "--to", "json", "--package", "wco-declaration"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("error[limit]: the message is larger than 1073741824 bytes"))
    }

    @Test("elements find bounds its query and never echoes control characters")
    func query() throws {
        let long = try CLIRunner.run(["elements", "find", String(repeating: "a", count: 100_000)])
        #expect(long.status == 2)
        #expect(long.stderr.contains("longer than 500 characters"))
        let escaped = try CLIRunner.run(["elements", "find", "\u{1B}[31mRED\u{07}"])
        #expect(escaped.status == 1)
        #expect(!escaped.stderr.contains("\u{1B}"))
        #expect(escaped.stderr.contains("\\u{1B}[31mRED\\u{7}"))
    }

    @Test(
        "SIGINT during validate: the records written are whole, the summary comes, exit 130",
        arguments: ["json", "junit"])
    func interruptedValidate(format: String) throws {
        // 520 messages (the batch hands results back 512 at a time), then a FIFO named on the
        // command line: the run blocks there until the test opens it, after the signal.
        let folder = try temporaryFolder("interrupt")
        defer { try? FileManager.default.removeItem(at: folder) }
        let batch = folder.appendingPathComponent("batch").path
        #expect(
            try CLIRunner.run(["generate", "--package", "xa-import", "--count", "520", "--out", batch]).status == 0)
        let fifo = folder.appendingPathComponent("last.xml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let run = try CLIRunner.Running([
            "validate", "--package", "xa-import", "--format", format, "--jobs", "2", batch, fifo,
        ])
        let marker = format == "json" ? "\"file\"" : "<testcase"
        // Output to a file is written in blocks: wait for most of the first 512 records.
        #expect(run.wait { run.stdout.components(separatedBy: marker).count > 400 })
        run.process.interrupt()
        usleep(200_000)
        // Unblock the reader of the FIFO (it then reads an empty message), should the run be
        // waiting there: a non-blocking open fails until the reader has opened its end, so try
        // until it has, or the run has ended without reaching it.
        while run.process.isRunning {
            let writer = open(fifo, O_WRONLY | O_NONBLOCK)
            if writer >= 0 {
                close(writer)
                break
            }
            usleep(10_000)
        }
        #expect(run.finish() == 130)
        // "interrupted after K of 521 file(s): K message(s): …": K records, each whole.
        let summary = try #require(run.stderr.split(separator: "\n").last { $0.hasPrefix("interrupted after ") })
        let words = summary.split(separator: " ")
        let done = try #require(Int(words[2]))
        #expect(words[4] == "521")
        #expect(summary.contains("file(s): \(done) message(s)"))
        #expect((400...520).contains(done))
        if format == "json" {
            let lines = run.stdout.split(separator: "\n")
            #expect(lines.count == done)
            for line in lines { #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil) }
        } else {
            #expect(run.stdout.hasSuffix("  </testsuite>\n</testsuites>\n"))
            #expect(run.stdout.components(separatedBy: "<testcase").count == done + 1)
        }
    }

    @Test("SIGINT during map: the records read are mapped and written whole, the summary comes, exit 130")
    func interruptedMap() throws {
        let folder = try temporaryFolder("interrupt-map")
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("records.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let run = try CLIRunner.Running([
            "map", "--mapping", "xa-import-csv", "--to", "dm", "--syntax", "json", "--jobs", "2", fifo,
        ])
        let sample = try String(contentsOfFile: "Records/xa-import-csv/declarations.csv", encoding: .utf8)
        var lines = sample.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        var text = header + "\n"
        for index in 0..<700 {
            for line in lines where line.hasPrefix("H,XA26-000102") || (line.hasPrefix("I,") && line.contains("drills"))
            {
                text += line.replacingOccurrences(of: "XA26-000102", with: "XA26-S\(index)") + "\n"
            }
        }
        // Opening the FIFO for writing waits for the run to open it for reading.
        let writer = open(fifo, O_WRONLY)
        #expect(writer >= 0)
        var bytes = Array(text.utf8)
        #expect(write(writer, &bytes, bytes.count) == bytes.count)
        // The first batch of 512 is mapped and written (output to a file comes in blocks: most of
        // it shows); the run then waits for the rest of the file.
        #expect(run.wait { run.stdout.count(where: { $0 == "\n" }) >= 480 })
        run.process.interrupt()
        usleep(200_000)
        close(writer)
        #expect(run.finish() == 130)
        let summary = try #require(run.stderr.split(separator: "\n").last { $0.hasPrefix("interrupted after ") })
        let done = try #require(Int(summary.split(separator: " ")[2]))
        #expect((512..<700).contains(done), "\(summary)")
        let messages = run.stdout.split(separator: "\n")
        #expect(messages.count == done)
        for message in messages { #expect((try? JSONSerialization.jsonObject(with: Data(message.utf8))) != nil) }
    }

    @Test("SIGINT during generate leaves a manifest that lists exactly the messages written")
    func interruptedGenerate() throws {
        let folder = try temporaryFolder("interrupt-generate")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("manifest.jsonl")
        let run = try CLIRunner.Running([
            "generate", "--package", "xa-import", "--count", "1000000", "--out", folder.path,
        ])
        #expect(
            run.wait { ((try? String(contentsOf: manifest, encoding: .utf8)) ?? "").count(where: { $0 == "\n" }) >= 20 }
        )
        run.process.interrupt()
        #expect(run.finish() == 130)
        #expect(run.stderr.contains("interrupted: wrote"))
        let listed = try String(contentsOf: manifest, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["file"] as? String
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "manifest.jsonl" }
        #expect(Set(listed.compactMap { $0 }) == Set(files))
        #expect(listed.count < 1_000_000)
    }

    static func type(_ path: String, following: Bool = true) -> mode_t {
        var status = stat()
        _ = following ? stat(path, &status) : lstat(path, &status)
        return status.st_mode & S_IFMT
    }

    static func mode(_ path: String) -> mode_t {
        var status = stat()
        _ = stat(path, &status)
        return status.st_mode & 0o7777
    }

    /// Reads a FIFO to its end on a thread of its own.
    final class Reader: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var text = ""

        init(_ path: String) {
            Thread.detachNewThread { [self] in
                // Plain read(2): Foundation's file reading does not wait for a FIFO's writer.
                var bytes: [UInt8] = []
                var chunk = [UInt8](repeating: 0, count: 65536)
                let descriptor = open(path, O_RDONLY)
                while descriptor >= 0, case let got = read(descriptor, &chunk, chunk.count), got > 0 {
                    bytes += chunk[0..<got]
                }
                close(descriptor)
                text = String(decoding: bytes, as: UTF8.self)
                done.signal()
            }
        }

        func wait() -> String {
            done.wait()
            return text
        }
    }
}
