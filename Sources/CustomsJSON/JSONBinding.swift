import CustomsValidation

/// The names the JSON binding gives what XML writes as markup (DataModel/README.md, "JSON
/// binding"): `"@name"` for an attribute, `"#text"` for the value of an element that takes
/// attributes. The convention is xmltodict's, which many JSON-from-XML tools share.
public enum JSONBinding {
    /// The prefix of an attribute member: `"@currencyID"`.
    public static let attributePrefix = "@"
    /// The member that holds the value of an element written as an object.
    public static let textKey = "#text"

    static let textKeyBytes = Array(textKey.utf8)

    /// True when `name` is an attribute member (`@…`).
    static func isAttributeKey(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        name.first == UInt8(ascii: "@")
    }

    /// True when `name` is `#text`.
    static func isTextKey(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        Bytes.equal(name, textKeyBytes)
    }
}
