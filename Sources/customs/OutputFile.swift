import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes the files a command was asked to write, and nothing else, without destroying what the
/// path named before:
///
/// - a regular file (or a new one) is written to a temporary file beside it and renamed over it,
///   so an interrupted write leaves the old content whole; the old file's permissions are kept
///   (a new file gets 0666 less the umask, as the shell's `>` gives);
/// - a symbolic link is followed: the file it points to is written, the link stays a link;
/// - anything else that exists — a character or block device, a FIFO, a socket — is opened and
///   written in place, never replaced (`--out /dev/null` and `--out /dev/stdout` work, and
///   `/dev/null` stays a device);
/// - a directory, or a file this user may not write, is an error that names the reason.
enum OutputFile {
    /// Writes `text` to `path` (see the type's rules).
    static func save(_ text: String, to path: String, atomically: Bool = true) throws {
        var bytes = Array(text.utf8)
        try save(&bytes, to: path, atomically: atomically)
    }

    /// Writes `bytes` to `path`; `atomically: false` writes a regular file in place (for many
    /// small new files, as `generate` writes them).
    static func save(_ bytes: inout [UInt8], to path: String, atomically: Bool = true) throws {
        let file = try Writer(path, atomically: atomically)
        try file.append(&bytes)
        try file.commit()
    }

    /// A file written in pieces by the same rules: nothing at `path` changes until `commit`
    /// (for a regular file); a writer given up before that removes its temporary file.
    final class Writer {
        private let path: String
        private let descriptor: Int32
        /// The temporary file renamed over `target` at the end, when there is one.
        private let temporary: String?
        private let target: String
        private let mode: mode_t?
        private var done = false

        init(_ path: String, atomically: Bool = true) throws {
            self.path = path
            var status = stat()
            let exists = stat(path, &status) == 0  // follows a symbolic link to what it names
            let type = status.st_mode & S_IFMT
            if exists && type == S_IFDIR { throw CLIError("cannot write \(path): it is a directory") }
            target = resolvedPath(path)
            if exists && type != S_IFREG {
                // A device, FIFO or socket: written where it is, never replaced.
                descriptor = open(path, O_WRONLY | O_CLOEXEC)
                temporary = nil
                mode = nil
            } else {
                if exists && access(path, W_OK) != 0 { throw failure(path) }
                if atomically {
                    var template = Array((target + ".customs-XXXXXX").utf8CString)
                    descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
                    temporary = String(cString: template)
                    mode = exists ? status.st_mode & 0o7777 : 0o666 & ~currentUmask()
                } else {
                    descriptor = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
                    temporary = nil
                    mode = nil
                }
            }
            guard descriptor >= 0 else { throw failure(path) }
        }

        /// Writes `bytes` next.
        func append(_ bytes: inout [UInt8]) throws { try writeAll(&bytes, to: descriptor, path: path) }

        /// Writes `text` next.
        func append(_ text: String) throws {
            var bytes = Array(text.utf8)
            try append(&bytes)
        }

        /// Ends the file: a temporary file is given its mode, synced and renamed over the target.
        func commit() throws {
            done = true
            defer { close(descriptor) }
            guard let temporary else { return }
            var renamed = false
            defer {
                if !renamed { unlink(temporary) }
            }
            if let mode { guard fchmod(descriptor, mode) == 0 else { throw failure(path) } }
            guard fsync(descriptor) == 0 else { throw failure(path) }
            guard rename(temporary, target) == 0 else { throw failure(path) }
            renamed = true
        }

        deinit {
            guard !done else { return }
            close(descriptor)
            if let temporary { unlink(temporary) }
        }
    }

    /// The path a symbolic link points to (all links resolved), or `path` when it is none or
    /// dangles (then the link's target is created through it by the rename's own path).
    fileprivate static func resolvedPath(_ path: String) -> String {
        var linkStatus = stat()
        guard lstat(path, &linkStatus) == 0, linkStatus.st_mode & S_IFMT == S_IFLNK,
            let resolved = realpath(path, nil)
        else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    fileprivate static func writeAll(_ bytes: inout [UInt8], to descriptor: Int32, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 { throw failure(path) }
            offset += written
        }
    }

    fileprivate static func currentUmask() -> mode_t {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }

    fileprivate static func failure(_ path: String) -> CLIError {
        CLIError("cannot write \(path): \(String(cString: strerror(errno)))")
    }
}
