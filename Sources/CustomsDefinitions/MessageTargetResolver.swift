import CustomsModel

/// Resolves the DM side of a mapping row against its package: a pointer (`42A/67A/68A/$1/23A/137`
/// or dot-separated `42A.67A.68A.$1.23A.137`, as published tables write them), a WCO ID alone
/// (`D026`, when the package holds it once), or an instance path
/// (`/Declaration/GoodsShipment/GovernmentAgencyGoodsItem[$1]/Commodity/Description`); any of
/// them may end with `@attribute` (after a separator: `42A/109/@currencyID`).
///
/// A pointer may start below the root where the root is an envelope without a WCO ID (the
/// UK's `MetaData` around `42A`). A step may be qualified by a child's value, counting only the
/// occurrences that have it (`21A[IdentificationTypeCode=TSP]`) or lack it (`99A[TypeCode!=DCR]`),
/// and a placeholder may be offset (`70A/$2+1`: national position 1 is occurrence 2).
struct MessageTargetResolver {
    let package: InformationPackage

    /// What a reference resolved to: the target and the node it ends at.
    struct Resolved {
        let target: MessageTarget
        let node: PackageNode
    }

    /// A reference that cannot be resolved: why, and a known name close to the wrong one.
    struct Failure: Error {
        let message: String
        let suggestion: String?
    }

    func resolve(_ text: String) throws(Failure) -> Resolved {
        if text.hasPrefix("/") { return try resolveInstancePath(text) }
        let separator: Character = text.contains("/") ? "/" : "."
        let parts = text.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        if parts.contains(where: \.isEmpty) {
            throw Failure(message: "'\(text)' has an empty step", suggestion: nil)
        }
        if parts.count == 1 || (parts.count == 2 && parts[1].hasPrefix("@")) {
            return try resolveID(parts[0], attribute: parts.count == 2 ? String(parts[1].dropFirst()) : nil)
        }
        return try resolvePointer(parts)
    }

    private func resolvePointer(_ parts: [String]) throws(Failure) -> Resolved {
        var rest = parts[...]
        var attribute: String?
        if let last = rest.last, last.hasPrefix("@") {
            attribute = String(last.dropFirst())
            rest = rest.dropLast()
        }
        guard let first = rest.first.map(QualifiedStep.init) else {
            throw Failure(message: "'\(parts.joined(separator: "/"))' names no element", suggestion: nil)
        }
        rest = rest.dropFirst()
        var walk = Walk(node: package.root)
        if !Pointer.segment(package.root.pointerSegment, matches: first.name) {
            // An envelope: the pointer starts at the one child of the root with its segment.
            let envelope = package.root.children.indices.filter {
                Pointer.segment(package.root.children[$0].pointerSegment, matches: first.name)
            }
            guard envelope.count == 1 else {
                throw Failure(
                    message: "'\(parts.joined(separator: "/"))' does not start at \(package.id)'s root "
                        + "\(package.root.pointerSegment) (\(package.root.tag)) or an element just below it",
                    suggestion: nil)
            }
            walk.enter(envelope[0])
        }
        try walk.qualify(first.qualifier)
        try walk.placeholder(from: &rest)
        while let step = rest.first.map(QualifiedStep.init) {
            rest = rest.dropFirst()
            let children = walk.node.children
            guard let index = children.firstIndex(where: { Pointer.segment($0.pointerSegment, matches: step.name) })
            else {
                throw Failure(
                    message: "\(walk.pointer) has no child \(step.name)",
                    suggestion: Suggestions.closest(to: step.name, among: children.map(\.pointerSegment)))
            }
            walk.enter(index)
            try walk.qualify(step.qualifier)
            try walk.placeholder(from: &rest)
        }
        return try walk.finish(attribute: attribute)
    }

    private func resolveInstancePath(_ text: String) throws(Failure) -> Resolved {
        var parts = text.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        var attribute: String?
        if let last = parts.last, last.hasPrefix("@") {
            attribute = String(last.dropFirst())
            parts.removeLast()
        }
        guard let first = parts.first else { throw Failure(message: "'\(text)' names no element", suggestion: nil) }
        var walk = Walk(node: package.root)
        for (index, part) in parts.enumerated() {
            let tag = String(part.prefix { $0 != "[" })
            var bracket = part.dropFirst(tag.count)
            if index == 0 {
                guard tag == package.root.tag else {
                    throw Failure(
                        message: "'\(first)' is not \(package.id)'s root element \(package.root.tag)",
                        suggestion: package.root.tag)
                }
            } else {
                guard let index = walk.node.children.firstIndex(where: { $0.tag == tag }) else {
                    throw Failure(
                        message: "\(walk.path) has no child element \(tag)",
                        suggestion: Suggestions.closest(to: tag, among: walk.node.children.map(\.tag)))
                }
                walk.enter(index)
            }
            if bracket.hasPrefix("["), !bracket.hasPrefix("[$"), let close = bracket.firstIndex(of: "]") {
                try walk.qualify(String(bracket[bracket.index(after: bracket.startIndex)..<close]))
                bracket = bracket[bracket.index(after: close)...]
            }
            if !bracket.isEmpty {
                guard bracket.hasPrefix("["), bracket.hasSuffix("]") else {
                    throw Failure(message: "'\(part)': write a position as [$1]", suggestion: nil)
                }
                var inner = [String(bracket.dropFirst().dropLast())][...]
                try walk.placeholder(from: &inner)
                guard inner.isEmpty else {
                    throw Failure(
                        message: "'\(part)': only placeholders ([$1], [$2+1]) are allowed as positions", suggestion: nil
                    )
                }
            }
        }
        return try walk.finish(attribute: attribute)
    }

