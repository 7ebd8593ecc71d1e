import CustomsModel

/// Findings as they are reported: wording, instance paths and the `--max-errors` cap.
extension SessionCore {
    func reportUnknown(
        name: UnsafeBufferPointer<UInt8>, namespace elementNamespace: UnsafeBufferPointer<UInt8>, parent index: Int,
        at mark: SourceMark
    ) {
        report(
            .unknownElement, unknownWording(name: name, namespace: elementNamespace, parent: index),
            path: path(appending: String(decoding: name, as: UTF8.self)), node: nil, at: mark)
    }

    /// Why element `name` in `elementNamespace` is unknown under node `index`.
    private func unknownWording(
        name: UnsafeBufferPointer<UInt8>, namespace elementNamespace: UnsafeBufferPointer<UInt8>, parent index: Int
    ) -> String {
        let parent = table.compiled[index]
        let tag = String(decoding: name, as: UTF8.self)
        let why: String
        if !parent.isClass {
            why = "\(parent.tag) holds a value and cannot contain <\(tag)>"
        } else if let known = parent.childIndex(named: name) {
            let expected = parent.children[known].namespace ?? package.namespace
            why =
                "<\(tag)> is in namespace '\(String(decoding: elementNamespace, as: UTF8.self))', not '\(expected)'"
        } else {
            let known = parent.children.map(\.tag)
            why =
                "\(parent.tag) has no child <\(tag)>"
                + (Suggestions.closest(to: tag, among: known).map { " (did you mean <\($0)>?)" } ?? "")
        }
        return why + "; its content is skipped"
    }

    /// `parent` has too few `child`ren; `before` is the element that came in their place.
    func reportMissing(
        _ parent: CompiledNode, _ child: CompiledNode, found: Int, at mark: SourceMark,
        before next: CompiledNode? = nil
    ) {
        report(
            .missingElement,
            "\(parent.tag) needs \(child.minOccurs == 1 ? "" : "\(child.minOccurs) × ")<\(child.tag)> (\(child.wcoID.map { $0 + " " } ?? "")\(child.nationalName ?? child.name))"
                + (next.map { " before <\($0.tag)>" } ?? "") + ", found \(found)",
            path: path(appending: child, found + 1), node: child, at: mark)
    }

    /// Reports a finding; its wording, path, value and place are worked out only if it is kept.
    func report(
        _ code: Diagnostic.Code, _ message: @autoclosure () -> String, path: @autoclosure () -> String,
        node: CompiledNode?, at mark: SourceMark, value: @autoclosure () -> String? = nil
    ) {
        log.record(
            code, message: message, path: path, node: node, position: { position(of: mark) }, value: value)
    }

    /// Line and column of `mark`. An offset is resolved by the reader, after the open elements'
    /// marks below it (so that the reader is asked in increasing order, and an element's own
    /// mark stays known for the findings reported at its end).
    func position(of mark: SourceMark) -> (line: Int, column: Int) {
        if let known = mark.position { return known }
        guard let offset = mark.offset, let resolver else { return (0, 0) }
        resolveMarks(before: offset, with: resolver)
        return resolver.position(of: offset)
    }

    /// Resolves the open elements' marks, and the business rules' scope records', at offsets up
    /// to `offset`, in increasing order (as the reader must be asked).
    func resolveMarks(before offset: Int, with resolver: PositionResolver) {
        var index = 0
        while true {
            while index < frames.count, frames[index].mark.offset == nil { index += 1 }
            let frameOffset = index < frames.count ? frames[index].mark.offset! : Int.max
            let recordOffset = ruleRecords?.nextUnresolvedOffset() ?? Int.max
            let next = min(frameOffset, recordOffset)
            guard next != Int.max, next <= offset else { return }
            let (line, column) = resolver.position(of: next)
            if frameOffset == next {
                frames[index].mark = SourceMark(line: line, column: column)
                index += 1
            }
            if recordOffset == next { ruleRecords?.resolveNext(SourceMark(line: line, column: column)) }
        }
    }

    /// The instance path of the open elements, with 1-based positions on repeating ones.
    func path() -> String { path(droppingLast: false) }

    /// The instance path of the open elements, or of all but the innermost.
    func path(droppingLast: Bool) -> String {
        var result = ""
        for index in 0..<(droppingLast ? frames.count - 1 : frames.count) {
            let frame = frames[index]
            let node = table.compiled[frame.node]
            result += "/" + node.tag
            if node.isRepeating { result += "[\(frame.position)]" }
        }
        return result
    }

    func path(appending node: CompiledNode, _ position: Int) -> String {
        path() + "/" + node.tag + (node.isRepeating ? "[\(position)]" : "")
    }

    func path(appending tag: String) -> String { path() + "/" + tag }
}
