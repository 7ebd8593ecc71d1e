extension XSDPattern {
    /// The end anchor of `portableRegex`: `(?![\s\S])`, not `$`, because Python's `$` also
    /// matches before a final line break.
    public static let portableEnd = "(?![\\s\\S])"

    /// The pattern as a regular expression in the subset that ECMA-262 (JSON Schema's dialect)
    /// and Python's `re` (lxml's EXSLT `re:test`, Schematron) read alike, anchored at both ends
    /// as XSD patterns implicitly are (`^` and `$` escaped as the ordinary characters they are in
    /// XSD); nil for what has no exact equivalent there (`\i`, `\c`, `\w`, `\p{…}`, class
    /// subtraction).
    public var portableRegex: String? { Self.portableRegex(source) }

    /// `portableRegex` of a pattern's text.
    public static func portableRegex(_ xsd: String) -> String? {
        var output = ""
        var inClass = false
        var characters = Array(xsd.unicodeScalars)[...]
        while let scalar = characters.popFirst() {
            switch scalar {
            case "\\":
                guard let escaped = characters.popFirst() else { return nil }
                switch escaped {
                case "i", "I", "c", "C", "w", "W", "p", "P": return nil
                case "s": output += inClass ? "\\x20\\t\\n\\r" : "[\\x20\\t\\n\\r]"
                case "S":
                    guard !inClass else { return nil }
                    output += "[^\\x20\\t\\n\\r]"
                default: output += "\\" + String(escaped)
                }
            case "[":
                if inClass { return nil }
                inClass = true
                output += "["
                if characters.first == "^" { output += String(characters.removeFirst()) }
            case "]":
                inClass = false
                output += "]"
            case "-" where inClass && characters.first == "[":
                return nil  // class subtraction
            case "^", "$":
                output += inClass ? String(scalar) : "\\" + String(scalar)
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        return "^(?:" + output + ")" + portableEnd
    }
}
