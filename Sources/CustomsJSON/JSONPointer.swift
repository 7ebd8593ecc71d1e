/// RFC 6901 JSON Pointers, which findings in JSON messages carry beside the instance path: the
/// tokenizer builds them from its open containers (`JSONTokenizer.pointer(through:)`) when a
/// finding is made, so they name the place in the document as written, even where it does not
/// follow the binding.
public enum JSONPointer {
    /// `segment` as a pointer segment: `~` as `~0`, `/` as `~1`.
    public static func escape(_ segment: String) -> String {
        guard segment.contains(where: { $0 == "~" || $0 == "/" }) else { return segment }
        return segment.map { $0 == "~" ? "~0" : $0 == "/" ? "~1" : String($0) }.joined()
    }

    /// The pointer of an instance path in the JSON binding: a repeating element is an array,
    /// so its 1-based `[n]` becomes the 0-based index `/n-1`. For findings whose place is not
    /// where the reader stood when they were made (a business rule's, made at the end of the
    /// element that holds everything it reads, is about its scope).
    public static func of(instancePath: String) -> String {
        var pointer = ""
        for step in instancePath.split(separator: "/") {
            if step.hasSuffix("]"), let open = step.lastIndex(of: "["),
                let position = Int(step[step.index(after: open)...].dropLast())
            {
                pointer += "/" + escape(String(step[..<open])) + "/\(position - 1)"
            } else {
                pointer += "/" + escape(String(step))
            }
        }
        return pointer
    }
}
