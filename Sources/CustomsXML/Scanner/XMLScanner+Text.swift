import CustomsModel

/// Character data, references and CDATA sections: what reaches the session as text, with line
/// ends normalised (CR LF and a lone CR become LF) and every character checked.
extension XMLScanner {
    /// What scanning a reference gave: the index after it and the character it stands for, or
    /// a step (more input, or a stop).
    enum ReferenceScan {
        case next(Int, UInt32)
        case step(Step)
    }

    /// True for a byte of text that needs no attention (not `<`, `&`, `]`, CR, or a control
    /// character other than tab and line feed).
    static func isPlainText(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x09, 0x0A: return true
        case 0..<0x20, 0x0D, 0x26, 0x3C, 0x5D: return false
        default: return byte < 0x80
        }
    }

    /// Text from `start` up to the next markup: delivered as it lies in the window, in runs
    /// between references and carriage returns.
    mutating func text(_ start: Int) -> Step {
        // Indentation between tags (spaces, tabs, line feeds up to a '<'), where the session
        // would ignore it, is not handed over: most of a pretty-printed message's text events.
        let blank = blanks(from: start)
        if blank > start, blank < count, bytes[blank] == UInt8(ascii: "<"),
            session?._withUnsafeGuaranteedRef({ $0.ignoresWhitespaceText }) ?? true
        {
            textLength += blank - start
            if textLength > limits.maxTextLength {
                fail(.limit, "a text is longer than \(limits.maxTextLength) bytes", at: blank)
                return .stop
            }
            return .next(blank)
        }
        var index = blank  // the blanks are plain text: not looked at twice
        var run = start
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                if classes[Int(byte)] & Self.plainTextClass != 0 {
                    index += 1
                    continue
                }
                switch byte {
                case UInt8(ascii: "<"):
                    return deliver(run, index) ? .next(index) : .stop
                case UInt8(ascii: "&"):
                    switch reference(at: index) {
                    case .next(let next, let scalar):
                        guard deliver(run, index), deliverCharacter(scalar, at: index) else { return .stop }
                        index = next
                        run = next
                    case .step(let step):
                        guard case .needMore = step else { return step }
                        return partial(run, index, start)
                    }
                case 0x0D:
                    guard index + 1 < count || isFinal else { return partial(run, index, start) }
                    guard deliver(run, index), deliverCharacter(0x0A, at: index) else { return .stop }
                    index += index + 1 < count && bytes[index + 1] == 0x0A ? 2 : 1
                    run = index
                case UInt8(ascii: "]"):
                    if matches(index, "]]>") { return malformed("Sequence ']]>' not allowed in content", at: index) }
                    if index + 3 > count && !isFinal && couldBe(index, "]]>") { return partial(run, index, start) }
                    index += 1
                default:
                    return malformed("the character \(Self.codePoint(UInt32(byte))) is not allowed in XML", at: index)
                }
                continue
            }
            switch legalCharacter(at: index) {
            case .next(let next): index = next
            case .needMore: return partial(run, index, start)
            case .stop: return .stop
            }
        }
        return deliver(run, index) ? .next(index) : .stop
    }

    /// The index after the spaces, line feeds and tabs at `start`. Runs of spaces (indentation)
    /// are skipped eight bytes at a time: the bytes XORed with eight spaces are zero up to the
    /// first other byte, whose place the trailing zero bits give (the words are little-endian).
    @inline(__always)
    func blanks(from start: Int) -> Int {
        var index = start
        while index < count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x09 {
                index += 1
                continue
            }
            guard byte == 0x20 else { return index }
            while index + 8 <= count {
                let word = UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self) ^ 0x2020_2020_2020_2020
                guard word == 0 else {
                    index += (word.littleEndian.trailingZeroBitCount >> 3)
                    break
                }
                index += 8
            }
            while index < count && bytes[index] == 0x20 { index += 1 }
        }
        return index
    }

    /// Text cut off by the end of the window at `index`: what precedes is delivered, the rest
    /// waits for more input.
    private mutating func partial(_ run: Int, _ index: Int, _ start: Int) -> Step {
        guard deliver(run, index) else { return .stop }
        return index > start ? .next(index) : .needMore
    }

    /// Hands window range `start..<end` to the session as text, within the text limit.
    @inline(__always)
    mutating func deliver(_ start: Int, _ end: Int) -> Bool {
        guard end > start else { return true }
        textLength += end - start
        if textLength > limits.maxTextLength {
            fail(.limit, "a text is longer than \(limits.maxTextLength) bytes", at: end)
            return false
        }
        session?._withUnsafeGuaranteedRef { $0.characters(view(start, end)) }
        return true
    }

    /// Hands one character (a reference's, a normalised line end) to the session as text.
    mutating func deliverCharacter(_ scalar: UInt32, at index: Int) -> Bool {
        var buffer: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &buffer) { raw in
            let target = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            let length = XMLCharacter.encode(scalar, into: target)
            textLength += length
            if textLength > limits.maxTextLength {
                fail(.limit, "a text is longer than \(limits.maxTextLength) bytes", at: index)
                return false
            }
            session?._withUnsafeGuaranteedRef { $0.characters(UnsafeBufferPointer(start: target, count: length)) }
            return true
        }
    }

    /// The reference at `start` (`&`): a character reference to a legal character, or one of
    /// the five predefined entities (no DTD is read, so no other entity exists).
    mutating func reference(at start: Int) -> ReferenceScan {
        var index = start + 1
        guard index < count else { return .step(.needMore) }
        if bytes[index] == UInt8(ascii: "#") {
            index += 1
            let isHex = index < count && bytes[index] == UInt8(ascii: "x")
            if isHex { index += 1 }
            var value: UInt32 = 0
            let digitsStart = index
            while index < count {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f") where isHex: digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F") where isHex: digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: digit = 99
                }
                if digit == 99 { break }
                value = min(value * (isHex ? 16 : 10) + digit, 0x110000)
                index += 1
            }
            guard index < count else { return .step(.needMore) }
            guard index > digitsStart, bytes[index] == UInt8(ascii: ";") else {
                return .step(malformed("a character reference must be &#digits; or &#xhex;", at: index))
            }
            guard XMLCharacter.isLegal(value) else {
                return .step(
                    malformed(
                        "the character reference \(shown(start, index + 1)) is to a character not allowed in XML",
                        at: index + 1))
            }
            return .next(index + 1, value)
        }
        var colon = -1
        let nameStep = qualifiedName(at: index, what: "an entity name", colon: &colon)
        guard case .next(let nameEnd) = nameStep else { return .step(nameStep) }
        guard nameEnd < count else { return .step(.needMore) }
        guard bytes[nameEnd] == UInt8(ascii: ";") else {
            return .step(malformed("EntityRef: expecting ';'", at: nameEnd))
        }
        if let scalar = Self.predefinedEntity(view(index, nameEnd)) { return .next(nameEnd + 1, scalar) }
        return .step(
            malformed(
                "Entity '\(shown(index, nameEnd))' not defined (no DTD is read; only lt, gt, amp, apos and quot exist)",
                at: nameEnd + 1))
    }

    /// The character `lt`, `gt`, `amp`, `apos` or `quot` stands for; nil for any other name.
    static func predefinedEntity(_ name: UnsafeBufferPointer<UInt8>) -> UInt32? {
        switch name.count {
        case 2 where name[1] == UInt8(ascii: "t"):
            if name[0] == UInt8(ascii: "l") { return 0x3C }
            if name[0] == UInt8(ascii: "g") { return 0x3E }
            return nil
        case 3 where name[0] == UInt8(ascii: "a") && name[1] == UInt8(ascii: "m") && name[2] == UInt8(ascii: "p"):
            return 0x26
        case 4:
            if name.elementsEqual("apos".utf8) { return 0x27 }
            if name.elementsEqual("quot".utf8) { return 0x22 }
            return nil
        default: return nil
        }
    }

    /// A CDATA section at `start` (`<![CDATA[`): its content is text.
    mutating func cdata(_ start: Int) -> Step {
        let content = start + 9
        var index = content
        while true {
            guard index < count else {
                pendingCDATA = true
                return .needMore
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "]") {
                if index + 3 > count {
                    pendingCDATA = true
                    return .needMore
                }
                if bytes[index + 1] == UInt8(ascii: "]") && bytes[index + 2] == UInt8(ascii: ">") { break }
                index += 1
            } else {
                switch markupCharacter(at: index) {
                case .next(let next): index = next
                case .needMore:
                    pendingCDATA = true
                    return .needMore
                case .stop: return .stop
                }
            }
        }
        pendingCDATA = false
        var run = content
        var cursor = content
        while cursor < index {
            if bytes[cursor] == 0x0D {
                guard deliver(run, cursor), deliverCharacter(0x0A, at: cursor) else { return .stop }
                cursor += cursor + 1 < index && bytes[cursor + 1] == 0x0A ? 2 : 1
                run = cursor
            } else {
                cursor += 1
            }
        }
        return deliver(run, index) ? .next(index + 3) : .stop
    }
}
