import CustomsModel

/// Something odd about schemas that were imported all the same, at the schema construct it is
/// about. `customs import xsd --strict` (and `XSDImporter.importSchemas(…, strict: true)`)
/// makes every warning an error.
public struct XSDImportWarning: Sendable, Hashable, CustomStringConvertible {
    /// What kind of oddity.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        /// One WCO ID on several siblings, or on elements of different names elsewhere.
        case reusedID = "reused-id"
        /// `???`, an empty `WCOID` or a placeholder word where an ID belongs.
        case placeholderID = "placeholder-id"
        /// A `WCOFormat` that the facets restricting the value contradict.
        case formatFacets = "format-facets"
        /// A `WCOFormat` that is not WCO format notation.
        case unreadableFormat = "unreadable-format"
    }

    /// What kind of oddity.
    public let kind: Kind
    /// The annotation (or declaration) it is about.
    public let location: SourceLocation
    /// What is odd and what the import did about it.
    public let message: String

    /// Creates a warning.
    public init(_ kind: Kind, at location: SourceLocation, _ message: String) {
        self.kind = kind
        self.location = location
        self.message = message
    }

    /// `file:line:column: warning[kind]: message`.
    public var description: String { "\(location): warning[\(kind.rawValue)]: \(message)" }
}

/// What importing XSDs gives: the package, the warnings about the schemas, and which annotation
/// layouts were found in them.
public struct XSDImport: Sendable {
    /// The imported package.
    public let package: InformationPackage
    /// Every warning, in schema order (file, line, column), each once.
    public let warnings: [XSDImportWarning]
    /// The annotations the schemas carry, recognised or not.
    public let annotations: XSDAnnotationReport
    /// Every schema file read, with the `ContentDigest` of its bytes as read: what the import
    /// depends on, for a cache to check.
    public let files: [(path: String, digest: String)]
}

/// The annotation elements of a schema set, by what the importer made of them: WCO
/// annotations, national data-element numbers (by layout, see `NationalNumberAnnotations`),
/// and the rest, which is kept out of the package and listed here.
public struct XSDAnnotationReport: Sendable {
    /// Annotations of one tag that were not recognised.
    public struct Unrecognised: Sendable, Hashable {
        /// The tag, `{namespace}local` when it has a namespace.
        public let tag: String
        /// How many there are.
        public let count: Int
        /// The first one.
        public let first: SourceLocation
    }

    /// How many WCO annotation elements were read.
    public let wcoCount: Int
    /// National numbers found, by layout name.
    public let nationalCounts: [String: Int]
    /// Everything else, by tag, most frequent first.
    public let unrecognised: [Unrecognised]
}

/// The warnings of one import as they are found: one per kind and place (a type used by many
/// elements is read for each, and its annotation is warned about once, naming the first).
struct XSDImportWarnings {
    private struct Place: Hashable {
        let kind: XSDImportWarning.Kind
        let location: SourceLocation
    }

    private var warnings: [XSDImportWarning] = []
    private var places: Set<Place> = []

    /// Adds `warning` unless one of its kind was given at its place.
    mutating func add(_ warning: XSDImportWarning) {
        if places.insert(Place(kind: warning.kind, location: warning.location)).inserted { warnings.append(warning) }
    }

    /// True when a warning of `kind` was given at `location`.
    func contains(_ kind: XSDImportWarning.Kind, at location: SourceLocation) -> Bool {
        places.contains(Place(kind: kind, location: location))
    }

    /// Every warning, in schema order (file, line, column).
    var sorted: [XSDImportWarning] {
        warnings.sorted {
            ($0.location.file, $0.location.line, $0.location.column, $0.message)
                < ($1.location.file, $1.location.line, $1.location.column, $1.message)
        }
    }
}
