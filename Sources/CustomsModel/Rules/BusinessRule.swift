/// A business rule of a package: in every occurrence of its scope (a class), when its
/// condition holds, its assertion must hold; otherwise a finding with the rule's ID, severity
/// and message. Loaded from `DataModel/rules/*.yaml` (DataModel/README.md, "Business rules").
public struct BusinessRule: Sendable, Hashable, Codable {
    /// How bad a failed rule is.
    public enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
        /// The message is invalid.
        case error
        /// Worth a look; the message stays valid.
        case warning
    }

    /// The rule's ID, unique in its package (`DEC-R001`).
    public let id: String
    /// Error or warning.
    public let severity: Severity
    /// The tags from the root down to the scope class (`["Declaration", "GoodsShipment"]`).
    public let scope: [String]
    /// When set, the rule applies only where this holds.
    public let condition: RuleExpression?
    /// What must hold.
    public let assertion: RuleExpression
    /// The condition as written (for messages, `rules list` and Schematron).
    public let conditionText: String?
    /// The assertion as written.
    public let assertionText: String
    /// The message when the assertion fails: `{path}` placeholders show the values there.
    public let message: String
    /// The paths of the message's placeholders, in order.
    public let messagePaths: [RulePath]
    /// Where the rule is defined.
    public let source: SourceLocation

    /// Creates a rule.
    public init(
        id: String, severity: Severity, scope: [String], condition: RuleExpression?, assertion: RuleExpression,
        conditionText: String?, assertionText: String, message: String, messagePaths: [RulePath],
        source: SourceLocation
    ) {
        self.id = id
        self.severity = severity
        self.scope = scope
        self.condition = condition
        self.assertion = assertion
        self.conditionText = conditionText
        self.assertionText = assertionText
        self.message = message
        self.messagePaths = messagePaths
        self.source = source
    }

    /// Kept as written and parsed again when read: the expression trees are enums with
    /// payloads, whose synthesized coding needs keyed containers that the package snapshot's
    /// compact coder does not have, and the texts are what a person wrote anyway.
    enum CodingKeys: String, CodingKey {
        case id, severity, scope, conditionText, assertionText, message, source
    }

    public init(from decoder: any Decoder) throws {
        // In the order `encode` writes them: the snapshot coder is sequential, not keyed.
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let id = try container.decode(String.self, forKey: .id)
        let severity = try container.decode(Severity.self, forKey: .severity)
        let scope = try container.decode([String].self, forKey: .scope)
        let conditionText = try container.decodeIfPresent(String.self, forKey: .conditionText)
        let assertionText = try container.decode(String.self, forKey: .assertionText)
        let message = try container.decode(String.self, forKey: .message)
        func parse(_ text: String) throws -> RuleExpression {
            do throws(RuleSyntaxError) {
                return try RuleParser.parse(text)
            } catch {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(codingPath: decoder.codingPath, debugDescription: error.message))
            }
        }
        var messagePaths: [RulePath] = []
        for (text, offset) in (try? Self.placeholders(in: message).get()) ?? [] {
            guard let path = Self.placeholderPath(text, at: offset) else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "{\(text)} is not a path"))
            }
            messagePaths.append(path)
        }
        let source = try container.decode(SourceLocation.self, forKey: .source)
        self.init(
            id: id, severity: severity, scope: scope, condition: try conditionText.map(parse),
            assertion: try parse(assertionText), conditionText: conditionText, assertionText: assertionText,
            message: message, messagePaths: messagePaths, source: source)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(severity, forKey: .severity)
        try container.encode(scope, forKey: .scope)
        try container.encodeIfPresent(conditionText, forKey: .conditionText)
        try container.encode(assertionText, forKey: .assertionText)
        try container.encode(message, forKey: .message)
        try container.encode(source, forKey: .source)
    }

    /// The scope as an instance path without positions: `/Declaration/GoodsShipment`.
    public var scopePath: String { "/" + scope.joined(separator: "/") }

    /// Every function call in the rule's condition and assertion, outermost first.
    public var calls: [RuleExpression] {
        ((condition?.subexpressions ?? []) + assertion.subexpressions).filter {
            guard case .call = $0 else { return false }
            return true
        }
    }

    /// Every path the rule reads: its condition's, its assertion's and its message's.
    public var paths: [RulePath] { (condition?.paths ?? []) + assertion.paths + messagePaths }

    /// The message's text around its placeholders, one more piece than `messagePaths`: what a
    /// finding shows between the values, and what the Schematron export writes around its
    /// `sch:value-of`s.
    public var messageTexts: [String] {
        let bytes = Array(message.utf8)
        var texts: [String] = []
        var position = 0
        for (text, offset) in (try? Self.placeholders(in: message).get()) ?? [] {
            texts.append(String(decoding: bytes[position..<(offset - 1)], as: UTF8.self))
            position = offset + text.utf8.count + 1
        }
        texts.append(String(decoding: bytes[position...], as: UTF8.self))
        return texts
    }

    /// The `{path}` placeholders of a message template, with their offsets in it; nil with the
    /// offset of a `{` that is not closed.
    public static func placeholders(in template: String) -> Result<[(text: String, offset: Int)], PlaceholderError> {
        var found: [(String, Int)] = []
        let bytes = Array(template.utf8)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "{") else {
                index += 1
                continue
            }
            guard let close = bytes[index...].firstIndex(of: UInt8(ascii: "}")) else {
                return .failure(PlaceholderError(offset: index))
            }
            found.append((String(decoding: bytes[(index + 1)..<close], as: UTF8.self), index + 1))
            index = close + 1
        }
        return .success(found)
    }

    /// The path a placeholder's `text` (at `offset` in its message) names, or nil when it is
    /// not a path.
    public static func placeholderPath(_ text: String, at offset: Int) -> RulePath? {
        guard case .path(var path)? = try? RuleParser.parse(text) else { return nil }
        path.offset = offset
        return path
    }

    /// A `{` without its `}` in a message template.
    public struct PlaceholderError: Error, Sendable, Hashable {
        /// Where the `{` is.
        public let offset: Int
    }
}
