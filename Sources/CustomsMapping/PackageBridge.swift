import CustomsModel

/// Maps messages of one package to another by WCO ID: every element of the source finds its
/// place in the target by the same pointer, else by the same WCO IDs along the path (qualified
/// segments of imported schemas compared by their plain ID), else by the same element ID under
/// the same class ID where the target has that pair once. What finds no place, or repeats in
/// the source where the target cannot, is listed in `unmatched`.
///
/// The bridge is an ordinary `Mapping` made from the two packages, whose "national" side is the
/// source message read as a record (field names are tags, groups are repeating elements), so
/// that mapping, reporting and coverage are the same code as for national datasets.
public struct PackageBridge: Sendable {
    /// An element of the source that does not map, and why.
    public struct Unmatched: Sendable, Encodable, Equatable {
        /// Its pointer in the source package.
        public let pointer: String
        /// Why it does not map.
        public let reason: String
    }

    /// The source package.
    public let source: InformationPackage
    /// The target package.
    public let target: InformationPackage
    /// The generated mapping.
    public let mapping: Mapping
    /// Source elements without a place in the target.
    public let unmatched: [Unmatched]
    private let mapper: RecordMapper

    /// The bridge from `source` to `target`.
    public init(from source: InformationPackage, to target: InformationPackage) {
        self.source = source
        self.target = target
        var rules: [MappingRule] = []
        var unmatched: [Unmatched] = []
        // Pointers are compared without an envelope's segment: the UK's CDS declaration is
        // `MetaData/42A/…` where ours is `42A/…`.
        let targetEnvelope = Self.envelopeDepth(of: target, around: source)
        let sourceEnvelope = Self.envelopeDepth(of: source, around: target)
        var byPointer: [Pointer: LocatedNode] = [:]
        var byIDs: [[String]: LocatedNode] = [:]
        var byParentAndID: [[String]: [LocatedNode]] = [:]
        for located in target.nodes where located.depth >= targetEnvelope {
            let pointer = Pointer(Array(located.pointer.segments.dropFirst(targetEnvelope)))
            byPointer[pointer] = located
            byIDs[pointer.segments.map { String(Pointer.plainID(of: $0)) }] = located
            if let id = located.node.id, let parent = pointer.parent {
                byParentAndID[[String(Pointer.plainID(of: parent.last)), id.rawValue], default: []].append(located)
            }
        }
        for located in source.nodes where located.depth > 0 {
            let node = located.node
            guard node.kind != .wildcard else { continue }
            if located.depth <= sourceEnvelope {
                // The envelope's own elements (version, agency) have no place in a package without one.
                if node.kind == .element {
                    let reason = "an element of the \(source.root.tag) envelope, which \(target.id) has not"
                    unmatched.append(Unmatched(pointer: located.pointer.description, reason: reason))
                    rules.append(
                        MappingRule(fields: [Self.fieldPath(of: located, in: source).0], target: nil, note: reason))
                }
                continue
            }
            let pointer = Pointer(Array(located.pointer.segments.dropFirst(sourceEnvelope)))
            let match =
                byPointer[pointer]
                ?? byIDs[pointer.segments.map { String(Pointer.plainID(of: $0)) }]
                ?? {
                    guard let id = node.id, let parent = pointer.parent,
                        let candidates = byParentAndID[[String(Pointer.plainID(of: parent.last)), id.rawValue]],
                        candidates.count == 1
                    else { return nil }
                    return candidates[0]
                }()
            let (field, sourcePlaceholders) = Self.fieldPath(of: located, in: source)
            // An element without a place is a row without a target: coverage lists it as the
            // source's own, as it lists a national field without a DM equivalent.
            func leaveOut(_ reason: String) {
                guard node.kind == .element else { return }
                unmatched.append(Unmatched(pointer: located.pointer.description, reason: reason))
                rules.append(MappingRule(fields: [field], target: nil, note: reason))
            }
            guard let match, match.node.kind == node.kind else {
                leaveOut("no element of \(target.id) has its WCO IDs")
                continue
            }
            guard let steps = Self.steps(to: match, in: target, placeholders: sourcePlaceholders) else {
                leaveOut(
                    "repeats in \(source.id) under more repeating classes than \(match.pointer) has in \(target.id)")
                continue
            }
            if node.kind == .class {
                // Every occurrence of a class makes one in the target, an empty one too.
                rules.append(
                    MappingRule(
                        fields: [field],
                        target: MessageTarget(steps: steps, attribute: nil, pointer: match.pointer, isClass: true)))
                continue
            }
            rules.append(
                MappingRule(
                    fields: [field], nationalFormat: nil,
                    target: MessageTarget(steps: steps, attribute: nil, pointer: match.pointer)))
            for attribute in node.attributes where match.node.attributes.contains(where: { $0.name == attribute.name })
            {
                let attributeField = FieldPath(field.segments + [.name("@" + attribute.name)])
                rules.append(
                    MappingRule(
                        fields: [attributeField],
                        target: MessageTarget(steps: steps, attribute: attribute.name, pointer: match.pointer)))
            }
        }
        mapping = Mapping(
            id: "\(source.id)→\(target.id)", name: "\(source.name) → \(target.name), by WCO ID", packageID: target.id,
            format: .xml(
                XMLLayout(recordElement: source.root.tag, batchElement: nil, namespace: source.namespace ?? "")),
            rules: rules)
        self.unmatched = unmatched
        mapper = RecordMapper(mapping: mapping, package: target)
    }

