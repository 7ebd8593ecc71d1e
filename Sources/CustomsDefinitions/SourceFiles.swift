import CustomsModel
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finding and reading definition files. Files are read whole: definition folders are small,
/// and every problem must be located by line.
enum SourceFiles {
    /// The largest definition file read; a larger one is reported instead of loaded. The
    /// shipped files are under 30 kB; the largest real code lists (UN/LOCODE) are about 10 MB.
    static let maximumSize = 16 << 20

    /// Why `regularFile` could not give a file's bytes.
    enum ReadFailure: Error {
        /// `stat` failed, with its reason.
        case missing(String)
        /// A directory, FIFO, device…: opening a FIFO for reading would already block.
        case notRegular
        /// Larger than the limit, with its size.
        case tooLarge(Int)
        /// It could not be opened or read.
        case unreadable
    }

    /// The bytes of the regular file at `path` of at most `limit` bytes; its type is checked
    /// first (through links). The one reader of definition files and of the files a snapshot
    /// was made from.
    static func regularFile(_ path: String, limit: Int = maximumSize) -> Result<Data, ReadFailure> {
        var status = stat()
        guard stat(path, &status) == 0 else { return .failure(.missing(String(cString: strerror(errno)))) }
        guard status.st_mode & S_IFMT == S_IFREG else { return .failure(.notRegular) }
        guard Int(status.st_size) <= limit else { return .failure(.tooLarge(Int(status.st_size))) }
        guard let handle = FileHandle(forReadingAtPath: path) else { return .failure(.unreadable) }
        defer { try? handle.close() }
        guard let data = try? handle.readToEnd() else { return .success(Data()) }
        return .success(data)
    }

    /// The text of `path` as UTF-8, or nil after reporting why it cannot be read.
    static func text(_ path: String, log: inout ProblemLog) -> String? {
        let location = SourceLocation(file: path)
        let data: Data
        switch regularFile(path) {
        case .success(let read): data = read
        case .failure(.missing(let reason)):
            log.report(.io, at: location, "cannot read the file: \(reason)")
            return nil
        case .failure(.notRegular):
            log.report(.io, at: location, "not a regular file: definitions are read from regular files only")
            return nil
        case .failure(.tooLarge(let size)):
            log.report(
                .io, at: location, "the file is \(size) bytes; definition files may have at most \(maximumSize)")
            return nil
        case .failure(.unreadable):
            log.report(.io, at: location, "cannot read the file")
            return nil
        }
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }  // a UTF-8 BOM, as spreadsheets write
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = firstInvalidUTF8Offset(in: Array(bytes))
            let line = bytes.prefix(offset).count { $0 == UInt8(ascii: "\n") } + 1
            log.report(
                .syntax, at: SourceLocation(file: path, line: line, column: 1),
                "the file is not UTF-8 (byte \(offset) is not)")
            return nil
        }
        return text
    }

    /// The files directly in `directory` (and its subfolders) whose names end with one of
    /// `extensions`, sorted by path so that loading is deterministic.
    static func files(in directory: String, extensions: [String]) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var paths: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            guard !name.hasPrefix("."), extensions.contains(where: { name.lowercased().hasSuffix("." + $0) }) else {
                continue
            }
            paths.append((directory as NSString).appendingPathComponent(relative))
        }
        return paths.sorted()
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The offset of the first byte that does not start valid UTF-8.
    private static func firstInvalidUTF8Offset(in bytes: [UInt8]) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .error, .emptyInput: return offset
            }
        }
    }
}
