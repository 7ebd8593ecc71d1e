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
///
/// Only regular files found in a folder are read: a FIFO, device or socket there (or a link to
/// one) is listed in `skipped` with what it is, never opened, since reading it could block the
/// batch forever. A path named on the command line is read whatever it is: that is how
/// `customs validate <(gunzip -c batch.xml.gz)` and `/dev/stdin` work.
enum MessageFiles {
    /// What a batch reads, in order, and why some of it is not read.
    struct Collection {
        /// Every path, in the order the batch reports them (skipped ones in their place).
        var paths: [String] = []
        /// Paths found in a folder that are not regular files, with what they are.
        var skipped: [String: String] = [:]
    }

    static func collect(_ paths: [String], extensions: [String] = ["xml"]) throws -> Collection {
        let suffixes = extensions.map { Array(("." + $0.lowercased()).utf8) }
        var collection = Collection()
        for path in paths {
            if path == "-" {
                collection.paths.append(path)
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
                isDirectory.boolValue
            else {
                // A file, or a path that does not exist: reported per file by the reader.
                collection.paths.append(path)
                continue
            }
            var found: [String] = []
            walk(path, suffixes: suffixes, into: &found, skipped: &collection.skipped)
            collection.paths.append(contentsOf: found.sorted())
        }
        return collection
    }

    /// `readdir` rather than `FileManager.enumerator`: on a folder of 100,000 messages the
    /// enumerator (an `NSString` bridged, lowercased and joined per entry) took 0.6–0.7 s before
    /// the first message was read, serial time that no number of cores hides; this walk and the
    /// sort take 0.1–0.2 s.
    private static func walk(
        _ directory: String, suffixes: [[UInt8]], into found: inout [String], skipped: inout [String: String]
    ) {
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
            if type == DT_DIR || (type == DT_UNKNOWN && fileType(child, following: false) == S_IFDIR) {
                subdirectories.append(child)
            } else if suffixes.contains(where: { endsWithCaseInsensitive(name, $0) }) {
                found.append(child)
                // What a link (or an entry of unknown type) names is known by following it; a
                // link to a folder is read as a file (and reported unreadable): links are not walked.
                let kind = type == DT_REG ? S_IFREG : fileType(child, following: true)
                if let what = nonRegularName(kind) { skipped[child] = what }
            }
        }
        for subdirectory in subdirectories {
            walk(subdirectory, suffixes: suffixes, into: &found, skipped: &skipped)
        }
    }

    /// The type bits of `path` (`S_IFREG`, `S_IFDIR`, …), through a link when `following`; 0
    /// when it cannot be read (the reader then reports why).
    private static func fileType(_ path: String, following: Bool) -> mode_t {
        var status = stat()
        let found = following ? stat(path, &status) : lstat(path, &status)
        return found == 0 ? status.st_mode & S_IFMT : 0
    }

    /// What a file of type `kind` is, when it is one a batch must not open.
    private static func nonRegularName(_ kind: mode_t) -> String? {
        switch kind {
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: nil
        }
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
