import CustomsModel

/// One national record (a declaration as the national system keeps it) as a tree of fields,
/// whatever its syntax: a field holds a value, named fields, or the positions of a repeating
/// group. CSV, JSON and XML records are read into this tree and written from it.
public final class NationalRecord {
    /// The value, for a field that holds one.
    public var value: String?
    /// Named fields in the order they were first set.
    public private(set) var names: [String] = []
    /// Named fields.
    public private(set) var fields: [String: NationalRecord] = [:]
    /// A group's positions: index 0 is position 1; nil where a position is missing.
    public private(set) var items: [NationalRecord?] = []

    /// An empty record (or field).
    public init(value: String? = nil) { self.value = value }

    /// Whether nothing is set below this node.
    public var isEmpty: Bool { value == nil && names.isEmpty && items.allSatisfy { $0?.isEmpty ?? true } }

    /// The named field, if set.
    public func field(_ name: String) -> NationalRecord? { fields[name] }

    /// The named field, created empty if needed.
    public func field(creating name: String) -> NationalRecord {
        if let existing = fields[name] { return existing }
        let created = NationalRecord()
        fields[name] = created
        names.append(name)
        return created
    }

    /// Position `position` (1-based) of the group. A field that holds fields but no positions
    /// is its own position 1: a national XML element that happens to occur once, a JSON object
    /// where an array of one was meant.
    public func item(_ position: Int) -> NationalRecord? {
        if items.isEmpty { return position == 1 && !names.isEmpty ? self : nil }
        return position <= items.count ? items[position - 1] : nil
    }

    /// Position `position` of the group, created empty if needed.
    public func item(creating position: Int) -> NationalRecord {
        while items.count < position { items.append(nil) }
        if let existing = items[position - 1] { return existing }
        let created = NationalRecord()
        items[position - 1] = created
        return created
    }

    /// Sets `child` as the named field (replacing one of that name).
    public func adopt(_ child: NationalRecord, as name: String) {
        if fields[name] == nil { names.append(name) }
        fields[name] = child
    }

    /// Appends a position to the group.
    public func appendItem(_ item: NationalRecord) { items.append(item) }

    /// The positions of the group that are there, in order.
    public var positions: [Int] {
        if items.isEmpty { return names.isEmpty ? [] : [1] }
        return items.indices.filter { items[$0] != nil }.map { $0 + 1 }
    }

    /// The node at `path` (names and fixed positions), if there.
    public func node(at path: FieldPath) -> NationalRecord? { node(at: path.segments[...]) { _ in nil } }

    /// The node at `segments`, each placeholder standing for the position `position` gives it
    /// (nil: not bound, so no node), if there.
    public func node(
        at segments: ArraySlice<FieldPath.Segment>, placeholder position: (Int) -> Int?
    ) -> NationalRecord? {
        var node = self
        for segment in segments {
            let next: NationalRecord?
            switch segment {
            case .name(let name): next = node.field(name)
            case .position(let index): next = node.item(index)
            case .placeholder(let number): next = position(number).flatMap { node.item($0) }
            }
            guard let next else { return nil }
            node = next
        }
        return node
    }

    /// The value at `path`, if there.
    public func value(at path: FieldPath) -> String? { node(at: path)?.value }

    /// Sets the value at `path` (names and fixed positions), creating what is missing.
    public func setValue(_ value: String, at path: FieldPath) { node(creating: path).value = value }

    /// The node at `path`, created empty where missing.
    @discardableResult
    public func node(creating path: FieldPath) -> NationalRecord {
        var node = self
        for segment in path.segments {
            switch segment {
            case .name(let name): node = node.field(creating: name)
            case .position(let position), .placeholder(let position): node = node.item(creating: position)
            }
        }
        return node
    }

    /// Every binding of the placeholders of `path` (beyond those in `given`) for which the
    /// groups on the path have that position.
    public func bindings(of path: FieldPath, given: [Int: Int] = [:]) -> [[Int: Int]] {
        var results: [[Int: Int]] = []
        func walk(_ node: NationalRecord, _ rest: ArraySlice<FieldPath.Segment>, _ binding: [Int: Int]) {
            guard let segment = rest.first else {
                results.append(binding)
                return
            }
            switch segment {
            case .name(let name):
                if let child = node.field(name) { walk(child, rest.dropFirst(), binding) }
            case .position(let position):
                if let child = node.item(position) { walk(child, rest.dropFirst(), binding) }
            case .placeholder(let number):
                if let bound = binding[number] {
                    if let child = node.item(bound) { walk(child, rest.dropFirst(), binding) }
                    return
                }
                for position in node.positions {
                    var extended = binding
                    extended[number] = position
                    walk(node.item(position)!, rest.dropFirst(), extended)
                }
            }
        }
        walk(self, path.segments[...], given)
        return results
    }

    /// Whether two records hold the same fields, values and positions (field order aside).
    public func sameContent(as other: NationalRecord) -> Bool {
        guard value == other.value, Set(names) == Set(other.names) else { return false }
        for name in names where !(fields[name]!.sameContent(as: other.fields[name]!)) { return false }
        let mine = items.map { $0.flatMap { $0.isEmpty ? nil : $0 } }
        let theirs = other.items.map { $0.flatMap { $0.isEmpty ? nil : $0 } }
        guard mine.count == theirs.count else { return false }
        return zip(mine, theirs).allSatisfy { a, b in
            switch (a, b) {
            case (nil, nil): true
            case (let a?, let b?): a.sameContent(as: b)
            default: false
            }
        }
    }
}
