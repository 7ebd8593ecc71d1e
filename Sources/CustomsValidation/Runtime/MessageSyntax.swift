/// How a message is written. The events a reader feeds a `ValidationSession` are the same for
/// both; the syntax decides what of the markup carries meaning.
public enum MessageSyntax: String, Sendable, CaseIterable {
    /// XML: sibling order and namespaces are checked.
    case xml
    /// JSON (the binding in DataModel/README.md): object members have no order and keys are
    /// local names, so neither order nor namespaces are checked; everything else is.
    case json
}

/// What a reader needs to know about the element it has just started, to check that the
/// message's syntax follows the package (in JSON: an object for a class, an array for an element
/// that may repeat, an object for a value that takes attributes).
public struct OpenElementShape: Sendable, Equatable {
    /// True for a class (children only).
    public let isClass: Bool
    /// True when the element may occur more than once.
    public let isRepeating: Bool
    /// True when the element's value may carry attributes.
    public let takesAttributes: Bool
}