    /// 1 when `package`'s root is an envelope without a WCO ID around the class `other` starts
    /// with (the CDS `MetaData` around `42A`), else 0.
    static func envelopeDepth(of package: InformationPackage, around other: InformationPackage) -> Int {
        let inner = Pointer.plainID(of: other.root.pointerSegment)
        guard package.root.id == nil, other.root.id != nil,
            package.root.children.contains(where: { Pointer.plainID(of: $0.pointerSegment) == inner })
        else { return 0 }
        return 1
    }

    /// The field path of a source node: its tags below the root, a placeholder after each
    /// repeating element; and how many placeholders it has.
    private static func fieldPath(of located: LocatedNode, in package: InformationPackage) -> (FieldPath, Int) {
        var segments: [FieldPath.Segment] = []
        var node = package.root
        var placeholders = 0
        for tag in located.tagPath.dropFirst() {
            node = node.children.first { $0.tag == tag }!
            segments.append(.name(tag))
            if node.cardinality.isRepeating {
                placeholders += 1
                segments.append(.placeholder(placeholders))
            }
        }
        return (FieldPath(segments), placeholders)
    }

    /// The target's steps down to `match`, its repeating elements taking the source's
    /// placeholders from the outside in (repeating elements beyond them take position 1); nil
    /// when the source has more placeholders than the target has repeating elements.
    private static func steps(
        to match: LocatedNode, in package: InformationPackage, placeholders: Int
    )
        -> [MessageTarget.Step]?
    {
        var steps = [
            MessageTarget.Step(
                tag: package.root.tag, segment: package.root.pointerSegment, placeholder: nil, repeats: false)
        ]
        var node = package.root
        var next = 1
        for tag in match.tagPath.dropFirst() {
            let index = node.children.firstIndex { $0.tag == tag }!
            node = node.children[index]
            var placeholder: Int?
            if node.cardinality.isRepeating && next <= placeholders {
                placeholder = next
                next += 1
            }
            steps.append(
                MessageTarget.Step(
                    tag: tag, segment: node.pointerSegment, placeholder: placeholder,
                    repeats: node.cardinality.isRepeating, childIndex: index))
        }
        return next > placeholders ? steps : nil
    }

    /// A source message as the record the bridge's mapping reads.
    public func record(of message: MarkupElement) -> NationalRecord {
        func read(_ element: MarkupElement, _ node: PackageNode) -> NationalRecord {
            let record = NationalRecord()
            for attribute in element.attributes { record.field(creating: "@" + attribute.name).value = attribute.value }
            if element.children.isEmpty && !element.text.isEmpty { record.value = element.text }
            for child in element.children {
                guard let childNode = node.children.first(where: { $0.tag == child.name }) else { continue }
                let converted = read(child, childNode)
                if childNode.cardinality.isRepeating {
                    record.field(creating: child.name).appendItem(converted)
                } else {
                    record.adopt(converted, as: child.name)
                }
            }
            return record
        }
        return read(message, source.root)
    }

    /// The target message for a source message, and what could not be mapped.
    public func map(_ message: MarkupElement) -> (message: MarkupElement, issues: [MappingIssue]) {
        mapper.toDM(record(of: message))
    }
}
