import ArgumentParser

/// `customs rules …`: the business rules of packages and profiles.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the business rules of a package or profile.",
        subcommands: [RulesList.self]
    )
}
