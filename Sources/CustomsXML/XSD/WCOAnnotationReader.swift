import CustomsModel

/// Reads the WCO metadata of a schema component from its `xs:annotation/xs:documentation`
/// children: `WCOID`, `WCOName`, `WCODescription`, `WCOFormat`, `TDEDUID`,
/// `DictionaryEntryName`, `UniquePositionID` and the usage marks (`WCOUsageDeclarationIM` …,
/// `WCOUsageUPU`). Documentation in other forms (plain text, other tags) is ignored.
struct WCOAnnotationReader {
    /// Tag → text of every annotation child, whitespace collapsed; the first one wins.
    let values: [String: String]

    init(_ component: SchemaElement) {
        var values: [String: String] = [:]
        for annotation in component.children where annotation.isSchema("annotation") {
            for documentation in annotation.children where documentation.isSchema("documentation") {
                for entry in documentation.children where values[entry.name] == nil {
                    values[entry.name] = SchemaText.collapsed(entry.text)
                }
            }
        }
        self.values = values
    }

    /// The WCO ID, if annotated.
    var wcoID: WCOIdentifier? { values["WCOID"].flatMap { $0.isEmpty ? nil : WCOIdentifier($0) } }
    /// The WCO name.
    var wcoName: String? { values["WCOName"] }
    /// The annotated WCO format, parsed when it is valid WCO notation.
    var format: Format? { values["WCOFormat"].flatMap { try? Format.parse($0) } }

    /// The usage marks present (with a value such as `X`).
    var usage: Set<Usage> {
        let marks: [(String, Usage)] = [
            ("WCOUsageDeclarationIM", .importDeclaration), ("WCOUsageDeclarationEX", .exportDeclaration),
            ("WCOUsageDeclarationCRI", .cargoReportImport), ("WCOUsageDeclarationCRE", .cargoReportExport),
            ("WCOUsageDeclarationCONV", .conveyance), ("WCOUsageDeclarationTRT", .transit), ("WCOUsageUPU", .postal),
        ]
        return Set(marks.compactMap { tag, usage in (values[tag].map { !$0.isEmpty } ?? false) ? usage : nil })
    }

    /// The metadata without a place of its own in `PackageNode`; nil when there is none.
    var annotations: WCOAnnotations? {
        var result = WCOAnnotations()
        result.dictionaryEntryName = values["DictionaryEntryName"]
        result.untded = values["TDEDUID"]
        result.uniquePositionID = values["UniquePositionID"]
        result.wcoFormat = values["WCOFormat"]
        result.description = values["WCODescription"]
        return result.isEmpty ? nil : result
    }

    /// Self's values, with `fallback`'s where self has none (an element's annotations before
    /// its type's).
    func merged(with fallback: WCOAnnotationReader) -> WCOAnnotationReader {
        WCOAnnotationReader(values: values.merging(fallback.values) { own, _ in own })
    }

    private init(values: [String: String]) { self.values = values }
}
