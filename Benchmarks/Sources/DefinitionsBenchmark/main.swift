import CustomsDefinitions
import Foundation

// Loading and checking a DataModel folder, beside a peer on the same files in the same run:
// Python parsing the same YAML (PyYAML, C loader when available) and CSV (csv module) — parsing
// only, no checks, no tree building — so the ratio shows what our checks cost over bare parsing.
//
// usage: definitions-benchmark <DataModel dir> [runs]

let arguments = CommandLine.arguments
let directory = arguments.count > 1 ? arguments[1] : "../DataModel"
let runs = arguments.count > 2 ? Int(arguments[2]) ?? 30 : 30

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

let warm = DefinitionLoader.load(directory: directory)
guard warm.isClean else {
    FileHandle.standardError.write(Data("the definitions have problems; run customs packages check\n".utf8))
    exit(2)
}
let clock = ContinuousClock()
var ours: [Double] = []
for _ in 0..<runs {
    let elapsed = clock.measure { _ = DefinitionLoader.load(directory: directory) }
    ours.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15)
}

let peerScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("peer/parse_definitions.py").path
let process = Process()
process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
process.arguments = ["python3", peerScript, directory, String(runs)]
let pipe = Pipe()
process.standardOutput = pipe
try process.run()
let peerOutput = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
process.waitUntilExit()
let peer = Double(peerOutput.split(separator: " ").first.map(String.init) ?? "") ?? .nan
let peerLabel = peerOutput.split(separator: " ").dropFirst().joined(separator: " ").trimmingCharacters(
    in: .whitespacesAndNewlines)

let catalog = warm.catalog
print(
    "workload: \(directory): \(warm.fileCount) files, \(catalog.elements.count) elements, \(catalog.packages.count) packages; median of \(runs) runs"
)
print(String(format: "customs load + check            %8.2f ms", median(ours)))
print(String(format: "peer: %@%8.2f ms", peerLabel.padding(toLength: 26, withPad: " ", startingAt: 0), peer))
print(String(format: "ratio (peer / customs)          %8.2f", peer / median(ours)))
