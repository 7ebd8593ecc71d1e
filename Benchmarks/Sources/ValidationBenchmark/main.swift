import BenchmarkSupport
import CustomsDefinitions
import CustomsModel
import CustomsValidation
import CustomsXML
import Foundation
import MallocInterposerSwift

// Validation throughput beside its peers, on the same files, in one invocation:
//   customs, one core and two cores (BatchValidator, in process; set-up outside the timing);
//   xmllint --noout --schema on the exported XSD (schema compiled once per xargs batch);
//   customs on the libxml2 path (`--parser libxml2`), one core;
//   bare libxml2 SAX2 with empty handlers (peer/bare_sax2.c, compiled at set-up);
//   a raw read: each file read in 64 KiB chunks and every byte looked at once.
// Runs are interleaved over rounds, so that a noisy machine slows all of them alike; medians
// are reported, and the best rounds beside them.
//
// usage: ValidationBenchmark <DataModel dir> <package id> <messages dir> [rounds]
//        ValidationBenchmark --xsd <entry.xsd,entry.xsd,…> <root element> <messages dir> [rounds]
// With --xsd the package is imported from the schemas (import timed and reported, outside the
// runs), and xmllint validates against a wrapper schema importing the same entries.

let arguments = CommandLine.arguments
guard arguments.count >= 4 else {
    FileHandle.standardError.write(
        Data(
            "usage: ValidationBenchmark <DataModel> <package> <messages dir> [rounds]\n       ValidationBenchmark --xsd <a.xsd,b.xsd> <root> <messages dir> [rounds]\n"
                .utf8))
    exit(2)
}
let (dataModel, packageID, messages) = (arguments[1], arguments[2], arguments[3])
let importsSchemas = dataModel == "--xsd"
if importsSchemas && arguments.count < 5 {
    fail("usage: ValidationBenchmark --xsd <a.xsd,b.xsd> <root> <messages dir> [rounds]")
}

// Allocations are counted by ordo-one's malloc interposer, which counts only when preloaded:
// re-run this process once with it in LD_PRELOAD (the peers' subprocesses do not inherit it).
let preloadFlag = "CUSTOMS_BENCH_PRELOADED"
if ProcessInfo.processInfo.environment[preloadFlag] == nil,
    let folder = Bundle.main.executableURL?.deletingLastPathComponent(),
    FileManager.default.fileExists(atPath: folder.appendingPathComponent("libMallocInterposerSwift.so").path)
{
    setenv("LD_PRELOAD", folder.appendingPathComponent("libMallocInterposerSwift.so").path, 1)
    setenv(preloadFlag, "1", 1)
    let argv = CommandLine.unsafeArgv
    execv(CommandLine.arguments[0], argv)
}
let countsAllocations = ProcessInfo.processInfo.environment[preloadFlag] != nil

// MARK: set-up (not timed)
let work = FileManager.default.temporaryDirectory.appendingPathComponent("customs-bench-\(getpid())")
try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: work) }
let xsd = work.appendingPathComponent("package.xsd").path
let compiled: CompiledPackage
var importNote = ""
if importsSchemas {
    let entries = packageID.split(separator: ",").map { URL(fileURLWithPath: String($0)).standardized.path }
    let root = messages
    let importStart = ContinuousClock.now
    let imported = try XSDImporter.importPackage(entries: entries, root: root, id: "imported")
    compiled = try Compiler.compile(imported, codeLists: [:])
    importNote = "import + compile of \(entries.count) entry schema(s): \(ContinuousClock.now - importStart)"
    // xmllint takes one schema: a wrapper importing every entry by its target namespace.
    var wrapper = "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n"
    for entry in entries {
        let text = try String(contentsOfFile: entry, encoding: .utf8)
        let namespace = text.firstMatch(of: /targetNamespace="([^"]*)"/).map { String($0.1) } ?? ""
        wrapper += "  <xs:import namespace=\"\(namespace)\" schemaLocation=\"\(entry)\"/>\n"
    }
    try (wrapper + "</xs:schema>\n").write(toFile: xsd, atomically: true, encoding: .utf8)
} else {
    let loaded = DefinitionLoader.load(directory: dataModel)
    guard loaded.isClean, let definition = loaded.catalog.package(packageID) else {
        fail("cannot load \(packageID) from \(dataModel)")
    }
    compiled = try Compiler.compile(definition, codeLists: loaded.catalog.codeLists)
    try XSDExporter.export(definition, codeLists: loaded.catalog.codeLists).write(
        toFile: xsd, atomically: true, encoding: .utf8)
}
let messagesFolder = importsSchemas ? arguments[4] : messages
let rounds =
    importsSchemas
    ? (arguments.count > 5 ? Int(arguments[5]) ?? 3 : 3) : (arguments.count > 4 ? Int(arguments[4]) ?? 3 : 3)
