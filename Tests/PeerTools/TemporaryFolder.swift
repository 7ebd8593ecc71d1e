import Foundation

/// A fresh folder under the system's temporary directory, named `customs-<name>-<UUID>`, for a
/// test to fill and remove (`defer { try? FileManager.default.removeItem(at: folder) }`).
public func temporaryFolder(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("customs-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
