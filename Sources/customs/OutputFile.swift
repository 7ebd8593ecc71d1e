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
        var status = stat()
        let exists = stat(path, &status) == 0  // follows a symbolic link to what it names
        let type = status.st_mode & S_IFMT
        if exists && type == S_IFDIR { throw CLIError("cannot write \(path): it is a directory") }
        if exists && type != S_IFREG {
            // A device, FIFO or socket: written where it is, never replaced.
            let descriptor = open(path, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw failure(path) }
            defer { close(descriptor) }
            try writeAll(&bytes, to: descriptor, path: path)
            return
        }
        if exists && access(path, W_OK) != 0 { throw failure(path) }
        let target = resolvedPath(path)
        guard atomically else {
            let descriptor = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
            guard descriptor >= 0 else { throw failure(path) }
            defer { close(descriptor) }
            try writeAll(&bytes, to: descriptor, path: path)
            return
        }
        var template = Array((target + ".customs-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw failure(path) }
        let temporary = String(cString: template)
        var renamed = false
        defer {
            if !renamed { unlink(temporary) }
        }
        do {
            defer { close(descriptor) }
            let mode = exists ? status.st_mode & 0o7777 : 0o666 & ~currentUmask()
            guard fchmod(descriptor, mode) == 0 else { throw failure(path) }
            try writeAll(&bytes, to: descriptor, path: path)
            guard fsync(descriptor) == 0 else { throw failure(path) }
        }
        guard rename(temporary, target) == 0 else { throw failure(path) }
        renamed = true
    }

    /// The path a symbolic link points to (all links resolved), or `path` when it is none or
    /// dangles (then the link's target is created through it by the rename's own path).
    private static func resolvedPath(_ path: String) -> String {
        var linkStatus = stat()
        guard lstat(path, &linkStatus) == 0, linkStatus.st_mode & S_IFMT == S_IFLNK,
            let resolved = realpath(path, nil)
        else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func writeAll(_ bytes: inout [UInt8], to descriptor: Int32, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 { throw failure(path) }
            offset += written
        }
    }

    private static func currentUmask() -> mode_t {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }

    private static func failure(_ path: String) -> CLIError {
        CLIError("cannot write \(path): \(String(cString: strerror(errno)))")
    }
}
