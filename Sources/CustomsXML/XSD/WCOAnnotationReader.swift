import CustomsModel

/// Reads the WCO metadata of a schema component from its `xs:annotation/xs:documentation`
/// children: `WCOID`, `WCOName`, `WCODescription`, `WCOFormat`, `TDEDUID`,
/// `DictionaryEntryName`, `UniquePositionID` and the usage marks (`WCOUsageDeclarationIM` …,
/// `WCOUsageUPU`), in whatever namespace the schema writes them; and the national
/// data-element numbers beside them (`NationalNumberAnnotations`). Each value keeps the place
/// of the annotation element that gave it, for import warnings.
struct WCOAnnotationReader {
    /// One annotation value and where it is written.
    struct Entry {
        /// The text, whitespace collapsed.
        let text: String
        /// The annotation element.
        let location: SourceLocation
    }

    /// Tag → the first annotation child with that local name.
    let entries: [String: Entry]
    /// National data-element numbers, in the order written.
    let nationalNumbers: [NationalNumberAnnotations.Found]
    /// `WCOID` annotations holding a placeholder rather than an ID (the element's, its type's).
    let placeholders: [Entry]

    init(_ component: SchemaElement, in file: String) {
        var entries: [String: Entry] = [:]
        var numbers: [NationalNumberAnnotations.Found] = []
        for annotation in component.children where annotation.isSchema("annotation") {
            for documentation in annotation.children where documentation.isSchema("documentation") {
                for entry in documentation.children where entries[entry.name] == nil {
                    entries[entry.name] = Entry(
                        text: SchemaText.collapsed(entry.text), location: entry.location(in: file))
                }
                numbers += NationalNumberAnnotations.numbers(in: documentation, file: file).found
            }
        }
        let placeholders = entries["WCOID"].map { Self.isPlaceholder($0.text) ? [$0] : [] } ?? []
        self.init(entries: entries, nationalNumbers: numbers, placeholders: placeholders)
    }

    private init(
        entries: [String: Entry], nationalNumbers: [NationalNumberAnnotations.Found], placeholders: [Entry]
    ) {
        self.entries = entries
        self.nationalNumbers = nationalNumbers
        self.placeholders = placeholders
    }

    /// The `WCOID` annotation as written, placeholder or not.
    var idEntry: Entry? { entries["WCOID"] }

    /// The WCO ID, if annotated with one: a placeholder (`???`, empty) is no ID.
    var wcoID: WCOIdentifier? {
        idEntry.flatMap { Self.isPlaceholder($0.text) ? nil : WCOIdentifier($0.text) }
    }

    /// Words that schemas write where an ID is still to come.
    static let placeholderWords: Set<String> = ["TBD", "TBC", "TBA", "N/A", "NA", "NONE", "NULL", "XXX", "TODO"]

    /// True for an empty ID, one without a letter or digit (`???`, `-`, `…`), or a placeholder
    /// word (`TBD`, `N/A`, …).
    static func isPlaceholder(_ text: String) -> Bool {
        text.isEmpty
            || !text.unicodeScalars.contains(where: {
                $0.properties.isAlphabetic && $0.isASCII || ("0"..."9").contains($0)
            })
            || placeholderWords.contains(text.uppercased())
    }

    /// The WCO name.
    var wcoName: String? { entries["WCOName"]?.text }
    /// The `WCOFormat` annotation as written.
    var formatEntry: Entry? { entries["WCOFormat"] }
    /// The annotated WCO format, parsed when it is valid WCO notation.
    var format: Format? { formatEntry.flatMap { try? Format.parse($0.text) } }

    /// The usage marks present (with a value such as `X`).
    var usage: Set<Usage> {
        let marks: [(String, Usage)] = [
            ("WCOUsageDeclarationIM", .importDeclaration), ("WCOUsageDeclarationEX", .exportDeclaration),
            ("WCOUsageDeclarationCRI", .cargoReportImport), ("WCOUsageDeclarationCRE", .cargoReportExport),
            ("WCOUsageDeclarationCONV", .conveyance), ("WCOUsageDeclarationTRT", .transit), ("WCOUsageUPU", .postal),
        ]
        return Set(marks.compactMap { tag, usage in (entries[tag].map { !$0.text.isEmpty } ?? false) ? usage : nil })
    }

    /// The metadata without a place of its own in `PackageNode`; nil when there is none.
    var annotations: WCOAnnotations? {
        var result = WCOAnnotations()
        result.dictionaryEntryName = entries["DictionaryEntryName"]?.text
        result.untded = entries["TDEDUID"]?.text
        result.uniquePositionID = entries["UniquePositionID"]?.text
        result.wcoFormat = formatEntry?.text
        result.description = entries["WCODescription"]?.text
        var seen: Set<DataElementNumber> = []
        result.nationalNumbers = nationalNumbers.map(\.number).filter { seen.insert($0).inserted }
        return result.isEmpty ? nil : result
    }

    /// Self's values, with `fallback`'s where self has none (an element's annotations before
    /// its type's).
    /// Self's values, with `fallback`'s where self has none (an element's annotations before
    /// its type's). A placeholder ID does not hide a real one: an element annotated `???` whose
    /// type has an ID gets the type's, and the placeholder is still reported.
    func merged(with fallback: WCOAnnotationReader) -> WCOAnnotationReader {
        var merged = entries.merging(fallback.entries) { own, _ in own }
        if let own = idEntry, Self.isPlaceholder(own.text), let theirs = fallback.idEntry,
            !Self.isPlaceholder(theirs.text)
        {
            merged["WCOID"] = theirs
        }
        return WCOAnnotationReader(
            entries: merged, nationalNumbers: nationalNumbers.isEmpty ? fallback.nationalNumbers : nationalNumbers,
            placeholders: placeholders + fallback.placeholders)
    }

    /// The local names of the WCO annotations (any `WCOUsage…` mark besides).
    static let wcoTags: Set<String> = [
        "WCOID", "WCOName", "WCODescription", "WCOFormat", "TDEDUID", "TDEDName", "DictionaryEntryName",
        "NamedComplexType", "XMLTag", "UniquePositionID", "WCOCodeRemarks",
    ]

    /// True when `tag` is a WCO annotation.
    static func isWCOTag(_ tag: String) -> Bool { wcoTags.contains(tag) || tag.hasPrefix("WCOUsage") }
}
