import CustomsModel

/// Choice constraints: how often a choice occurs, from the runs of its alternatives.
extension SessionCore {
    // MARK: - Choices
    //
    // Each choice keeps four `counts` slots after its parent's child counts: the least and the
    // most occurrences of the choice that the closed runs can make, the open run's alternative
    // (ordinal + 1, 0 for none) and its length. A run of k occurrences of an alternative that
    // occurs lo...hi times per occurrence of the choice makes between ceil(k / hi) and
    // floor(k / lo) occurrences (any number when lo is 0); the message is valid when the sum
    // of these ranges (unbounded when an alternative may be empty) meets the choice's own
    // cardinality. That is exact for choices of single nodes with distinct tags.

    /// Offsets of a group's four slots: the least and the most occurrences the closed runs make,
    /// the open run's alternative (ordinal + 1, 0 for none), the open run's length.
    static let leastSlot = 0
    static let mostSlot = 1
    static let runSlot = 2
    static let lengthSlot = 3

    /// The slots of group `slot` of `frame`'s node.
    @inline(__always)
    func groupBase(_ frame: Frame, _ slot: Int) -> Int {
        frame.countsStart + nodes[frame.node].childCount + slot * NodeTable.slotsPerGroup
    }

    /// ceil(k / hi): the fewest occurrences a run of k can make.
    static func fewest(_ k: Int, _ hi: Int) -> Int { hi == .max ? 1 : (k + hi - 1) / hi }
    /// floor(k / lo): the most occurrences a run of k can make (`Int.max` when lo is 0).
    static func most(_ k: Int, _ lo: Int) -> Int { lo == 0 ? .max : k / lo }

    @inline(never)
    mutating func countAlternative(
        _ ordinal: Int, _ childIndex: Int, position: Int, in frame: Frame, at mark: SourceMark
    ) {
        let child = nodes[childIndex]
        let groupIndex = nodes[frame.node].groupStart + child.groupSlot
        let group = table.groups[groupIndex]
        let base = groupBase(frame, child.groupSlot)
        let before: Int
        if counts[base + Self.runSlot] == ordinal + 1 {
            before = counts[base + Self.leastSlot] + Self.fewest(counts[base + Self.lengthSlot], child.alternativeMax)
            counts[base + Self.lengthSlot] += 1
        } else {
            closeRun(of: frame, slot: child.groupSlot, at: mark)
            before = counts[base + Self.leastSlot]
            counts[base + Self.runSlot] = ordinal + 1
            counts[base + Self.lengthSlot] = 1
        }
        let fewest = counts[base + Self.leastSlot] + Self.fewest(counts[base + Self.lengthSlot], child.alternativeMax)
        guard fewest > group.maxOccurs, fewest > before else { return }
        let node = table.compiled[childIndex]
        report(
            .tooMany,
            group.maxOccurs == 1 && counts[base + Self.lengthSlot] > 1
                ? "\(node.displayName) occurs \(counts[base + Self.lengthSlot]) times; at most \(child.alternativeMax) allowed"
                : "\(node.displayName) makes \(fewest) occurrences of the choice \(alternatives(group, of: frame)); at most \(group.maxOccurs) allowed",
            path: path(appending: node, position), node: node, at: mark)
    }

    /// Adds the open run of group `slot` to the closed ones, reporting a run that cannot be
    /// split into occurrences of the choice.
    mutating func closeRun(of frame: Frame, slot: Int, at mark: SourceMark) {
        let base = groupBase(frame, slot)
        guard counts[base + Self.runSlot] > 0 else { return }
        let ordinal = counts[base + Self.runSlot] - 1
        let childIndex = childList[nodes[frame.node].childStart + ordinal]
        let child = nodes[childIndex]
        let k = counts[base + Self.lengthSlot]
        let fewest = Self.fewest(k, child.alternativeMax)
        var most = Self.most(k, child.alternativeMin)
        if fewest > most {
            most = fewest  // reported here once; the choice's totals go on as if the run fitted
            let node = table.compiled[childIndex]
            if k < child.alternativeMin {
                reportMissing(table.compiled[frame.node], node, found: k, at: mark)
            } else {
                report(
                    .tooMany,
                    "\(node.displayName) occurs \(k) times in a row; each occurrence of the choice \(alternatives(table.groups[nodes[frame.node].groupStart + slot], of: frame)) takes \(child.alternativeMin)..\(child.alternativeMax)",
                    path: path(appending: node, counts[frame.countsStart + ordinal]), node: node, at: mark)
            }
        }
        counts[base + Self.leastSlot] += fewest
        counts[base + Self.mostSlot] =
            most == .max || counts[base + Self.mostSlot] == .max ? .max : counts[base + Self.mostSlot] + most
        counts[base + Self.runSlot] = 0
        counts[base + Self.lengthSlot] = 0
    }

    /// At the end of `frame`'s element: each choice must have occurred often enough.
    @inline(never)
    mutating func finishGroups(of frame: Frame, at mark: SourceMark) {
        let entry = nodes[frame.node]
        for slot in 0..<entry.groupCount {
            closeRun(of: frame, slot: slot, at: mark)
            let group = table.groups[entry.groupStart + slot]
            let base = groupBase(frame, slot)
            guard !group.isEmptiable, counts[base + Self.mostSlot] < group.minOccurs else { continue }
            let parent = table.compiled[frame.node]
            let first = table.compiled[childList[entry.childStart + group.firstOrdinal]]
            let wanted = group.minOccurs == 1 ? "one of" : "\(group.minOccurs) occurrences of"
            report(
                .missingElement,
                "\(parent.tag) needs \(wanted) \(alternatives(group, of: frame)), found \(counts[base + Self.mostSlot])",
                path: path(appending: first, 1), node: first, at: mark)
        }
    }

    /// `<A> | <B>`, for messages.
    func alternatives(_ group: NodeTable.Group, of frame: Frame) -> String {
        let entry = nodes[frame.node]
        return (group.firstOrdinal..<group.firstOrdinal + group.alternativeCount).map {
            "<" + table.compiled[childList[entry.childStart + $0]].tag + ">"
        }.joined(separator: " | ")
    }
}
