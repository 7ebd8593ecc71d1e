import CustomsModel
import CustomsValidation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Start and end tags: attributes, namespace declarations and their rules, and the events the
/// session receives.
extension XMLScanner {
    /// A start tag at `start` (`<` then a name).
    mutating func startTag(_ start: Int) -> Step {
        var nameColon = -1
        let nameEnd: Int
        // The fused path: the name compared in place with the child the session expects next
        // (equal bytes to a package tag are a well-formed name, and the session knows which
        // child it is); any other name takes the full scan and the session's search.
        let expected = session?._withUnsafeGuaranteedRef {
            $0.expectedChild(at: bytes + start + 1, available: count - start - 1, namespace: scope.defaultNamespace)
        }
        if let expected {
            nameEnd = start + 1 + expected.length
        } else {
            let nameStep = qualifiedName(at: start + 1, what: "an element name", colon: &nameColon)
            guard case .next(let end) = nameStep else { return nameStep }
            nameEnd = end
        }
        rawAttributes.removeAll()
        var index = nameEnd
        var isEmpty = false
        while true {
            let spaced = index < count && XMLCharacter.isSpace(bytes[index])
            index = skipSpace(index)
            guard index < count else {
                return isFinal ? malformed(unterminatedTag(start, nameEnd), at: index) : .needMore
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: ">") { break }
            if byte == UInt8(ascii: "/") {
                guard index + 1 < count else {
                    return isFinal ? malformed(unterminatedTag(start, nameEnd), at: index) : .needMore
                }
                guard bytes[index + 1] == UInt8(ascii: ">") else {
                    return malformed(
                        "expected '>' after '/' in the start tag of <\(shown(start + 1, nameEnd))>", at: index + 1)
                }
                isEmpty = true
                break
            }
            guard spaced else {
                return malformed(
                    "attributes of <\(shown(start + 1, nameEnd))> must be separated by white space", at: index)
            }
            switch attribute(at: index, element: start + 1..<nameEnd) {
            case .next(let next): index = next
            case let other: return other
            }
        }
        let close = index  // the '>' or the '/' of '/>'
        let after = isEmpty ? index + 2 : index + 1
        return openElement(
            start + 1, nameEnd, nameColon, close: close, after: after, isEmpty: isEmpty, expected: expected?.ordinal)
    }

    private func unterminatedTag(_ start: Int, _ nameEnd: Int) -> String {
        "premature end of the document in the start tag of <\(shown(start + 1, nameEnd))>"
    }

