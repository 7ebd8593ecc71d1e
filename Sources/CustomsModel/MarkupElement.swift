/// A message as a tree of elements, independent of its syntax: what conversion between XML and
/// JSON reads and writes. Only valid messages are converted, and they are small, so a tree is
/// fine here (validation itself streams).
public struct MarkupElement: Sendable, Equatable {
    /// One attribute.
    public struct Attribute: Sendable, Equatable {
        /// Its local name.
        public var name: String
        /// Its value.
        public var value: String

        /// An attribute.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The local name.
    public var name: String
    /// The namespace URI ("" for none).
    public var namespace: String
    /// The attributes, in document order.
    public var attributes: [Attribute]
    /// The text: a value element's value, exactly as written (for a class, text between child
    /// elements is whitespace and is not kept).
    public var text: String
    /// The child elements, in document order.
    public var children: [MarkupElement]

    /// An element.
    public init(
        name: String, namespace: String = "", attributes: [Attribute] = [], text: String = "",
        children: [MarkupElement] = []
    ) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.text = text
        self.children = children
    }

    /// The same element with attributes in name order, for comparing documents whose
    /// attributes were written in another order (canonical XML compares them so too).
    public var canonical: MarkupElement {
        var copy = self
        copy.attributes.sort { $0.name < $1.name }
        copy.children = children.map(\.canonical)
        return copy
    }
}
