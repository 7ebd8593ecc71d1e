/// A procedure in which the WCO DM declaration package uses an element: the usage columns of
/// the DM spreadsheets and the `WCOUsageDeclaration…` annotations of published schemas.
public enum Usage: String, CaseIterable, Sendable, Codable, Comparable {
    /// Import declaration.
    case importDeclaration = "IM"
    /// Export declaration.
    case exportDeclaration = "EX"
    /// Cargo report, import.
    case cargoReportImport = "CRI"
    /// Cargo report, export.
    case cargoReportExport = "CRE"
    /// Conveyance report.
    case conveyance = "CONV"
    /// Transit.
    case transit = "TRT"
    /// Postal (WCO-UPU) messages.
    case postal = "UPU"

    /// Parses a list such as `"IM EX CRI"` (spaces, commas or semicolons between marks).
    /// Returns the marks and the tokens that are not usage marks.
    public static func parseList(_ text: String) -> (usages: Set<Usage>, unknown: [String]) {
        var usages = Set<Usage>()
        var unknown: [String] = []
        for token in text.split(whereSeparator: { " ,;".contains($0) }) {
            if let usage = Usage(rawValue: token.uppercased()) {
                usages.insert(usage)
            } else {
                unknown.append(String(token))
            }
        }
        return (usages, unknown)
    }

    /// The marks in the order of the DM spreadsheets' columns, space-separated.
    public static func describe(_ usages: Set<Usage>) -> String {
        allCases.filter(usages.contains).map(\.rawValue).joined(separator: " ")
    }

    public static func < (lhs: Usage, rhs: Usage) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
