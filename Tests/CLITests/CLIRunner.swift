import Foundation
import PeerTools
import Testing

/// Runs the built `customs` binary as a user would, from the project root.
enum CLIRunner {
    struct Outcome {
        let stdout: String
        let stderr: String
        let status: Int32
    }

    static let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The binary SwiftPM built beside this test bundle ($CUSTOMS_BINARY overrides).
    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["CUSTOMS_BINARY"] { return URL(fileURLWithPath: path) }
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
        ].map { $0.appendingPathComponent("customs") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }()

    /// The package-snapshot cache of every run of this test process: not the user's own, and
    /// shared, so that most runs read snapshots and the first of each package writes one.
    static let cacheFolder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "customs-test-cache-\(UUID().uuidString)"
    ).path

    static func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> Outcome
    {
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "CUSTOMS_DATA_MODEL")
        env["CUSTOMS_CACHE_DIR"] = cacheFolder
        env.merge(environment) { _, new in new }
        env["COLUMNS"] = "100"
        let output = try ChildProcess.run(
            binary, arguments, environment: env, currentDirectory: projectRoot, input: input)
        return Outcome(stdout: output.standardOutput, stderr: output.standardError, status: output.status)
    }

    /// A `customs` process started and not waited for (to signal it while it runs), with its
    /// output going to files in its own folder.
    final class Running {
        let process = Process()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "customs-running-\(UUID().uuidString)")
        var stdoutURL: URL { folder.appendingPathComponent("stdout") }
        var stderrURL: URL { folder.appendingPathComponent("stderr") }

        init(_ arguments: [String]) throws {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
            FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
            process.executableURL = binary
            process.arguments = arguments
            var environment = ProcessInfo.processInfo.environment
            environment["CUSTOMS_CACHE_DIR"] = CLIRunner.cacheFolder
            process.environment = environment
            process.currentDirectoryURL = projectRoot
            process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
            process.standardError = try FileHandle(forWritingTo: stderrURL)
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }

        /// A test that fails (or stops waiting) must not leave its child running.
        deinit {
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
            try? FileManager.default.removeItem(at: folder)
        }

        var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

        /// Polls every 10 ms until `condition` holds (true) or the process has ended (false).
        func wait(until condition: () -> Bool) -> Bool {
            while process.isRunning {
                if condition() { return true }
                usleep(10_000)
            }
            return condition()
        }

        /// Waits for the end; the exit status.
        func finish() -> Int32 {
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    /// Compares `outcome` with `Snapshots/<name>.txt`, or writes it when UPDATE_SNAPSHOTS=1.
    static func assertSnapshot(
        _ outcome: Outcome, named name: String, at path: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let text = "exit: \(outcome.status)\n--- stdout\n\(scrub(outcome.stdout))--- stderr\n\(scrub(outcome.stderr))"
        let url = projectRoot.appendingPathComponent(path ?? "Tests/CLITests/Snapshots/\(name).txt")
        if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(
            text == expected, "snapshot \(name) differs; rerun with UPDATE_SNAPSHOTS=1 to accept",
            sourceLocation: sourceLocation)
    }

    /// Run times vary from run to run; nothing else in the output may.
    static func scrub(_ text: String) -> String {
        text.replacingOccurrences(of: #"\(\d+\.\d+ s\)"#, with: "(TIME s)", options: .regularExpression)
            .replacingOccurrences(of: #" in [0-9.]+ s( \([^)]*\))?"#, with: " in TIME", options: .regularExpression)
            .replacingOccurrences(
                of: #""seconds" : [0-9.e-]+"#, with: #""seconds" : TIME"#, options: .regularExpression)
    }
}
