/// Everything loaded from a `DataModel/` folder: the dictionary of elements and classes, the code
/// lists, and the packages and profiles built on them.
public struct Catalog: Sendable {
    /// Data elements by WCO ID.
    public let elements: [WCOIdentifier: DataElement]
    /// Classes by WCO ID.
    public let classes: [WCOIdentifier: ClassDefinition]
    /// Code lists by our ID (`iso-3166-alpha2`).
    public let codeLists: [String: CodeList]
    /// Packages and profiles in load order (files sorted by path).
    public let packages: [InformationPackage]
    /// Mappings between national datasets and packages, in load order.
    public let mappings: [Mapping]
    /// National numberings of packages' positions.
    public let numberings: [Numbering]
    /// Mappings whose package is imported from XSDs when a command runs.
    public let pendingMappings: [PendingMapping]
    /// The business rules in force for each package ID (a profile's include those it keeps of
    /// its base's); packages without rules are absent.
    public let rules: [String: [BusinessRule]]

    /// Creates a catalog.
    public init(
        elements: [WCOIdentifier: DataElement] = [:], classes: [WCOIdentifier: ClassDefinition] = [:],
        codeLists: [String: CodeList] = [:], packages: [InformationPackage] = [],
        mappings: [Mapping] = [], numberings: [Numbering] = [], pendingMappings: [PendingMapping] = [],
        rules: [String: [BusinessRule]] = [:]
    ) {
        self.elements = elements
        self.classes = classes
        self.codeLists = codeLists
        self.packages = packages
        self.mappings = mappings
        self.numberings = numberings
        self.pendingMappings = pendingMappings
        self.rules = rules
    }

    /// The package or profile with this ID.
    public func package(_ id: String) -> InformationPackage? { packages.first { $0.id == id } }

    /// The mapping with this ID.
    public func mapping(_ id: String) -> Mapping? { mappings.first { $0.id == id } }
}
