/// Looks things up in a catalog's dictionary: by WCO ID, by pointer, or by words of the name,
/// dictionary entry name and description.
///
/// ```swift
/// let search = DictionarySearch(catalog: catalog)
/// search.find("D026")                 // the element, and where packages use it
/// search.find("42A/67A/68A/03A/226")  // the node in every package that has the pointer
/// search.find("gross mass")           // every entry whose text has both words
/// ```
public struct DictionarySearch: Sendable {
    /// One dictionary entry (or, for a pointer query, one entry reached by the pointer).
    public struct Match: Sendable, Codable, Hashable {
        /// `element` or `class`.
        public let kind: String
        /// The WCO ID.
        public let id: String
        /// The WCO name.
        public let name: String
        /// Our description.
        public let description: String
        /// Its format (elements).
        public let format: String?
        /// Its code list (elements).
        public let codeList: String?
        /// Its dictionary entry name (elements).
        public let dictionaryEntryName: String?
        /// Its UNTDED number (elements).
        public let untded: String?
        /// The procedures that use it (elements).
        public let usage: [String]
        /// Where packages place it.
        public let uses: [Use]
    }

    /// One place a package puts an entry.
    public struct Use: Sendable, Codable, Hashable {
        /// The package or profile.
        public let package: String
        /// The pointer of the node.
        public let pointer: String
        /// Its instance path.
        public let path: String
        /// Its cardinality there.
        public let cardinality: String
        /// Its national name there, in a profile.
        public let nationalName: String?
        /// Its national data-element number there (a profile's, or an imported schema's).
        public let nationalID: String?

        /// The use `located` makes of its entry in `package`.
        init(_ located: LocatedNode, in package: InformationPackage) {
            self.package = package.id
            pointer = located.pointer.description
            path = located.path
            cardinality = located.node.cardinality.description
            nationalName = located.node.nationalName
            nationalID = located.node.nationalID
        }
    }

    private let catalog: Catalog
    private let uses: [String: [Use]]
    /// For IDs that no dictionary entry has: the first node that carries one, whose own
    /// metadata (an imported schema's annotations) stands in for the entry.
    private let describedNodes: [String: PackageNode]
    /// National data-element number (canonical, and as written) → the nodes that carry it.
    private let nationalNumbers: [String: [(package: String, node: LocatedNode)]]

    /// Indexes `catalog` for searching.
    public init(catalog: Catalog) {
        self.catalog = catalog
        var uses: [String: [Use]] = [:]
        var describedNodes: [String: PackageNode] = [:]
        var nationalNumbers: [String: [(package: String, node: LocatedNode)]] = [:]
        for package in catalog.packages {
            for located in package.nodes {
                let numbers =
                    [located.node.nationalID].compactMap { $0 }
                    + (located.node.annotations?.nationalNumbers.map(\.number) ?? [])
                for number in Set(numbers) { nationalNumbers[number, default: []].append((package.id, located)) }
                if let id = located.node.id, catalog.elements[id] == nil, catalog.classes[id] == nil,
                    describedNodes[id.rawValue] == nil
                {
                    describedNodes[id.rawValue] = located.node
                }
                uses[String(Pointer.plainID(of: located.node.pointerSegment)), default: []].append(
                    Use(located, in: package))
            }
        }
        // National numberings (the UK's DE numbers) name positions of one package each.
        for numbering in catalog.numberings {
            guard let package = catalog.package(numbering.packageID) else { continue }
            for entry in numbering.entries {
                guard let located = package.node(at: entry.pointer) else { continue }
                nationalNumbers[entry.number.number, default: []].append((package.id, located))
            }
        }
        self.uses = uses
        self.describedNodes = describedNodes
        self.nationalNumbers = nationalNumbers
    }

