import Foundation

/// A program the tests compare our results with (xmllint, python3): found on `PATH` first, so a
/// machine without it fails the test with what to install instead of an obscure exit status.
/// CI installs every peer (`.ci/run`); the tests never skip for want of one.
public struct PeerTool: Sendable {
    /// The program's name on `PATH`.
    public let name: String
    /// What installs it, shown when it is missing.
    public let installHint: String

    /// `xmllint`, libxml2's command-line tool.
    public static let xmllint = PeerTool(name: "xmllint", installHint: "apt-get install libxml2-utils")
    /// `python3` (with `jsonschema` for the JSON Schema differential).
    public static let python = PeerTool(name: "python3", installHint: "apt-get install python3 python3-pip")

    /// The peer is not on `PATH`.
    public struct Missing: Error, CustomStringConvertible {
        /// The tool that was looked for.
        public let tool: PeerTool
        /// Where it was looked for.
        public let path: String
        public var description: String {
            "\(tool.name) is not installed (looked in PATH=\(path)); these tests compare with it: \(tool.installHint)"
        }
    }

    /// The absolute path of the program, or `Missing`.
    public func location() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw Missing(tool: self, path: path)
    }

    /// Runs the program with `arguments` and waits for it.
    public func run(_ arguments: [String]) throws -> ChildProcess.Output {
        try ChildProcess.run(try location(), arguments)
    }
}
