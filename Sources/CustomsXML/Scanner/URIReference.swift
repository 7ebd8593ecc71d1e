/// Whether a namespace name is a URI reference (RFC 3986, section 4.1), as Namespaces in XML
/// says it must be: libxml2 refuses a declaration whose name is not one, and so do we, so that
/// both parsers give every document the same verdict. Checked once per declaration, never on
/// the hot path. ASCII only: an IRI's other characters must be percent-encoded.
enum URIReference {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let text = Array(bytes)
        var index = 0
        // scheme ":" — else a relative reference, whose first segment holds no colon.
        if let colon = schemeEnd(text) {
            index = colon + 1
        } else {
            let firstSegmentEnd = text.firstIndex { $0 == slash || $0 == question || $0 == hash } ?? text.count
            if text[..<firstSegmentEnd].contains(colonByte) { return false }
        }
        if text[index...].starts(with: [slash, slash]) {
            index += 2
            let authorityEnd = text[index...].firstIndex { $0 == slash || $0 == question || $0 == hash } ?? text.count
            guard isAuthority(text[index..<authorityEnd]) else { return false }
            index = authorityEnd
        }
        // path, then query and fragment
        var part = 0  // 0 path, 1 query, 2 fragment
        while index < text.count {
            let byte = text[index]
            if byte == question && part == 0 {
                part = 1
            } else if byte == hash && part < 2 {
                part = 2
            } else if byte == percent {
                guard index + 2 < text.count, isHex(text[index + 1]), isHex(text[index + 2]) else { return false }
                index += 2
            } else if !(isPathCharacter(byte) || byte == slash || (part > 0 && byte == question)) {
                return false
            }
            index += 1
        }
        return true
    }

    private static let slash = UInt8(ascii: "/")
    private static let question = UInt8(ascii: "?")
    private static let hash = UInt8(ascii: "#")
    private static let percent = UInt8(ascii: "%")
    private static let colonByte = UInt8(ascii: ":")

    /// The index of the colon that ends a scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`).
    private static func schemeEnd(_ text: [UInt8]) -> Int? {
        guard let first = text.first, isAlpha(first) else { return nil }
        var index = 1
        while index < text.count {
            let byte = text[index]
            if byte == colonByte { return index }
            guard
                isAlpha(byte) || isDigit(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: ".")
            else { return nil }
            index += 1
        }
        return nil
    }

    /// `[ userinfo "@" ] host [ ":" port ]`.
    private static func isAuthority(_ authority: ArraySlice<UInt8>) -> Bool {
        var rest = authority
        if let at = rest.lastIndex(of: UInt8(ascii: "@")) {
            guard isEncoded(rest[..<at], also: [colonByte]) else { return false }
            rest = rest[(at + 1)...]
        }
        if rest.first == UInt8(ascii: "[") {
            guard let close = rest.firstIndex(of: UInt8(ascii: "]")) else { return false }
            let literal = rest[(rest.startIndex + 1)..<close]
            guard !literal.isEmpty,
                literal.allSatisfy({
                    isHex($0) || $0 == colonByte || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "v")
                })
            else { return false }
            rest = rest[(close + 1)...]
            guard rest.isEmpty || rest.first == colonByte else { return false }
        } else {
            let hostEnd = rest.firstIndex(of: colonByte) ?? rest.endIndex
            guard isEncoded(rest[..<hostEnd], also: []) else { return false }
            rest = rest[hostEnd...]
        }
        if rest.first == colonByte { return rest.dropFirst().allSatisfy(isDigit) }
        return rest.isEmpty
    }

    /// Unreserved characters, sub-delimiters, percent-encodings and `also`.
    private static func isEncoded(_ part: ArraySlice<UInt8>, also: [UInt8]) -> Bool {
        var index = part.startIndex
        while index < part.endIndex {
            let byte = part[index]
            if byte == percent {
                guard index + 2 < part.endIndex, isHex(part[index + 1]), isHex(part[index + 2]) else { return false }
                index += 3
                continue
            }
            guard isUnreserved(byte) || isSubDelimiter(byte) || also.contains(byte) else { return false }
            index += 1
        }
        return true
    }

    /// `pchar` without the percent-encoding: unreserved, sub-delimiters, ":" and "@".
    private static func isPathCharacter(_ byte: UInt8) -> Bool {
        isUnreserved(byte) || isSubDelimiter(byte) || byte == colonByte || byte == UInt8(ascii: "@")
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        isAlpha(byte) || isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
    }

    private static func isSubDelimiter(_ byte: UInt8) -> Bool { "!$&'()*+,;=".utf8.contains(byte) }
    private static func isAlpha(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isHex(_ byte: UInt8) -> Bool {
        isDigit(byte) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66)
    }
}
