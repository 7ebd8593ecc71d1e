import CustomsValidation
import Foundation

// What every benchmark here needs: running a peer, CPU time, medians.

/// Prints `message` and exits with status 2 (a set-up failure, not a measurement).
public func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

/// Runs `command` with /bin/sh, without the malloc interposer in its environment; its status and
/// standard output.
public func shell(_ command: String) -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    var environment = ProcessInfo.processInfo.environment
    environment.removeValue(forKey: "LD_PRELOAD")
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    try? process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// `duration` in seconds.
public func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// CPU seconds (user + system, this process and its finished children) so far: unlike wall
/// time, they leave out the time a noisy neighbour takes the core away (steal).
public func cpuSeconds() -> Double {
    var own = rusage()
    var children = rusage()
    getrusage(RUSAGE_SELF.rawValue, &own)
    getrusage(RUSAGE_CHILDREN.rawValue, &children)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(own.ru_utime) + seconds(own.ru_stime) + seconds(children.ru_utime) + seconds(children.ru_stime)
}

/// This process's peak resident set so far, in MB.
public func peakRSSMegabytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss / 1024
}

/// The median of `values` (the upper one of an even count).
public func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// The files in `folder` whose names end in `.suffix`, sorted, with their total size in bytes.
public func messageFiles(in folder: String, suffix: String) throws -> (files: [String], bytes: Int) {
    let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
        $0.lowercased().hasSuffix("." + suffix)
    }.sorted().map { (folder as NSString).appendingPathComponent($0) }
    let bytes = files.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
    return (files, bytes)
}

/// What one timed run of a peer gives: wall seconds, and how many messages it found invalid.
public typealias PeerRun = (seconds: Double, invalid: Int)

/// Validates `files` with a `BatchValidator` of `jobs` workers, each with `makeReader()`'s reader.
public func runCustoms(
    _ compiled: CompiledPackage, jobs: Int, files: [String], makeReader: @escaping () -> any MessageReader
) -> PeerRun {
    let batch = BatchValidator(package: compiled, jobs: jobs, maxFindings: 100) { [makeReader()] }
    var invalid = 0
    let elapsed = ContinuousClock().measure {
        batch.run(files: files) { _, results in
            invalid += results.count { !$0.isValid }
            return true
        }
    }
    return (seconds(elapsed), invalid)
}

/// Peers run in interleaved rounds (each peer once per round, so that a noisy machine slows
/// them alike), with wall and CPU time per run.
public struct InterleavedRuns {
    /// The peers, by name, in the order they run and are reported.
    public let peers: [(name: String, run: () -> PeerRun)]
    /// Wall seconds per run, by peer.
    public private(set) var times: [String: [Double]] = [:]
    /// CPU seconds (user + system, this process and its children) per run: unlike wall time,
    /// they leave out the time a noisy neighbour takes the core away (steal).
    public private(set) var cpuTimes: [String: [Double]] = [:]
    /// The invalid count of each peer's last run.
    public private(set) var invalidCounts: [String: Int] = [:]

    /// Runs every peer `rounds` times.
    public init(rounds: Int, peers: [(name: String, run: () -> PeerRun)]) {
        self.peers = peers
        for _ in 0..<rounds {
            for (name, run) in peers {
                let cpuBefore = cpuSeconds()
                let (time, invalid) = run()
                cpuTimes[name, default: []].append(cpuSeconds() - cpuBefore)
                times[name, default: []].append(time)
                invalidCounts[name] = invalid
            }
        }
    }

    /// The median wall time of `peer`.
    public func median(_ peer: String) -> Double { BenchmarkSupport.median(times[peer]!) }
    /// The median over rounds of `peer`'s wall time divided by `other`'s in the same round: a
    /// slow stretch of the machine then weighs on both sides of each ratio.
    public func medianRatio(_ peer: String, over other: String) -> Double {
        BenchmarkSupport.median(zip(times[peer]!, times[other]!).map { $0 / $1 })
    }
    /// The median CPU time of `peer`.
    public func medianCPU(_ peer: String) -> Double { BenchmarkSupport.median(cpuTimes[peer]!) }

    /// The table: median and best MB/s, messages/s, MB per CPU-second, invalid count.
    public func printTable(megabytes: Double, messages: Int) {
        let width = peers.map(\.name.count).max() ?? 20
        print(
            "what".padding(toLength: width, withPad: " ", startingAt: 0)
                + "  median MB/s   best MB/s   messages/s (median)   MB per CPU-s (median)   invalid")
        for (name, _) in peers {
            let values = times[name]!
            print(
                name.padding(toLength: width, withPad: " ", startingAt: 0)
                    + String(
                        format: "  %11.1f  %10.1f  %20.0f  %22.1f  %8d", megabytes / median(name),
                        megabytes / values.min()!, Double(messages) / median(name), megabytes / medianCPU(name),
                        invalidCounts[name]!))
        }
    }
}

/// The raw-read peer: reads every file in 64 KiB chunks, as the readers do, and looks at every
/// byte once (counting `byte`, so that the loop is not optimised away). Invalid count: -1 when
/// no such byte was seen.
public func runByteScan(_ files: [String], counting byte: UInt8) -> (seconds: Double, invalid: Int) {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 16)
    defer { buffer.deallocate() }
    var found = 0
    let elapsed = ContinuousClock().measure {
        for file in files {
            let descriptor = open(file, O_RDONLY)
            guard descriptor >= 0 else { continue }
            while true {
                let count = read(descriptor, buffer.baseAddress, buffer.count)
                if count <= 0 { break }
                for value in UnsafeRawBufferPointer(rebasing: buffer[0..<count]) where value == byte { found += 1 }
            }
            close(descriptor)
        }
    }
    return (seconds(elapsed), found == 0 ? -1 : 0)
}
