import CustomsModel
import CustomsValidation

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
        OrderedParallel.map(count: records.count, jobs: workers.count) { worker, index in
            workers[worker].translate(records[index])
        }
    }
}
