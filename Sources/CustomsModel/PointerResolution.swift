extension InformationPackage {
    /// The nodes a pointer names: the node at exactly that pointer, else every node whose
    /// pointer ends with it (so `42A/017` finds `MetaData/42A/017` in a package whose root is an
    /// envelope without a WCO ID, as imported CDS schemas have), a plain ID in the pointer
    /// matching the qualified segments of siblings that share it (`L110` finds `L110(Name)`
    /// and `L110(Identification)`, see `Pointer.plainID(of:)`).
    public func nodes(matching pointer: Pointer) -> [LocatedNode] {
        if let exact = node(at: pointer) { return [exact] }
        let count = pointer.segments.count
        return nodes.filter {
            $0.pointer.segments.count >= count
                && zip($0.pointer.segments.suffix(count), pointer.segments).allSatisfy(Pointer.segment(_:matches:))
        }
    }

    /// The node an instance path names: `/Declaration/GoodsShipment/GovernmentAgencyGoodsItem[2]`
    /// (positions and a trailing `/@attribute` are allowed and ignored).
    public func node(atInstancePath path: String) -> LocatedNode? {
        var tags = path.split(separator: "/").map { String($0.prefix { $0 != "[" }) }
        if tags.last?.hasPrefix("@") == true { tags.removeLast() }
        guard tags.first == root.tag else { return nil }
        var node = root
        var pointer = Pointer([root.pointerSegment])
        for tag in tags.dropFirst() {
            guard let child = node.children.first(where: { $0.tag == tag }) else { return nil }
            node = child
            pointer = pointer.appending(child.pointerSegment)
        }
        return LocatedNode(node: node, pointer: pointer, tagPath: tags)
    }
}
