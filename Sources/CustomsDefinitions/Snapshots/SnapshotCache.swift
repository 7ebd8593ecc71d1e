import CustomsModel
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Compiled-package start-up without reading the definitions: a package, once loaded from a
/// clean definitions folder, is kept as a `PackageSnapshot` in the binary snapshot form, keyed
/// by a digest of every definition file's name and bytes and of the tool's own build. The next
/// run with the same files and the same `customs` reads the one small file instead of parsing
/// the folder's YAML and CSV (0.13 s for `DataModel/` → a few ms).
///
/// The cache never changes a result: any change to a definition file, or a rebuilt tool, gives
/// another key (a miss, and a full load that reports problems as always); only a clean load is
/// stored; a snapshot that cannot be read is ignored and rewritten. Writes go to a temporary
/// file renamed into place, so parallel runs never see half a file; a package keeps only its
/// newest snapshot. Failing to write (a read-only home) is silent: the cache is an optimisation.
///
/// ```swift
/// let cache = SnapshotCache(directory: "/home/me/.cache/customs", toolIdentity: "0.2.0 …")
/// let lookup = cache.lookup(package: "wco-declaration", definitions: "DataModel")
/// let snapshot = lookup.snapshot ?? build()   // then, on a miss: cache.store(built, for: lookup)
/// ```
public struct SnapshotCache: Sendable {
    /// Where snapshots are kept (created when first written).
    public let directory: String
    /// What identifies the running build (see `SnapshotCache.standard`): a rebuilt tool may read
    /// definitions differently, so its snapshots are its own.
    public let toolIdentity: String

    /// The form's own version, raised whenever `PackageSnapshot` or a type in it changes shape.
    static let formatVersion = 2
    /// What every snapshot file starts with: a magic line and the form's version.
    static let header = Array("customs package snapshot\n".utf8) + [UInt8(formatVersion)]

    /// A cache in `directory`.
    public init(directory: String, toolIdentity: String) {
        self.directory = directory
        self.toolIdentity = toolIdentity
    }

    /// The cache a command uses: `$CUSTOMS_CACHE_DIR` when set (`off` or empty: no cache), else
    /// `$XDG_CACHE_HOME/customs`, else `~/.cache/customs`; nil when there is none.
    public static func standard(
        environment: [String: String] = ProcessInfo.processInfo.environment, toolVersion: String
    ) -> SnapshotCache? {
        let folder: String
        if let chosen = environment["CUSTOMS_CACHE_DIR"] {
            guard !chosen.isEmpty, chosen != "off" else { return nil }
            folder = chosen
        } else if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            folder = (xdg as NSString).appendingPathComponent("customs")
        } else if let home = environment["HOME"], !home.isEmpty {
            folder = (home as NSString).appendingPathComponent(".cache/customs")
        } else {
            return nil
        }
        return SnapshotCache(directory: folder, toolIdentity: toolVersion + " " + executableIdentity())
    }

    /// The running executable's size, modification time and inode: a rebuilt binary is
    /// another tool. Reading the binary itself (19 MB) would cost more than the cache saves.
    static func executableIdentity() -> String {
        var status = stat()
        guard stat("/proc/self/exe", &status) == 0 || stat(CommandLine.arguments[0], &status) == 0 else {
            return "unknown build"
        }
        #if canImport(Darwin)
        let modified = status.st_mtimespec
        #else
        let modified = status.st_mtim
        #endif
        return "\(status.st_size) \(modified.tv_sec).\(modified.tv_nsec) \(status.st_ino)"
    }

    /// What a lookup found, and the key under which a miss is to be stored.
    public struct Lookup: Sendable {
        /// The snapshot, on a hit.
        public let snapshot: PackageSnapshot?
        /// The file it was read from, or is to be written to.
        public let path: String
        let packageID: String
    }

    /// Looks `package` up for the definitions in `definitions`; nil when the ID cannot name a
    /// file (the caller then loads as if there were no cache).
    public func lookup(package id: String, definitions: String) -> Lookup? {
        guard Self.isFileName(id) else { return nil }  // the digest need not be worked out
        var digest = ContentDigest()
        digest.add("format \(Self.formatVersion)")
        digest.add(toolIdentity)
        digest.add(id)
        for file in SourceFiles.files(in: definitions, extensions: ["csv", "yaml", "yml"]) {
            digest.add(String(file.dropFirst(definitions.count)))
            guard let bytes = Self.regularFileBytes(file) else { return nil }
            digest.add(bytes)
        }
        guard let path = path(named: "\(id)-\(digest.hex)") else { return nil }
        return Lookup(snapshot: read(PackageSnapshot.self, at: path), path: path, packageID: id)
    }

    /// Keeps `snapshot` under the key of `lookup`, and drops the package's older snapshots.
    public func store(_ snapshot: PackageSnapshot, for lookup: Lookup) {
        guard write(snapshot, at: lookup.path) else { return }
        let mine = (lookup.path as NSString).lastPathComponent
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        where name != mine && name.hasPrefix(lookup.packageID + "-") && name.hasSuffix(".snapshot")
            && name.dropFirst(lookup.packageID.count + 1).count == 16 + ".snapshot".count
        {
            unlink((directory as NSString).appendingPathComponent(name))
        }
    }

    /// The file for a snapshot named `name` (letters, digits, `-`, `_`, `.`): nil for another name.
    public func path(named name: String) -> String? {
        Self.isFileName(name) ? (directory as NSString).appendingPathComponent(name + ".snapshot") : nil
    }

    /// The value a snapshot file holds; nil when it is missing, of another form, or damaged.
    public func read<Value: Decodable>(_ type: Value.Type, at path: String) -> Value? {
        guard let bytes = Self.regularFileBytes(path), bytes.starts(with: Self.header) else { return nil }
        return try? SnapshotDecoder.decode(type, from: Array(bytes.dropFirst(Self.header.count)))
    }

    /// Writes `value` to the snapshot file `path` (through a temporary file renamed into place);
    /// false when it could not.
    @discardableResult
    public func write<Value: Encodable>(_ value: Value, at path: String) -> Bool {
        guard let body = try? SnapshotEncoder.encode(value),
            (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil
        else { return false }
        let temporary = path + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(Self.header + body)) else {
            return false
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    /// The digest of files' names and bytes, as `FileDigest`s; nil when one is not a readable
    /// regular file of at most `limit` bytes (pass the limit the files were first read with).
    public static func digests(of files: [String], limit: Int) -> [FileDigest]? {
        var result: [FileDigest] = []
        for file in files {
            guard let bytes = regularFileBytes(file, limit: limit) else { return nil }
            var digest = ContentDigest()
            digest.add(bytes)
            result.append(FileDigest(path: file, digest: digest.hex))
        }
        return result
    }

    /// A regular file's bytes (`SourceFiles.regularFile`); nil when it cannot give them.
    static func regularFileBytes(_ path: String, limit: Int = SourceFiles.maximumSize) -> [UInt8]? {
        (try? SourceFiles.regularFile(path, limit: limit).get()).map { [UInt8]($0) }
    }

    private static func isFileName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy(isSafeInFileName)
    }

    private static func isSafeInFileName(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            return true
        default: return false
        }
    }
}

/// A file a snapshot was made from, and the digest of its bytes then.
public struct FileDigest: Sendable, Codable, Equatable {
    /// The file's path.
    public let path: String
    /// `ContentDigest` of its bytes.
    public let digest: String

    /// The file at `path` whose bytes had `digest`.
    public init(path: String, digest: String) {
        self.path = path
        self.digest = digest
    }
}
