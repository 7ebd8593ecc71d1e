#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading standard input without holding all of it: commands that stream it read only its head
/// first (to tell JSON from XML), and commands that need it whole read it up to a limit.
enum StandardInput {
    /// The head of standard input: bytes up to and including the first one that is not
    /// whitespace, or the first 64 KiB, or all of it when it is shorter. What follows is still
    /// unread on `STDIN_FILENO`.
    static func head() -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 64 << 10 {
            let got = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            guard got > 0 else { break }
            bytes += chunk[0..<got]
            if chunk[0..<got].contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) { break }
        }
        return bytes
    }
}
