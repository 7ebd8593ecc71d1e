import CustomsDefinitions
import CustomsModel
import Foundation
import Testing

/// The compiled-package start-up cache: a snapshot gives back exactly the loaded package, and no
/// change to the definitions or the tool can make a stale one be read.
@Suite("Package snapshots and their cache")
struct SnapshotCacheTests {
    static var catalog: Catalog { ShippedDataModelTests.result.catalog }

    /// A copy of the shipped DataModel folder, to change, and an empty cache folder.
    static func scratch() throws -> (definitions: String, cache: String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("customs-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let definitions = root.appendingPathComponent("DataModel")
        try FileManager.default.copyItem(at: projectRoot.appendingPathComponent("DataModel"), to: definitions)
        return (definitions.path, root.appendingPathComponent("cache").path)
    }

    @Test("every shipped package reads back from its snapshot equal, with its rules and the code lists it names")
    func everyPackage() throws {
        for package in Self.catalog.packages {
            let snapshot = PackageSnapshot(
                package: package, codeLists: Self.catalog.codeLists, rules: Self.catalog.rules[package.id] ?? [])
            let again = try SnapshotDecoder.decode(PackageSnapshot.self, from: SnapshotEncoder.encode(snapshot))
            #expect(again.rules == snapshot.rules, "\(package.id)")
            #expect(again.package.root == package.root, "\(package.id)")
            #expect(
                [again.package.id, again.package.name, again.package.version, again.package.baseID ?? "-"]
                    == [package.id, package.name, package.version, package.baseID ?? "-"])
            #expect(again.package.namespace == package.namespace && again.package.kind == package.kind)
            #expect(again.codeLists == snapshot.codeLists)
            let named = Set(package.nodes.compactMap(\.node.codeListID))
            #expect(named.isSubset(of: Set(snapshot.codeLists.map(\.id))), "\(package.id)")
        }
    }

    @Test("a miss is stored, the same files and tool hit, and the hit is the package")
    func missThenHit() throws {
        let (definitions, folder) = try Self.scratch()
        let cache = SnapshotCache(directory: folder, toolIdentity: "test 1")
        let miss = try #require(cache.lookup(package: "xa-import", definitions: definitions))
        #expect(miss.snapshot == nil)
        let package = try #require(Self.catalog.package("xa-import"))
        cache.store(PackageSnapshot(package: package, codeLists: Self.catalog.codeLists), for: miss)
        let hit = try #require(cache.lookup(package: "xa-import", definitions: definitions))
        #expect(hit.path == miss.path)
        #expect(hit.snapshot?.package.root == package.root)
        // Another build of the tool has its own key.
        let rebuilt = SnapshotCache(directory: folder, toolIdentity: "test 2")
        #expect(rebuilt.lookup(package: "xa-import", definitions: definitions)?.snapshot == nil)
    }

    @Test("a changed, added or removed definition file gives another key")
    func changedFiles() throws {
        let (definitions, folder) = try Self.scratch()
        let cache = SnapshotCache(directory: folder, toolIdentity: "test")
        func key() throws -> String {
            try #require(cache.lookup(package: "wco-declaration", definitions: definitions)).path
        }
        let original = try key()
        let file = definitions + "/codelists/iso-4217.csv"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try (text + "XXX,Test currency\n").write(toFile: file, atomically: true, encoding: .utf8)
        let changed = try key()
        #expect(changed != original)
        try "id,name\n".write(toFile: definitions + "/codelists/extra.csv", atomically: true, encoding: .utf8)
        #expect(try key() != changed)
        try FileManager.default.removeItem(atPath: definitions + "/codelists/extra.csv")
        #expect(try key() == changed)
        // A file moved to another name is another folder too.
        try FileManager.default.moveItem(atPath: file, toPath: definitions + "/codelists/iso-4217-copy.csv")
        #expect(try key() != changed)
    }

    @Test("a damaged snapshot is a miss and is replaced; older snapshots of the package go")
    func damaged() throws {
        let (definitions, folder) = try Self.scratch()
        let cache = SnapshotCache(directory: folder, toolIdentity: "test")
        let package = try #require(Self.catalog.package("wco-eco"))
        let snapshot = PackageSnapshot(package: package, codeLists: Self.catalog.codeLists)
        let stale = SnapshotCache(directory: folder, toolIdentity: "older build")
        stale.store(snapshot, for: try #require(stale.lookup(package: "wco-eco", definitions: definitions)))
        let miss = try #require(cache.lookup(package: "wco-eco", definitions: definitions))
        cache.store(snapshot, for: miss)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder) == [(miss.path as NSString).lastPathComponent])
        let bytes = try #require(FileManager.default.contents(atPath: miss.path))
        for cut in [0, 10, bytes.count / 2, bytes.count - 1] {
            try bytes.prefix(cut).write(to: URL(fileURLWithPath: miss.path))
            #expect(cache.lookup(package: "wco-eco", definitions: definitions)?.snapshot == nil, "cut at \(cut)")
        }
        cache.store(snapshot, for: miss)
        #expect(cache.lookup(package: "wco-eco", definitions: definitions)?.snapshot?.package.root == package.root)
    }

    @Test("the cache folder comes from the environment, and can be switched off")
    func environment() {
        #expect(SnapshotCache.standard(environment: ["CUSTOMS_CACHE_DIR": "/c"], toolVersion: "1")?.directory == "/c")
        #expect(
            SnapshotCache.standard(environment: ["CUSTOMS_CACHE_DIR": "off", "HOME": "/h"], toolVersion: "1") == nil)
        #expect(SnapshotCache.standard(environment: ["CUSTOMS_CACHE_DIR": "", "HOME": "/h"], toolVersion: "1") == nil)
        #expect(
            SnapshotCache.standard(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"], toolVersion: "1")?.directory
                == "/x/customs")
        #expect(SnapshotCache.standard(environment: ["HOME": "/h"], toolVersion: "1")?.directory == "/h/.cache/customs")
        #expect(SnapshotCache.standard(environment: [:], toolVersion: "1") == nil)
        // An ID that cannot be a file name is simply not cached.
        let cache = SnapshotCache(directory: "/c", toolIdentity: "t")
        #expect(cache.lookup(package: "../x", definitions: projectRoot.appendingPathComponent("DataModel").path) == nil)
    }
}
