import ArgumentParser
import Foundation

/// The `customs` command: the root of all subcommands.
///
/// Exit codes (see `ExitStatus`): 0 fine, 1 findings, 2 usage, definition or I/O errors.
@main
struct Customs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customs",
        abstract: "A toolkit for the WCO Data Model: packages, profiles, code lists, message validation.",
        discussion: """
            Definitions are read from a DataModel folder: --data-model, else $CUSTOMS_DATA_MODEL, \
            else ./DataModel.

            EXAMPLES:
              customs packages list
              customs packages show wco-declaration --depth 2
              customs packages diff xa-import
              customs elements find D026
              customs validate --package wco-declaration Samples/xml

            \(ExitStatus.helpText)
            """,
        version: Customs.version,
        subcommands: [
            PackagesCommand.self, ElementsCommand.self, Validate.self, Generate.self, ExportCommand.self,
            ImportCommand.self, PointersCommand.self, Convert.self, MapCommand.self, RulesCommand.self,
        ]
    )

    /// The tool's version, shown by `customs --version`.
    static let version = "0.2.0"

    /// Runs the command line, translating every failure into one of the documented exit codes:
    /// usage mistakes become 2 (not ArgumentParser's 64), and library errors print one clear line.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            Terminal.error(error.description)
            Foundation.exit(ExitStatus.failure.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                if let unknown = UsageSuggestions.unknownSubcommand(
                    in: CommandLine.arguments.dropFirst(), root: Customs.self)
                {
                    Terminal.error(unknown.message)
                } else {
                    var message = fullMessage(for: error)
                    if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
                    Terminal.error(message)
                }
                Foundation.exit(ExitStatus.failure.rawValue)
            }
            exit(withError: error)
        }
    }
}

/// The process exit codes, one meaning each.
enum ExitStatus: Int32 {
    /// Everything is fine.
    case success = 0
    /// The command ran and found something: definition problems, an invalid message, no match.
    case findings = 1
    /// Bad command-line input, broken definitions, or a file that cannot be read.
    case failure = 2

    static let helpText = """
        EXIT CODES:
          0  fine
          1  findings: invalid messages, definition problems, no match
          2  usage error, broken definitions, or I/O error
        """
}
