import CustomsModel

/// What a mapping covers of its package: the DM elements (and required attributes) that the
/// package requires — for one usage, if given — and the mapping does not fill; national fields
/// without a DM equivalent; formats and codes that do not fit when mapping back; a conformity
/// percentage.
///
/// "Required" is the package's word: an element whose minimum is 1 or more, under a parent
/// that is itself required or that the mapping fills (an optional class the national dataset
/// uses brings its required children with it). A required attribute counts on an element that
/// is required or mapped.
public struct CoverageReport: Sendable, Encodable {
    /// A DM element or attribute.
    public struct Position: Sendable, Encodable, Equatable {
        /// Its pointer, `/@name` added for an attribute.
        public let pointer: String
        /// Its instance path.
        public let instancePath: String
        /// Its WCO (or the profile's) name.
        public let name: String
        /// The profile's name for it.
        public let nationalName: String?
        /// The profile's data-element number.
        public let nationalID: String?
        /// The national fields that fill it, in table order (empty when not covered).
        public let fields: [String]
        /// National data-element numbers of this position (`DE 2/5`), from the package's
        /// numberings (`DataModel/numbering/`).
        public let numbers: [String]
    }

    /// Something that fits one way and not the other.
    public struct Conflict: Sendable, Encodable, Equatable {
        /// `format` or `codes`.
        public let kind: String
        /// The national field.
        public let field: String
        /// The DM element's pointer.
        public let pointer: String
        /// What does not fit.
        public let message: String
    }

    /// The mapping.
    public let mapping: String
    /// Its package.
    public let package: String
    /// The usage the report is limited to (`IM`), if any.
    public let usage: String?
    /// Required DM positions, covered or not, in package order.
    public let required: [Position]
    /// Required positions no row fills.
    public var uncovered: [Position] { required.filter(\.fields.isEmpty) }
    /// DM elements the mapping fills (required or not), in package order.
    public let mapped: [Position]
    /// National fields that have no DM equivalent.
    public let nationalOnly: [String]
    /// Format and code conflicts.
    public let conflicts: [Conflict]
    /// Covered required positions as a percentage of all required positions (100 when the
    /// package requires nothing).
    public var conformity: Double {
        required.isEmpty ? 100 : Double(required.count - uncovered.count) * 100 / Double(required.count)
    }

