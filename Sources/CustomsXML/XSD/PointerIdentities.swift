import CustomsModel

/// Gives every node of an imported tree a pointer that names it alone, and warns where the
/// schemas reuse a WCO ID.
///
/// A pointer segment is the node's WCO ID (its tag when it has none). Siblings that share one
/// are told apart by a deterministic rule, so that the same schemas always give the same
/// pointers:
/// 1. by namespace: the first sibling's namespace keeps the plain segment, each other one is
///    qualified by its namespace, `42A{urn:wco:datamodel:WCO:DEC-DMS:2}` (the CDS
///    notification's `Response` holds two `Declaration`s);
/// 2. within one namespace, every sibling that shares the segment is qualified by its tag,
///    `L110(Name)` and `L110(Identification)`, and by its 1-based place among siblings of that
///    tag when the tag repeats too, `L110(Name,2)`. No sibling keeps the plain ID: each is as
///    much the ID's owner as the others, and a pointer quoting the plain ID (as published
///    tables do) finds them all (`InformationPackage.nodes(matching:)`).
///
/// Each ID reused in one namespace (rule 2) is a `reused-id` warning at the later sibling's
/// `WCOID` annotation; so is an ID carried by elements of different tags anywhere in the tree
/// (class reuse, one class under several parents with one tag, is how the WCO DM is built and
/// is not warned about).
struct PointerIdentities {
    /// Where each node's `WCOID` annotation is, by the node's origin.
    let idSites: [SourceLocation: SourceLocation]
    /// The package's namespace (nodes with a nil namespace are in it).
    let packageNamespace: String
    /// The import's warnings, these added.
    private(set) var warnings: XSDImportWarnings

    init(idSites: [SourceLocation: SourceLocation], packageNamespace: String, warnings: XSDImportWarnings) {
        self.idSites = idSites
        self.packageNamespace = packageNamespace
        self.warnings = warnings
    }

    /// Where a warning about `node`'s ID goes: its `WCOID` annotation, else its declaration.
    private func site(of node: PackageNode) -> SourceLocation {
        node.origin.flatMap { idSites[$0] } ?? node.origin ?? SourceLocation(file: "")
    }

    /// Makes the pointer segments of `node`'s children, and theirs, unique among siblings.
    mutating func distinguish(_ node: inout PackageNode) {
        var order: [String] = []
        var bySegment: [String: [Int]] = [:]
        for (index, child) in node.children.enumerated() {
            if bySegment[child.pointerSegment] == nil { order.append(child.pointerSegment) }
            bySegment[child.pointerSegment, default: []].append(index)
        }
        for segment in order {
            guard let members = bySegment[segment], members.count > 1 else { continue }
            var namespaces: [String] = []
            var byNamespace: [String: [Int]] = [:]
            for index in members {
                let namespace = node.children[index].namespace ?? packageNamespace
                if byNamespace[namespace] == nil { namespaces.append(namespace) }
                byNamespace[namespace, default: []].append(index)
            }
            for (rank, namespace) in namespaces.enumerated() {
                let qualified = rank == 0 ? segment : "\(segment){\(namespace)}"
                let same = byNamespace[namespace] ?? []
                if same.count == 1 {
                    if rank > 0 { node.children[same[0]].setPointerSegment(qualified) }
                    continue
                }
                qualifyByTag(same, of: &node, segment: qualified)
            }
        }
        for index in node.children.indices { distinguish(&node.children[index]) }
    }

    /// Rule 2 for the siblings at `indices`, which share `segment` in one namespace.
    private mutating func qualifyByTag(_ indices: [Int], of node: inout PackageNode, segment: String) {
        var seenTags: [String: Int] = [:]
        let tags = indices.map { node.children[$0].tag }
        var segments: [String] = []
        for index in indices {
            let tag = node.children[index].tag
            seenTags[tag, default: 0] += 1
            let repeats = tags.filter { $0 == tag }.count > 1
            let qualifier = repeats ? "\(tag),\(seenTags[tag]!)" : tag
            segments.append("\(segment)(\(qualifier))")
            node.children[index].setPointerSegment(segments.last!)
        }
        let first = node.children[indices[0]]
        guard let id = first.id else { return }
        for (offset, index) in indices.enumerated().dropFirst() {
            let twin = node.children[index]
            warnings.add(
                XSDImportWarning(
                    .reusedID, at: site(of: twin),
                    "<\(twin.tag)> reuses WCO ID \(id) of its sibling <\(first.tag)> (\(site(of: first))) under <\(node.tag)>; their pointer segments are \(segments[0]) and \(segments[offset])"
                ))
        }
    }

    /// Warns about each WCO ID carried by elements of different tags: once per further tag, at
    /// its first node, unless that place has a sibling warning already.
    mutating func noteReuseAcrossClasses(in root: PackageNode) {
        var firstByID: [WCOIdentifier: [String: LocatedNode]] = [:]
        var order: [(WCOIdentifier, LocatedNode)] = []
        for located in root.located() {
            guard let id = located.node.id, located.node.kind != .wildcard else { continue }
            if firstByID[id]?[located.node.tag] == nil {
                firstByID[id, default: [:]][located.node.tag] = located
                order.append((id, located))
            }
        }
        var firstTag: [WCOIdentifier: LocatedNode] = [:]
        for (id, located) in order {
            guard let first = firstTag[id] else {
                firstTag[id] = located
                continue
            }
            let place = site(of: located.node)
            guard !warnings.contains(.reusedID, at: place) else { continue }
            warnings.add(
                XSDImportWarning(
                    .reusedID, at: place,
                    "WCO ID \(id) is on <\(located.node.tag)> at \(located.path) and on <\(first.node.tag)> at \(first.path) (\(site(of: first.node))): one ID for elements of different names; both keep it"
                ))
        }
    }
}
