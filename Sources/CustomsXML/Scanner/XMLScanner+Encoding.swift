/// Which documents the scanner reads: UTF-8 ones. The rest goes to libxml2.
extension XMLScanner {
    /// How a document's first bytes say it is encoded, as far as the choice of parser goes.
    enum Encoding: Equatable {
        /// UTF-8 (with or without a BOM, declared so or not declared): the scanner's.
        case utf8
        /// Declared US-ASCII: the scanner's, with every byte above 0x7F an encoding error.
        case ascii
        /// Anything else (UTF-16 by BOM or by its first bytes, another declared encoding, an
        /// XML version other than 1.0): libxml2's.
        case other
    }

    /// The encoding `head` (the document's first bytes, as many as the first read gave) says.
    /// A declaration that `head` does not hold whole is left to the scanner, which then reports
    /// what is wrong with it.
    static func encoding(of head: UnsafeBufferPointer<UInt8>) -> Encoding {
        var start = 0
        if head.count >= 3, head[0] == 0xEF, head[1] == 0xBB, head[2] == 0xBF { start = 3 }
        if head.count >= 2 && start == 0 {
            let (first, second) = (head[0], head[1])
            // UTF-16 and UTF-32 by BOM, or by a '<' or '<?' written in them; EBCDIC's "<?".
            if (first == 0xFE && second == 0xFF) || (first == 0xFF && second == 0xFE) || first == 0 || second == 0
                || (first == 0x4C && second == 0x6F)
            {
                return .other
            }
        }
        let declaration = Array("<?xml".utf8)
        guard head.count - start >= 6, head[start..<(start + 5)].elementsEqual(declaration),
            [0x20, 0x09, 0x0A, 0x0D].contains(head[start + 5])
        else { return .utf8 }
        var end = start + 5
        while end + 1 < head.count, !(head[end] == UInt8(ascii: "?") && head[end + 1] == UInt8(ascii: ">")) {
            end += 1
        }
        let text = Array(head[start..<end])
        if let version = pseudoAttribute("version", in: text), version != "1.0" { return .other }
        // After a UTF-8 byte order mark the document is the scanner's whatever it declares: a
        // declaration of another encoding is then an error it reports (XML 1.0, 4.3.3).
        guard start == 0, let encoding = pseudoAttribute("encoding", in: text)?.uppercased() else { return .utf8 }
        switch encoding {
        case "UTF-8": return .utf8
        case "US-ASCII": return .ascii
        default: return .other
        }
    }

    /// The value of `name="…"` (or `'…'`) in a declaration's bytes, if it is there.
    private static func pseudoAttribute(_ name: String, in text: [UInt8]) -> String? {
        let key = Array(name.utf8)
        guard text.count > key.count,
            let found = (0...(text.count - key.count)).first(where: { text[$0..<($0 + key.count)].elementsEqual(key) })
        else { return nil }
        var index = found + key.count
        func skipSpace() { while index < text.count, XMLCharacter.isSpace(text[index]) { index += 1 } }
        skipSpace()
        guard index < text.count, text[index] == UInt8(ascii: "=") else { return nil }
        index += 1
        skipSpace()
        guard index < text.count, text[index] == UInt8(ascii: "\"") || text[index] == UInt8(ascii: "'") else {
            return nil
        }
        let quote = text[index]
        let valueStart = index + 1
        var valueEnd = valueStart
        while valueEnd < text.count, text[valueEnd] != quote { valueEnd += 1 }
        return String(decoding: text[valueStart..<valueEnd], as: UTF8.self)
    }
}
