import CustomsJSON
import CustomsModel
import CustomsValidation
import CustomsXML

/// The syntax of the DM messages a mapping writes or reads.
public enum DMSyntax: String, Sendable, CaseIterable {
    /// XML, the package's XML form.
    case xml
    /// JSON, the package's JSON binding.
    case json
}

/// Maps national records to DM messages and checks each message written against the package,
/// as `customs map --to dm` does: one place for the CLI, the tests and the benchmark.
public final class RecordTranslator {
    /// What became of one national record.
    public struct Outcome {
        /// The DM message as written (XML document or one line of JSON); nil when some value
        /// could not be mapped (a message without it would only add findings about its absence).
        public let text: String?
        /// Values that could not be mapped.
        public let issues: [MappingIssue]
        /// Findings of validating the written message against the package.
        public let findings: [Diagnostic]

        /// True when everything mapped and the message is valid.
        public var isClean: Bool { issues.isEmpty && !findings.contains { $0.severity == .error } }

        /// `mapped`, `invalid` (mapped, but the message is invalid) or `failed` (some value could
        /// not be mapped).
        public var status: String {
            !issues.isEmpty ? "failed" : findings.contains { $0.severity == .error } ? "invalid" : "mapped"
        }
    }

    /// The mapper.
    public let mapper: RecordMapper
    private let compiled: CompiledPackage
    private let syntax: DMSyntax
    private let reader: any MessageReader
    private let session: ValidationSession

    /// A translator writing `syntax`, validating against `compiled` (the mapping's package).
    public init(
        mapping: Mapping, package: InformationPackage, compiled: CompiledPackage, syntax: DMSyntax,
        maxFindings: Int = 100
    ) {
        mapper = RecordMapper(mapping: mapping, package: package)
        self.compiled = compiled
        self.syntax = syntax
        reader = syntax == .xml ? SecureXMLReader() : JSONReader(layout: .document)
        session = ValidationSession(package: compiled, maxFindings: maxFindings)
    }

    /// Maps one record and validates the message.
    public func translate(_ record: NationalRecord) -> Outcome {
        // Written once as bytes straight from the mapping, validated from them, turned into
        // text once.
        let (bytes, issues) =
            syntax == .xml ? mapper.toDMXML(record) : mapper.toDMJSON(record, compiled: compiled)
        guard issues.isEmpty else { return Outcome(text: nil, issues: issues, findings: []) }
        let results = reader.validateMessages(bytes: bytes, with: session)
        return Outcome(
            text: String(decoding: bytes, as: UTF8.self), issues: issues, findings: results.flatMap(\.diagnostics))
    }
}
