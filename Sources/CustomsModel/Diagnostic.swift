/// A finding about one message: what is wrong, where in the message (instance path, line,
/// column), and where in the definitions (definition path, WCO ID, pointer, national name).
///
/// Field names are fixed once for every output: text, JSON and JUnit.
public struct Diagnostic: Sendable, Hashable, Codable {
    /// How bad it is.
    public enum Severity: String, Sendable, Codable {
        /// The message is invalid.
        case error
        /// Worth a look; the message stays valid.
        case warning
    }

    /// Stable codes, for scripts and for counting findings by kind.
    public enum Code: String, Sendable, Codable, CaseIterable {
        /// The root element is not the package's root (or not in its namespace).
        case wrongRoot = "wrong-root"
        /// An element the package does not define at this place; its subtree is skipped.
        case unknownElement = "unknown-element"
        /// An element that comes before a sibling it must follow.
        case outOfOrder = "out-of-order"
        /// More occurrences than the cardinality allows.
        case tooMany = "too-many"
        /// Fewer occurrences than the cardinality requires.
        case missingElement = "missing-element"
        /// An attribute the element does not define.
        case unknownAttribute = "unknown-attribute"
        /// A required attribute is absent.
        case missingAttribute = "missing-attribute"
        /// An attribute value outside its code list.
        case attributeCode = "attribute-code"
        /// Text where only child elements may stand.
        case textNotAllowed = "text-not-allowed"
        /// A value shorter or longer than its format allows.
        case length
        /// A value with characters its format does not allow.
        case characters
        /// A number that is not a decimal, or has too many digits or decimals.
        case decimal
        /// A value outside its code list.
        case codeNotInList = "code-not-in-list"
        /// A value that does not match its pattern.
        case pattern
        /// A date or time that does not fit its format code, or is not a real date.
        case dateTime = "datetime"
        /// A value that is not of its XSD built-in type (`xs:boolean`, `xs:date`, `xs:integer`…),
        /// or outside the type's bounds (imported schemas).
        case datatype
        /// The message is not well-formed XML or JSON (fatal: validation stops).
        case notWellFormed = "not-well-formed"
        /// A security limit was reached: depth, text size, element count, DTD (fatal).
        case limit
        /// The file could not be read.
        case io
        /// More findings than `--max-errors`; the rest were not kept.
        case tooManyFindings = "too-many-findings"
        /// A JSON message does not follow the JSON binding (an array where an element occurs
        /// once, a number where a value is a string, …).
        case jsonType = "json-type"
        /// A business rule's assertion does not hold (`ruleID` names the rule; its severity is
        /// the rule's).
        case rule
    }

    /// The stable code.
    public var code: Code
    /// Error or warning.
    public var severity: Severity
    /// What is wrong, for people.
    public var message: String
    /// Where in the message: tags from the root with 1-based positions of repeating elements,
    /// e.g. `/Declaration/GoodsShipment/GovernmentAgencyGoodsItem[2]/Commodity/Description`.
    public var instancePath: String
    /// For a JSON message: the same place as an RFC 6901 JSON Pointer into the document, e.g.
    /// `/Declaration/GoodsShipment/GovernmentAgencyGoodsItem/1/Commodity` (0-based array
    /// indices); for a missing element, the object that lacks it.
    public var jsonPointer: String?
    /// Where in the package: tags without positions, e.g. `/Declaration/GoodsShipment`.
    public var definitionPath: String?
    /// The WCO ID of the element concerned.
    public var wcoID: String?
    /// Its WCO pointer, e.g. `42A/67A/68A/23A/137`.
    public var pointer: String?
    /// Its name in the national profile, if the profile names it.
    public var nationalName: String?
    /// Its national data-element number (a profile's, or an imported schema's annotation).
    public var nationalID: String?
    /// 1-based line in the message, 0 when unknown.
    public var line: Int
    /// 1-based column, 0 when unknown.
    public var column: Int
    /// The offending value (hidden by `--redact`).
    public var value: String?
    /// For a `rule` finding: the rule's ID (`DEC-R001`).
    public var ruleID: String?

    /// Creates a diagnostic.
    public init(
        code: Code, severity: Severity = .error, message: String, instancePath: String, definitionPath: String? = nil,
        wcoID: String? = nil, pointer: String? = nil, nationalName: String? = nil, nationalID: String? = nil,
        line: Int = 0, column: Int = 0,
        value: String? = nil
    ) {
        self.code = code
        self.severity = severity
        self.message = message
        self.instancePath = instancePath
        self.definitionPath = definitionPath
        self.wcoID = wcoID
        self.pointer = pointer
        self.nationalName = nationalName
        self.nationalID = nationalID
        self.line = line
        self.column = column
        self.value = value
    }
}
