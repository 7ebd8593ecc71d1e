import ArgumentParser
import CustomsDefinitions
import CustomsModel
import CustomsValidation
import CustomsXML
import Foundation

/// `customs validate --package <id> <files | directories | ->`.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate XML and JSON messages against a package or profile.",
        discussion: """
            Files, directories (searched recursively for *.xml, *.json and *.ndjson) and - \
            (standard input) are validated in parallel on all cores. The syntax follows the file \
            name (.json: one message or an array of messages; .ndjson or .jsonl: one message per \
            line), or --input; standard input is read as JSON when it starts with { or [. JSON \
            follows the binding in DataModel/README.md; its findings carry a JSON Pointer. The \
            package's business rules (DataModel/rules/) are checked too (finding code rule, with \
            the rule's ID and severity); --no-rules leaves them out. An \
            unreadable or malformed file (or NDJSON line) is reported for itself and the batch goes on. Text output looks like compiler output; --format json \
            writes one JSON object per message (one per line); --format junit writes a JUnit report. \
            Reading is secure: no network, no DTDs, no entities; depth and size limits.

            EXAMPLES:
              customs validate --package wco-declaration Samples/xml
              customs validate --package xa-import --format json --max-errors 20 declarations/
              customs validate --package wco-declaration Samples/json/wco-declaration/valid-import.json
              customs validate --package wco-declaration --input ndjson batch.txt
              cat message.xml | customs validate --package wco-declaration -
              customs validate --xsd DocumentMetaData_2_DMS.xsd --xsd WCO_DEC_2_DMS.xsd --root MetaData samples/
              customs validate --xsd h7.xsd --rules h7-rules.yaml declarations/

            EXIT CODES:
              0  every message is valid
              1  some message is invalid, unreadable, or not XML or JSON
              2  usage error, broken definitions, unknown package
            """
    )

    @OptionGroup var dataModel: DataModelOptions
    @Option(help: "The package or profile to validate against.") var package: String?
    @Option(
        name: .customLong("xsd"),
        help: ArgumentHelp(
            "An entry XSD to validate against instead of a package (repeat for several; imports followed).",
            valueName: "entry.xsd"))
    var schemas: [String] = []
    @Option(help: "With --xsd: the global element messages start with (default: the first schema's only one).")
    var root: String?
    @Flag(help: "With --xsd: refuse schemas that import with warnings (reused or placeholder WCO IDs, …).")
    var strict = false
    @Option(
        name: .customLong("rules"),
        help: ArgumentHelp(
            "With --xsd: a business rules file for the imported schemas, laid out as DataModel/rules/*.yaml (repeat for several).",
            valueName: "rules.yaml"))
    var rulesFiles: [String] = []
    @Argument(help: "Message files, directories, or - for standard input.") var paths: [String]
    @Option(help: "Output format: text, json or junit.") var format: ValidationOutputFormat = .text
    @Option(help: "Message syntax: auto (by file name), xml, json or ndjson.") var input: InputSyntax = .auto
    @Option(parsing: .unconditional, help: "Keep at most this many findings per message.") var maxErrors: Int = 100
    @Flag(help: "Leave offending values out of the output (declarations carry personal data).") var redact = false
    @Flag(help: "Stop at the first invalid message.") var failFast = false
    @Flag(help: "Leave the package's business rules (DataModel/rules/) unchecked: structure, formats and codes only.")
    var noRules = false
    @Option(
        help: ArgumentHelp(
            "XML parser: auto (our scanner for UTF-8 documents, libxml2 for other encodings) or libxml2 (for every document: to compare, or to work around a scanner bug).",
            valueName: "auto|libxml2"))
    var parser: SecureXMLReader.Parser = .automatic
    @Option(parsing: .unconditional, help: "Validate this many messages at once, 1 to 1024 (default: all cores).")
    var jobs: Int?

    enum ValidationOutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json, junit }

    /// How a file's messages are written; `auto` decides by file name (`FileSyntax.of`).
    enum InputSyntax: String, ExpressibleByArgument, CaseIterable {
        case auto, xml, json, ndjson

        /// The syntax of `file` (with the first bytes of standard input for `-`).
        func syntax(of file: String, head: [UInt8]?) -> FileSyntax {
            switch self {
            case .xml: .xml
            case .json: .json
            case .ndjson: .ndjson
            case .auto: FileSyntax.of(file: file, bytes: head)
            }
        }
    }

    /// The most workers `--jobs` takes: each holds its own readers and session (about 100 kB),
    /// and past the machine's cores more only cost memory.
    static let maximumJobs = 1024

    func validate() throws {
        if package == nil && schemas.isEmpty { throw ValidationError("give --package <id>, or --xsd <entry.xsd>") }
        if package != nil && !schemas.isEmpty { throw ValidationError("give --package or --xsd, not both") }
        if root != nil && schemas.isEmpty { throw ValidationError("--root goes with --xsd") }
        if strict && schemas.isEmpty { throw ValidationError("--strict goes with --xsd") }
        if !rulesFiles.isEmpty && schemas.isEmpty {
            throw ValidationError("--rules goes with --xsd (a package's rules are in DataModel/rules/)")
        }
        if noRules && package == nil { throw ValidationError("--no-rules goes with --package") }
        if maxErrors < 1 { throw ValidationError("--max-errors must be at least 1") }
        if let jobs, !(1...Self.maximumJobs).contains(jobs) {
            throw ValidationError("--jobs must be between 1 and \(Self.maximumJobs)")
        }
        if paths.count(where: { $0 == "-" }) > 1 {
            throw ValidationError("standard input (-) can be named once")
        }
    }

    func run() throws {
        let compiled = try compiledTarget()
        let target = compiled.id  // the package, or "xsd" for imported schemas
        // Not *.jsonl in folders: `customs generate` writes its manifest.jsonl beside the messages.
        let collection = try MessageFiles.collect(paths, extensions: ["xml", "json", "ndjson"])
        let files = collection.paths
        guard !files.isEmpty else {
            throw CLIError("no XML or JSON files found in \(paths.joined(separator: " "))")
        }
        // Standard input is read in chunks as it comes, like a file; only its first bytes are
        // read ahead, to tell JSON from XML.
        let standardInput = files.contains("-") ? StandardInput.head() : nil

        let jobs = min(self.jobs ?? ProcessInfo.processInfo.activeProcessorCount, files.count)
        let batch = BatchValidator(
            package: compiled, jobs: jobs, maxFindings: maxErrors,
            makeReaders: { [parser] in FileSyntax.makeReaders(parser: parser) })
        var summary = ValidationSummary()
        let progress = Progress(total: files.count)
        let clock = ContinuousClock()
        let start = clock.now
        if format == .junit {
            print(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"customs validate \(XMLEscaping.escape(target))\">"
            )
        }

        Interruption.install()
        // Standard input and skipped files are not read by the batch's workers (nil): standard
        // input is read here, in its turn; a skipped file gets its finding.
        let isReadHere = { (file: String) in file == "-" || collection.skipped[file] != nil }
        let readerIndex = { (index: Int) -> Int? in
            isReadHere(files[index]) ? nil : input.syntax(of: files[index], head: nil).rawValue
        }
        var done = 0
        batch.run(files: files, reader: readerIndex) { index, fileResults in
            if Interruption.requested { return false }
            let file = files[index]
            let results =
                isReadHere(file)
                ? resultsReadHere(file, head: standardInput, skipped: collection.skipped[file], package: compiled)
                : fileResults
            let name = file == "-" ? "<stdin>" : file
            for result in results {
                summary.add(result)
                emit(name: name, result: result, target: target)
                if failFast && !result.isValid { return false }
            }
            done = index + 1
            progress.update(done: done)
            return true
        }
        progress.finish()
        let elapsed = clock.now - start
        if format == .junit { print("  </testsuite>\n</testsuites>") }
        var line = summary.line(seconds: elapsed.seconds)
        if Interruption.requested { line = "interrupted after \(done) of \(files.count) file(s): " + line }
        if format == .text { print(line) } else { Terminal.note(line) }
        if Interruption.requested { throw ExitCode(Interruption.exitCode) }
        if summary.invalid > 0 { throw ExitCode(ExitStatus.findings.rawValue) }
    }

    /// The results of a file the batch's workers do not read: standard input, read here in its
    /// turn (after its `head`), or a file skipped for `skipped` (what it is).
    private func resultsReadHere(
        _ file: String, head: [UInt8]?, skipped: String?, package: CompiledPackage
    )
        -> FileResults
    {
        if let skipped {
            let message = "not read: \(skipped), not a regular file (only regular files in a folder are read)"
            let finding = Diagnostic(code: .io, message: message, instancePath: "/")
            return FileResults(MessageResult(diagnostics: [finding], findingCount: 1, byteCount: 0, isFatal: true))
        }
        return input.syntax(of: file, head: head).makeReader(parser: parser).validateMessages(
            descriptor: STDIN_FILENO, after: head ?? [],
            with: ValidationSession(package: package, maxFindings: maxErrors))
    }

    /// The package to validate against: from the definitions, or imported from the XSDs.
    private func compiledTarget() throws -> CompiledPackage {
        if let package { return try dataModel.compiledPackage(package, rules: !noRules).1 }
        let imported = try ImportedSchemas.package(
            entries: schemas, root: root, id: "xsd", strict: strict, shownWarnings: 10)
        var rules: [BusinessRule] = []
        if !rulesFiles.isEmpty {
            switch StandaloneRules.load(rulesFiles, for: imported) {
            case .success(let loaded): rules = loaded
            case .failure(let problems):
                throw CLIError(
                    "the rules for the imported schemas have \(problems.list.count) problem(s):\n"
                        + problems.list.map { "  \($0)" }.joined(separator: "\n"))
            }
        }
        do {
            return try Compiler.compile(imported, codeLists: [:], rules: rules)
        } catch {
            throw CLIError("cannot compile the imported schemas: \(error)")
        }
    }

    private func emit(name: String, result: MessageResult, target: String) {
        var diagnostics = result.diagnostics
        if redact { for index in diagnostics.indices { diagnostics[index].value = nil } }
        switch format {
        case .text:
            // A message of a JSON array is named by its index; an NDJSON line by the findings' line.
            let shown = result.label.map { $0.hasPrefix("[") ? name + $0 : name } ?? name
            for diagnostic in diagnostics { print(DiagnosticRenderer.text(diagnostic, file: shown, redact: redact)) }
        case .json:
            print(
                DiagnosticRenderer.jsonLine(
                    DiagnosticRenderer.MessageRecord(
                        file: name, message: result.label, valid: result.isValid, findingCount: result.findingCount,
                        bytes: result.byteCount,
                        diagnostics: diagnostics)))
        case .junit:
            print(
                DiagnosticRenderer.junitCase(
                    file: name + (result.label.map { " \($0)" } ?? ""), package: target, diagnostics: diagnostics,
                    valid: result.isValid,
                    redact: redact))
        }
    }
}

