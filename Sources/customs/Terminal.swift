import Foundation

/// Where the CLI writes: results to stdout, errors and progress to stderr. Library code never
/// prints; only the CLI does, through here.
enum Terminal {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// `text` as it may be shown on a terminal: control characters (C0, DEL, C1 — which could
    /// move the cursor or retitle the window when a hostile name is echoed) written as `\u{…}`
    /// escapes, and at most `limit` characters (then `…`).
    static func printable(_ text: String, limit: Int = 200) -> String {
        var result = ""
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if index == limit { return result + "…" }
            let value = scalar.value
            if value < 0x20 || (0x7F...0x9F).contains(value) {
                result += "\\u{" + String(value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// What a profile or an imported schema calls a node, for people: `« LRN » (XA 2/5)`, either
    /// part alone, or "" when it has neither; `leading` goes before a non-empty result.
    static func national(name: String?, id: String?, leading: String = " ") -> String {
        let parts = [name.map { "« \($0) »" }, id.map { "(\($0))" }].compactMap { $0 }
        return parts.isEmpty ? "" : leading + parts.joined(separator: " ")
    }

    /// Writes `value` as pretty, key-sorted JSON on stdout.
    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        print(String(decoding: data, as: UTF8.self))
    }
}
