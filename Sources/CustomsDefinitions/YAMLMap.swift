import CustomsModel
import Foundation
import Yams

/// A YAML mapping read from a definition file, with every key's and value's position, so that
/// problems point at the exact place. Keys that the format does not define are reported with the
/// closest known key.
struct YAMLMap {
    let file: String
    let location: SourceLocation
    private let entries: [(key: String, keyLocation: SourceLocation, value: Node)]

    /// Wraps `node` when it is a mapping; otherwise reports what was expected.
    init?(_ node: Node, file: String, what: String, log: inout ProblemLog) {
        self.file = file
        self.location = node.location(in: file)
        guard case .mapping(let mapping) = node else {
            log.report(.syntax, at: location, "expected \(what) as a mapping of keys to values")
            return nil
        }
        var entries: [(String, SourceLocation, Node)] = []
        for (key, value) in mapping {
            entries.append((key.scalar?.string ?? "", key.location(in: file), value))
        }
        self.entries = entries
    }

    /// The top-level mapping of the YAML file `file` (`what` it holds, for messages), reporting
    /// why there is none: unreadable, not YAML, not a mapping.
    static func read(_ file: String, what: String, log: inout ProblemLog) -> YAMLMap? {
        guard let text = SourceFiles.text(file, log: &log), let root = YAMLFile.root(file: file, text: text, log: &log)
        else { return nil }
        return YAMLMap(root, file: file, what: what, log: &log)
    }

    /// The value of `key`, if present.
    func node(_ key: String) -> Node? { entries.first { $0.key == key }?.value }

    /// Where `key`'s value is (or the mapping's start when the key is absent).
    func location(of key: String) -> SourceLocation {
        entries.first { $0.key == key }.map { $0.value.location(in: file) } ?? location
    }

    /// The scalar value of `key`; reports a non-scalar value.
    func string(_ key: String, log: inout ProblemLog) -> String? {
        guard let node = node(key) else { return nil }
        guard let text = node.scalar?.string else {
            log.report(.invalidValue, at: node.location(in: file), id: key, "'\(key)' must be a single value")
            return nil
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The scalar value of `key`, reporting its absence.
    func required(_ key: String, in what: String, log: inout ProblemLog) -> String? {
        if let value = string(key, log: &log) { return value }
        if node(key) == nil || node(key)?.scalar != nil {
            log.report(.missingField, at: location, id: key, "\(what) needs '\(key)'")
        }
        return nil
    }

    /// The boolean value of `key` (`true`/`false`, `yes`/`no`).
    func bool(_ key: String, log: inout ProblemLog) -> Bool? {
        guard let text = string(key, log: &log) else { return nil }
        switch text.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            log.report(.invalidValue, at: location(of: key), id: key, "'\(key)' must be true or false, not '\(text)'")
            return nil
        }
    }

    /// The cardinality under `key` (`occurs`), reporting one that cannot be read.
    func cardinality(_ key: String, log: inout ProblemLog) -> Cardinality? {
        guard let text = string(key, log: &log) else { return nil }
        do { return try Cardinality.parse(text) } catch {
            log.report(.invalidCardinality, at: location(of: key), id: text, error.description)
            return nil
        }
    }

    /// The usage marks under `key` (`IM EX CRI`), reporting unknown ones with the closest mark.
    func usage(_ key: String, log: inout ProblemLog) -> Set<Usage>? {
        guard let text = string(key, log: &log) else { return nil }
        let (marks, unknown) = Usage.parseList(text)
        for mark in unknown {
            log.report(
                .invalidValue, at: location(of: key), id: mark, "unknown usage mark '\(mark)'",
                suggestion: Suggestions.closest(to: mark, among: Usage.allCases.map(\.rawValue)))
        }
        return marks
    }

    /// The WCO format under `key`, reporting one that cannot be read.
    func format(_ key: String, id: String, log: inout ProblemLog) -> Format? {
        guard let text = string(key, log: &log) else { return nil }
        do { return try Format.parse(text) } catch {
            log.report(.unknownFormat, at: location(of: key), id: id, error.description)
            return nil
        }
    }

    /// The XSD pattern under `key`, reporting one that cannot be used.
    func pattern(_ key: String, id: String, log: inout ProblemLog) -> XSDPattern? {
        guard let text = string(key, log: &log) else { return nil }
        do { return try XSDPattern(text) } catch {
            log.report(.invalidValue, at: location(of: key), id: id, error.description)
            return nil
        }
    }

    /// The items of a sequence under `key`; a single scalar counts as a one-item list.
    func list(_ key: String, log: inout ProblemLog) -> [Node] {
        guard let node = node(key) else { return [] }
        switch node {
        case .sequence(let sequence): return Array(sequence)
        case .scalar: return [node]
        default:
            log.report(.invalidValue, at: node.location(in: file), id: key, "'\(key)' must be a list")
            return []
        }
    }

    /// The scalar items of a list under `key` (e.g. `codes: ["9", "13"]`).
    func strings(_ key: String, log: inout ProblemLog) -> [String]? {
        guard node(key) != nil else { return nil }
        return list(key, log: &log).compactMap { item in
            guard let text = item.scalar?.string else {
                log.report(
                    .invalidValue, at: item.location(in: file), id: key, "the items of '\(key)' must be single values")
                return nil
            }
            return text
        }
    }

    /// Reports every key not in `allowed`, with the closest allowed key.
    func rejectUnknownKeys(allowed: [String], in what: String, log: inout ProblemLog) {
        for entry in entries where !allowed.contains(entry.key) {
            log.report(
                .unknownKey, at: entry.keyLocation, id: entry.key, "unknown key '\(entry.key)' in \(what)",
                suggestion: Suggestions.closest(to: entry.key, among: allowed))
        }
    }
}

extension Node {
    /// The node's position in `file`.
    func location(in file: String) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0)
    }
}

/// Reads a YAML file into its root node, turning Yams' errors into located syntax problems.
enum YAMLFile {
    static func root(file: String, text: String, log: inout ProblemLog) -> Node? {
        do {
            guard let root = try Yams.compose(yaml: text) else {
                log.report(.syntax, at: SourceLocation(file: file, line: 1, column: 1), "the file is empty")
                return nil
            }
            return root
        } catch let error as YamlError {
            let (mark, message) = describe(error)
            log.report(
                .syntax, at: SourceLocation(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0), message)
        } catch {
            log.report(.syntax, at: SourceLocation(file: file), "not valid YAML: \(error)")
        }
        return nil
    }

    private static func describe(_ error: YamlError) -> (Mark?, String) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { " \($0.text)" } ?? ""
            return (mark, "not valid YAML: \(problem)\(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return (context.mark, "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in a mapping")
        case .reader(let problem, _, _, _):
            return (nil, "not readable as YAML: \(problem)")
        default:
            return (nil, "not valid YAML: \(error)")
        }
    }
}
