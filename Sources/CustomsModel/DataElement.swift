/// A data element of the WCO DM dictionary: one row of `DataModel/dictionary/elements.csv`.
///
/// Example: `017`, "Message function, coded", format `n..2`, code list `edifact-1225`, UNTDED
/// 1225, dictionary entry name "Declaration. Function. Code", used in IM EX CRI CRE CONV TRT UPU.
public struct DataElement: Sendable, Hashable, Codable, Identifiable {
    /// The WCO ID (`017`), or an unassigned placeholder (`X-…`).
    public let id: WCOIdentifier
    /// The WCO name.
    public let name: String
    /// What the element holds, in our own words.
    public let description: String
    /// The value format, e.g. `n..2`.
    public let format: Format
    /// The code list its values come from, if coded.
    public let codeListID: String?
    /// The UN Trade Data Element Directory number, e.g. `1225`.
    public let untdedID: String?
    /// The ISO 11179-style dictionary entry name, e.g. "Declaration. Function. Code".
    public let dictionaryEntryName: String?
    /// The procedures that use it.
    public let usage: Set<Usage>

    /// Creates a dictionary element.
    public init(
        id: WCOIdentifier, name: String, description: String, format: Format, codeListID: String? = nil,
        untdedID: String? = nil, dictionaryEntryName: String? = nil, usage: Set<Usage> = []
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.format = format
        self.codeListID = codeListID
        self.untdedID = untdedID
        self.dictionaryEntryName = dictionaryEntryName
        self.usage = usage
    }
}

/// A class of the WCO DM (`42A` Declaration, `67A` GoodsShipment): a group of elements and
/// other classes. One row of `DataModel/dictionary/classes.csv`.
public struct ClassDefinition: Sendable, Hashable, Codable, Identifiable {
    /// The class ID, ending in a letter.
    public let id: WCOIdentifier
    /// The WCO name, e.g. "GoodsShipment".
    public let name: String
    /// What it groups, in our own words.
    public let description: String

    /// Creates a class definition.
    public init(id: WCOIdentifier, name: String, description: String) {
        self.id = id
        self.name = name
        self.description = description
    }
}