    private func resolveID(_ id: String, attribute: String?) throws(Failure) -> Resolved {
        let found = package.nodes.filter { Pointer.segment($0.node.pointerSegment, matches: id) }
        guard found.count == 1, let only = found.first else {
            if found.isEmpty {
                let known = Set(package.nodes.map(\.node.pointerSegment))
                throw Failure(
                    message: "\(package.id) has no element \(id)", suggestion: Suggestions.closest(to: id, among: known)
                )
            }
            throw Failure(
                message: "\(id) is at \(found.count) places in \(package.id) ("
                    + found.prefix(3).map(\.pointer.description).joined(separator: ", ") + "): write the pointer",
                suggestion: nil)
        }
        var walk = Walk(node: package.root)
        for segment in only.pointer.segments.dropFirst() {
            guard let index = walk.node.children.firstIndex(where: { $0.pointerSegment == segment }) else { break }
            walk.enter(index)
        }
        return try walk.finish(attribute: attribute)
    }

    /// A pointer step as written: `21A` or `21A[IdentificationTypeCode=TSP]`.
    private struct QualifiedStep {
        let name: String
        let qualifier: String?

        init(_ text: String) {
            guard let open = text.firstIndex(of: "["), text.hasSuffix("]") else {
                name = text
                qualifier = nil
                return
            }
            name = String(text[..<open])
            qualifier = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        }
    }

    /// The path walked so far.
    private struct Walk {
        var node: PackageNode
        var steps: [MessageTarget.Step]
        var pointer: Pointer
        var path: String

        init(node: PackageNode) {
            self.node = node
            steps = [
                MessageTarget.Step(
                    tag: node.tag, segment: node.pointerSegment, placeholder: nil,
                    repeats: node.cardinality.isRepeating)
            ]
            pointer = Pointer([node.pointerSegment])
            path = "/" + node.tag
        }

        /// Steps down to the current node's child at `index`.
        mutating func enter(_ index: Int) {
            let child = node.children[index]
            node = child
            pointer = pointer.appending(child.pointerSegment)
            path += "/" + child.tag
            steps.append(
                MessageTarget.Step(
                    tag: child.tag, segment: child.pointerSegment, placeholder: nil,
                    repeats: child.cardinality.isRepeating, childIndex: index))
        }

        /// Takes a `$n` (or `$n+k`) from the front of `rest` for the current element, if there is one.
        mutating func placeholder(from rest: inout ArraySlice<String>) throws(Failure) {
            guard let next = rest.first, next.hasPrefix("$") else { return }
            let parts = next.dropFirst().split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false)
            guard let number = Int(parts[0]), number > 0,
                let offset = parts.count == 2 ? Int(parts[1]) : 0, offset >= 0
            else {
                throw Failure(message: "'\(next)' is not a placeholder ($1, $2, $2+1, …)", suggestion: nil)
            }
            guard node.cardinality.isRepeating else {
                throw Failure(
                    message: "\(pointer) (\(node.tag)) occurs at most once [\(node.cardinality)]: "
                        + "a placeholder needs a repeating element",
                    suggestion: nil)
            }
            let last = steps.removeLast()
            steps.append(last.with(placeholder: number, offset: offset, qualifier: last.qualifier))
            rest = rest.dropFirst()
        }

        /// Qualifies the current element by `text` (`IdentificationTypeCode=TSP`, `TypeCode!=DCR`):
        /// a data element among its children, named by tag or pointer segment.
        mutating func qualify(_ text: String?) throws(Failure) {
            guard let text else { return }
            let negated = text.contains("!=")
            let parts = text.split(separator: negated ? "!=" : "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw Failure(
                    message: "'[\(text)]' is not a qualifier: write [Child=CODE] or [Child!=CODE]", suggestion: nil)
            }
            guard node.cardinality.isRepeating else {
                throw Failure(
                    message: "\(pointer) (\(node.tag)) occurs at most once [\(node.cardinality)]: "
                        + "a qualifier picks among repeated occurrences",
                    suggestion: nil)
            }
            let children = node.children
            guard
                let index = children.firstIndex(where: { $0.tag == parts[0] })
                    ?? children.firstIndex(where: { Pointer.segment($0.pointerSegment, matches: parts[0]) }),
                children[index].kind == .element
            else {
                throw Failure(
                    message: "\(pointer) (\(node.tag)) has no data element \(parts[0]) to qualify it by",
                    suggestion: Suggestions.closest(
                        to: parts[0], among: children.filter { $0.kind == .element }.map(\.tag)))
            }
            let qualifier = MessageTarget.Qualifier(
                tag: children[index].tag, childIndex: index, value: parts[1], equals: !negated)
            let last = steps.removeLast()
            steps.append(last.with(placeholder: last.placeholder, offset: last.offset, qualifier: qualifier))
            path += qualifier.description
        }

        func finish(attribute: String?) throws(Failure) -> Resolved {
            if let attribute, !node.attributes.contains(where: { $0.name == attribute }) {
                let names = node.attributes.map(\.name)
                throw Failure(
                    message: "\(pointer) (\(node.tag)) has no attribute \(attribute)"
                        + (names.isEmpty ? "" : " (it has \(names.joined(separator: ", ")))"),
                    suggestion: Suggestions.closest(to: attribute, among: names))
            }
            let target = MessageTarget(
                steps: steps, attribute: attribute, pointer: pointer, isClass: attribute == nil && node.kind != .element
            )
            return Resolved(target: target, node: node)
        }
    }
}
