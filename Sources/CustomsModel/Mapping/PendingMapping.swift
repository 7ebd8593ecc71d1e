/// A mapping whose package is imported from XSDs when a command runs (`--xsd`), not loaded from
/// `DataModel/`: its file is read and checked at load, its table is resolved against the
/// package once the schemas are imported (`MappingResolver`).
public struct PendingMapping: Sendable, Identifiable {
    /// Our identifier.
    public let id: String
    /// The title.
    public let name: String
    /// What it is for.
    public let description: String
    /// The ID the imported package gets.
    public let packageID: String
    /// How national records are written.
    public let format: NationalRecordFormat
    /// The record key as written, and where.
    public let recordKey: (text: String, location: SourceLocation)?
    /// The table's path.
    public let tablePath: String
    /// Code tables by name.
    public let codeTables: [String: CodeTable]
    /// The definition file.
    public let origin: SourceLocation?

    /// A pending mapping.
    public init(
        id: String, name: String, description: String, packageID: String, format: NationalRecordFormat,
        recordKey: (text: String, location: SourceLocation)?, tablePath: String, codeTables: [String: CodeTable],
        origin: SourceLocation?
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.packageID = packageID
        self.format = format
        self.recordKey = recordKey
        self.tablePath = tablePath
        self.codeTables = codeTables
        self.origin = origin
    }
}
