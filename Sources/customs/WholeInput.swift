import CustomsModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A message read whole (for commands that need all of it, as `convert` does), never more than
/// a limit: a regular file larger than the limit is refused by its size before it is read, and
/// any other input (standard input, a FIFO) stops being read at the limit.
enum WholeInput {
    /// Why the input could not be read; `diagnostic` is its finding.
    struct Failure: Error {
        let code: Diagnostic.Code
        let message: String

        var diagnostic: Diagnostic { Diagnostic(code: code, message: message, instancePath: "/") }
    }

    /// The bytes of `path` (`-`: standard input), at most `limit` of them.
    static func bytes(of path: String, limit: Int) throws(Failure) -> [UInt8] {
        let descriptor = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(code: .io, message: "cannot read \(path): \(reason())") }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        var status = stat()
        if fstat(descriptor, &status) == 0 {
            if status.st_mode & S_IFMT == S_IFDIR {
                throw Failure(code: .io, message: "cannot read \(path): it is a directory")
            }
            if status.st_mode & S_IFMT == S_IFREG && Int(status.st_size) > limit {
                throw tooLarge(limit)
            }
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 { throw Failure(code: .io, message: "cannot read \(path): \(reason())") }
            if got == 0 { return bytes }
            if bytes.count + got > limit { throw tooLarge(limit) }
            bytes += chunk[0..<got]
        }
    }

    private static func tooLarge(_ limit: Int) -> Failure {
        Failure(code: .limit, message: "the message is larger than \(limit) bytes")
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
