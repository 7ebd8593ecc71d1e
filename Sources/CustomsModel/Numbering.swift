/// A national numbering of a package's elements: the data-element numbers an administration's
/// documentation gives the positions of a package (the UK's Tariff Volume 3 numbers the CDS
/// declaration's, `DE 2/5` for the LRN). Loaded from `DataModel/numbering/`; `customs elements
/// find "DE 2/5"` and `customs pointers resolve` read it.
public struct Numbering: Sendable, Identifiable {
    /// One number at one position (a number may stand at several: a composite data element).
    public struct Entry: Sendable, Hashable {
        /// The number.
        public let number: DataElementNumber
        /// Where it stands in the package.
        public let pointer: Pointer
        /// In how many places of the source it was seen there, when counted.
        public let samples: Int?

        /// An entry.
        public init(number: DataElementNumber, pointer: Pointer, samples: Int? = nil) {
            self.number = number
            self.pointer = pointer
            self.samples = samples
        }
    }

    /// Our ID, e.g. `uk-cds-de`.
    public let id: String
    /// The title.
    public let name: String
    /// Where the numbers come from.
    public let source: String
    /// The package whose positions are numbered.
    public let packageID: String
    /// The numbers, in table order.
    public let entries: [Entry]
    /// Packages imported from XSDs at run time whose positions are the same pointers, maybe
    /// below an envelope (the UK's CDS schemas, `MetaData` around `42A`): numbered too.
    public let importedPackageIDs: [String]

    /// A numbering.
    public init(
        id: String, name: String, source: String, packageID: String, entries: [Entry], importedPackageIDs: [String] = []
    ) {
        self.id = id
        self.name = name
        self.source = source
        self.packageID = packageID
        self.entries = entries
        self.importedPackageIDs = importedPackageIDs
    }

    /// The numbers of `package`'s positions, by pointer: for its own package, or for an
    /// imported one with the same pointers (an envelope's segment in front); empty for others.
    public func numbers(in package: InformationPackage) -> [Pointer: [DataElementNumber]] {
        var result: [Pointer: [DataElementNumber]] = [:]
        if package.id == packageID {
            for entry in entries { result[entry.pointer, default: []].append(entry.number) }
        } else if importedPackageIDs.contains(package.id) {
            for entry in entries {
                for prefix in [[], [package.root.pointerSegment]]
                where package.node(at: Pointer(prefix + entry.pointer.segments)) != nil {
                    result[Pointer(prefix + entry.pointer.segments), default: []].append(entry.number)
                    break
                }
            }
        }
        return result
    }

    /// The positions that carry `number` (as written: `DE 2/5`, `2/5`).
    public func pointers(for number: String) -> [Pointer] {
        guard let wanted = DataElementNumber(parsing: number)?.number else { return [] }
        return entries.filter { $0.number.number == wanted }.map(\.pointer)
    }
}
