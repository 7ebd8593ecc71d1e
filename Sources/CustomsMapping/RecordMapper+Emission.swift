import CustomsModel
import CustomsValidation

extension RecordMapper {
    /// The DM message for a national record, and what could not be mapped.
    public func toDM(_ record: NationalRecord) -> (message: MarkupElement, issues: [MappingIssue]) {
        var sink = MarkupTreeSink()
        let issues = emit(record, into: &sink)
        return (sink.stack[0], issues)
    }

    /// The DM message for a national record as an XML document (the bytes
    /// `XMLMessageWriter.bytes(toDM(record).message)` gives), and what could not be mapped.
    public func toDMXML(_ record: NationalRecord) -> (bytes: [UInt8], issues: [MappingIssue]) {
        var sink = XMLByteSink()
        let issues = emit(record, into: &sink)
        return (sink.bytes, issues)
    }

    /// The DM message for a national record in the package's JSON binding, one line (the bytes
    /// `JSONMessageConverter.jsonText(toDM(record).message, package: compiled)` gives), and what
    /// could not be mapped. `compiled` is the mapper's package compiled.
    public func toDMJSON(
        _ record: NationalRecord, compiled: CompiledPackage
    ) -> (bytes: [UInt8], issues: [MappingIssue]) {
        var sink = JSONByteSink(package: compiled)
        let issues = emit(record, into: &sink)
        return (sink.bytes, issues)
    }

    /// Writes the message down the plan; the issues in table order (row by row, each row's
    /// positions in order), as rows are reported everywhere else.
    private func emit<Sink: MessageSink>(_ record: NationalRecord, into sink: inout Sink) -> [MappingIssue] {
        var emitter = MessageEmitter(mapper: self, record: record)
        emitter.element(plan.root, depth: 0, binding: Positions(), forced: true, into: &sink)
        return emitter.issues.enumerated().sorted { ($0.element.rule, $0.offset) < ($1.element.rule, $1.offset) }
            .map(\.element.issue)
    }
}

/// The positions bound to placeholders `$1` … `$8` (0: not bound), in one vector: a binding is
/// copied for every occurrence written, and a dictionary cost an allocation and hashing each time.
struct Positions {
    private var lanes = SIMD8<Int32>(repeating: 0)

    /// The most placeholders a row may use (checked when a mapping is loaded).
    static let capacity = 8

    /// The position bound to `placeholder`, or nil.
    subscript(placeholder: Int) -> Int? {
        get {
            guard placeholder >= 1, placeholder <= Self.capacity else { return nil }
            let value = lanes[placeholder - 1]
            return value == 0 ? nil : Int(value)
        }
        set { lanes[placeholder - 1] = Int32(newValue ?? 0) }
    }

    /// As a dictionary, for reports.
    var dictionary: [Int: Int] {
        var result: [Int: Int] = [:]
        for lane in 0..<Self.capacity where lanes[lane] != 0 { result[lane + 1] = Int(lanes[lane]) }
        return result
    }
}

/// One record's walk down a mapper's `EmissionPlan`: each occurrence of an element the national
/// record gives is written with the values its rows give there, and taken back if it turns out
/// to hold nothing (an element exists where a row wrote into it or a class row's group is).
struct MessageEmitter {
    let mapper: RecordMapper
    let record: NationalRecord
    var issues: [(rule: Int, issue: MappingIssue)] = []
    /// For each group from the root's children down to the occurrence being written, the
    /// drivers that made it (bit n: driver n): a row writes only where its route's drivers did.
    private var route: [UInt64] = []

    init(mapper: RecordMapper, record: NationalRecord) {
        self.mapper = mapper
        self.record = record
        route.reserveCapacity(16)
    }

    /// Writes one occurrence of `element` with `binding`'s positions; false when it held nothing
    /// and nothing was written.
    @discardableResult
    mutating func element<Sink: MessageSink>(
        _ element: EmissionPlan.Element, depth: Int, binding: Positions, forced: Bool, into sink: inout Sink
    ) -> Bool {
        var text = element.qualifierCode
        var attributes = [String?](repeating: nil, count: element.attributeNames.count)
        var wrote = false
        for write in element.writes {
            guard follows(write.route), let output = value(ofRule: write.rule, at: binding) else { continue }
            wrote = true
            if let attribute = write.attribute {
                attributes[attribute] = output.value
            } else {
                text = output.value
                if let formatCode = output.formatCode, let at = element.formatCodeIndex { attributes[at] = formatCode }
            }
        }
        var present = forced || wrote
        if !present {
            for write in element.classRules where follows(write.route) {
                if node(at: mapper.mapping.rules[write.rule].fields[0], binding) != nil {
                    present = true
                    break
                }
            }
        }
        if !element.groups.isEmpty {
            let mark = sink.mark()
            sink.begin(element, depth: depth)
            write(attributes, of: element, into: &sink)
            sink.openForChildren()
            var anyChild = false
            // Groups of one child element (qualified ones) make one run of occurrences.
            var next = 0
            while next < element.groups.count {
                let runMark = sink.mark()
                sink.beginRun(of: element.groups[next].element)
                var inRun = 0
                let childIndex = element.groups[next].childIndex
                while next < element.groups.count, element.groups[next].childIndex == childIndex {
                    let group = element.groups[next]
                    next += 1
                    for occurrence in occurrences(of: group, binding) {
                        route.append(occurrence.drivers)
                        let written = self.element(
                            group.element, depth: depth + 1, binding: occurrence.binding, forced: false, into: &sink)
                        route.removeLast()
                        guard written else { continue }
                        inRun += 1
                        // A qualified occurrence's code alone does not make its parent exist.
                        if group.element.qualifierCode == nil { anyChild = true }
                    }
                }
                if inRun > 0 {
                    sink.endRun(of: element.groups[next - 1].element)
                } else {
                    sink.rollback(to: runMark)
                }
            }
            if anyChild {
                sink.close(element, depth: depth)
                return true
            }
            sink.rollback(to: mark)
        }
        guard present || (element.qualifierCode != nil && text != nil) else { return false }
        sink.begin(element, depth: depth)
        write(attributes, of: element, into: &sink)
        sink.leaf(element, text: text, depth: depth)
        return true
    }