let (files, bytes) = try messageFiles(in: messagesFolder, suffix: "xml")
guard !files.isEmpty else { fail("no .xml files in \(messagesFolder)") }
/// Writes `paths` one a line to `name` in the work folder (what xmllint's xargs and the bare
/// peer read); returns the list's path.
func writeList(_ paths: ArraySlice<String>, named name: String) throws -> String {
    let list = work.appendingPathComponent(name).path
    try paths.joined(separator: "\n").appending("\n").write(toFile: list, atomically: true, encoding: .utf8)
    return list
}
let list = try writeList(files[...], named: "files.txt")
// The halves of the batch, for the bare peer run as two processes: what this machine's two cores
// give when nothing at all is shared between them, the reference for customs' two workers.
let halves = [
    try writeList(files.prefix(files.count / 2), named: "half0.txt"),
    try writeList(files.dropFirst(files.count / 2), named: "half1.txt"),
]
let peerSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("peer/bare_sax2.c").path
let bare = work.appendingPathComponent("bare_sax2").path
guard shell("cc -O2 -o \(bare) \(peerSource) $(pkg-config --cflags --libs libxml-2.0)").status == 0 else {
    fail("cannot compile \(peerSource) (needs cc and libxml2-dev)")
}
guard shell("command -v xmllint").status == 0 else { fail("xmllint not found (apt-get install libxml2-utils)") }

// MARK: timed runs
let clock = ContinuousClock()

func runXmllint() -> (seconds: Double, invalid: Int) {
    var output = ""
    let elapsed = clock.measure {
        output =
            shell("xargs -n 20000 xmllint --noout --schema \(xsd) < \(list) 2>&1 | grep -c 'fails to validate'").output
    }
    return (seconds(elapsed), Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1)
}

/// The bare peer, one process per list, all at once; each prints "<bytes> <not well-formed>".
func runBare(_ lists: [String]) -> (seconds: Double, invalid: Int) {
    var output = ""
    let elapsed = clock.measure {
        output = shell(lists.map { "\(bare) < \($0) & " }.joined() + "wait").output
    }
    let counts = output.split(separator: "\n").compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }
    return (seconds(elapsed), counts.count == lists.count ? counts.reduce(0, +) : -1)
}

let runs = InterleavedRuns(
    rounds: rounds,
    peers: [
        ("customs, 1 core", { runCustoms(compiled, jobs: 1, files: files, makeReader: { SecureXMLReader() }) }),
        ("customs, 2 cores", { runCustoms(compiled, jobs: 2, files: files, makeReader: { SecureXMLReader() }) }),
        (
            "customs, libxml2 path, 1 core",
            { runCustoms(compiled, jobs: 1, files: files, makeReader: { SecureXMLReader(parser: .libxml2) }) }
        ),
        ("raw byte scan", { runByteScan(files, counting: UInt8(ascii: "<")) }),
        ("xmllint --schema", runXmllint), ("bare libxml2 SAX2", { runBare([list]) }),
        ("bare SAX2, 2 processes", { runBare(halves) }),
    ])

// Allocations per message: one reader and one session, as a worker has them, over up to 2,000
// messages after a warm-up message, counted only between hook() and unhook().
var allocationsPerMessage = "not measured (libMallocInterposerSwift.so not found beside the executable)"
if countsAllocations {
    let reader = SecureXMLReader()
    let session = ValidationSession(package: compiled, maxFindings: 100)
    _ = reader.validate(file: files[0], with: session)
    let sample = Array(files.prefix(2000))
    MallocInterposerSwift.reset()
    MallocInterposerSwift.hook()
    for file in sample { _ = reader.validate(file: file, with: session) }
    MallocInterposerSwift.unhook()
    let statistics = MallocInterposerSwift.getStatistics()
    allocationsPerMessage = String(
        format: "%.1f allocations (%.0f bytes) per valid message, over %d messages",
        Double(statistics.mallocCount) / Double(sample.count),
        Double(statistics.mallocBytesCount) / Double(sample.count),
        sample.count)
}
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
let megabytes = Double(bytes) / 1_000_000
print(
    "workload: \(files.count) messages of \(importsSchemas ? "the imported schemas" : packageID), \(String(format: "%.1f", megabytes)) MB (\(bytes / files.count) bytes each on average); \(rounds) interleaved rounds"
)
if !importNote.isEmpty { print(importNote) }
print("peak RSS of this process (customs runs in it): \(usage.ru_maxrss / 1024) MB")
print("customs, one worker: \(allocationsPerMessage)")
runs.printTable(megabytes: megabytes, messages: files.count)
let one = runs.median("customs, 1 core")
print(
    String(
        format:
            "ratios (medians): customs 1 core / xmllint = %.2f; customs 1 core / bare SAX2 = %.2f; customs 2 cores / 1 core = %.2f",
        runs.median("xmllint --schema") / one, runs.median("bare libxml2 SAX2") / one,
        one / runs.median("customs, 2 cores")))
print(
    String(
        format:
            "two cores / one, median of the rounds' own ratios: customs (2 workers, one process) = %.2f; bare SAX2 (2 processes, nothing shared) = %.2f",
        runs.medianRatio("customs, 1 core", over: "customs, 2 cores"),
        runs.medianRatio("bare libxml2 SAX2", over: "bare SAX2, 2 processes")))
let oneCPU = runs.medianCPU("customs, 1 core")
print(
    String(
        format: "ratios (CPU time, medians): customs 1 core / xmllint = %.2f; customs 1 core / bare SAX2 = %.2f",
        runs.medianCPU("xmllint --schema") / oneCPU, runs.medianCPU("bare libxml2 SAX2") / oneCPU))
