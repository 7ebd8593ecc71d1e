import CustomsModel

/// RFC 6901 JSON Pointers for findings, from their instance paths: the binding maps a position
/// `Tag[n]` (1-based, on elements that may repeat) to `/Tag/n-1` (an array index), an attribute
/// `@name` to the member `"@name"`, and everything else to a member of the same name.
public enum JSONPointer {
    /// The pointer for `instancePath`; for a missing element, `dropLast` points at the object
    /// that lacks it rather than at a place that does not exist.
    public static func from(instancePath: String, dropLast: Bool = false) -> String {
        var segments = instancePath.split(separator: "/", omittingEmptySubsequences: true)
        if dropLast, !segments.isEmpty { segments.removeLast() }
        var pointer = ""
        for segment in segments {
            if segment.last == "]", let open = segment.lastIndex(of: "["),
                let position = Int(segment[segment.index(after: open)..<segment.index(before: segment.endIndex)])
            {
                pointer += "/" + escape(segment[..<open]) + "/\(position - 1)"
            } else {
                pointer += "/" + escape(segment)
            }
        }
        return pointer
    }

    /// `diagnostic` with its JSON Pointer set.
    public static func annotate(_ diagnostic: Diagnostic) -> Diagnostic {
        var annotated = diagnostic
        annotated.jsonPointer = from(
            instancePath: diagnostic.instancePath, dropLast: diagnostic.code == .missingElement)
        return annotated
    }

    private static func escape(_ segment: Substring) -> String {
        guard segment.contains(where: { $0 == "~" || $0 == "/" }) else { return String(segment) }
        return segment.map { $0 == "~" ? "~0" : $0 == "/" ? "~1" : String($0) }.joined()
    }
}
