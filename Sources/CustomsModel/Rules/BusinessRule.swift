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

    /// The scope as an instance path without positions: `/Declaration/GoodsShipment`.
    public var scopePath: String { "/" + scope.joined(separator: "/") }

    /// Every function call in the rule's condition and assertion, outermost first.
    public var calls: [RuleExpression] {
        func walk(_ expression: RuleExpression) -> [RuleExpression] {
            switch expression {
            case .call(_, let arguments, _): [expression] + arguments.flatMap(walk)
            case .binary(_, let left, let right): walk(left) + walk(right)
            case .negate(let operand): walk(operand)
            case .path, .string, .number: []
            }
        }
        return (condition.map(walk) ?? []) + walk(assertion)
    }

    /// Every path the rule reads: its condition's, its assertion's and its message's.
    public var paths: [RulePath] { (condition?.paths ?? []) + assertion.paths + messagePaths }

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

    /// A `{` without its `}` in a message template.
    public struct PlaceholderError: Error, Sendable, Hashable {
        /// Where the `{` is.
        public let offset: Int
    }
}
