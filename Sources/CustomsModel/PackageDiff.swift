/// What a profile (MyIP) or derived package does to the package it restricts: the elements it
/// removes, restricts, renames and adds, and how much of the base it covers — the WCO's
/// "level of conformity" view of a national dataset.
///
/// Nodes are matched by pointer, so the comparison holds for any two packages built from the
/// same dictionary.
public struct PackageDiff: Sendable, Codable {
    /// A base subtree that the profile does not keep (reported once, at its top).
    public struct Removal: Sendable, Codable, Hashable {
        /// The pointer of the removed node.
        public let pointer: Pointer
        /// Its instance path in the base, e.g. `/Declaration/Submitter`.
        public let path: String
        /// How many data elements the removal takes away with it.
        public let elementCount: Int
    }

    /// A kept node whose rules the profile tightens.
    public struct Restriction: Sendable, Codable, Hashable {
        /// The pointer of the node.
        public let pointer: Pointer
        /// Its instance path.
        public let path: String
        /// Each tightening in words, e.g. "cardinality 0..1 → 1".
        public let changes: [String]
    }

    /// A kept node that the profile names in its own way.
    public struct Renaming: Sendable, Codable, Hashable {
        /// The pointer of the node.
        public let pointer: Pointer
        /// The WCO name.
        public let wcoName: String
        /// The national name.
        public let nationalName: String?
        /// The national data element number.
        public let nationalID: String?
    }

    /// A national element with no counterpart in the base.
    public struct Addition: Sendable, Codable, Hashable {
        /// Its pointer (ending with its tag).
        public let pointer: Pointer
        /// Its instance path.
        public let path: String
        /// Its name.
        public let name: String
        /// Its format, if it holds a value.
        public let format: Format?
        /// How often it may occur.
        public let cardinality: Cardinality
    }

    /// Kept elements against the base's, overall or for one usage.
    public struct Share: Sendable, Codable, Hashable {
        /// Base elements the profile keeps.
        public let kept: Int
        /// Base elements in all.
        public let total: Int
        /// Creates a share.
        public init(kept: Int, total: Int) {
            self.kept = kept
            self.total = total
        }

        /// `kept / total` (1 when there is nothing to cover).
        public var ratio: Double { total == 0 ? 1 : Double(kept) / Double(total) }
    }

    /// The profile's ID.
    public let profileID: String
    /// The base's ID.
    public let baseID: String
    /// Removed subtrees.
    public let removed: [Removal]
    /// Tightened nodes.
    public let restricted: [Restriction]
    /// Nationally named nodes.
    public let renamed: [Renaming]
    /// National additions.
    public let added: [Addition]
    /// Share of the base's data elements kept.
    public let coverage: Share
    /// The same share among the elements each usage needs, for the usages the base has.
    public let coverageByUsage: [Usage: Share]

    /// Compares `profile` with `base`.
    public init(profile: InformationPackage, base: InformationPackage) {
        let kept = Dictionary(profile.nodes.map { ($0.pointer, $0) }, uniquingKeysWith: { first, _ in first })
        let baseNodes = base.nodes
        var removed: [Removal] = []
        var restricted: [Restriction] = []
        var renamed: [Renaming] = []
        var removedTops: [Pointer] = []
        for located in baseNodes {
            guard let mine = kept[located.pointer] else {
                if !removedTops.contains(where: { $0.isPrefix(of: located.pointer) }) {
                    removedTops.append(located.pointer)
                    let count = located.node.located().count { $0.node.kind == .element }
                    removed.append(Removal(pointer: located.pointer, path: located.path, elementCount: count))
                }
                continue
            }
            let changes = Self.tightenings(of: located.node, by: mine.node)
            if !changes.isEmpty {
                restricted.append(Restriction(pointer: located.pointer, path: mine.path, changes: changes))
            }
            if mine.node.nationalName != located.node.nationalName || mine.node.nationalID != located.node.nationalID,
                mine.node.nationalName != nil || mine.node.nationalID != nil
            {
                renamed.append(
                    Renaming(
                        pointer: located.pointer, wcoName: located.node.name, nationalName: mine.node.nationalName,
                        nationalID: mine.node.nationalID))
            }
        }
        let added = profile.nodes.filter(\.node.isNationalAddition).map {
            Addition(
                pointer: $0.pointer, path: $0.path, name: $0.node.name, format: $0.node.format,
                cardinality: $0.node.cardinality)
        }
        let baseElements = baseNodes.filter { $0.node.kind == .element }
        let keptElements = baseElements.filter { kept[$0.pointer] != nil }
        var byUsage: [Usage: Share] = [:]
        for usage in Usage.allCases {
            let total = baseElements.count { $0.node.usage.contains(usage) }
            guard total > 0 else { continue }
            byUsage[usage] = Share(kept: keptElements.count { $0.node.usage.contains(usage) }, total: total)
        }
        self.profileID = profile.id
        self.baseID = base.id
        self.removed = removed
        self.restricted = restricted
        self.renamed = renamed
        self.added = added
        self.coverage = Share(kept: keptElements.count, total: baseElements.count)
        self.coverageByUsage = byUsage
    }

    /// The ways `profile` tightens `base`, in words.
    static func tightenings(of base: PackageNode, by profile: PackageNode) -> [String] {
        var changes: [String] = []
        if profile.cardinality != base.cardinality {
            changes.append("cardinality \(base.cardinality) → \(profile.cardinality)")
        }
        if let mine = profile.format, let theirs = base.format, mine != theirs {
            changes.append("format \(theirs) → \(mine)")
        }
        if profile.codeListID != base.codeListID, let list = profile.codeListID {
            changes.append("code list \(base.codeListID ?? "none") → \(list)")
        }
        for pattern in profile.patterns where !base.patterns.contains(pattern) {
            changes.append("pattern \(pattern)")
        }
        if let codes = profile.allowedCodes, codes != base.allowedCodes {
            changes.append("codes limited to \(codes.joined(separator: ", "))")
        }
        let baseAttributes = Dictionary(base.attributes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for attribute in profile.attributes {
            guard let original = baseAttributes[attribute.name] else { continue }
            if attribute.isRequired && !original.isRequired { changes.append("@\(attribute.name) required") }
            if let codes = attribute.allowedCodes, codes != original.allowedCodes {
                changes.append("@\(attribute.name) limited to \(codes.joined(separator: ", "))")
            }
        }
        return changes
    }
}
