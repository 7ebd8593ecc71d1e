import ArgumentParser
import CustomsJSON
import CustomsValidation
import CustomsXML

/// How one message file is written, and the reader for it: what `validate` and `convert` decide
/// for every file, by its name, or for standard input by its first character.
enum FileSyntax: Int, CaseIterable {
    /// XML (any name that is not JSON's).
    case xml
    /// `.json`: one message, or an array of messages.
    case json
    /// `.ndjson` or `.jsonl`: one message per line.
    case ndjson

    /// The syntax of `file`, by its name; for `-`, by the first character of `bytes` (`{` or `[`
    /// is JSON).
    static func of(file: String, bytes: [UInt8]?) -> FileSyntax {
        if file == "-" {
            let first = bytes?.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
            return first == UInt8(ascii: "{") || first == UInt8(ascii: "[") ? .json : .xml
        }
        let lower = file.lowercased()
        if lower.hasSuffix(".json") { return .json }
        if lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") { return .ndjson }
        return .xml
    }

    /// A new reader for this syntax; XML read by `parser`.
    func makeReader(parser: SecureXMLReader.Parser = .automatic) -> any MessageReader {
        switch self {
        case .xml: SecureXMLReader(parser: parser)
        case .json: JSONReader(layout: .document)
        case .ndjson: JSONReader(layout: .lines)
        }
    }

    /// One reader per syntax, indexed by `rawValue` (for `BatchValidator`).
    static func makeReaders(parser: SecureXMLReader.Parser = .automatic) -> [any MessageReader] {
        allCases.map { $0.makeReader(parser: parser) }
    }
}

extension SecureXMLReader.Parser: ExpressibleByArgument {}
