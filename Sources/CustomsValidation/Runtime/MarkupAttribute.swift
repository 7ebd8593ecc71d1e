/// One attribute of a start tag, as the reader hands it over: views into the reader's buffers,
/// valid only during the call.
public struct MarkupAttribute {
    /// The local name.
    public let name: UnsafeBufferPointer<UInt8>
    /// The namespace URI (empty for none).
    public let namespace: UnsafeBufferPointer<UInt8>
    /// The value, entities already resolved by the reader.
    public let value: UnsafeBufferPointer<UInt8>

    /// Wraps the three views.
    public init(
        name: UnsafeBufferPointer<UInt8>, namespace: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>
    ) {
        self.name = name
        self.namespace = namespace
        self.value = value
    }
}

/// The namespace of `xsi:` attributes, which any element may carry.
let xmlSchemaInstanceNamespace = Array("http://www.w3.org/2001/XMLSchema-instance".utf8)
