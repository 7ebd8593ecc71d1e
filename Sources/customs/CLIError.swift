import ArgumentParser
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
        var message = "no package or profile '\(Terminal.printable(id))'"
        if let suggestion = Suggestions.closest(to: id, among: catalog.packages.map(\.id)) {
            message += " (did you mean '\(suggestion)'?)"
        }
        return CLIError(message + "; 'customs packages list' shows them all")
    }
}

/// "Did you mean" for mistyped subcommands, found by walking the command tree itself (so that
/// every subcommand, now and later, is a candidate) rather than by reading ArgumentParser's
/// English error text.
enum UsageSuggestions {
    /// The first word of `arguments` that stands where a subcommand must and is none, with the
    /// command it was given to and the nearest subcommand's name.
    struct UnknownSubcommand: Equatable {
        let word: String
        let command: String
        let suggestion: String?

        var message: String {
            "unknown command '\(Terminal.printable(word))' for '\(command)'"
                + (suggestion.map { " (did you mean '\($0)'?)" } ?? "") + "; see '\(command) --help'"
        }
    }

    static func unknownSubcommand(
        in arguments: some Sequence<String>, root: any ParsableCommand.Type
    )
        -> UnknownSubcommand?
    {
        var command = root
        var path = [root._commandName]
        for argument in arguments {
            let subcommands = command.configuration.subcommands
            // An option, or a command that takes arguments: the word is not a subcommand's.
            if argument.hasPrefix("-") || subcommands.isEmpty || argument == "help" { return nil }
            guard let next = subcommands.first(where: { $0._commandName == argument }) else {
                return UnknownSubcommand(
                    word: argument, command: path.joined(separator: " "),
                    suggestion: Suggestions.closest(to: argument, among: subcommands.map { $0._commandName }))
            }
            command = next
            path.append(argument)
        }
        return nil
    }
}
