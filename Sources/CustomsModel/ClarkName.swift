/// `{namespace}tag`, the Clark notation for a name in a namespace (as ElementTree and lxml write
/// it): the JSON binding's key for an element whose plain tag a sibling in another namespace
/// has, or that is not in its parent's namespace. The JSON reader splits such keys itself, on
/// bytes, in the same way.
public enum ClarkName {
    /// `{namespace}tag`.
    public static func key(namespace: String, tag: String) -> String { "{\(namespace)}\(tag)" }

    /// The namespace and tag of a `{namespace}tag` key; nil for a plain one.
    public static func split(_ key: String) -> (namespace: String, tag: String)? {
        guard key.hasPrefix("{"), let close = key.firstIndex(of: "}") else { return nil }
        return (String(key[key.index(after: key.startIndex)..<close]), String(key[key.index(after: close)...]))
    }
}
