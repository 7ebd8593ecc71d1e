/// A mapping between a national dataset and a DM package or profile: how national records are
/// written (CSV, JSON or XML), the table of rows that map their fields to DM elements and back,
/// and the code tables the rows translate with. Loaded from `DataModel/mappings/`.
public struct Mapping: Sendable, Identifiable {
    /// Our identifier, e.g. `xa-import-csv`.
    public let id: String
    /// The title.
    public let name: String
    /// What it is for.
    public let description: String
    /// The DM side: a package or profile of the catalog.
    public let packageID: String
    /// How national records are written.
    public let format: NationalRecordFormat
    /// The national field that names a record in reports (the LRN), if any.
    public let recordKey: FieldPath?
    /// The rows, in table order (DM → national runs them in this order too).
    public let rules: [MappingRule]
    /// Code tables by name: national code → DM code.
    public let codeTables: [String: CodeTable]
    /// The definition file.
    public let origin: SourceLocation?

    /// A mapping.
    public init(
        id: String, name: String, description: String = "", packageID: String, format: NationalRecordFormat,
        recordKey: FieldPath? = nil, rules: [MappingRule], codeTables: [String: CodeTable] = [:],
        origin: SourceLocation? = nil
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.packageID = packageID
        self.format = format
        self.recordKey = recordKey
        self.rules = rules
        self.codeTables = codeTables
        self.origin = origin
    }

    /// Every national field the table names, in table order, each once.
    public var nationalFields: [FieldPath] {
        var seen = Set<FieldPath>()
        return rules.flatMap(\.fields).filter { seen.insert($0).inserted }
    }

    /// The national paths after which a repeating group's positions follow (`items`,
    /// `items.$1.documents`), each once: what a national XML or JSON record repeats.
    public var groupPaths: Set<[String]> {
        Set(rules.flatMap(\.fields).flatMap { $0.groupNames.map(\.names) })
    }
}

/// A code table of a mapping: national codes and the DM codes they stand for.
public struct CodeTable: Hashable, Sendable {
    /// National code → DM code, in the table's order.
    public let pairs: [(national: String, dm: String)]
    /// Where the table is defined.
    public let origin: SourceLocation?

    /// A table.
    public init(pairs: [(national: String, dm: String)], origin: SourceLocation? = nil) {
        self.pairs = pairs
        self.origin = origin
    }

    /// The DM code for a national one.
    public func dm(for national: String) -> String? { pairs.first { $0.national == national }?.dm }

    /// The national code for a DM one (the first, where several map to it).
    public func national(for dm: String) -> String? { pairs.first { $0.dm == dm }?.national }

    /// DM codes that more than one national code maps to: the table cannot be reversed.
    public var ambiguousDMCodes: [String] {
        var counts: [String: Int] = [:]
        for pair in pairs { counts[pair.dm, default: 0] += 1 }
        return pairs.map(\.dm).filter { counts[$0]! > 1 }.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    public static func == (a: CodeTable, b: CodeTable) -> Bool {
        a.pairs.elementsEqual(b.pairs) { $0 == $1 } && a.origin == b.origin
    }

    public func hash(into hasher: inout Hasher) {
        for pair in pairs {
            hasher.combine(pair.national)
            hasher.combine(pair.dm)
        }
    }
}

/// How the national records of a mapping are written.
public enum NationalRecordFormat: Hashable, Sendable {
    /// Flat CSV: one line per declaration (its header line) followed by one line per goods item;
    /// columns are field names (header lines) or names below the item group (item lines).
    case csv(CSVLayout)
    /// JSON: a record is an object; a file holds one, an array of them, or one per line
    /// (`.ndjson`, `.jsonl`). Groups are arrays.
    case json
    /// XML: a record is an element; a group's positions are repeated elements of its name.
    case xml(XMLLayout)

    /// `csv`, `json` or `xml`.
    public var name: String {
        switch self {
        case .csv: "csv"
        case .json: "json"
        case .xml: "xml"
        }
    }

    /// The file extensions of national record files in this format.
    public var fileExtensions: [String] {
        switch self {
        case .csv: ["csv"]
        case .json: ["json", "ndjson", "jsonl"]
        case .xml: ["xml"]
        }
    }
}

/// The layout of flat CSV records.
public struct CSVLayout: Hashable, Sendable {
    /// The column that tells a header line from an item line.
    public let kindColumn: String
    /// Its value on a record's header line.
    public let headerKind: String
    /// Its value on an item line.
    public let itemKind: String
    /// The group that item lines fill (`items`: the columns of item line 3 are `items.3.…`).
    public let itemGroup: String

    /// A layout.
    public init(kindColumn: String, headerKind: String, itemKind: String, itemGroup: String) {
        self.kindColumn = kindColumn
        self.headerKind = headerKind
        self.itemKind = itemKind
        self.itemGroup = itemGroup
    }
}

/// The layout of national XML records.
public struct XMLLayout: Hashable, Sendable {
    /// The record's element name.
    public let recordElement: String
    /// The element that wraps several records in one file, if files may hold several.
    public let batchElement: String?
    /// The namespace of the record's elements ("" for none).
    public let namespace: String

    /// A layout.
    public init(recordElement: String, batchElement: String?, namespace: String) {
        self.recordElement = recordElement
        self.batchElement = batchElement
        self.namespace = namespace
    }
}
