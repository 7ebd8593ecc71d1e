/// The character classes of XML 1.0 (fifth edition) on UTF-8 bytes: decoding with every
/// malformation refused, `Char` (legal characters), `NameStartChar` and `NameChar`.
///
/// Hand-written because it is the scanner's innermost loop: the scanner turns the ASCII classes
/// into one table (`XMLScanner.classes`), and only bytes ≥ 0x80 are decoded.
enum XMLCharacter {
    /// A decoded character and its length in bytes; `length` 0 means malformed UTF-8 (or a
    /// sequence cut off by the end of the window, which `isTruncated` tells apart).
    struct Decoded {
        let scalar: UInt32
        let length: Int
        /// True when the bytes are a valid beginning cut off by the end of the window.
        var isTruncated = false
    }

    /// Decodes the UTF-8 sequence at `index` of `bytes` (before `end`): overlong forms,
    /// surrogates (`ED A0…BF`), values above U+10FFFF and stray continuation bytes are malformed.
    @inline(__always)
    static func decode(_ bytes: UnsafePointer<UInt8>, at index: Int, end: Int) -> Decoded {
        let lead = UInt32(bytes[index])
        if lead < 0x80 { return Decoded(scalar: lead, length: 1) }
        let length: Int
        var scalar: UInt32
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF:
            length = 2
            scalar = lead & 0x1F
        case 0xE0...0xEF:
            length = 3
            scalar = lead & 0x0F
            if lead == 0xE0 { low = 0xA0 }
            if lead == 0xED { high = 0x9F }
        case 0xF0...0xF4:
            length = 4
            scalar = lead & 0x07
            if lead == 0xF0 { low = 0x90 }
            if lead == 0xF4 { high = 0x8F }
        default: return Decoded(scalar: 0, length: 0)
        }
        for offset in 1..<length {
            guard index + offset < end else { return Decoded(scalar: 0, length: 0, isTruncated: true) }
            let byte = bytes[index + offset]
            let (minimum, maximum) = offset == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
            guard byte >= minimum && byte <= maximum else { return Decoded(scalar: 0, length: 0) }
            scalar = scalar << 6 | UInt32(byte & 0x3F)
        }
        return Decoded(scalar: scalar, length: length)
    }

    /// `Char`: tab, line feed, carriage return, and U+0020 on, without surrogates (which
    /// decoding already refuses) and without U+FFFE and U+FFFF.
    @inline(__always)
    static func isLegal(_ scalar: UInt32) -> Bool {
        if scalar < 0x20 { return scalar == 0x09 || scalar == 0x0A || scalar == 0x0D }
        return scalar != 0xFFFE && scalar != 0xFFFF && scalar <= 0x10FFFF && !(0xD800...0xDFFF).contains(scalar)
    }

    /// `NameStartChar`, for a character outside ASCII.
    static func isNameStart(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D, 0x37F...0x1FFF, 0x200C...0x200D,
            0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFFD,
            0x10000...0xEFFFF:
            return true
        default: return false
        }
    }

    /// `NameChar`, for a character outside ASCII.
    static func isName(_ scalar: UInt32) -> Bool {
        isNameStart(scalar) || scalar == 0xB7 || (0x300...0x36F).contains(scalar) || (0x203F...0x2040).contains(scalar)
    }

    /// True for an ASCII byte that may start a name (the colon left out: namespaces give it a
    /// meaning of its own).
    static func isASCIINameStart(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
    }

    /// True for an ASCII byte that may continue a name (the colon left out).
    static func isASCIIName(_ byte: UInt8) -> Bool {
        isASCIINameStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: ".")
    }

    /// True for XML white space: space, tab, line feed, carriage return.
    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D }

    /// Writes the UTF-8 bytes of `scalar` (a legal character) at `out`; returns their count.
    @inline(__always)
    static func encode(_ scalar: UInt32, into out: UnsafeMutablePointer<UInt8>) -> Int {
        switch scalar {
        case 0..<0x80:
            out[0] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            out[0] = UInt8(0xC0 | scalar >> 6)
            out[1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        case 0x800..<0x10000:
            out[0] = UInt8(0xE0 | scalar >> 12)
            out[1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            out[0] = UInt8(0xF0 | scalar >> 18)
            out[1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            out[2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[3] = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }
}
