/// Names: `Name` with the colon rules of Namespaces in XML (a `QName` has at most one colon,
/// neither first nor last).
extension XMLScanner {
    /// The name at `start`: `.next` with the index after it, its colon's index in `colon` (-1
    /// for none); else the step that stops or waits. `what` says what it names, for messages.
    @inline(__always)
    mutating func qualifiedName(at start: Int, what: String, colon: inout Int) -> Step {
        var index = start
        colon = -1
        var first = true
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                let kind = classes[Int(byte)]
                if kind & (first ? Self.nameStartClass : Self.nameClass) != 0 {
                    index += 1
                    first = false
                    continue
                }
                if byte == UInt8(ascii: ":") {
                    if colon >= 0 || first {
                        return malformed("\(what) is not a qualified name (one colon at most, not first)", at: index)
                    }
                    colon = index
                    first = true  // the local part starts like a name
                    index += 1
                    continue
                }
                break
            }
            if asciiOnly { return malformed(notASCIIMessage(at: index), at: index) }
            let character = XMLCharacter.decode(bytes, at: index, end: count)
            if character.length == 0 {
                if character.isTruncated && !isFinal { return .needMore }
                return malformed(invalidUTF8Message(at: index), at: index)
            }
            let allowed = first ? XMLCharacter.isNameStart(character.scalar) : XMLCharacter.isName(character.scalar)
            guard allowed else { break }
            index += character.length
            first = false
        }
        if index == count && !isFinal { return .needMore }
        if index == start {
            return malformed("\(what) expected, found \(describe(at: index))", at: index)
        }
        if first {  // ends with a colon
            return malformed("\(what) is not a qualified name (it ends with a colon)", at: index)
        }
        return .next(index)
    }

    /// The character at `index`, for messages.
    func describe(at index: Int) -> String {
        guard index < count else { return "the end of the document" }
        let character = XMLCharacter.decode(bytes, at: index, end: count)
        guard character.length > 0 else { return "a byte that is not UTF-8" }
        if character.scalar < 0x21 || character.scalar == 0x7F { return Self.codePoint(character.scalar) }
        return "'" + String(Unicode.Scalar(character.scalar).map(Character.init) ?? "?") + "'"
    }

    /// The message for bytes at `index` that are not UTF-8.
    func invalidUTF8Message(at index: Int) -> String {
        let shown = (index..<min(index + 4, count)).map { "0x" + String(bytes[$0], radix: 16, uppercase: true) }
        return "encoding error: the bytes \(shown.joined(separator: " ")) are not valid UTF-8"
    }

    /// The message for a byte above 0x7F in a document declared US-ASCII.
    func notASCIIMessage(at index: Int) -> String {
        "encoding error: the byte 0x\(String(bytes[index], radix: 16, uppercase: true)) is not US-ASCII, the document's declared encoding"
    }

    /// Index after the white space at `start`.
    @inline(__always)
    func skipSpace(_ start: Int) -> Int {
        var index = start
        while index < count, XMLCharacter.isSpace(bytes[index]) { index += 1 }
        return index
    }
}
