import CustomsModel

/// Structure constraints, checked as elements arrive: which child a tag is, order, required
/// children passed over or missing at the end, most occurrences, wildcards, text in classes.
extension SessionCore {
    /// The ordinal of `parent`'s child named `name`, searching from `hint` (messages list children
    /// in sequence order) and wrapping around.
    @inline(__always)
    static func childOrdinal(
        childStart: Int, count: Int, named name: UnsafeBufferPointer<UInt8>, from hint: Int,
        _ nodes: UnsafeMutableBufferPointer<NodeTable.Node>, _ childList: UnsafeMutableBufferPointer<Int>,
        _ tags: UnsafeMutableBufferPointer<UInt8>
    ) -> Int? {
        guard count > 0 else { return nil }
        var ordinal = hint < count ? hint : 0
        for _ in 0..<count {
            if Bytes.equal(name, tag(of: childList[childStart + ordinal], nodes, tags)) { return ordinal }
            ordinal += 1
            if ordinal == count { ordinal = 0 }
        }
        return nil
    }

    /// Counts an occurrence of child `ordinal` of frame `top`'s node: order, required children
    /// passed over, most occurrences, choices. Returns its 1-based position.
    @inline(__always)
    mutating func count(_ ordinal: Int, in top: Int, at mark: SourceMark) -> Int {
        let childStart = nodes[frames[top].node].childStart
        let childIndex = childList[childStart + ordinal]
        let slot = frames[top].countsStart + ordinal
        counts[slot] += 1
        let position = counts[slot]
        let lastChild = frames[top].lastChild
        // A required child that arrives after its place was passed was reported missing there
        // ("needs <A> before <B>"); saying it is out of order too would tell one fault twice.
        let reportedMissing = position <= nodes[childIndex].minOccurs
        if !checksOrder {
            frames[top].lastChild = ordinal  // only the search hint: required children are checked at the end
        } else if ordinal < lastChild && !Self.sameGroup(ordinal, lastChild, childStart: childStart, nodes, childList)
            && !reportedMissing
        {
            let later = table.compiled[childList[childStart + lastChild]]
            let child = table.compiled[childIndex]
            report(
                .outOfOrder, "<\(child.tag)> must come before <\(later.tag)>", path: path(appending: child, position),
                node: child, at: mark)
        } else if ordinal > lastChild {
            if ordinal > lastChild + 1
                || counts[frames[top].countsStart + lastChild]
                    < nodes[childList[childStart + lastChild]].minOccurs
            {
                checkPassed(from: lastChild, to: ordinal, in: frames[top], at: mark)
            }
            frames[top].lastChild = ordinal
        }
        if position > nodes[childIndex].maxOccurs {
            let child = table.compiled[childIndex]
            report(
                .tooMany, "\(child.displayName) occurs \(position) times; at most \(child.maxOccurs) allowed",
                path: path(appending: child, position), node: child, at: mark)
        }
        if nodes[childIndex].groupSlot >= 0 {
            countAlternative(ordinal, childIndex, position: position, in: frames[top], at: mark)
        }
        return position
    }

    /// The message moved on from child `from` to child `to` of `frame`'s node: required
    /// children in between (and `from` itself) that occurred too rarely are missing, reported
    /// at the element that came in their place, where an XSD validator stops.
    @inline(never)
    mutating func checkPassed(from: Int, to: Int, in frame: Frame, at mark: SourceMark) {
        let entry = nodes[frame.node]
        for ordinal in from..<to {
            let childIndex = childList[entry.childStart + ordinal]
            let found = counts[frame.countsStart + ordinal]
            guard found < nodes[childIndex].minOccurs else { continue }
            reportMissing(
                table.compiled[frame.node], table.compiled[childIndex], found: found, at: mark,
                before: table.compiled[childList[entry.childStart + to]])
        }
    }

    /// The wildcard child of `frame`'s node that admits an element in `namespace`: the first
    /// from the last child seen on (the message's order), else an earlier one (out of order).
    @inline(never)
    func wildcardOrdinal(in frame: Frame, namespace: UnsafeBufferPointer<UInt8>) -> Int? {
        let parent = nodes[frame.node]
        let given = String(decoding: namespace, as: UTF8.self)
        let ordinals = Array(frame.lastChild..<parent.childCount) + Array(0..<frame.lastChild)
        return ordinals.first { ordinal in
            table.compiled[childList[parent.childStart + ordinal]].wildcard?.admits(given) ?? false
        }
    }

    /// True when children `a` and `b` of `parent` are alternatives of the same choice.
    @inline(__always)
    static func sameGroup(
        _ a: Int, _ b: Int, childStart: Int, _ nodes: UnsafeMutableBufferPointer<NodeTable.Node>,
        _ childList: UnsafeMutableBufferPointer<Int>
    ) -> Bool {
        let slot = nodes[childList[childStart + a]].groupSlot
        return slot >= 0 && slot == nodes[childList[childStart + b]].groupSlot
    }

    /// Reports the text a class element was given since its last tag, if any (see `classText`).
    /// The check is inlined at every tag; the report, which nearly never happens, is not.
    @inline(__always)
    mutating func reportClassText() {
        if classText { reportPendingClassText() }
    }

    @inline(never)
    private mutating func reportPendingClassText() {
        guard let frame = frames.last else { return }
        classText = false
        let node = table.compiled[frame.node]
        report(
            .textNotAllowed, "\(node.tag) holds elements, not text", path: path(), node: node,
            at: frame.mark,
            value: String(decoding: XMLWhitespace.collapse(Array(text.buffer)), as: UTF8.self))
        text.removeAll()
    }
}
