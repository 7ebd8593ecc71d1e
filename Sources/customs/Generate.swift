import ArgumentParser
import CustomsJSON
import CustomsValidation
import Foundation

/// `customs generate`: deterministic synthetic messages with a manifest of the faults put in.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate synthetic messages for a package, some with recorded faults.",
        discussion: """
            Messages exercise optional branches, repetitions, code lists and formats at their \
            limits. With --invalid-rate R, a share R of them carries one realistic fault (kinds \
            below, each where the package has a place for it); manifest.jsonl in the output \
            folder lists each file with its fault and the finding it must cause, one line \
            written after each message (an interrupted run, exit 130, leaves a manifest that \
            lists exactly the messages written). The same seed gives the same messages on every machine. With --as json, \
            messages are written in the JSON binding, one line each (the same messages as XML for \
            the same seed, but that no two elements are swapped: JSON members have no order). \
            Messages follow the package's structure, formats and code lists, not its business \
            rules (DataModel/rules/): validate them with --no-rules to compare with the manifest.

            EXAMPLES:
              customs generate --package wco-declaration --count 1000 --out /tmp/batch
              customs generate --package xa-import --count 100 --seed 7 --invalid-rate 0.3 --out /tmp/xa
              customs generate --package wco-declaration --count 1000 --as json --out /tmp/json-batch

            FAULT KINDS:
            \(Self.faultKindsHelp)
            """
    )

    /// The most messages one run writes (one folder: more would strain any file system).
    static let maximumCount = 10_000_000

    /// One line per fault kind, from `MessageGenerator.FaultKind` (so the help cannot drift).
    static let faultKindsHelp = MessageGenerator.FaultKind.allCases.map {
        "  " + $0.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0) + $0.summary
    }.joined(separator: "\n")

    @OptionGroup var dataModel: DataModelOptions
    @Option(help: "The package or profile.") var package: String
    @Option(parsing: .unconditional, help: "How many messages, 1 to 10,000,000.") var count: Int
    @Option(parsing: .unconditional, help: "The seed (the same seed gives the same messages).") var seed: UInt64 = 1
    @Option(parsing: .unconditional, help: "Share of messages with one fault, 0 to 1.") var invalidRate: Double = 0
    @Option(help: "The folder to write to (created if needed).") var out: String
    @Option(name: .customLong("as"), help: "The syntax to write: xml or json.") var syntax: Syntax = .xml

    /// The syntax messages are written in.
    enum Syntax: String, ExpressibleByArgument, CaseIterable { case xml, json }

    func validate() throws {
        if !(1...Self.maximumCount).contains(count) {
            throw ValidationError("--count must be between 1 and \(Self.maximumCount)")
        }
        if !(0...1).contains(invalidRate) { throw ValidationError("--invalid-rate must be between 0 and 1") }
    }

    struct ManifestLine: Encodable {
        let file: String
        let valid: Bool
        let fault: MessageGenerator.Fault?
    }

    func run() throws {
        let (_, compiled) = try dataModel.compiledPackage(package)
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch { throw CLIError("cannot create \(out): \(error.localizedDescription)") }
        var generator = MessageGenerator(package: compiled, seed: seed)
        if syntax == .json { generator.excludedFaults = [.swapOrder] }
        // The manifest is written as the messages are: each line right after its message, so
        // that whenever the run stops, the manifest lists exactly the messages written whole.
        let manifestPath = (out as NSString).appendingPathComponent("manifest.jsonl")
        guard FileManager.default.createFile(atPath: manifestPath, contents: nil),
            let manifest = FileHandle(forWritingAtPath: manifestPath)
        else { throw CLIError("cannot write \(manifestPath)") }
        defer { try? manifest.close() }
        Interruption.install()
        let width = String(count).count
        var written = 0
        for index in 1...count {
            if Interruption.requested { break }
            let message = generator.next(invalidRate: invalidRate)
            let name =
                "\(package)-" + String(repeating: "0", count: width - String(index).count)
                + "\(index).\(syntax.rawValue)"
            let text =
                syntax == .xml ? message.xml : JSONMessageConverter.jsonText(message.tree, package: compiled) + "\n"
            try OutputFile.save(text, to: (out as NSString).appendingPathComponent(name), atomically: false)
            let line = DiagnosticRenderer.jsonLine(
                ManifestLine(file: name, valid: message.fault == nil, fault: message.fault))
            do { try manifest.write(contentsOf: Data((line + "\n").utf8)) } catch {
                throw CLIError("cannot write \(manifestPath): \(error.localizedDescription)")
            }
            written += 1
        }
        if Interruption.requested {
            Terminal.note(
                "interrupted: wrote \(written) of \(count) message(s) and their manifest.jsonl lines to \(out)")
            throw ExitCode(Interruption.exitCode)
        }
        Terminal.note("wrote \(count) message(s) and manifest.jsonl to \(out)")
    }
}