/// Counts for the closing summary line.
struct ValidationSummary {
    var messages = 0
    var invalid = 0
    var bytes = 0
    var findingsByCode: [String: Int] = [:]

    mutating func add(_ result: MessageResult) {
        messages += 1
        bytes += result.byteCount
        if !result.isValid { invalid += 1 }
        for diagnostic in result.diagnostics { findingsByCode[diagnostic.code.rawValue, default: 0] += 1 }
    }

    func line(seconds: Double) -> String {
        let codes = findingsByCode.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }
        let megabytes = Double(bytes) / 1_000_000
        let rate =
            seconds > 0
            ? String(format: "%.1f MB/s, %.0f messages/s", megabytes / seconds, Double(messages) / seconds) : ""
        return "\(messages) message(s): \(messages - invalid) valid, \(invalid) invalid"
            + (codes.isEmpty ? "" : "; findings: " + codes.joined(separator: ", "))
            + String(format: "; %.2f MB in %.2f s", megabytes, seconds) + (rate.isEmpty ? "" : " (\(rate))")
    }
}

/// A one-line progress display on stderr, shown only when stderr is a terminal.
final class Progress {
    private let total: Int
    private let enabled: Bool
    private var lastShown = 0

    init(total: Int) {
        self.total = total
        self.enabled = isatty(STDERR_FILENO) == 1 && total > 1
    }

    func update(done: Int) {
        guard enabled, done == total || done - lastShown >= max(1, total / 100) else { return }
        lastShown = done
        FileHandle.standardError.write(Data("\r\u{1B}[Kvalidated \(done)/\(total)".utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
