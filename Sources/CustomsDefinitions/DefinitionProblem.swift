import CustomsModel

/// A mistake in a definition file, located at file:line:column.
///
/// The loader never stops at the first problem: it reports every problem of a folder together,
/// and builds whatever the remaining definitions allow.
public struct DefinitionProblem: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// What kind of mistake it is; stable, for scripts and tests.
    public enum Code: String, Sendable, Codable, CaseIterable {
        /// The file is not valid YAML or CSV, or not UTF-8.
        case syntax
        /// A required field or column is missing or empty.
        case missingField = "missing-field"
        /// A key that the format does not define (often a typo).
        case unknownKey = "unknown-key"
        /// Two definitions share one ID (elements, classes, code lists, codes, packages, tags).
        case duplicateID = "duplicate-id"
        /// A reference to something that does not exist: element, class, code list, base package,
        /// pointer.
        case danglingReference = "dangling-reference"
        /// A cardinality that cannot be read, or whose min is greater than its max.
        case invalidCardinality = "invalid-cardinality"
        /// A value format that is not WCO notation (`an..35`, `n..16,3`).
        case unknownFormat = "unknown-format"
        /// A profile that allows more than its base (looser cardinality, format or codes).
        case loosensBase = "loosens-base"
        /// Any other value that is not allowed where it stands.
        case invalidValue = "invalid-value"
        /// A file or folder that could not be read.
        case io
    }

    /// Where the mistake is.
    public let location: SourceLocation
    /// What kind of mistake it is.
    public let code: Code
    /// The ID concerned (element, class, code list, package, pointer), if any.
    public let id: String?
    /// What is wrong, for people.
    public let message: String
    /// A known name close to a misspelled one.
    public let suggestion: String?

    /// Creates a problem.
    public init(
        _ code: Code, at location: SourceLocation, id: String? = nil, _ message: String, suggestion: String? = nil
    ) {
        self.location = location
        self.code = code
        self.id = id
        self.message = message
        self.suggestion = suggestion
    }

    /// `file:line:column: error[code]: message (did you mean 'x'?)`, like compiler output.
    public var description: String {
        var text = "\(location): error[\(code.rawValue)]: \(message)"
        if let suggestion { text += " (did you mean '\(suggestion)'?)" }
        return text
    }
}

/// Collects problems while loading; every loader reports into one.
struct ProblemLog {
    private(set) var problems: [DefinitionProblem] = []

    mutating func report(
        _ code: DefinitionProblem.Code, at location: SourceLocation, id: String? = nil, _ message: String,
        suggestion: String? = nil
    ) {
        problems.append(DefinitionProblem(code, at: location, id: id, message, suggestion: suggestion))
    }

    /// Reports a dangling reference, suggesting the closest known name.
    mutating func reportDangling(
        _ what: String, _ name: String, at location: SourceLocation, known: some Sequence<String>
    ) {
        report(
            .danglingReference, at: location, id: name, "unknown \(what) '\(name)'",
            suggestion: Suggestions.closest(to: name, among: known))
    }
}
