/// One row of a mapping table: national field(s) ↔ a DM element, with an optional transform
/// chain, condition and direction.
public struct MappingRule: Hashable, Sendable {
    /// Which way a row maps.
    public enum Direction: String, Hashable, Sendable, CaseIterable {
        /// National to DM and back.
        case both
        /// National to DM only.
        case toDM = "to-dm"
        /// DM to national only.
        case toNational = "to-national"

        /// Whether the row runs national → DM.
        public var mapsToDM: Bool { self != .toNational }
        /// Whether the row runs DM → national.
        public var mapsToNational: Bool { self != .toDM }
    }

    /// A condition on a national field: the row applies only when it holds.
    public struct Condition: Hashable, Sendable, CustomStringConvertible {
        /// How the field is tested.
        public enum Test: Hashable, Sendable {
            /// The field has a value.
            case present
            /// The field has no value.
            case absent
            /// The field's value is this.
            case equals(String)
            /// The field has no value or another one.
            case differs(String)
        }

        /// The field tested, with the row's placeholders.
        public let field: FieldPath
        /// The test.
        public let test: Test

        /// A condition.
        public init(field: FieldPath, test: Test) {
            self.field = field
            self.test = test
        }

        /// Whether `value` (nil: absent) passes.
        public func holds(for value: String?) -> Bool {
            switch test {
            case .present: value != nil
            case .absent: value == nil
            case .equals(let wanted): value == wanted
            case .differs(let unwanted): value != unwanted
            }
        }

        /// `field=value`, `field!=value`, `field`, `!field`: as the table writes it.
        public var description: String {
            switch test {
            case .present: field.description
            case .absent: "!" + field.description
            case .equals(let value): "\(field)=\(value)"
            case .differs(let value): "\(field)!=\(value)"
            }
        }
    }

    /// The national fields: none for a constant, several for a join, else one.
    public let fields: [FieldPath]
    /// The national field's format, as the national dataset defines it, when given.
    public let nationalFormat: Format?
    /// Where the value goes in the DM; nil for a national field without DM equivalent.
    public let target: MessageTarget?
    /// Applied in order national → DM, in reverse order DM → national.
    public let transforms: [ValueTransform]
    /// Which way the row maps.
    public let direction: Direction
    /// When the row applies.
    public let condition: Condition?
    /// The row's note, for people.
    public let note: String?
    /// Where the row is in its table.
    public let origin: SourceLocation?

    /// A rule.
    public init(
        fields: [FieldPath], nationalFormat: Format? = nil, target: MessageTarget?, transforms: [ValueTransform] = [],
        direction: Direction = .both, condition: Condition? = nil, note: String? = nil, origin: SourceLocation? = nil
    ) {
        self.fields = fields
        self.nationalFormat = nationalFormat
        self.target = target
        self.transforms = transforms
        self.direction = direction
        self.condition = condition
        self.note = note
        self.origin = origin
    }

    /// The national side as the table writes it: `a.b`, or `a + b` for a join.
    public var nationalText: String { fields.map(\.description).joined(separator: " + ") }
}
