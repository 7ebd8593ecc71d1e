/// Where a mapping row puts its value in a DM message: a path of elements from the package's
/// root down to a data element (or one of its attributes), each step with the placeholder that
/// runs over its occurrences, or occurrence 1 where none is given.
///
/// Resolved from the row's pointer, WCO ID or instance path when the mapping is loaded, so that
/// mapping never looks anything up in the package.
public struct MessageTarget: Hashable, Sendable, CustomStringConvertible {
    /// One element on the path.
    public struct Step: Hashable, Sendable {
        /// The element's tag.
        public let tag: String
        /// The element's pointer segment (its WCO ID, or a national addition's tag).
        public let segment: String
        /// The placeholder that runs over its occurrences; nil for occurrence 1.
        public let placeholder: Int?
        /// Whether the element may occur more than once.
        public let repeats: Bool
        /// The element's position among its parent's children in the package (0 for the root):
        /// how a message being built keys it without hashing its tag.
        public let childIndex: Int
        /// Added to the placeholder's position: `$2+1` puts national position 1 at occurrence 2
        /// (an occurrence before it is filled by another row, as the main procedure code is).
        public let offset: Int
        /// Which occurrences the step counts: those whose child element has (or has not) a value,
        /// as `Classification[IdentificationTypeCode=TSP]`; nil for all of them.
        public let qualifier: Qualifier?

        /// A step.
        public init(
            tag: String, segment: String, placeholder: Int?, repeats: Bool, childIndex: Int = 0, offset: Int = 0,
            qualifier: Qualifier? = nil
        ) {
            self.tag = tag
            self.segment = segment
            self.placeholder = placeholder
            self.repeats = repeats
            self.childIndex = childIndex
            self.offset = offset
            self.qualifier = qualifier
        }

        /// This step with another placeholder, offset and qualifier.
        public func with(placeholder: Int?, offset: Int, qualifier: Qualifier?) -> Step {
            Step(
                tag: tag, segment: segment, placeholder: placeholder, repeats: repeats, childIndex: childIndex,
                offset: offset, qualifier: qualifier)
        }

        /// The position of this step's occurrence among those it counts, for `binding`.
        public func position(in binding: [Int: Int]) -> Int {
            (placeholder.flatMap { binding[$0] } ?? 1) + offset
        }
    }

    /// A test on a child data element that picks the occurrences of a repeating class a step
    /// counts: the DM qualifies repeated classes by a code (`Classification` by
    /// `IdentificationTypeCode`, `PreviousDocument` by `TypeCode`).
    public struct Qualifier: Hashable, Sendable, CustomStringConvertible {
        /// The child element's tag.
        public let tag: String
        /// The child's position among the class's children in the package.
        public let childIndex: Int
        /// The value tested.
        public let value: String
        /// True for `=`: the occurrences with this value (a new occurrence is given it); false for
        /// `!=`: those without it.
        public let equals: Bool

        /// A qualifier.
        public init(tag: String, childIndex: Int, value: String, equals: Bool) {
            self.tag = tag
            self.childIndex = childIndex
            self.value = value
            self.equals = equals
        }

        /// Whether an occurrence whose child holds `childValue` (nil: absent) is counted.
        public func admits(_ childValue: String?) -> Bool { (childValue == value) == equals }

        /// `[IdentificationTypeCode=TSP]`.
        public var description: String { "[\(tag)\(equals ? "=" : "!=")\(value)]" }
    }

    /// The elements from the root (included) down.
    public let steps: [Step]
    /// The attribute of the last element that receives the value, if not its text.
    public let attribute: String?
    /// The pointer of the last element, for reports.
    public let pointer: Pointer
    /// True when the last element is a class: the row pairs a national group with DM class
    /// occurrences (`items.$1` ↔ `42A/67A/68A/$1`) and carries no value itself.
    public let isClass: Bool

    /// A target.
    public init(steps: [Step], attribute: String?, pointer: Pointer, isClass: Bool = false) {
        self.steps = steps
        self.attribute = attribute
        self.pointer = pointer
        self.isClass = isClass
    }

    /// The placeholders used, in order from the root.
    public var placeholders: [Int] { steps.compactMap(\.placeholder) }

    /// `42A/67A/68A/$1/23A/137`, or with `/@currencyID` for an attribute.
    public var description: String {
        var parts: [String] = []
        for step in steps {
            parts.append(step.segment + (step.qualifier?.description ?? ""))
            if let placeholder = step.placeholder {
                parts.append("$\(placeholder)" + (step.offset == 0 ? "" : "+\(step.offset)"))
            }
        }
        if let attribute { parts.append("@" + attribute) }
        return parts.joined(separator: "/")
    }

    /// The instance path with positions, `/Declaration/GoodsShipment/GovernmentAgencyGoodsItem[2]/…`.
    public func instancePath(_ positions: [Int: Int]) -> String {
        var path = ""
        for step in steps {
            path += "/" + step.tag + (step.qualifier?.description ?? "")
            if step.placeholder != nil { path += "[\(step.position(in: positions))]" }
        }
        if let attribute { path += "/@" + attribute }
        return path
    }
}
