import ArgumentParser

/// `customs elements …`: the data element dictionary.
struct ElementsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "elements",
        abstract: "Search the WCO DM dictionary of data elements and classes.",
        subcommands: [ElementsFind.self]
    )
}
