/// A value of one record that could not be mapped: which record, which field, which value,
/// and why. The rest of the record and the rest of the batch still map.
public struct MappingIssue: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The national field (with positions: `items.2.procedure`), or the DM instance path when
    /// mapping back and no field is concerned yet.
    public let field: String
    /// The DM side (pointer or instance path with positions).
    public let element: String
    /// The value as found, when there is one.
    public let value: String?
    /// What is wrong.
    public let message: String
    /// A value close to the wrong one.
    public let suggestion: String?

    /// An issue.
    public init(field: String, element: String, value: String?, message: String, suggestion: String? = nil) {
        self.field = field
        self.element = element
        self.value = value
        self.message = message
        self.suggestion = suggestion
    }

    /// `items.2.procedure → /Declaration/…/CurrentCode: '99' is not in code table … (did you mean '9'?)`.
    public var description: String {
        var text = "\(field) → \(element): \(message)"
        if let suggestion { text += " (did you mean '\(suggestion)'?)" }
        return text
    }
}
