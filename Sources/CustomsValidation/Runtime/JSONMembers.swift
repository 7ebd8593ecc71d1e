/// How the JSON reader finds an object member's element: by the member name's hash in the
/// package's `MemberIndex`, instead of comparing the name with the siblings' tags. A name the
/// index does not hold (`{namespace}tag`, a tag two siblings share, an unknown name) takes
/// `startElement`'s full search, which decides it as before.
extension SessionCore {
    /// The ordinal of the child of the open class element that the plain member name `key`
    /// (hashed with `MemberIndex.hash`) names; nil while skipping, before the root, in a value
    /// element, for XML, or for a name the index does not hold.
    @inline(__always)
    func memberChild(key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        guard skipDepth == 0, !checksNamespaces, let frame = frames.last else { return nil }
        let parent = nodes.baseAddress! + frame.node
        guard parent.pointee.isClass, key.count > 0 else { return nil }
        return table.members.ordinal(of: key, hash: hash, parent: frame.node, tags: tags.baseAddress!)
    }

    /// `memberChild`, when that child takes a plain string and nothing else: a value without
    /// attributes that occurs at most once, so that no binding rule of the JSON reader applies
    /// to `"key": "value"` and the member may go to `valueMember` whole.
    @inline(__always)
    func plainValueChild(key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        guard let ordinal = memberChild(key: key, hash: hash) else { return nil }
        let child = nodes.baseAddress! + childList[nodes[frames[frames.count - 1].node].childStart + ordinal]
        guard !child.pointee.isClass, !child.pointee.isRepeating, !child.pointee.hasAttributes else { return nil }
        return ordinal
    }

    /// A member that `plainValueChild` admitted, with its string `value`: what `startElement`,
    /// `characters` and `endElement` do for it. A valid value is checked where it lies and the
    /// element is only counted: it has no attributes and no children, so an open frame would
    /// hold nothing; one that fails is opened and closed as usual, which reports it.
    mutating func valueMember(ordinal: Int, value: UnsafeBufferPointer<UInt8>, at mark: SourceMark) {
        let top = frames.count - 1
        let child = childList[nodes[frames[top].node].childStart + ordinal]
        if ruleRecords?.program.watched[child] != true, acceptsInPlace(value, of: child) {
            reportClassText()
            _ = count(ordinal, in: top, at: mark)
            return
        }
        startChild(ordinal: ordinal, attributes: UnsafeBufferPointer(start: nil, count: 0), at: mark)
        text.append(contentsOf: value)
        endElement()
    }
}
