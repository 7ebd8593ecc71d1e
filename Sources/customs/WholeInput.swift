import CustomsModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Input read whole (for commands that need all of it, as `convert` does), never more than a
/// limit: a regular file larger than the limit is refused by its size before it is read, and any
/// other input (standard input, a FIFO) stops being read at the limit; or read in pieces.
enum WholeInput {
    /// Why the input could not be read; `diagnostic` is its finding.
    struct Failure: Error {
        let code: Diagnostic.Code
        let message: String

        var diagnostic: Diagnostic { Diagnostic(code: code, message: message, instancePath: "/") }
    }

    /// The bytes of `path` (`-`: standard input), at most `limit` of them.
    static func bytes(of path: String, limit: Int) throws(Failure) -> [UInt8] {
        var bytes: [UInt8] = []
        var tooLarge = false
        try chunks(of: path, sizeLimit: limit) { chunk in
            if bytes.count + chunk.count > limit {
                tooLarge = true
                return false
            }
            bytes += chunk
            return true
        }
        if tooLarge { throw Self.tooLarge(limit) }
        return bytes
    }

    /// Reads `path` (`-`: standard input) in 64 KiB pieces, handing each to `body` until the
    /// end or until `body` returns false. A regular file larger than `sizeLimit` is refused by
    /// its size before it is read.
    static func chunks(
        of path: String, sizeLimit: Int = .max, _ body: (ArraySlice<UInt8>) -> Bool
    ) throws(Failure) {
        let descriptor = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(code: .io, message: "cannot read \(path): \(reason())") }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        var status = stat()
        if fstat(descriptor, &status) == 0 {
            if status.st_mode & S_IFMT == S_IFDIR {
                throw Failure(code: .io, message: "cannot read \(path): it is a directory")
            }
            if status.st_mode & S_IFMT == S_IFREG && Int(status.st_size) > sizeLimit {
                throw tooLarge(sizeLimit)
            }
        }
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 { throw Failure(code: .io, message: "cannot read \(path): \(reason())") }
            if got == 0 || !body(chunk[0..<got]) { return }
        }
    }

    private static func tooLarge(_ limit: Int) -> Failure {
        Failure(code: .limit, message: "the message is larger than \(limit) bytes")
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
