import ArgumentParser
import CustomsModel

/// `customs elements find <ID | pointer | words>`: the dictionary by ID, pointer, or words of
/// the name, dictionary entry name or description.
struct ElementsFind: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find",
        abstract: "Find data elements and classes by WCO ID, pointer, or words.",
        discussion: """
            A national data-element number (12 09 001 000, 2/5, XA 2/5: a profile's, or one an \
            imported schema's annotations give) shows the elements that carry it; a WCO ID (D026, 42A) shows that entry and every place the packages use it; a pointer \
            (42A/67A/68A/03A/226) shows the node it names in each package that has it; words \
            (gross mass) match names, dictionary entry names and descriptions, all words required. \
            Exit 1 when nothing matches.

            EXAMPLES:
              customs elements find D026
              customs elements find "12 09 001 000"
              customs elements find 42A/67A/68A/03A/226
              customs elements find gross mass --format json
            """
    )

    @OptionGroup var dataModel: DataModelOptions
    @Argument(help: "A WCO ID, a pointer, or words.") var query: [String]
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    /// The longest query: the longest pointer of the shipped packages is under 40 characters,
    /// and every candidate name is compared with the query for "did you mean".
    static let maximumQueryLength = 500

    func validate() throws {
        if query.joined().trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("give a WCO ID, a pointer or words to look for")
        }
        if query.joined(separator: " ").count > Self.maximumQueryLength {
            throw ValidationError("the query is longer than \(Self.maximumQueryLength) characters")
        }
    }

    func run() throws {
        let catalog = try dataModel.loadCatalog()
        let search = DictionarySearch(catalog: catalog)
        let matches = search.find(query.joined(separator: " "))
        switch format {
        case .json: try Terminal.printJSON(matches)
        case .text:
            if matches.isEmpty {
                var message = "nothing matches '\(Terminal.printable(query.joined(separator: " ")))'"
                if let suggestion = search.suggestion(for: query.joined(separator: " ")) {
                    message += " (did you mean '\(Terminal.printable(suggestion))'?)"
                }
                Terminal.note(message)
            }
            for match in matches { print(match.text) }
        }
        if matches.isEmpty { throw ExitCode(ExitStatus.findings.rawValue) }
    }
}

extension DictionarySearch.Match {
    /// The match for people: a heading line, its facts, and where packages use it.
    var text: String {
        var lines = ["\(id)  \(name)  (\(kind))"]
        if let format { lines.append("  format: \(format)\(codeList.map { ", code list: \($0)" } ?? "")") }
        if let dictionaryEntryName { lines.append("  dictionary entry name: \(dictionaryEntryName)") }
        if let untded { lines.append("  UNTDED: \(untded)") }
        if !usage.isEmpty { lines.append("  usage: \(usage.joined(separator: " "))") }
        if !description.isEmpty { lines.append("  \(description)") }
        let shown = uses.prefix(12)
        for use in shown {
            lines.append(
                "  used in \(use.package) at \(use.pointer)  \(use.path) [\(use.cardinality)]\(Terminal.national(name: use.nationalName, id: use.nationalID))"
            )
        }
        if uses.count > shown.count { lines.append("  … and \(uses.count - shown.count) more places") }
        return lines.joined(separator: "\n")
    }
}
