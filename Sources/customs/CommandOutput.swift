/// Where a command's document goes: the `--out` file, or standard output.
enum CommandOutput {
    /// Writes `text` to `path` (by `OutputFile`'s rules), or prints it when `path` is nil.
    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            print(text, terminator: "")
            return
        }
        try OutputFile.save(text, to: path)
    }
}
