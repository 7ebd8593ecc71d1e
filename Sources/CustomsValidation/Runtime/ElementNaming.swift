import CustomsModel

/// Whether an element in a message is a node of the package, by tag and namespace. The one place
/// where the two syntaxes differ: XML compares namespaces; a JSON key has none unless the binding
/// qualified it (`CompiledNode.jsonKeys`).
extension SessionCore {
    /// True when node `child` is the element an element of its tag in `given` stands for. XML:
    /// the node is in that namespace. JSON, where a plain key comes with no namespace and
    /// `{namespace}tag` with its own (`CompiledNode.jsonKeys`): the node is the sibling keyed
    /// plainly, or the qualified one in that namespace.
    @inline(__always)
    func isNamed(_ child: Int, namespace given: UnsafeBufferPointer<UInt8>) -> Bool {
        if checksNamespaces { return Self.isNamespace(given, nodes[child].namespaceIndex, namespace, table) }
        guard nodes[child].isQualifiedInJSON else { return given.count == 0 }
        return given.count > 0 && Self.isNamespace(given, nodes[child].namespaceIndex, namespace, table)
    }

    /// Another child with the tag of child `ordinal` that `isNamed` the element (imported
    /// schemas may have siblings of one name in two namespaces); on success `ordinal` names it.
    @inline(never)
    func sameName(
        as ordinal: inout Int, under parent: Int, namespace given: UnsafeBufferPointer<UInt8>
    )
        -> Bool
    {
        let childStart = nodes[parent].childStart
        let name = Self.tag(of: childList[childStart + ordinal], nodes, tags)
        for other in 0..<nodes[parent].childCount where other != ordinal {
            let child = childList[childStart + other]
            if Bytes.equal(name, Self.tag(of: child, nodes, tags)), isNamed(child, namespace: given) {
                ordinal = other
                return true
            }
        }
        return false
    }

    /// True when `given` is the namespace at `namespaceIndex` (most often the package's, 0,
    /// compared first).
    @inline(__always)
    static func isNamespace(
        _ given: UnsafeBufferPointer<UInt8>, _ namespaceIndex: Int, _ packageNamespace: UnsafeBufferPointer<UInt8>,
        _ table: NodeTable
    ) -> Bool {
        namespaceIndex == 0
            ? Bytes.equal(given, packageNamespace) : Bytes.equal(given, table.namespaces[namespaceIndex])
    }
}
