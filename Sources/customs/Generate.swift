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
            limits. With --invalid-rate R, a share R of them carries one realistic fault (a \
            required element removed, a value too long, a wrong code, two elements swapped, an \
            unknown element, one element too many, too many decimals, a wrong attribute code); \
            manifest.jsonl in the output folder lists each file with its fault and the finding \
            it must cause. The same seed gives the same messages on every machine. With --as json, \
            messages are written in the JSON binding, one line each (the same messages as XML for \
            the same seed, but that no two elements are swapped: JSON members have no order).

            EXAMPLES:
              customs generate --package wco-declaration --count 1000 --out /tmp/batch
              customs generate --package xa-import --count 100 --seed 7 --invalid-rate 0.3 --out /tmp/xa
              customs generate --package wco-declaration --count 1000 --as json --out /tmp/json-batch
            """
    )

    @OptionGroup var dataModel: DataModelOptions
    @Option(help: "The package or profile.") var package: String
    @Option(help: "How many messages.") var count: Int
    @Option(help: "The seed (the same seed gives the same messages).") var seed: UInt64 = 1
    @Option(help: "Share of messages with one fault, 0 to 1.") var invalidRate: Double = 0
    @Option(help: "The folder to write to (created if needed).") var out: String
    @Option(name: .customLong("as"), help: "The syntax to write: xml or json.") var syntax: Syntax = .xml

    /// The syntax messages are written in.
    enum Syntax: String, ExpressibleByArgument, CaseIterable { case xml, json }

    func validate() throws {
        if count < 1 { throw ValidationError("--count must be at least 1") }
        if !(0...1).contains(invalidRate) { throw ValidationError("--invalid-rate must be between 0 and 1") }
    }

    struct ManifestLine: Encodable {
        let file: String
        let valid: Bool
        let fault: MessageGenerator.Fault?
    }

    func run() throws {
        let (_, compiled, _) = try dataModel.compiledPackage(package)
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch { throw CLIError("cannot create \(out): \(error.localizedDescription)") }
        var generator = MessageGenerator(package: compiled, seed: seed)
        if syntax == .json { generator.excludedFaults = ["swap-order"] }
        var manifest = ""
        let width = String(count).count
        for index in 1...count {
            let message = generator.next(invalidRate: invalidRate)
            let name =
                "\(package)-" + String(repeating: "0", count: width - String(index).count)
                + "\(index).\(syntax.rawValue)"
            let path = (out as NSString).appendingPathComponent(name)
            let text =
                syntax == .xml ? message.xml : JSONMessageConverter.jsonText(message.tree, package: compiled) + "\n"
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
                throw CLIError("cannot write \(path)")
            }
            manifest +=
                DiagnosticRenderer.jsonLine(ManifestLine(file: name, valid: message.fault == nil, fault: message.fault))
                + "\n"
        }
        let manifestPath = (out as NSString).appendingPathComponent("manifest.jsonl")
        guard FileManager.default.createFile(atPath: manifestPath, contents: Data(manifest.utf8)) else {
            throw CLIError("cannot write \(manifestPath)")
        }
        Terminal.note("wrote \(count) message(s) and manifest.jsonl to \(out)")
    }
}
