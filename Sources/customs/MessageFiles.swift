import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The messages a batch command reads: files as given, directories searched recursively for
/// files whose extension is one of `extensions` (any case), `-` for standard input.
///
/// Files found in one directory tree come sorted (Swift's string order: code points, after
/// canonical normalisation), so that a batch's output is the same on every machine. Symbolic
/// links to directories are not followed (no cycles); a subdirectory that cannot be opened is
/// passed on as if it were a file, so that the reader reports it and the batch goes on.
enum MessageFiles {
    static func collect(_ paths: [String], extensions: [String] = ["xml"]) throws -> [String] {
        let suffixes = extensions.map { Array(("." + $0.lowercased()).utf8) }
        var files: [String] = []
        for path in paths {
            if path == "-" {
                files.append(path)
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
                isDirectory.boolValue
            else {
                // A file, or a path that does not exist: reported per file by the reader.
                files.append(path)
                continue
            }
            var found: [String] = []
            walk(path, suffixes: suffixes, into: &found)
            files.append(contentsOf: found.sorted())
        }
        return files
    }

    /// `readdir` rather than `FileManager.enumerator`: on a folder of 100,000 messages the
    /// enumerator (an `NSString` bridged, lowercased and joined per entry) took 0.6–0.7 s before
    /// the first message was read, serial time that no number of cores hides; this walk and the
    /// sort take 0.1–0.2 s.
    private static func walk(_ directory: String, suffixes: [[UInt8]], into found: inout [String]) {
        guard let handle = opendir(directory) else {
            found.append(directory)
            return
        }
        defer { closedir(handle) }
        var subdirectories: [String] = []
        while let entry = readdir(handle) {
            let type = entry.pointee.d_type
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }  // "." and ".."
            // One separator, also below a path given with a trailing slash (or "/").
            let child = (directory.hasSuffix("/") ? directory : directory + "/") + String(decoding: name, as: UTF8.self)
            if type == DT_DIR || (type == DT_UNKNOWN && isDirectory(child)) {
                subdirectories.append(child)
            } else if suffixes.contains(where: { endsWithCaseInsensitive(name, $0) }) {
                found.append(child)
            }
        }
        for subdirectory in subdirectories {
            walk(subdirectory, suffixes: suffixes, into: &found)
        }
    }

    /// For file systems whose `readdir` does not give the entry's type.
    private static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether `name` ends with `suffix` (lower-case ASCII), ignoring ASCII case.
    private static func endsWithCaseInsensitive(_ name: [UInt8], _ suffix: [UInt8]) -> Bool {
        guard name.count > suffix.count else { return false }
        return zip(name.suffix(suffix.count), suffix).allSatisfy { byte, wanted in
            let lower = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
            return lower == wanted
        }
    }
}
