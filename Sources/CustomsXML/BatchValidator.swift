import CustomsModel
import CustomsValidation
import Dispatch
import Synchronization

/// Validates many messages in parallel with bounded memory: files are taken in windows of
/// `windowSize`; the workers (one reader and one session each) share a window through an atomic
/// index; results are handed back in input order, window by window, and then dropped.
///
/// ```swift
/// let batch = BatchValidator(package: compiled, jobs: 2)
/// batch.run(files: paths) { index, result in print(paths[index], result.isValid) }
/// ```
public final class BatchValidator {
    /// The package every message is checked against.
    public let package: CompiledPackage
    /// How many threads validate at once.
    public let jobs: Int
    /// How many results are held before they are handed back.
    public let windowSize: Int
    private let workers: [Worker]

    final class Worker {
        let reader: SecureXMLReader
        let session: ValidationSession
        init(package: CompiledPackage, limits: XMLReaderLimits, maxFindings: Int) {
            reader = SecureXMLReader(limits: limits)
            session = ValidationSession(package: package, maxFindings: maxFindings)
        }
    }

    /// A batch runner with `jobs` workers.
    public init(
        package: CompiledPackage, jobs: Int, maxFindings: Int = 100, limits: XMLReaderLimits = XMLReaderLimits(),
        windowSize: Int = 512
    ) {
        self.package = package
        self.jobs = max(1, jobs)
        self.windowSize = max(1, windowSize)
        self.workers = (0..<max(1, jobs)).map { _ in Worker(package: package, limits: limits, maxFindings: maxFindings)
        }
    }

    /// Validates `files`, calling `deliver` for each in input order; `deliver` returns false to
    /// stop early (for `--fail-fast`).
    public func run(files: [String], deliver: (Int, SecureXMLReader.Result) -> Bool) {
        var windowStart = 0
        while windowStart < files.count {
            let windowEnd = min(files.count, windowStart + windowSize)
            let results = validateWindow(files, windowStart..<windowEnd)
            for (offset, result) in results.enumerated() where !deliver(windowStart + offset, result) { return }
            windowStart = windowEnd
        }
    }

    private func validateWindow(_ files: [String], _ range: Range<Int>) -> [SecureXMLReader.Result] {
        let slots = UnsafeMutableBufferPointer<SecureXMLReader.Result?>.allocate(capacity: range.count)
        slots.initialize(repeating: nil)
        defer { slots.deallocate() }
        let next = Atomic<Int>(range.lowerBound)
        let work = WindowWork(files: files, range: range, slots: slots, workers: workers)
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
    let slots: UnsafeMutableBufferPointer<SecureXMLReader.Result?>
    let workers: [BatchValidator.Worker]

    func run(worker workerIndex: Int, next: borrowing Atomic<Int>) {
        let worker = workers[workerIndex]
        while true {
            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < range.upperBound else { return }
            slots[index - range.lowerBound] = worker.reader.validate(file: files[index], with: worker.session)
        }
    }
}