    private func write<Sink: MessageSink>(
        _ attributes: [String?], of element: EmissionPlan.Element, into sink: inout Sink
    ) {
        for (index, value) in attributes.enumerated() {
            if let value { sink.attribute(element.attributeNames[index], value) }
        }
    }

    /// Whether a row whose route is `ruleRoute` writes into the occurrence being written.
    private func follows(_ ruleRoute: [Int]) -> Bool {
        for (driver, made) in zip(ruleRoute, route) where made & (1 << UInt64(driver)) == 0 { return false }
        return true
    }

    /// One occurrence of a group: its placeholders bound, and the drivers that made it.
    private struct Occurrence {
        var binding: Positions
        var drivers: UInt64
    }

    /// The occurrences of a group under `binding`, in order: the fixed positions, and the
    /// positions of the national groups its placeholders run over (shifted by their offsets),
    /// each with its placeholders bound and the drivers that made it.
    private func occurrences(of group: EmissionPlan.Group, _ binding: Positions) -> [Occurrence] {
        if group.drivers.count == 1 {
            // The common cases: one fixed position; one placeholder over one national group.
            let driver = group.drivers[0]
            guard let placeholder = driver.placeholder else { return [Occurrence(binding: binding, drivers: 1)] }
            if driver.groupPaths.count == 1 {
                return nationalPositions(driver.groupPaths[0], binding).map { national in
                    var occurrence = Occurrence(binding: binding, drivers: 1)
                    occurrence.binding[placeholder] = national
                    return occurrence
                }
            }
        }
        var byPosition: [Int: Occurrence] = [:]
        for (index, driver) in group.drivers.enumerated() {
            let bit = UInt64(1) << UInt64(index)
            guard let placeholder = driver.placeholder else {
                byPosition[1 + driver.offset, default: Occurrence(binding: binding, drivers: 0)].drivers |= bit
                continue
            }
            for path in driver.groupPaths {
                for national in nationalPositions(path, binding) {
                    var current = byPosition[national + driver.offset] ?? Occurrence(binding: binding, drivers: 0)
                    current.binding[placeholder] = national
                    current.drivers |= bit
                    byPosition[national + driver.offset] = current
                }
            }
        }
        return byPosition.keys.sorted().map { byPosition[$0]! }
    }

    /// The positions of the national group `path` ends at (`items.$1`: the items), under the
    /// positions `binding` gives its earlier placeholders.
    private func nationalPositions(_ path: FieldPath, _ binding: Positions) -> [Int] {
        guard let group = node(at: path.segments.dropLast(), binding) else { return [] }
        return group.positions
    }

    /// The record's node at `path` with `binding`'s positions; nil where it is not there or a
    /// placeholder is not bound.
    private func node(at path: FieldPath, _ binding: Positions) -> NationalRecord? {
        node(at: path.segments[...], binding)
    }

    private func node(at segments: ArraySlice<FieldPath.Segment>, _ binding: Positions) -> NationalRecord? {
        record.node(at: segments) { binding[$0] }
    }

    /// What row `index` writes at `binding`, or nil: a row whose placeholders are not all bound
    /// here, whose condition does not hold, or which has nothing to write; a value that cannot be
    /// mapped is an issue.
    private mutating func value(ofRule index: Int, at binding: Positions) -> TransformRunner.Output? {
        let rule = mapper.mapping.rules[index]
        for placeholder in mapper.plan.placeholders[index] where binding[placeholder] == nil { return nil }
        if let condition = rule.condition, !condition.holds(for: node(at: condition.field, binding)?.value) {
            return nil
        }
        // A constant is written where its field is present (a node, with or without a value).
        if mapper.plan.isConstant[index], let field = rule.fields.first, node(at: field, binding) == nil {
            return nil
        }
        let values: [String?] =
            rule.fields.count == 1
            ? [node(at: rule.fields[0], binding)?.value] : rule.fields.map { node(at: $0, binding)?.value }
        if let violation = mapper.nationalViolation(values.first ?? nil, row: index) {
            // A field split over several elements is reported once, at its first piece.
            if let from = mapper.pieceStart[index], from > 1 { return nil }
            report(index, binding, value: values[0], message: violation, suggestion: nil)
            return nil
        }
        do {
            return try mapper.runner.forward(values, through: rule.transforms)
        } catch {
            report(
                index, binding, value: values.count == 1 ? values[0] : values.map { $0 ?? "" }.joined(separator: " + "),
                message: error.message, suggestion: error.suggestion)
            return nil
        }
    }

    private mutating func report(
        _ index: Int, _ binding: Positions, value: String?, message: String, suggestion: String?
    ) {
        let rule = mapper.mapping.rules[index]
        let positions = binding.dictionary
        issues.append(
            (
                index,
                MappingIssue(
                    field: rule.fields.map { $0.binding(positions).description }.joined(separator: " + "),
                    element: rule.target!.instancePath(positions), value: value, message: message,
                    suggestion: suggestion)
            ))
    }
}
