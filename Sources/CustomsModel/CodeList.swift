/// A versioned list of codes, such as ISO 3166-1 alpha-2 countries or UN/EDIFACT 1225
/// message functions, with its source.
public struct CodeList: Sendable, Hashable, Codable, Identifiable {
    /// One code and what it means.
    public struct Entry: Sendable, Hashable, Codable {
        /// The code as it appears in messages, e.g. `"9"` or `"GB"`.
        public let code: String
        /// What the code stands for.
        public let name: String
        /// Further columns of the list's file (e.g. the `pattern` of a date format code).
        public let properties: [String: String]

        /// Creates an entry.
        public init(code: String, name: String, properties: [String: String] = [:]) {
            self.code = code
            self.name = name
            self.properties = properties
        }
    }

    /// Our identifier of the list, e.g. `edifact-1225`.
    public let id: String
    /// Its title, e.g. "UN/EDIFACT 1225 Message function code".
    public let name: String
    /// The version or edition of the list, e.g. `D.21B` or `2020`.
    public let version: String
    /// Where its codes come from.
    public let source: String
    /// The codes, in file order.
    public let entries: [Entry]
    private let index: [String: Int]

    /// Creates a list; later duplicates of a code are ignored by `entry(for:)`.
    public init(id: String, name: String, version: String, source: String, entries: [Entry]) {
        self.id = id
        self.name = name
        self.version = version
        self.source = source
        self.entries = entries
        var index: [String: Int] = [:]
        for (position, entry) in entries.enumerated() where index[entry.code] == nil { index[entry.code] = position }
        self.index = index
    }

    /// True when `code` is on the list.
    public func contains(_ code: String) -> Bool { index[code] != nil }

    /// The entry for `code`, if it is on the list.
    public func entry(for code: String) -> Entry? { index[code].map { entries[$0] } }

    private enum CodingKeys: String, CodingKey { case id, name, version, source, entries }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id), name: try container.decode(String.self, forKey: .name),
            version: try container.decode(String.self, forKey: .version),
            source: try container.decode(String.self, forKey: .source),
            entries: try container.decode([Entry].self, forKey: .entries))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(version, forKey: .version)
        try container.encode(source, forKey: .source)
        try container.encode(entries, forKey: .entries)
    }
}
