import CustomsDefinitions
import CustomsModel

/// A failure that ends a command with exit code 2 and one clear message on stderr.
struct CLIError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }

    /// The definitions folder has problems, so no command but `check` should trust it.
    static func brokenDefinitions(_ directory: String, _ problems: [DefinitionProblem]) -> CLIError {
        let shown = problems.prefix(5).map { "  \($0)" }.joined(separator: "\n")
        let more = problems.count > 5 ? "\n  … and \(problems.count - 5) more" : ""
        return CLIError(
            "the definitions in \(directory) have \(problems.count) problem(s); run 'customs packages check \(directory)':\n\(shown)\(more)"
        )
    }

    /// No package or profile has this ID.
    static func unknownPackage(_ id: String, in catalog: Catalog) -> CLIError {
        var message = "no package or profile '\(id)'"
        if let suggestion = Suggestions.closest(to: id, among: catalog.packages.map(\.id)) {
            message += " (did you mean '\(suggestion)'?)"
        }
        return CLIError(message + "; 'customs packages list' shows them all")
    }
}

/// "Did you mean" for mistyped subcommands, which ArgumentParser reports as unexpected arguments.
enum UsageSuggestions {
    static let words = [
        "packages", "elements", "validate", "generate", "export", "xsd", "list", "show", "check", "diff", "find",
    ]

    static func suggestion(for message: String) -> String? {
        guard message.lowercased().contains("unexpected argument"), let start = message.range(of: "'"),
            let end = message[start.upperBound...].firstIndex(of: "'")
        else { return nil }
        let word = String(message[start.upperBound..<end])
        return Suggestions.closest(to: word, among: words).map { "Did you mean '\($0)'?" }
    }
}
