import CustomsModel

/// Attribute constraints: known names, required ones, values against their rules and code lists.
extension SessionCore {
    mutating func checkAttributes(
        _ attributes: UnsafeBufferPointer<MarkupAttribute>, of node: CompiledNode, at mark: SourceMark
    ) {
        var present: UInt64 = 0  // bit i: attribute definition i was seen (nodes have a handful)
        for attribute in attributes {
            if !attribute.namespace.isEmpty {
                if Bytes.equal(attribute.namespace, xmlSchemaInstanceNamespace) { continue }
                report(
                    .unknownAttribute,
                    "\(node.tag) has no attribute \(String(decoding: attribute.name, as: UTF8.self)) in namespace \(String(decoding: attribute.namespace, as: UTF8.self))",
                    path: path(), node: node, at: mark)
                continue
            }
            guard let index = node.attributes.firstIndex(where: { Bytes.equal(attribute.name, $0.nameBytes) }) else {
                report(
                    .unknownAttribute, Self.unknownAttributeWording(attribute.name, of: node), path: path(),
                    node: node, at: mark)
                continue
            }
            if index < 64 { present |= 1 << UInt64(index) }
            checkAttributeValue(attribute.value, definition: index, of: node, at: mark)
        }
        // By index, not `enumerated()`: that copies every definition (see `checkAttributeValue`).
        for index in node.attributes.indices
        where node.attributes[index].isRequired && (index >= 64 || present & (1 << UInt64(index)) == 0) {
            report(
                .missingAttribute, "\(node.tag) needs the attribute \(node.attributes[index].name)", path: path(),
                node: node, at: mark)
        }
    }

    /// An attribute's value against `node.attributes[index]`, whose fields are read one by one,
    /// in place: copying the whole definition retained and released each of its strings, sets
    /// and rules, objects that every worker thread shares (atomic counts on shared cache lines,
    /// a suspect for the second core's shortfall; see Benchmarks/README.md).
    mutating func checkAttributeValue(
        _ value: UnsafeBufferPointer<UInt8>, definition index: Int, of node: CompiledNode, at mark: SourceMark
    ) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: value)
        if let rule = node.attributes[index].rule {
            // An imported attribute type: its own whitespace rule, lexical form and facets,
            // applied in place (no copy per attribute).
            let prepared = scratch.withUnsafeMutableBufferPointer { rule.prepare($0) }
            scratch.removeLast(scratch.count - prepared)
            if let violation = scratch.withUnsafeBufferPointer({ rule.checkPrepared($0) }) {
                let name = node.attributes[index].name
                report(
                    violation.code == .codeNotInList ? .attributeCode : violation.code,
                    "@\(name): \(violation.message)",
                    path: path() + "/@" + name, node: node, at: mark,
                    value: String(decoding: scratch, as: UTF8.self))
                return
            }
        }
        XMLWhitespace.collapseInPlace(&scratch)
        let known =
            node.attributes[index].codeSet.map { set in scratch.withUnsafeBufferPointer { set.contains($0) } } ?? true
        if !known {
            let name = node.attributes[index].name
            report(
                .attributeCode, "@\(name) is not a code of \(node.attributes[index].codeListID ?? "the allowed codes")",
                path: path() + "/@" + name, node: node, at: mark,
                value: String(decoding: scratch, as: UTF8.self))
        } else if node.attributes[index].isFormatCode {
            formatCode = String(decoding: scratch, as: UTF8.self)
        }
    }

    /// Why attribute `name` is unknown on `node`, with the closest known name.
    private static func unknownAttributeWording(_ name: UnsafeBufferPointer<UInt8>, of node: CompiledNode) -> String {
        let name = String(decoding: name, as: UTF8.self)
        let suggestion = Suggestions.closest(to: name, among: node.attributes.map(\.name))
        return "\(node.tag) has no attribute \(name)" + (suggestion.map { " (did you mean \($0)?)" } ?? "")
    }
}
