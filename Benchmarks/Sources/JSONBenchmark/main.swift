import BenchmarkSupport
import CustomsDefinitions
import CustomsJSON
import CustomsModel
import CustomsValidation
import Foundation

// JSON validation throughput beside its peers, on the same files, in one invocation:
//   customs, one core and two cores (BatchValidator with JSONReader, in process; set-up outside);
//   Python fastjsonschema on the exported JSON Schema (compiled once; the loop reads, parses with
//   json.loads and validates each file; its own timing, interpreter start-up left out);
//   a raw byte scan: each file read in the same 64 KiB chunks and every byte looked at once
//   (counting quotes): the floor for any byte-level reader;
//   customs on one core and the byte scan again on the same messages as one NDJSON file (the
//   files joined, byte for byte): what is left once opening a file per message is not paid.
// Runs are interleaved over rounds; medians and best rounds are reported. Peak RSS is read after
// a tenth of the batch and after all runs: it must not grow with the batch.
//
// usage: JSONBenchmark <DataModel dir> <package id> <messages dir of *.json> [rounds]

let arguments = CommandLine.arguments
guard arguments.count >= 4 else { fail("usage: JSONBenchmark <DataModel> <package> <messages dir> [rounds]") }
let (dataModel, packageID, messagesFolder) = (arguments[1], arguments[2], arguments[3])
let rounds = arguments.count > 4 ? Int(arguments[4]) ?? 3 : 3

// MARK: set-up (not timed)
let loaded = DefinitionLoader.load(directory: dataModel)
guard loaded.isClean, let definition = loaded.catalog.package(packageID) else {
    fail("cannot load \(packageID) from \(dataModel)")
}
let compiled = try Compiler.compile(definition, codeLists: loaded.catalog.codeLists)
let work = FileManager.default.temporaryDirectory.appendingPathComponent("customs-json-bench-\(getpid())")
try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: work) }
let schema = work.appendingPathComponent("schema.json").path
try JSONSchemaExporter.export(compiled, name: definition.name).write(toFile: schema, atomically: true, encoding: .utf8)
let (files, bytes) = try messageFiles(in: messagesFolder, suffix: "json")
guard !files.isEmpty else { fail("no .json files in \(messagesFolder)") }
let list = work.appendingPathComponent("files.txt").path
try files.joined(separator: "\n").appending("\n").write(toFile: list, atomically: true, encoding: .utf8)
// The same bytes as one NDJSON file (every generated message is one line ending in a line break).
let lines = work.appendingPathComponent("batch.ndjson").path
FileManager.default.createFile(atPath: lines, contents: nil)
let linesHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: lines))
for file in files {
    let data = try Data(contentsOf: URL(fileURLWithPath: file))
    guard data.last == 0x0A, !data.dropLast().contains(0x0A) else { fail("\(file) is not one line") }
    linesHandle.write(data)
}
try linesHandle.close()
let peer = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("peer/fastjsonschema_peer.py").path
guard shell("python3 -c 'import fastjsonschema'").status == 0 else {
    fail("Python fastjsonschema not found (pip install fastjsonschema)")
}

// MARK: timed runs
let clock = ContinuousClock()

func runCustoms(jobs: Int, files: [String]) -> PeerRun {
    BenchmarkSupport.runCustoms(compiled, jobs: jobs, files: files) { JSONReader() }
}

func runByteScan(_ files: [String]) -> PeerRun { BenchmarkSupport.runByteScan(files, counting: 0x22) }

nonisolated(unsafe) var fastjsonschemaValidationOnly: [Double] = []
func runFastJSONSchema() -> PeerRun {
    let fields = shell("python3 \(peer) \(schema) \(list)").output.split(separator: " ")
    guard fields.count == 3, let invalid = Int(fields[0]), let loop = Double(fields[1]),
        let validating = Double(fields[2].trimmingCharacters(in: .whitespacesAndNewlines))
    else { fail("the fastjsonschema peer failed") }
    fastjsonschemaValidationOnly.append(validating)
    return (loop, invalid)
}

// Memory first: a tenth of the batch, then (below) all of it, several times.
_ = runCustoms(jobs: 1, files: Array(files.prefix(max(1, files.count / 10))))
let rssAfterTenth = peakRSSMegabytes()

let runs = InterleavedRuns(
    rounds: rounds,
    peers: [
        ("customs, 1 core", { runCustoms(jobs: 1, files: files) }),
        ("customs, 2 cores", { runCustoms(jobs: 2, files: files) }),
        ("fastjsonschema (Python)", runFastJSONSchema), ("raw byte scan", { runByteScan(files) }),
        (
            "customs, 1 core, one NDJSON file",
            { BenchmarkSupport.runCustoms(compiled, jobs: 1, files: [lines]) { JSONReader(layout: .lines) } }
        ),
        ("raw byte scan, one NDJSON file", { runByteScan([lines]) }),
    ])

let megabytes = Double(bytes) / 1_000_000
print(
    "workload: \(files.count) JSON messages of \(packageID), \(String(format: "%.1f", megabytes)) MB (\(bytes / files.count) bytes each on average); \(rounds) interleaved rounds"
)
print(
    "peak RSS of this process (customs runs in it): \(rssAfterTenth) MB after a tenth of the batch, \(peakRSSMegabytes()) MB after all runs"
)
runs.printTable(megabytes: megabytes, messages: files.count)
let one = runs.median("customs, 1 core")
print(
    String(
        format:
            "ratios (medians): customs 1 core / fastjsonschema = %.1f (validation alone, json.loads left out: %.1f); customs 1 core / byte scan = %.2f; customs 2 cores / 1 core = %.2f",
        runs.median("fastjsonschema (Python)") / one, median(fastjsonschemaValidationOnly) / one,
        runs.median("raw byte scan") / one, one / runs.median("customs, 2 cores")))
let oneFile = runs.median("customs, 1 core, one NDJSON file")
print(
    String(
        format: "one NDJSON file: customs 1 core %.1f MB/s, byte scan %.1f MB/s (customs / byte scan = %.2f)",
        megabytes / oneFile, megabytes / runs.median("raw byte scan, one NDJSON file"),
        runs.median("raw byte scan, one NDJSON file") / oneFile))
print("(fastjsonschema's CPU time includes its interpreter start-up and schema compilation; its wall time does not)")
