import CustomsModel
import Dispatch
import Synchronization

/// Validates many files in parallel with bounded memory: files are taken in windows of
/// `windowSize`; the workers (one session and one reader per syntax each) share a window through
/// an atomic index; results are handed back in input order, window by window, and then dropped.
///
/// ```swift
/// let batch = BatchValidator(package: compiled, jobs: 2) { [SecureXMLReader(), JSONReader()] }
/// batch.run(files: paths, reader: { _ in 0 }) { index, results in print(paths[index], results) }
/// ```
public final class BatchValidator {
    /// The package every message is checked against.
    public let package: CompiledPackage
    /// How many threads validate at once.
    public let jobs: Int
    /// How many files' results are held before they are handed back.
    public let windowSize: Int
    private let workers: [Worker]

    final class Worker {
        let readers: [any MessageReader]
        let session: ValidationSession
        init(package: CompiledPackage, readers: [any MessageReader], maxFindings: Int) {
            self.readers = readers
            session = ValidationSession(package: package, maxFindings: maxFindings)
        }
    }

    /// A batch runner with `jobs` workers; `makeReaders` gives each worker its own readers (one
    /// per syntax), which `run` picks by index.
    public init(
        package: CompiledPackage, jobs: Int, maxFindings: Int = 100, windowSize: Int = 512,
        makeReaders: () -> [any MessageReader]
    ) {
        self.package = package
        self.jobs = max(1, jobs)
        self.windowSize = max(1, windowSize)
        self.workers = (0..<max(1, jobs)).map { _ in
            Worker(package: package, readers: makeReaders(), maxFindings: maxFindings)
        }
    }

    /// Validates `files`, each with the reader at index `reader(file index)`, calling `deliver`
    /// for each file in input order; `deliver` returns false to stop early (for `--fail-fast`,
    /// or an interrupted run). A file whose reader index is nil is not read here: it is delivered
    /// with no results in its place, for the caller to read (standard input, which only one
    /// thread may read, and in order).
    public func run(
        files: [String], reader: (Int) -> Int? = { _ in 0 }, deliver: (Int, FileResults) -> Bool
    ) {
        var windowStart = 0
        while windowStart < files.count {
            let windowEnd = min(files.count, windowStart + windowSize)
            let choices = (windowStart..<windowEnd).map(reader)
            let results = validateWindow(files, windowStart..<windowEnd, choices)
            for (offset, result) in results.enumerated() where !deliver(windowStart + offset, result) { return }
            windowStart = windowEnd
        }
    }

    private func validateWindow(_ files: [String], _ range: Range<Int>, _ readers: [Int?]) -> [FileResults] {
        let slots = UnsafeMutableBufferPointer<FileResults?>.allocate(capacity: range.count)
        slots.initialize(repeating: nil)
        defer {
            slots.deinitialize()
            slots.deallocate()
        }
        let next = Atomic<Int>(range.lowerBound)
        let work = WindowWork(files: files, range: range, readers: readers, slots: slots, workers: workers)
        DispatchQueue.concurrentPerform(iterations: min(jobs, range.count)) { workerIndex in
            work.run(worker: workerIndex, next: next)
        }
        return slots.map { $0! }
    }
}

/// One window's shared state. Each slot is written by exactly one worker (the one that took its
/// index from the atomic counter) and read only after all workers are done.
private struct WindowWork: @unchecked Sendable {
    let files: [String]
    let range: Range<Int>
    let readers: [Int?]
    let slots: UnsafeMutableBufferPointer<FileResults?>
    let workers: [BatchValidator.Worker]

    func run(worker workerIndex: Int, next: borrowing Atomic<Int>) {
        let worker = workers[workerIndex]
        while true {
            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < range.upperBound else { return }
            guard let choice = readers[index - range.lowerBound] else {
                slots[index - range.lowerBound] = FileResults([])
                continue
            }
            slots[index - range.lowerBound] = worker.readers[choice].validateMessages(
                file: files[index], with: worker.session)
        }
    }
}
