/// Escaping text for XML content and attribute values (`&`, `<`, `>`, `"`), shared by every
/// writer of XML: the XSD exporter, the message generator and the JUnit report.
public enum XMLEscaping {
    /// `text` with the characters that matter in content and in double-quoted attribute values
    /// replaced by entity references.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}
