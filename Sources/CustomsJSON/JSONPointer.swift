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
}
