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
