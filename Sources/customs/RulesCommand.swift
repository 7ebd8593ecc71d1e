import ArgumentParser

/// `customs rules …`: the business rules of packages and profiles.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the business rules of a package or profile, and explain how one evaluated on a message.",
        subcommands: [RulesList.self, RulesExplain.self]
    )
}
