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

        /// A step.
        public init(tag: String, segment: String, placeholder: Int?, repeats: Bool, childIndex: Int = 0) {
            self.tag = tag
            self.segment = segment
            self.placeholder = placeholder
            self.repeats = repeats
            self.childIndex = childIndex
        }
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
            parts.append(step.segment)
            if let placeholder = step.placeholder { parts.append("$\(placeholder)") }
        }
        if let attribute { parts.append("@" + attribute) }
        return parts.joined(separator: "/")
    }

    /// The instance path with positions, `/Declaration/GoodsShipment/GovernmentAgencyGoodsItem[2]/…`.
    public func instancePath(_ positions: [Int: Int]) -> String {
        var path = ""
        for step in steps {
            path += "/" + step.tag
            if let placeholder = step.placeholder, let position = positions[placeholder] { path += "[\(position)]" }
        }
        if let attribute { path += "/@" + attribute }
        return path
    }
}
