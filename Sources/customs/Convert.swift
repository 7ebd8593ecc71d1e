import ArgumentParser
import CustomsJSON
import CustomsModel
import CustomsValidation
import CustomsXML
import Foundation

/// `customs convert <in> --to json|xml --package <id>`: a valid message in the other syntax.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a valid message between XML and JSON (the JSON binding).",
        discussion: """
            The message is validated first; an invalid one is not converted (its findings are \
            printed, exit 1), so every conversion is lossless: XML -> JSON -> XML gives an \
            equivalent document, JSON -> XML -> JSON the same JSON. The input syntax follows the \
            file name (.json or not), or the first character of standard input (-). JSON is \
            written on one line unless --indent is given; XML with two-space indentation.

            EXAMPLES:
              customs convert Samples/xml/wco-declaration/valid-import.xml --to json --package wco-declaration
              customs convert declaration.json --to xml --package xa-import --out declaration.xml
              customs convert - --to json --indent 2 --package wco-declaration < message.xml

            EXIT CODES:
              0  converted
              1  the message is invalid (nothing written)
              2  usage error, unreadable input, unknown package
            """
    )

    /// The syntax to write.
    enum Target: String, ExpressibleByArgument, CaseIterable { case json, xml }

    @OptionGroup var dataModel: DataModelOptions
    @Argument(help: "The message file, or - for standard input.") var input: String
    @Option(help: "The syntax to write: json or xml.") var to: Target
    @Option(help: "The package or profile the message belongs to.") var package: String
    @Option(help: "Write to this file instead of standard output.") var out: String?
    @Option(parsing: .unconditional, help: "Indent JSON by this many spaces per level, 0 to 16.") var indent: Int?

    /// The widest `--indent`.
    static let maximumIndent = 16

    func validate() throws {
        if let indent, !(0...Self.maximumIndent).contains(indent) {
            throw ValidationError("--indent must be between 0 and \(Self.maximumIndent)")
        }
    }

    func run() throws {
        let (_, compiled) = try dataModel.compiledPackage(package)
        let bytes: [UInt8]
        do {
            // Conversion needs the whole message; it is held only up to the readers' message
            // limit (a larger input is refused before it is read whole).
            bytes = try WholeInput.bytes(of: input, limit: XMLReaderLimits().maxMessageSize)
        } catch {
            // An unreadable message is a finding, as in `validate` (exit 1), not a usage error.
            print(DiagnosticRenderer.text(error.diagnostic, file: input, redact: false))
            Terminal.note("\(input) is unreadable: not converted")
            throw ExitCode(ExitStatus.findings.rawValue)
        }
        let syntax = FileSyntax.of(file: input, bytes: bytes)
        let isJSON = syntax != .xml
        let results = syntax.makeReader().validateMessages(
            bytes: bytes, with: ValidationSession(package: compiled, maxFindings: 100))
        guard results.count == 1 else {
            throw CLIError("\(input) holds \(results.count) messages; convert takes one")
        }
        guard results[0].isValid else {
            for diagnostic in results[0].diagnostics {
                print(DiagnosticRenderer.text(diagnostic, file: input, redact: false))
            }
            Terminal.note("\(input) is invalid: not converted")
            throw ExitCode(ExitStatus.findings.rawValue)
        }
        let tree: MarkupElement
        do {
            if isJSON {
                tree = try JSONMessageConverter.tree(JSONValue.parse(bytes), package: compiled)
            } else {
                tree = try XMLTreeReader.read(bytes)
            }
        } catch {
            throw CLIError("cannot read \(input): \(error)")
        }
        let output =
            to == .json
            ? JSONMessageConverter.jsonText(tree, package: compiled, indent: indent) + "\n"
            : XMLMessageWriter.document(tree)
        try CommandOutput.write(output, to: out)
    }
}
