import ArgumentParser

/// `customs packages …`: information packages and national profiles.
struct PackagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "packages",
        abstract: "List, show, check and compare information packages and national profiles.",
        subcommands: [PackagesList.self, PackagesShow.self, PackagesCheck.self, PackagesDiff.self]
    )
}
