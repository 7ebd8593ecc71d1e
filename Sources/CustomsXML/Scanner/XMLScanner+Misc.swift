/// Comments, processing instructions and the XML declaration: checked, never delivered.
extension XMLScanner {
    /// A comment at `start` (`<!--`): no `--` inside, legal characters.
    mutating func comment(_ start: Int) -> Step {
        var index = start + 4
        while true {
            guard index < count else { return .needMore }
            let byte = bytes[index]
            if byte == UInt8(ascii: "-") {
                guard index + 2 < count else { return .needMore }
                if bytes[index + 1] == UInt8(ascii: "-") {
                    if bytes[index + 2] == UInt8(ascii: ">") { return .next(index + 3) }
                    return malformed("Comment must not contain '--' (double-hyphen)", at: index + 2)
                }
                index += 1
            } else {
                switch markupCharacter(at: index) {
                case .next(let next): index = next
                case let other: return other
                }
            }
        }
    }

    /// The character at `index` of a comment, processing instruction or CDATA section: the
    /// index after it when it is allowed in XML.
    @inline(__always)
    mutating func markupCharacter(at index: Int) -> Step {
        let byte = bytes[index]
        guard byte < 0x80 else { return legalCharacter(at: index) }
        if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
            return malformed("the character \(Self.codePoint(UInt32(byte))) is not allowed in XML", at: index)
        }
        return .next(index + 1)
    }

    /// A processing instruction at `start` (`<?`): a target that is not `xml` (in any case)
    /// and has no colon, then white space and content up to `?>`.
    mutating func processingInstruction(_ start: Int) -> Step {
        var colon = -1
        let nameStep = qualifiedName(at: start + 2, what: "a processing instruction's target", colon: &colon)
        guard case .next(let targetEnd) = nameStep else { return nameStep }
        if colon >= 0 { return malformed("colons are forbidden from processing-instruction targets", at: colon) }
        if targetEnd - (start + 2) == 3,
            view(start + 2, targetEnd).map({ $0 | 0x20 }).elementsEqual("xml".utf8)
        {
            return malformed("XML declaration allowed only at the start of the document", at: targetEnd)
        }
        var index = targetEnd
        guard index + 1 < count else { return .needMore }
        if bytes[index] == UInt8(ascii: "?") && bytes[index + 1] == UInt8(ascii: ">") { return .next(index + 2) }
        guard XMLCharacter.isSpace(bytes[index]) else {
            return malformed("a processing instruction's target must be followed by white space or '?>'", at: index)
        }
        while true {
            guard index + 1 < count else { return .needMore }
            let byte = bytes[index]
            if byte == UInt8(ascii: "?") && bytes[index + 1] == UInt8(ascii: ">") { return .next(index + 2) }
            switch markupCharacter(at: index) {
            case .next(let next): index = next
            case let other: return other
            }
        }
    }

    /// The XML declaration at `start` (`<?xml` and white space): `version` (1.x), then
    /// optionally `encoding` and `standalone`, in that order.
    mutating func xmlDeclaration(_ start: Int) -> Step {
        guard let end = declarationEnd(from: start) else {
            return count - start > 1024
                ? malformed("the XML declaration does not end within 1024 bytes", at: start) : .needMore
        }
        var index = start + 5
        var seen: [String] = []
        while true {
            let spaced = index < end && XMLCharacter.isSpace(bytes[index])
            index = skipSpace(index)
            if index == end { break }
            guard spaced else {
                return malformed("the XML declaration's parts must be separated by white space", at: index)
            }
            var nameEnd = index
            while nameEnd < end, bytes[nameEnd] >= UInt8(ascii: "a"), bytes[nameEnd] <= UInt8(ascii: "z") {
                nameEnd += 1
            }
            let name = String(decoding: view(index, nameEnd), as: UTF8.self)
            var cursor = skipSpace(nameEnd)
            guard cursor < end, bytes[cursor] == UInt8(ascii: "=") else {
                return malformed("malformed XML declaration: expected '=' after '\(name)'", at: cursor)
            }
            cursor = skipSpace(cursor + 1)
            guard cursor < end, bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") else {
                return malformed("malformed XML declaration: the value of '\(name)' must be quoted", at: cursor)
            }
            let quote = bytes[cursor]
            var valueEnd = cursor + 1
            while valueEnd < end, bytes[valueEnd] != quote { valueEnd += 1 }
            guard valueEnd < end else {
                return malformed("malformed XML declaration: unterminated value", at: valueEnd)
            }
            let value = String(decoding: view(cursor + 1, valueEnd), as: UTF8.self)
            let expected = ["version", "encoding", "standalone"]
            guard let rank = expected.firstIndex(of: name), seen.allSatisfy({ expected.firstIndex(of: $0)! < rank }),
                seen.isEmpty == (name == "version")
            else {
                return malformed(
                    "malformed XML declaration: '\(name)' is not expected here (version, encoding, standalone, in that order)",
                    at: index)
            }
            switch name {
            case "version":
                guard value.hasPrefix("1."), value.count > 2, value.dropFirst(2).allSatisfy(\.isASCIIDigit) else {
                    return malformed("unsupported XML version '\(value)'", at: cursor + 1)
                }
            case "encoding":
                guard let first = value.unicodeScalars.first, first.isASCIILetter,
                    value.unicodeScalars.allSatisfy({
                        $0.isASCIILetter || $0.isASCIIDigit || "._-".unicodeScalars.contains($0)
                    })
                else { return malformed("invalid encoding name '\(value)'", at: cursor + 1) }
                // The reader hands documents in other encodings to libxml2; one that reaches the
                // scanner declaring another is written in UTF-8 nonetheless (a UTF-8 byte order
                // mark says so), which XML 1.0 (4.3.3) makes a fatal error.
                guard ["UTF-8", "US-ASCII"].contains(value.uppercased()) else {
                    return malformed(
                        "the document is UTF-8 (it starts with a UTF-8 byte order mark) but declares encoding '\(value)'",
                        at: cursor + 1)
                }
            default:
                guard value == "yes" || value == "no" else {
                    return malformed("standalone accepts only 'yes' or 'no'", at: cursor + 1)
                }
            }
            seen.append(name)
            index = valueEnd + 1
        }
        guard seen.first == "version" else { return malformed("Malformed declaration expecting version", at: index) }
        return .next(end + 2)
    }

    /// The index of the `?>` that ends the declaration starting at `start`, if the window holds
    /// it (a declaration holds no `?>` in its values).
    private func declarationEnd(from start: Int) -> Int? {
        var index = start + 5
        while index + 1 < count {
            if bytes[index] == UInt8(ascii: "?") && bytes[index + 1] == UInt8(ascii: ">") { return index }
            if index - start > 1024 { return nil }
            index += 1
        }
        return nil
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
