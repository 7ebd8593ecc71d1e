/// The WCO metadata that WCO-annotated schemas carry on an element (in `xs:documentation`),
/// beside what `PackageNode` already holds (WCO ID, name, format text, usage marks).
public struct WCOAnnotations: Sendable, Hashable, Codable {
    /// The Dictionary Entry Name, e.g. `Declaration. Function. Code`.
    public var dictionaryEntryName: String?
    /// The UN Trade Data Element Directory number (`TDEDUID`).
    public var untded: String?
    /// The schema's own position number (`UniquePositionID`).
    public var uniquePositionID: String?
    /// The format as annotated (`WCOFormat`), even when it does not parse as one.
    public var wcoFormat: String?
    /// The WCO description (`WCODescription`), whitespace collapsed.
    public var description: String?
    /// National data-element numbers found in the annotations beside the WCO ones (the first
    /// is the node's `nationalID`).
    public var nationalNumbers: [DataElementNumber] = []

    /// Empty annotations.
    public init() {}

    /// True when nothing is set.
    public var isEmpty: Bool {
        dictionaryEntryName == nil && untded == nil && uniquePositionID == nil && wcoFormat == nil
            && description == nil && nationalNumbers.isEmpty
    }
}