    /// Everything that `query` names: an ID, a pointer, or all of its words.
    public func find(_ query: String) -> [Match] {
        let trimmed = String(query.trimmingASCIIWhitespace())
        let number = DataElementNumber(parsing: trimmed)?.number ?? trimmed
        if let carriers = nationalNumbers[number] ?? nationalNumbers[trimmed] {
            var matches: [Match] = []
            for (packageID, located) in carriers {
                guard let package = catalog.package(packageID) else { continue }
                add(located, of: package, to: &matches)
            }
            return matches
        }
        if trimmed.contains("/"), let pointer = Pointer(parsing: trimmed) { return find(pointer) }
        let id = WCOIdentifier(trimmed.uppercased())
        if let match = match(for: id) { return [match] }
        let words = trimmed.lowercased().split(separator: " ").map(String.init)
        let elements = catalog.elements.values.filter { element in
            let text = [element.name, element.dictionaryEntryName ?? "", element.description].joined(separator: " ")
                .lowercased()
            return words.allSatisfy(text.contains)
        }.map(\.id)
        let classes = catalog.classes.values.filter { definition in
            let text = [definition.name, definition.description].joined(separator: " ").lowercased()
            return words.allSatisfy(text.contains)
        }.map(\.id)
        return (classes.sorted() + elements.sorted()).compactMap(match(for:))
    }

    /// The closest known ID or name, for "did you mean".
    public func suggestion(for query: String) -> String? {
        let candidates =
            catalog.elements.keys.map(\.rawValue) + catalog.classes.keys.map(\.rawValue)
            + catalog.elements.values.map(\.name) + catalog.classes.values.map(\.name)
        return Suggestions.closest(to: query, among: candidates)
    }

    private func find(_ pointer: Pointer) -> [Match] {
        var matches: [Match] = []
        for package in catalog.packages {
            // Exactly there, else under an envelope (`42A/017` in `MetaData/42A/017`).
            for located in package.nodes(matching: pointer) {
                add(located, of: package, to: &matches)
            }
        }
        return matches
    }

    /// Adds `located` to `matches`: one more use of a match with its ID, or a new match.
    private func add(_ located: LocatedNode, of package: InformationPackage, to matches: inout [Match]) {
        let use = Use(located, in: package)
        if let index = matches.firstIndex(where: { $0.id == Pointer.plainID(of: located.node.pointerSegment) }) {
            let existing = matches[index]
            matches[index] = Match(
                kind: existing.kind, id: existing.id, name: existing.name, description: existing.description,
                format: existing.format, codeList: existing.codeList, dictionaryEntryName: existing.dictionaryEntryName,
                untded: existing.untded, usage: existing.usage, uses: existing.uses + [use])
        } else if let id = located.node.id, let base = match(for: id) {
            matches.append(
                Match(
                    kind: base.kind, id: base.id, name: base.name, description: base.description, format: base.format,
                    codeList: base.codeList, dictionaryEntryName: base.dictionaryEntryName, untded: base.untded,
                    usage: base.usage, uses: [use]))
        } else {
            matches.append(Self.described(located.node, uses: [use]))
        }
    }

    /// A match from a node's own metadata, for an ID no dictionary entry has.
    private static func described(_ node: PackageNode, uses: [Use]) -> Match {
        Match(
            kind: node.kind.rawValue, id: String(Pointer.plainID(of: node.pointerSegment)), name: node.name,
            description: node.description ?? node.annotations?.description ?? "",
            format: node.format?.description ?? node.annotations?.wcoFormat, codeList: node.codeListID,
            dictionaryEntryName: node.annotations?.dictionaryEntryName, untded: node.annotations?.untded,
            usage: node.usage.sorted().map(\.rawValue), uses: uses)
    }

    private func match(for id: WCOIdentifier) -> Match? {
        let places = uses[id.rawValue] ?? []
        if let element = catalog.elements[id] {
            return Match(
                kind: "element", id: id.rawValue, name: element.name, description: element.description,
                format: element.format.description, codeList: element.codeListID,
                dictionaryEntryName: element.dictionaryEntryName, untded: element.untdedID,
                usage: element.usage.sorted().map(\.rawValue), uses: places)
        }
        if let definition = catalog.classes[id] {
            return Match(
                kind: "class", id: id.rawValue, name: definition.name, description: definition.description, format: nil,
                codeList: nil, dictionaryEntryName: nil, untded: nil, usage: [], uses: places)
        }
        return describedNodes[id.rawValue].map { Self.described($0, uses: places) }
    }
}
