import CustomsJSON
import CustomsModel
import CustomsValidation
import CustomsXML

/// Reads DM messages for `customs map --to national`: checks each against the package and
/// gives its tree (an invalid message is not mapped back: its findings say why).
public struct MessageIntake {
    /// One message of a file.
    public struct Message {
        /// Which message of the file (`[2]`, `line 3`), nil for a file of one.
        public let label: String?
        /// The tree, when the message is valid.
        public let tree: MarkupElement?
        /// Its findings (or why it could not be read).
        public let findings: [Diagnostic]
    }

    private let compiled: CompiledPackage
    private let maxFindings: Int

    /// Reads messages of `compiled`.
    public init(compiled: CompiledPackage, maxFindings: Int = 100) {
        self.compiled = compiled
        self.maxFindings = maxFindings
    }

    /// The messages in `bytes`: XML (one), JSON (one or an array) or NDJSON (one per line).
    public func messages(in bytes: [UInt8], json: Bool, lines: Bool) -> [Message] {
        let session = ValidationSession(package: compiled, maxFindings: maxFindings)
        if !json {
            let results = SecureXMLReader().validateMessages(bytes: bytes, with: session)
            let findings = results.flatMap(\.diagnostics)
            guard results.allSatisfy(\.isValid) else { return [Message(label: nil, tree: nil, findings: findings)] }
            do { return [Message(label: nil, tree: try XMLTreeReader.read(bytes), findings: findings)] } catch {
                return [Message(label: nil, tree: nil, findings: [Self.unreadable(error.description)])]
            }
        }
        let reader = JSONReader(layout: lines ? .lines : .document)
        let results = reader.validateMessages(bytes: bytes, with: session)
        var values: [JSONValue] = []
        if lines {
            for slice in bytes.split(separator: 0x0A) where slice.contains(where: { ![0x20, 0x09, 0x0D].contains($0) })
            {
                values.append((try? JSONValue.parse(Array(slice))) ?? .null)
            }
        } else if let value = try? JSONValue.parse(bytes) {
            if case .array(let items) = value { values = items } else { values = [value] }
        }
        return results.enumerated().map { index, result in
            guard result.isValid, index < values.count else {
                return Message(label: result.label, tree: nil, findings: result.diagnostics)
            }
            do {
                let tree = try JSONMessageConverter.tree(values[index], package: compiled)
                return Message(label: result.label, tree: tree, findings: result.diagnostics)
            } catch {
                return Message(label: result.label, tree: nil, findings: [Self.unreadable("\(error)")])
            }
        }
    }

    private static func unreadable(_ reason: String) -> Diagnostic {
        Diagnostic(code: .notWellFormed, message: reason, instancePath: "/")
    }
}
