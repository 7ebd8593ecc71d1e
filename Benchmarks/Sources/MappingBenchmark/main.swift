import BenchmarkSupport
import CustomsDefinitions
import CustomsMapping
import CustomsModel
import CustomsValidation
import CustomsXML
import Foundation

// Maps N national records (XA's flat CSV, the shipped samples replicated with fresh LRNs) to DM
// XML, record by record as `customs map` does, timing mapping and validation of each message
// apart; then xmllint --schema beside our validation on a sample of the same messages.
//
//   swift run -c release MappingBenchmark ../DataModel ../Records/xa-import-csv/declarations.csv 1000000

let arguments = CommandLine.arguments
guard arguments.count >= 3 else { fail("usage: MappingBenchmark <DataModel> <records.csv> [count]") }
let count = arguments.count > 3 ? Int(arguments[3]) ?? 1_000_000 : 1_000_000
let loaded = DefinitionLoader.load(directory: arguments[1])
guard loaded.isClean, let mapping = loaded.catalog.mapping("xa-import-csv"),
    let package = loaded.catalog.package(mapping.packageID)
else { fail("cannot load the definitions: \(loaded.problems.prefix(3))") }
let compiled = try Compiler.compile(package, codeLists: loaded.catalog.codeLists)

// The sample file: its header row and its records (header line plus item lines), each record's
// LRN to be replaced by a fresh one.
let sample = try String(contentsOfFile: arguments[2], encoding: .utf8)
var lines = sample.split(separator: "\n").map(String.init)
let headerRow = lines.removeFirst()
var blocks: [[String]] = []
for line in lines {
    if line.hasPrefix("H,") { blocks.append([line]) } else { blocks[blocks.count - 1].append(line) }
}

/// The CSV text of records `start..<end`, block after block, LRNs XA26-B000001, …
@MainActor func csvChunk(_ start: Int, _ end: Int) -> [UInt8] {
    var text = ""
    for index in start..<end {
        for (position, line) in blocks[index % blocks.count].enumerated() {
            if position == 0 {
                let fields = line.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
                text += "H,XA26-B\(String(index).leftPadded(to: 8)),\(fields[2])\n"
            } else {
                text += line + "\n"
            }
        }
    }
    return Array(text.utf8)
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

let mapper = RecordMapper(mapping: mapping, package: package)
let reader = SecureXMLReader()
let session = ValidationSession(package: compiled, maxFindings: 10)
let stream = NationalRecordStream(mapping: mapping, name: "records.csv")
let clock = ContinuousClock()
var mapTime = Duration.zero
var validateTime = Duration.zero
var bytesOut = 0
var invalid = 0
var failed = 0
var sampleMessages: [String] = []
var records = 0
let rssBefore = peakRSSMegabytes()
let cpuStart = cpuSeconds()

@MainActor func handle(_ read: ReadRecord) {
    guard let record = read.record else {
        failed += 1
        return
    }
    records += 1
    let start = clock.now
    let (bytes, issues) = mapper.toDMXML(record)
    let mapped = clock.now
    let result = reader.validateMessages(bytes: bytes, with: session)
    validateTime += clock.now - mapped
    mapTime += mapped - start
    bytesOut += bytes.count
    if !issues.isEmpty { failed += 1 }
    if !result.allSatisfy(\.isValid) { invalid += 1 }
    if sampleMessages.count < 2000 { sampleMessages.append(String(decoding: bytes, as: UTF8.self)) }
}

try stream.feed(Array((headerRow + "\n").utf8), emit: handle)
var next = 0
while next < count {
    let end = min(next + 1000, count)
    try stream.feed(csvChunk(next, end), emit: handle)
    next = end
}
try stream.finish(emit: handle)
let cpu = cpuSeconds() - cpuStart

print("records: \(records) mapped, \(failed) failed, \(invalid) invalid messages; \(bytesOut / 1_000_000) MB of XML")
print(
    String(
        format: "mapping (record → DM XML bytes): %.2f s, %.0f records/s", seconds(mapTime),
        Double(records) / seconds(mapTime)))
print(
    String(
        format: "validation alone of the same XML (scanner):  %.2f s, %.0f records/s", seconds(validateTime),
        Double(records) / seconds(validateTime)))
print(
    String(
        format: "whole loop, CPU: %.2f s; peak RSS %d MB (%d MB before the loop)", cpu, peakRSSMegabytes(), rssBefore))

// Beside a peer: xmllint --schema on 2,000 of the messages, and ours on the same files.
let folder = NSTemporaryDirectory() + "customs-mapping-benchmark"
try? FileManager.default.removeItem(atPath: folder)
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
for (index, text) in sampleMessages.enumerated() {
    try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/m\(String(index).leftPadded(to: 5)).xml"))
}
let schema = folder + "/xa-import.xsd"
try Data(XSDExporter.export(package, codeLists: loaded.catalog.codeLists).utf8).write(to: URL(fileURLWithPath: schema))
let files = try messageFiles(in: folder, suffix: "xml").files
let peerStart = cpuSeconds()
let peer = shell("xmllint --noout --nonet --schema \(schema) \(folder)/m*.xml 2>&1 | grep -c ' validates$'")
let peerCPU = cpuSeconds() - peerStart
let oursStart = cpuSeconds()
var oursValid = 0
for file in files {
    if reader.validateMessages(file: file, with: session).allSatisfy(\.isValid) { oursValid += 1 }
}
let oursCPU = cpuSeconds() - oursStart
print(
    String(
        format: "2,000 of the messages: xmllint --schema %.2f s CPU (%@ valid), customs %.2f s CPU (%d valid): %.1fx",
        peerCPU, peer.output.trimmingCharacters(in: .whitespacesAndNewlines), oursCPU, oursValid, peerCPU / oursCPU))
