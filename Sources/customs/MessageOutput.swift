import CustomsMapping
import Foundation

/// Where `customs map` puts the DM messages it writes: one file each in the `--out` folder
/// (named after the record's key, else its file and number; never a name twice), or standard
/// output — JSON one message per line as they come, XML a single message, printed at the end
/// (a second one is an error: XML documents cannot share a stream).
struct MessageOutput {
    let folder: String?
    let syntax: DMSyntax
    private var names = Set<String>()
    private var heldXML: String?

    init(folder: String?, syntax: DMSyntax) throws {
        self.folder = folder
        self.syntax = syntax
        if let folder { try Self.prepare(folder) }
    }

    /// Writes one message; the file it went to, if any.
    mutating func write(_ text: String, key: String?, file: String, number: Int) throws -> String? {
        guard let folder else {
            if syntax == .json {
                print(text)
            } else {
                guard heldXML == nil else {
                    throw CLIError(
                        "more than one XML message: give --out DIR to write one file each (or --syntax json)")
                }
                heldXML = text
            }
            return nil
        }
        let path =
            (folder as NSString).appendingPathComponent(uniqueName(key: key, file: file, number: number))
            + "." + syntax.rawValue
        var bytes = Array(text.utf8)
        if syntax == .json { bytes.append(0x0A) }
        try OutputFile.save(&bytes, to: path, atomically: false)
        return path
    }

    /// Prints the XML message held for standard output.
    func finish() {
        if let heldXML { print(heldXML, terminator: "") }
    }

    /// A file name for a record's message: its key where it is a safe name, else the input's
    /// name and the record's number; never one already used in this run.
    private mutating func uniqueName(key: String?, file: String, number: Int) -> String {
        let safe = key.map { String($0.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" }) }
        var name =
            safe.flatMap { $0.isEmpty || $0.hasPrefix(".") ? nil : $0 }
            ?? "\(((file as NSString).lastPathComponent as NSString).deletingPathExtension)-\(number)"
        if names.contains(name) { name += "-\(number)" }
        while names.contains(name) { name += "x" }
        names.insert(name)
        return name
    }

    /// The `--out` folder: created if missing, refused if it is a file.
    private static func prepare(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw CLIError("--out \(path) is a file; give a folder for the messages")
            }
            return
        }
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw CLIError("cannot create \(path): \(error.localizedDescription)")
        }
    }
}
