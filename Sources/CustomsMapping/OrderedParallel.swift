import Dispatch
import Synchronization

/// Work spread over cores with results in order: the one mechanism behind mapping records
/// (`ParallelTranslator`) and reading DM messages (`customs map --to national`, `--from/--to`).
public enum OrderedParallel {
    /// `body(worker, index)` for every index below `count`, on up to `jobs` cores, the results in
    /// index order. Indexes are handed out one at a time from a shared counter; `worker` (below
    /// `jobs`) says which core runs the call, so that each core may use state of its own.
    public static func map<Result>(
        count: Int, jobs: Int, _ body: (_ worker: Int, _ index: Int) -> Result
    ) -> [Result] {
        if jobs <= 1 || count < 2 { return (0..<count).map { body(0, $0) } }
        return withoutActuallyEscaping(body) { body in
            let slots = UnsafeMutableBufferPointer<Result?>.allocate(capacity: count)
            slots.initialize(repeating: nil)
            defer {
                slots.deinitialize()
                slots.deallocate()
            }
            let shared = Shared(slots: slots, body: body)
            let next = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: min(jobs, count)) { worker in
                while true {
                    let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard index < count else { return }
                    shared.slots[index] = shared.body(worker, index)
                }
            }
            return slots.map { $0! }
        }
    }

    /// What the cores share. Each slot is written by the one core that took its index from the
    /// counter, and read after all are done; `body` is the caller's, which keeps per-core state
    /// apart by `worker`.
    private struct Shared<Result>: @unchecked Sendable {
        let slots: UnsafeMutableBufferPointer<Result?>
        let body: (Int, Int) -> Result
    }
}
