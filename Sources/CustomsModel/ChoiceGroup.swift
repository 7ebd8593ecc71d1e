/// Marks a node as one alternative of a choice: where the package's sequence has one position
/// that any one of several sibling nodes may fill (`xs:choice` in an XSD).
///
/// The alternatives stay ordinary children of their parent, next to each other and in the
/// parent's order, so pointers, paths, diffs and profiles treat them like any other node; only
/// validation, export and generation read the group. Each occurrence of the choice is one run of
/// one alternative, within that alternative's own cardinality; the group's cardinality counts
/// the occurrences. Alternatives are single nodes (an element or a class), not nested groups.
///
/// ```yaml
/// - choice: certification
///   occurs: "1"
///   of:
///     - {tag: CertifiedExporterID, id: "X-CO-09", occurs: "1"}
///     - {tag: IssuingAuthority, id: X-COI, occurs: "1", children: [...]}
/// ```
public struct ChoiceGroup: Sendable, Hashable, Codable {
    /// The group's name, unique among its parent's children (for messages and diffs).
    public var name: String
    /// How many occurrences of the choice there must and may be.
    public var cardinality: Cardinality

    /// Creates a group.
    public init(name: String, cardinality: Cardinality) {
        self.name = name
        self.cardinality = cardinality
    }
}

extension ChoiceGroup {
    /// Why an alternative with cardinality `alternative` makes this choice ambiguous, or nil.
    ///
    /// When the choice repeats, a run of one alternative must split into occurrences in exactly
    /// one way, as XSD's unique particle attribution requires (libxml2 refuses such a schema as
    /// "not determinist"): so each alternative occurs a fixed number of times, or at most once.
    public func ambiguity(of alternative: Cardinality) -> String? {
        guard cardinality.isRepeating else { return nil }
        if alternative.max == alternative.min || alternative.max == 1 { return nil }
        return
            "choice \(name) repeats (occurs \(cardinality)), so an alternative must occur a fixed number of times or at most once, not \(alternative): a run of it could be split into occurrences in more than one way"
    }
}

extension PackageNode {
    /// Each alternative in the subtree that makes its choice ambiguous, with the reason.
    public func ambiguousChoices() -> [(node: PackageNode, reason: String)] {
        var result: [(PackageNode, String)] = []
        for child in children {
            if let group = child.choice, let reason = group.ambiguity(of: child.cardinality) {
                result.append((child, reason))
            }
            result += child.ambiguousChoices()
        }
        return result
    }
}
