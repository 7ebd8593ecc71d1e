/// An XML attribute (or JSON member) that qualifies an element's value, such as `currencyID` on
/// amounts, `unitCode` on measures, or `formatCode` on dates.
public struct AttributeDefinition: Sendable, Hashable, Codable {
    /// The attribute's name as it appears in messages.
    public let name: String
    /// The code list its values come from, if any.
    public let codeListID: String?
    /// When set, only these codes of the code list are allowed.
    public let allowedCodes: [String]?
    /// True when every occurrence of the element must carry it.
    public let isRequired: Bool
    /// For an attribute imported from an XSD: its value type (a `fixed` value is an
    /// enumeration of one). Checked besides the codes.
    public var valueType: XSDValueType?

    /// Creates an attribute definition.
    public init(name: String, codeListID: String? = nil, allowedCodes: [String]? = nil, isRequired: Bool = false) {
        self.name = name
        self.codeListID = codeListID
        self.allowedCodes = allowedCodes
        self.isRequired = isRequired
    }
}
