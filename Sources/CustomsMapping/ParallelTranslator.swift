import CustomsModel
import CustomsValidation
import Dispatch
import Synchronization

/// Maps batches of national records on several cores, each worker with its own translator (a
/// translator's reader and session are not shared), results in the records' order.
public final class ParallelTranslator {
    private let workers: [RecordTranslator]

    /// `jobs` workers, each mapping with `mapping` to `package` and validating against `compiled`.
    public init(
        mapping: Mapping, package: InformationPackage, compiled: CompiledPackage, syntax: DMSyntax, maxFindings: Int,
        jobs: Int
    ) {
        workers = (0..<max(1, jobs)).map { _ in
            RecordTranslator(
                mapping: mapping, package: package, compiled: compiled, syntax: syntax, maxFindings: maxFindings)
        }
    }

    /// The outcome of each record, in order.
    public func translate(_ records: [NationalRecord]) -> [RecordTranslator.Outcome] {
        if workers.count == 1 || records.count < 2 { return records.map(workers[0].translate) }
        let slots = UnsafeMutableBufferPointer<RecordTranslator.Outcome?>.allocate(capacity: records.count)
        slots.initialize(repeating: nil)
        defer {
            slots.deinitialize()
            slots.deallocate()
        }
        let next = Atomic<Int>(0)
        let work = BatchWork(records: records, slots: slots, workers: workers)
        DispatchQueue.concurrentPerform(iterations: min(workers.count, records.count)) { worker in
            work.run(worker: worker, next: next)
        }
        return slots.map { $0! }
    }
}

/// One batch's shared state. Records are only read; each slot is written by the one worker that
/// took its index from the counter, and read after all workers are done.
private struct BatchWork: @unchecked Sendable {
    let records: [NationalRecord]
    let slots: UnsafeMutableBufferPointer<RecordTranslator.Outcome?>
    let workers: [RecordTranslator]

    func run(worker: Int, next: borrowing Atomic<Int>) {
        while true {
            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < records.count else { return }
            slots[index] = workers[worker].translate(records[index])
        }
    }
}
