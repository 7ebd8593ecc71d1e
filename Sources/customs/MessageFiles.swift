import Foundation

/// The messages a batch command reads: files as given, directories searched recursively for
/// `*.xml` (any case), `-` for standard input.
enum MessageFiles {
    static func collect(_ paths: [String], extensions: [String] = ["xml"]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            if path == "-" {
                files.append(path)
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                // Reported per file by the reader, so that the batch goes on.
                files.append(path)
                continue
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            guard let enumerator = FileManager.default.enumerator(atPath: path) else { continue }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let lower = relative.lowercased()
                if extensions.contains(where: { lower.hasSuffix("." + $0) }) {
                    found.append((path as NSString).appendingPathComponent(relative))
                }
            }
            files.append(contentsOf: found.sorted())
        }
        return files
    }
}
