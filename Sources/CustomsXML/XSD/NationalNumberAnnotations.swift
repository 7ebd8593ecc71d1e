import CustomsModel

/// The annotation layouts in which published schemas give a national data-element number
/// beside the WCO ID (EU member states' schemas above all), in any namespace, the schema's
/// default one included:
///
/// - **number element**: a documentation child named `EUCDMID`, `EUCDM`, `EUCDMNumber`,
///   `EUCDMDataElement`, `DataElementNumber`, `DataElementID`, `DENumber`, `DEID`,
///   `NationalDataElement` or `NationalID` (any case) whose text is a number
///   (`<EUCDMID>12 09 001 000</EUCDMID>`); an `EUCDM…` name gives the scheme `EUCDM`, and a
///   `version` attribute is added to it;
/// - **type and code pair**: a child `type` naming the scheme followed by a child `code`,
///   `number` or `id` holding the number (`<type>EUCDM 6.1</type><code>12 09 001 000</code>`),
///   directly in the documentation or one element down;
/// - **documentation source**: a documentation without element children whose text is a
///   number and whose `source` attribute names the scheme
///   (`<xs:documentation source="EUCDM 6.1">2/5</xs:documentation>`).
///
/// A number is what `DataElementNumber(parsing:)` accepts, so prose is never taken for one.
/// Everything else in a documentation that is not a WCO annotation is *unrecognised*: listed by
/// `customs import xsd --verbose`, never an error.
enum NationalNumberAnnotations {
    /// A layout this reader recognises.
    enum Layout: String, CaseIterable, Sendable {
        case numberElement = "number element"
        case typeAndCode = "type and code pair"
        case documentationSource = "documentation source"
    }

    /// One number found, where, and in which layout.
    struct Found {
        let number: DataElementNumber
        let location: SourceLocation
        let layout: Layout
    }

    /// Local names (upper-cased) of the elements that hold a number.
    static let numberTags: Set<String> = [
        "EUCDMID", "EUCDM", "EUCDMNUMBER", "EUCDMDATAELEMENT", "DATAELEMENTNUMBER", "DATAELEMENTID", "DENUMBER",
        "DEID", "NATIONALDATAELEMENT", "NATIONALID",
    ]
    /// Local names (upper-cased) of the second half of a type-and-code pair.
    static let codeTags: Set<String> = ["CODE", "NUMBER", "ID"]

    /// Every number `documentation` gives, and which of its children gave one or named a
    /// scheme for one (the rest are WCO annotations or unrecognised).
    static func numbers(in documentation: SchemaElement, file: String) -> (found: [Found], used: Set<Int>) {
        if documentation.children.isEmpty, let source = documentation.attributes["source"],
            let number = DataElementNumber(parsing: documentation.text, scheme: SchemaText.collapsed(source))
        {
            return (
                [Found(number: number, location: documentation.location(in: file), layout: .documentationSource)], []
            )
        }
        return numbers(among: documentation.children, file: file)
    }

    /// The numbers among `children` (and one level below them), and the children that gave
    /// one or named a scheme for one.
    private static func numbers(among children: [SchemaElement], file: String) -> (found: [Found], used: Set<Int>) {
        var found: [Found] = []
        var used: Set<Int> = []
        var pendingScheme: (scheme: String, index: Int)?
        for (index, child) in children.enumerated() {
            let tag = child.name.uppercased()
            let text = SchemaText.collapsed(child.text)
            if numberTags.contains(tag), let number = DataElementNumber(parsing: text, scheme: scheme(of: child)) {
                found.append(Found(number: number, location: child.location(in: file), layout: .numberElement))
                used.insert(index)
            } else if tag == "TYPE", child.children.isEmpty, !text.isEmpty {
                pendingScheme = (text, index)
            } else if codeTags.contains(tag), let scheme = pendingScheme,
                let number = DataElementNumber(parsing: text, scheme: scheme.scheme)
            {
                found.append(Found(number: number, location: child.location(in: file), layout: .typeAndCode))
                used.formUnion([scheme.index, index])
                pendingScheme = nil
            } else if !child.children.isEmpty {
                let inner = numbers(among: child.children, file: file)
                if !inner.found.isEmpty {
                    found += inner.found
                    used.insert(index)
                }
            }
        }
        return (found, used)
    }

    /// The scheme a number element names: `EUCDM` for its `EUCDM…` tags, with its `version`.
    private static func scheme(of element: SchemaElement) -> String? {
        let family = element.name.uppercased().hasPrefix("EUCDM") ? "EUCDM" : nil
        let version = element.attributes["version"].map(SchemaText.collapsed)
        let parts = [family, version].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}
