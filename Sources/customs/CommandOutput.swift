import Foundation

/// Where a command's document goes: the `--out` file, or standard output.
enum CommandOutput {
    /// Writes `text` to `path`, or prints it when `path` is nil.
    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            print(text, terminator: "")
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw CLIError("cannot write \(path)")
        }
    }
}
