import CustomsModel

/// The DM side of a mapping compiled once per mapper: the package's elements that some row
/// writes, in document order, each with the rows that fill its text and attributes and the
/// national groups that make its occurrences. Writing a message is then one walk down this tree
/// per record (`MessageEmitter`), each element written as soon as it is known to have content,
/// instead of building a message tree and rendering it afterwards.
///
/// Hand-built for speed: mapping writes one message per national record, millions in a batch,
/// and looking targets up, keying occurrences in dictionaries and building an intermediate tree
/// for every record cost far more than the values themselves.
final class EmissionPlan: @unchecked Sendable {
    // Immutable once built; shared by the threads of a parallel translator.

    /// One element of the package that rows reach.
    final class Element {
        let tag: String
        let tagBytes: [UInt8]
        let namespace: String
        /// True when the element's namespace differs from its parent's (the root's from none).
        let declaresNamespace: Bool
        /// The package's attributes of the element, in its order: the order they are written.
        let attributeNames: [String]
        /// Where `formatCode` is among them, for a date row's format code.
        let formatCodeIndex: Int?
        /// Rows that write the element's text (attribute nil) or an attribute (its index), in
        /// table order: where two write the same, the later value wins. A row's route is the
        /// driver it came through at each group from the root's children down: it writes only
        /// into occurrences those drivers made.
        var writes: [Write] = []
        /// Rows that pair a national group with this class, with their routes: an occurrence
        /// exists wherever its field does, empty or not.
        var classRules: [Write] = []
        /// The child elements rows reach, in document order.
        var groups: [Group] = []
        /// The element's place among its parent's children in the package (0 for the root).
        let childIndex: Int
        /// The code a qualified parent's new occurrence is given (`TSP` in
        /// `Classification[IdentificationTypeCode=TSP]`); such a child does not make its parent exist.
        var qualifierCode: String?
        fileprivate let node: PackageNode

        /// The element of `node`, whose parent is in `parentNamespace` ("" for the root), in
        /// its own namespace or else in `inherited` (the parent's, or the package's for the root).
        init(node: PackageNode, childIndex: Int, inherited: String, parentNamespace: String) {
            self.node = node
            self.childIndex = childIndex
            tag = node.tag
            tagBytes = Array(node.tag.utf8)
            namespace = node.namespace ?? inherited
            declaresNamespace = namespace != parentNamespace
            attributeNames = node.attributes.map(\.name)
            formatCodeIndex = attributeNames.firstIndex(of: "formatCode")
        }
    }

    /// A row that writes into an element (its text, an attribute, or — a class row — its
    /// existence), and its route: the driver it came through at each group from the root's
    /// children down.
    struct Write {
        let rule: Int
        /// The attribute's index; nil for the text (or a class row).
        let attribute: Int?
        let route: [Int]
    }

    /// The occurrences of one child element that a qualifier (or none) picks.
    final class Group {
        let childIndex: Int
        let qualifier: MessageTarget.Qualifier?
        let element: Element
        /// What makes occurrences: a step without a placeholder names one position (1, or 1 + an
        /// offset); a placeholder runs over national groups (national position + offset).
        var drivers: [Driver] = []

        init(childIndex: Int, qualifier: MessageTarget.Qualifier?, element: Element) {
            self.childIndex = childIndex
            self.qualifier = qualifier
            self.element = element
        }
    }

    /// A step's placeholder (nil for a fixed position) and offset, and the national groups the
    /// placeholder runs over (the rows' field paths through it: `items.$1` for
    /// `items.$1.description`).
    struct Driver {
        let placeholder: Int?
        let offset: Int
        var groupPaths: [FieldPath]
    }

    let root: Element
    /// Each row's placeholders: it writes only where all are bound.
    let placeholders: [[Int]]
    /// Whether each row is a constant (written where its field is present).
    let isConstant: [Bool]

    init(mapping: Mapping, package: InformationPackage) {
        root = Element(node: package.root, childIndex: 0, inherited: package.namespace ?? "", parentNamespace: "")
        placeholders = mapping.rules.map { Array(Set($0.fields.flatMap(\.placeholders))).sorted() }
        isConstant = mapping.rules.map { $0.transforms.contains { if case .constant = $0 { true } else { false } } }
        for (index, rule) in mapping.rules.enumerated() where rule.direction.mapsToDM {
            guard let target = rule.target else { continue }
            var element = root
            var route: [Int] = []
            for step in target.steps.dropFirst() {
                let group = Self.group(for: step, in: element)
                let paths =
                    step.placeholder.map { placeholder in
                        rule.fields.compactMap { Self.path($0, through: placeholder) }
                    } ?? []
                if let at = group.drivers.firstIndex(where: {
                    $0.placeholder == step.placeholder && $0.offset == step.offset
                }) {
                    for path in paths where !group.drivers[at].groupPaths.contains(path) {
                        group.drivers[at].groupPaths.append(path)
                    }
                    route.append(at)
                } else {
                    group.drivers.append(Driver(placeholder: step.placeholder, offset: step.offset, groupPaths: paths))
                    route.append(group.drivers.count - 1)
                }
                element = group.element
            }
            if target.isClass {
                element.classRules.append(Write(rule: index, attribute: nil, route: route))
            } else if let attribute = target.attribute {
                if let at = element.attributeNames.firstIndex(of: attribute) {
                    element.writes.append(Write(rule: index, attribute: at, route: route))
                }
            } else {
                element.writes.append(Write(rule: index, attribute: nil, route: route))
            }
        }
    }

    /// The group of `element`'s children that `step` names, created (in table order among the
    /// groups of the same child) where it is new; a qualified one with its code child.
    private static func group(for step: MessageTarget.Step, in element: Element) -> Group {
        if let found = element.groups.first(where: {
            $0.childIndex == step.childIndex && $0.qualifier == step.qualifier
        }) {
            return found
        }
        let child = Element(
            node: element.node.children[step.childIndex], childIndex: step.childIndex, inherited: element.namespace,
            parentNamespace: element.namespace)
        let group = Group(childIndex: step.childIndex, qualifier: step.qualifier, element: child)
        let at = element.groups.firstIndex { $0.childIndex > step.childIndex } ?? element.groups.count
        element.groups.insert(group, at: at)
        if let qualifier = step.qualifier, qualifier.equals {
            let code = Self.group(
                for: MessageTarget.Step(
                    tag: qualifier.tag, segment: qualifier.tag, placeholder: nil, repeats: false,
                    childIndex: qualifier.childIndex),
                in: child)
            code.drivers = [Driver(placeholder: nil, offset: 0, groupPaths: [])]
            code.element.qualifierCode = qualifier.value
        }
        return group
    }

    /// `path` up to and including placeholder `placeholder`; nil when it has none such.
    private static func path(_ path: FieldPath, through placeholder: Int) -> FieldPath? {
        guard let at = path.segments.firstIndex(of: .placeholder(placeholder)) else { return nil }
        return FieldPath(Array(path.segments[...at]))
    }
}