    /// One `name="value"` at `start`, recorded in `rawAttributes`.
    private mutating func attribute(at start: Int, element: Range<Int>) -> Step {
        var colon = -1
        let nameStep = qualifiedName(at: start, what: "an attribute name", colon: &colon)
        guard case .next(let nameEnd) = nameStep else { return nameStep }
        var index = skipSpace(nameEnd)
        guard index < count else {
            return isFinal ? malformed("premature end of the document in an attribute", at: index) : .needMore
        }
        guard bytes[index] == UInt8(ascii: "=") else {
            return malformed(
                "attribute \(shown(start, nameEnd)) of <\(shown(element.lowerBound, element.upperBound))> has no value ('=' expected)",
                at: index)
        }
        index = skipSpace(index + 1)
        guard index < count else {
            return isFinal ? malformed("premature end of the document in an attribute", at: index) : .needMore
        }
        let quote = bytes[index]
        guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            return malformed("the value of attribute \(shown(start, nameEnd)) must be quoted", at: index)
        }
        let valueStart = index + 1
        index = valueStart
        var needsDecoding = false
        while true {
            guard index < count else {
                return isFinal
                    ? malformed("premature end of the document in an attribute value", at: index) : .needMore
            }
            let byte = bytes[index]
            if byte == quote { break }
            if byte < 0x80 {
                switch byte {
                case UInt8(ascii: "<"):
                    return malformed("'<' is not allowed in an attribute value (write &lt;)", at: index)
                case UInt8(ascii: "&"):
                    switch reference(at: index) {
                    case .next(let next, _):
                        index = next
                        needsDecoding = true
                        continue
                    case .step(let step): return step
                    }
                case 0x09, 0x0A, 0x0D: needsDecoding = true
                case 0x00..<0x20:
                    return malformed("the character \(Self.codePoint(UInt32(byte))) is not allowed in XML", at: index)
                default: break
                }
                index += 1
                continue
            }
            switch legalCharacter(at: index) {
            case .next(let next): index = next
            case let other: return other
            }
        }
        if index - valueStart > limits.maxAttributeLength {
            fail(.limit, "an attribute value is longer than \(limits.maxAttributeLength) bytes", at: index)
            return .stop
        }
        rawAttributes.append(
            RawAttribute(
                nameStart: start, nameEnd: nameEnd, colon: colon, valueStart: valueStart, valueEnd: index,
                needsDecoding: needsDecoding))
        return .next(index + 1)
    }

    /// The legal character at `index` (≥ 0x80): the index after it.
    @inline(__always)
    mutating func legalCharacter(at index: Int) -> Step {
        if asciiOnly { return malformed(notASCIIMessage(at: index), at: index) }
        let character = XMLCharacter.decode(bytes, at: index, end: count)
        if character.length == 0 {
            if character.isTruncated && !isFinal { return .needMore }
            return malformed(invalidUTF8Message(at: index), at: index)
        }
        guard XMLCharacter.isLegal(character.scalar) else {
            return malformed("the character \(Self.codePoint(character.scalar)) is not allowed in XML", at: index)
        }
        return .next(index + character.length)
    }

    /// The bytes of window range `start..<end`.
    @inline(__always)
    func view(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: bytes + start, count: end - start)
    }

    /// Namespaces, checks and the session's events for a complete start tag.
    private mutating func openElement(
        _ nameStart: Int, _ nameEnd: Int, _ nameColon: Int, close: Int, after: Int, isEmpty: Bool, expected: Int?
    ) -> Step {
        depth += 1
        elements += 1
        textLength = 0
        if depth > limits.maxDepth {
            fail(.limit, "elements nest deeper than \(limits.maxDepth) levels", at: close)
            return .stop
        }
        if elements > limits.maxElements {
            fail(.limit, "more than \(limits.maxElements) elements", at: close)
            return .stop
        }
        let bindingsBefore = scope.count
        if case .stop = declareNamespaces(element: nameStart..<nameEnd) {
            scope.removeAll(downTo: bindingsBefore)
            return .stop
        }
        let prefix = nameColon >= 0 ? view(nameStart, nameColon) : view(nameStart, nameStart)
        guard !(nameColon >= 0 && Self.isXMLNS(prefix)) else {
            return malformed(
                "the prefix xmlns is reserved for namespace declarations: <\(shown(nameStart, nameEnd))>", at: close)
        }
        guard let namespace = scope.resolve(prefix) else {
            return malformed(
                "Namespace prefix \(shown(nameStart, nameColon)) on \(shown(nameColon + 1, nameEnd)) is not defined",
                at: close)
        }
        guard case .next = resolveAttributes(element: nameStart..<nameEnd, at: close) else { return .stop }
        let local = nameColon >= 0 ? view(nameColon + 1, nameEnd) : view(nameStart, nameEnd)
        // Its place as libxml2 gives it (the '>'), as an offset: worked out only if reported.
        let mark = SourceMark(offset: windowStart + close)
        let attributeView = UnsafeBufferPointer(rebasing: attributes[0..<resolvedAttributeCount])
        if let expected, scope.count == bindingsBefore {
            // Matched before the attributes were read; no declaration among them moved the
            // default namespace the match was made in.
            session?._withUnsafeGuaranteedRef {
                $0.startChild(ordinal: expected, attributes: attributeView, at: mark)
            }
        } else {
            session?._withUnsafeGuaranteedRef {
                $0.startElement(name: local, namespace: namespace, attributes: attributeView, at: mark)
            }
        }
        if phase == .prolog { phase = .content }
        if isEmpty {
            depth -= 1
            scope.removeAll(downTo: bindingsBefore)
            session?._withUnsafeGuaranteedRef { $0.endElement() }
            if depth == 0 { phase = .epilog }
        } else {
            openElements.append(
                OpenElement(
                    start: names.count, local: names.count + (nameColon >= 0 ? nameColon + 1 - nameStart : 0),
                    bindings: bindingsBefore, mark: mark))
            names.append(contentsOf: view(nameStart, nameEnd))
        }
        return .next(after)
    }

    /// True for the bytes `xmlns`.
    @inline(__always)
    static func isXMLNS(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        name.count == 5 && name[0] == UInt8(ascii: "x") && name[1] == UInt8(ascii: "m") && name[2] == UInt8(ascii: "l")
            && name[3] == UInt8(ascii: "n") && name[4] == UInt8(ascii: "s")
    }

    /// True for the bytes `xml`.
    static func isXML(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        name.count == 3 && name[0] == UInt8(ascii: "x") && name[1] == UInt8(ascii: "m") && name[2] == UInt8(ascii: "l")
    }

    /// The `xmlns` and `xmlns:p` attributes of the tag, declared with the rules of Namespaces in
    /// XML 1.0 (and libxml2's: an empty prefixed namespace is an error).
    private mutating func declareNamespaces(element: Range<Int>) -> Step {
        for position in 0..<rawAttributes.count {
            let attribute = rawAttributes[position]
            let isDefault = attribute.colon < 0 && Self.isXMLNS(view(attribute.nameStart, attribute.nameEnd))
            let isPrefixed = attribute.colon >= 0 && Self.isXMLNS(view(attribute.nameStart, attribute.colon))
            guard isDefault || isPrefixed else { continue }
            let uri = value(of: attribute)
            let isXMLNamespace = Bytes.equal(uri, NamespaceScope.xmlNamespace)
            let isXMLNSNamespace = Bytes.equal(uri, NamespaceScope.xmlnsNamespace)
            let at = attribute.nameStart
            if !uri.isEmpty && !URIReference.isValid(uri) {
                return malformed(
                    "the namespace name '\(String(decoding: uri, as: UTF8.self))' is not a valid URI", at: at)
            }
            if isDefault {
                if isXMLNamespace { return malformed("the xml namespace cannot be the default namespace", at: at) }
                if isXMLNSNamespace { return malformed("the xmlns namespace cannot be declared", at: at) }
                if duplicateDeclaration(of: attribute) {
                    return malformed(
                        "xmlns is declared twice on <\(shown(element.lowerBound, element.upperBound))>", at: at)
                }
                scope.declare(prefix: view(at, at), uri: uri)
                continue
            }
            let prefix = view(attribute.colon + 1, attribute.nameEnd)
            let prefixText = shown(attribute.colon + 1, attribute.nameEnd)
            if duplicateDeclaration(of: attribute) {
                return malformed(
                    "xmlns:\(prefixText) is declared twice on <\(shown(element.lowerBound, element.upperBound))>",
                    at: at)
            }
            if Self.isXML(prefix) {
                if !isXMLNamespace { return malformed("the xml prefix can only be bound to its own namespace", at: at) }
                continue
            }
            if Self.isXMLNS(prefix) { return malformed("the xmlns prefix cannot be declared", at: at) }
            if isXMLNamespace { return malformed("the xml namespace can only be bound to the prefix xml", at: at) }
            if isXMLNSNamespace { return malformed("the xmlns namespace cannot be declared", at: at) }
            if uri.isEmpty {
                return malformed(
                    "xmlns:\(prefixText): a prefix cannot be undeclared (an empty namespace) in XML 1.0", at: at)
            }
            scope.declare(prefix: prefix, uri: uri)
        }
        return .next(0)
    }

    /// True when an earlier attribute of the tag has the same name as `attribute`.
    private func duplicateDeclaration(of attribute: RawAttribute) -> Bool {
        let name = view(attribute.nameStart, attribute.nameEnd)
        for position in 0..<rawAttributes.count {
            let other = rawAttributes[position]
            if other.nameStart == attribute.nameStart { return false }
            if Bytes.equal(view(other.nameStart, other.nameEnd), name) { return true }
        }
        return false
    }

    /// The value of `attribute` as the document means it: references replaced, each white-space
    /// character (and CR LF pair) a space. Points into the window when nothing changes, else into
    /// the tag's scratch (room for every value of the tag is made before the first is decoded,
    /// by `reserveScratch`, so that earlier views stay valid).
    mutating func value(of attribute: RawAttribute) -> UnsafeBufferPointer<UInt8> {
        let raw = view(attribute.valueStart, attribute.valueEnd)
        guard attribute.needsDecoding else { return raw }
        if scratchCount + raw.count > scratch.count { reserveScratch(scratchCount + raw.count) }
        let offset = scratchCount
        var index = attribute.valueStart
        while index < attribute.valueEnd {
            let byte = bytes[index]
            if byte == UInt8(ascii: "&"), case .next(let next, let scalar) = reference(at: index) {
                scratchCount += XMLCharacter.encode(scalar, into: scratch.baseAddress! + scratchCount)
                index = next
                continue
            }
            if byte == 0x0D {
                scratch[scratchCount] = 0x20
                scratchCount += 1
                index += index + 1 < attribute.valueEnd && bytes[index + 1] == 0x0A ? 2 : 1
                continue
            }
            scratch[scratchCount] = byte == 0x09 || byte == 0x0A ? 0x20 : byte
            scratchCount += 1
            index += 1
        }
        return UnsafeBufferPointer(start: scratch.baseAddress! + offset, count: scratchCount - offset)
    }

    /// Room for `total` decoded bytes in the scratch, dropping what it holds.
    mutating func reserveScratch(_ total: Int) {
        scratchCount = 0
        guard total > scratch.count else { return }
        scratch.deallocate()
        scratch = .allocate(capacity: total)
    }

    /// The tag's attributes (namespace declarations left out) with their namespaces and decoded
    /// values, into `attributes`; unbound prefixes and duplicates refused.
    private mutating func resolveAttributes(element: Range<Int>, at close: Int) -> Step {
        resolvedAttributeCount = 0
        guard !rawAttributes.isEmpty else { return .next(0) }
        var room = 0
        for position in 0..<rawAttributes.count where rawAttributes[position].needsDecoding {
            room += rawAttributes[position].valueEnd - rawAttributes[position].valueStart
        }
        reserveScratch(room)
        if rawAttributes.count > attributes.count {
            attributes.deallocate()
            attributes = .allocate(capacity: rawAttributes.count)
        }
        for position in 0..<rawAttributes.count {
            let attribute = rawAttributes[position]
            let name = view(attribute.nameStart, attribute.nameEnd)
            for earlierPosition in 0..<position
            where Bytes.equal(
                view(rawAttributes[earlierPosition].nameStart, rawAttributes[earlierPosition].nameEnd), name)
            {
                return malformed(
                    "Attribute \(shown(attribute.nameStart, attribute.nameEnd)) redefined on <\(shown(element.lowerBound, element.upperBound))>",
                    at: close)
            }
            let isDeclaration =
                attribute.colon < 0 ? Self.isXMLNS(name) : Self.isXMLNS(view(attribute.nameStart, attribute.colon))
            if isDeclaration { continue }
            var namespace = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
            var local = name
            if attribute.colon >= 0 {
                guard let bound = scope.resolve(view(attribute.nameStart, attribute.colon)) else {
                    return malformed(
                        "Namespace prefix \(shown(attribute.nameStart, attribute.colon)) for \(shown(attribute.colon + 1, attribute.nameEnd)) on \(shown(element.lowerBound, element.upperBound)) is not defined",
                        at: close)
                }
                namespace = bound
                local = view(attribute.colon + 1, attribute.nameEnd)
                for index in 0..<resolvedAttributeCount
                where Bytes.equal(attributes[index].name, local) && Bytes.equal(attributes[index].namespace, namespace)
                {
                    return malformed(
                        "Namespaced Attribute \(shown(attribute.colon + 1, attribute.nameEnd)) in '\(String(decoding: namespace, as: UTF8.self))' redefined",
                        at: close)
                }
            }
            attributes[resolvedAttributeCount] = MarkupAttribute(
                name: local, namespace: namespace, value: value(of: attribute))
            resolvedAttributeCount += 1
        }
        return .next(0)
    }

    /// An end tag at `start` (`</`).
    mutating func endTag(_ start: Int) -> Step {
        if let top = openElements.last, let close = closingTag(of: top, at: start) {
            return closeElement(top, after: close)
        }
        var colon = -1
        let nameStep = qualifiedName(at: start + 2, what: "an end tag's name", colon: &colon)
        guard case .next(let nameEnd) = nameStep else { return nameStep }
        let index = skipSpace(nameEnd)
        guard index < count else {
            return isFinal
                ? malformed("premature end of the document in the end tag </\(shown(start + 2, nameEnd))>", at: index)
                : .needMore
        }
        guard bytes[index] == UInt8(ascii: ">") else {
            return malformed("expected '>' at the end of the end tag </\(shown(start + 2, nameEnd))>", at: index)
        }
        guard let top = openElements.last else { return malformed("an end tag outside the root element", at: start) }
        let open = UnsafeBufferPointer(rebasing: names.buffer[top.start...])
        guard Bytes.equal(open, view(start + 2, nameEnd)) else {
            // libxml2's words and place (after the '>'), which users of xmllint know.
            let line = top.mark.position?.line ?? top.mark.offset.map { positions.position(of: $0).line } ?? 0
            return malformed(
                "Opening and ending tag mismatch: \(String(decoding: open, as: UTF8.self)) line \(line) and \(shown(start + 2, nameEnd))",
                at: index + 1)
        }
        return closeElement(top, after: index)
    }

    /// The index of the `>` of the end tag at `start` when it names `top` as its
    /// start tag wrote it, found by comparing the bytes in place: the name was checked when it
    /// was opened, so equal bytes followed by `>` or white space need no second scan. Nil sends
    /// the tag to the full scan, which also words every error (a mismatch, a tag cut off by the
    /// end of the window).
    @inline(__always)
    private func closingTag(of top: OpenElement, at start: Int) -> Int? {
        let length = names.count - top.start
        let nameStart = start + 2
        guard nameStart + length < count,
            Bytes.equal(bytes + nameStart, names.buffer.baseAddress! + top.start, count: length)
        else { return nil }
        let after = bytes[nameStart + length]
        if after == UInt8(ascii: ">") { return nameStart + length }
        guard XMLCharacter.isSpace(after) else { return nil }  // a longer name, or not an end tag
        let index = skipSpace(nameStart + length)
        return index < count && bytes[index] == UInt8(ascii: ">") ? index : nil
    }

    /// Closes `top`, the open element whose end tag's `>` is at `close`.
    @inline(__always)
    private mutating func closeElement(_ top: OpenElement, after close: Int) -> Step {
        depth -= 1
        textLength = 0
        openElements.removeLast()
        names.truncate(to: top.start)
        scope.removeAll(downTo: top.bindings)
        session?._withUnsafeGuaranteedRef { $0.endElement() }
        if depth == 0 { phase = .epilog }
        return .next(close + 1)
    }
}