    private enum CodingKeys: String, CodingKey {
        case mapping, package, usage, required, uncovered, mapped, nationalOnly, conflicts, conformity
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mapping, forKey: .mapping)
        try container.encode(package, forKey: .package)
        try container.encodeIfPresent(usage, forKey: .usage)
        try container.encode(required, forKey: .required)
        try container.encode(uncovered, forKey: .uncovered)
        try container.encode(mapped, forKey: .mapped)
        try container.encode(nationalOnly, forKey: .nationalOnly)
        try container.encode(conflicts, forKey: .conflicts)
        try container.encode((conformity * 10).rounded() / 10, forKey: .conformity)
    }

    /// The report for `mapping` over `package`, limited to `usage` when given.
    /// `numberings` give positions their national numbers (those of `package` are used).
    public init(
        mapping: Mapping, package: InformationPackage, codeLists: [String: CodeList], usage: Usage? = nil,
        numberings: [Numbering] = []
    ) {
        self.mapping = mapping.id
        self.package = package.id
        self.usage = usage?.rawValue
        var fieldsByTarget: [String: [String]] = [:]
        var filledClasses = Set<Pointer>()
        for rule in mapping.rules where rule.direction.mapsToDM {
            guard let target = rule.target else { continue }
            let key = target.pointer.description + (target.attribute.map { "/@" + $0 } ?? "")
            let fields = rule.fields.isEmpty ? ["(constant)"] : rule.fields.map(\.description)
            fieldsByTarget[key, default: []].append(contentsOf: fields)
            if target.attribute == nil, rule.transforms.contains(where: { if case .date = $0 { true } else { false } })
            {
                // A date row writes the 2379 format code beside the date.
                fieldsByTarget[key + "/@formatCode", default: []].append(contentsOf: fields)
            }
            var pointer: Pointer? = target.pointer
            while let current = pointer {
                filledClasses.insert(current)
                pointer = current.parent
            }
        }
        var numbers: [Pointer: [String]] = [:]
        for numbering in numberings {
            for (pointer, found) in numbering.numbers(in: package) {
                numbers[pointer, default: []] += found.map { "DE " + $0.number }
            }
        }
        func applies(_ node: PackageNode) -> Bool {
            usage.map { node.usage.isEmpty || node.usage.contains($0) } ?? true
        }
        func position(_ located: LocatedNode, attribute: String? = nil) -> Position {
            let key = located.pointer.description + (attribute.map { "/@" + $0 } ?? "")
            return Position(
                pointer: key, instancePath: located.path + (attribute.map { "/@" + $0 } ?? ""), name: located.node.name,
                nationalName: located.node.nationalName, nationalID: located.node.nationalID,
                fields: fieldsByTarget[key] ?? [], numbers: attribute == nil ? numbers[located.pointer] ?? [] : [])
        }
        var required: [Position] = []
        var mapped: [Position] = []
        // A node is in play when it is the root, required under a parent in play, or filled.
        var inPlay = Set<Pointer>()
        for located in package.nodes {
            let node = located.node
            let parentInPlay = located.pointer.parent.map { inPlay.contains($0) } ?? true
            let isRequired = parentInPlay && node.cardinality.isRequired && applies(node)
            if located.depth == 0 || isRequired || filledClasses.contains(located.pointer) {
                inPlay.insert(located.pointer)
            }
            if node.kind == .element {
                let here = position(located)
                if isRequired { required.append(here) }
                if !here.fields.isEmpty { mapped.append(here) }
            }
            if inPlay.contains(located.pointer) && applies(node) {
                for attribute in node.attributes where attribute.isRequired {
                    required.append(position(located, attribute: attribute.name))
                }
            }
        }
        self.required = required
        self.mapped = mapped
        nationalOnly = mapping.rules.filter { $0.target == nil }.map(\.nationalText)
        conflicts = Self.conflicts(mapping, package: package, codeLists: codeLists)
    }

    /// Where mapping back may fail: a DM element that admits longer, more precise or other
    /// values than its national field can hold, a DM code without a national code, a DM time
    /// where the national layout has only a date. (Mapping back refuses such values, naming them.)
    private static func conflicts(
        _ mapping: Mapping, package: InformationPackage, codeLists: [String: CodeList]
    ) -> [Conflict] {
        var conflicts: [Conflict] = []
        for rule in mapping.rules where rule.direction.mapsToNational {
            guard let target = rule.target, !target.isClass, target.attribute == nil,
                let node = package.node(at: target.pointer)?.node
            else { continue }
            func add(_ kind: String, _ message: String) {
                conflicts.append(
                    Conflict(
                        kind: kind, field: rule.nationalText, pointer: target.pointer.description, message: message))
            }
            var shapeKept = true
            for transform in rule.transforms {
                switch transform {
                case .code(let name):
                    shapeKept = false
                    let table = mapping.codeTables[name]!
                    if let allowed = node.allowedCodes
                        ?? node.codeListID.flatMap({ codeLists[$0] })?.entries.map(\.code)
                    {
                        let missing = allowed.filter { table.national(for: $0) == nil }
                        if !missing.isEmpty {
                            add("codes", "DM codes without a national code: \(missing.joined(separator: ", "))")
                        }
                    } else {
                        add(
                            "codes",
                            "the DM element is not coded (\(node.format?.description ?? "free text")): values outside code table \(name) have no national code"
                        )
                    }
                case .date(let layout):
                    shapeKept = false
                    let codes = node.attributes.first { $0.name == "formatCode" }?.allowedCodes ?? []
                    if !layout.hasTime && codes.contains("304") {
                        add(
                            "format",
                            "the DM element may hold a date and time (304); the national layout \(layout.text) has only the date"
                        )
                    }
                case .scale(let exponent):
                    shapeKept = false
                    let needed = max(0, (node.format?.fractionDigits ?? 0) + exponent)
                    if let national = rule.nationalFormat, needed > (national.fractionDigits ?? 0) {
                        add(
                            "format",
                            "the DM element has up to \(node.format?.fractionDigits ?? 0) decimals; scaled by \(transform), the national field would need \(needed), it has \(national.fractionDigits ?? 0)"
                        )
                    }
                case .join, .chars:
                    shapeKept = false
                case .decimalComma, .defaultValue, .constant:
                    continue
                }
            }
            if shapeKept, let national = rule.nationalFormat, let dm = node.format, !dm.isWithin(national) {
                add("format", "the DM element is \(dm), the national field \(national): some DM values do not fit back")
            }
        }
        return conflicts
    }
}
