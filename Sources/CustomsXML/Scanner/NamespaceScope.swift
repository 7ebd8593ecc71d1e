import CustomsValidation

/// The namespace bindings in scope while scanning: `xml` bound from the start, then each
/// `xmlns` / `xmlns:p` declaration until its element ends. Prefixes and URIs are copied out of
/// the input (the scanner's window moves on), each URI once per declaration; a URI equal to one
/// of the package's namespaces is replaced by the package's own buffer, which the session
/// recognises by address.
struct NamespaceScope: ~Copyable {
    /// One declaration.
    struct Binding {
        /// The prefix ("" for the default namespace).
        let prefix: UnsafeMutableBufferPointer<UInt8>
        /// The namespace name ("" undeclares a default namespace).
        let uri: UnsafeBufferPointer<UInt8>
        /// Storage to free (nil when `uri` is the package's buffer).
        let owned: UnsafeMutableBufferPointer<UInt8>?
    }

    private var bindings: [Binding] = []
    /// The package's namespaces (see `NodeTable.namespaces`).
    private var packageNamespaces: [UnsafeBufferPointer<UInt8>] = []
    /// `http://www.w3.org/XML/1998/namespace`.
    static let xmlNamespace = Array("http://www.w3.org/XML/1998/namespace".utf8)
    /// `http://www.w3.org/2000/xmlns/`.
    static let xmlnsNamespace = Array("http://www.w3.org/2000/xmlns/".utf8)
    private let xmlURI: UnsafeMutableBufferPointer<UInt8>

    init() {
        xmlURI = .allocate(capacity: Self.xmlNamespace.count)
        _ = xmlURI.initialize(from: Self.xmlNamespace)
    }

    deinit {
        for binding in bindings { binding.owned?.deallocate() }
        for storage in prefixStorage { storage.deallocate() }
        xmlURI.deallocate()
    }

    /// How many bindings are in scope (to pop back to at an element's end).
    var count: Int { bindings.count }
    /// The default namespace in force (`resolve` of the empty prefix), kept up to date as
    /// bindings come and go: a start tag without a prefix needs it, and looking it up walked
    /// the bindings on every tag.
    private(set) var defaultNamespace = UnsafeBufferPointer<UInt8>(start: nil, count: 0)

    private mutating func updateDefaultNamespace() {
        defaultNamespace = bindings.last(where: { $0.prefix.isEmpty })?.uri ?? UnsafeBufferPointer(start: nil, count: 0)
    }

    /// Starts a message checked against a package with `namespaces`.
    mutating func reset(packageNamespaces: [UnsafeBufferPointer<UInt8>]) {
        removeAll(downTo: 0)
        self.packageNamespaces = packageNamespaces
    }

    /// Declares `prefix` (empty: the default namespace) as `uri`.
    mutating func declare(prefix: UnsafeBufferPointer<UInt8>, uri: UnsafeBufferPointer<UInt8>) {
        let ownPrefix = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(prefix.count, 1))
        _ = ownPrefix.initialize(from: prefix)
        let ownPrefixView = UnsafeMutableBufferPointer(rebasing: ownPrefix[0..<prefix.count])
        defer { if prefix.isEmpty { updateDefaultNamespace() } }
        if let shared = packageNamespaces.first(where: { Bytes.equal(uri, $0) }) {
            bindings.append(Binding(prefix: ownPrefixView, uri: shared, owned: nil))
            freeLater(ownPrefix)
            return
        }
        let ownURI = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(uri.count, 1))
        _ = ownURI.initialize(from: uri)
        bindings.append(
            Binding(
                prefix: ownPrefixView, uri: UnsafeBufferPointer(rebasing: ownURI[0..<uri.count]), owned: ownURI))
        freeLater(ownPrefix)
    }

    /// Prefix allocations, by binding index (freed when the binding goes).
    private var prefixStorage: [UnsafeMutableBufferPointer<UInt8>] = []
    private mutating func freeLater(_ storage: UnsafeMutableBufferPointer<UInt8>) { prefixStorage.append(storage) }

    /// Drops the bindings above `count`.
    mutating func removeAll(downTo count: Int) {
        guard bindings.count > count else { return }
        var droppedDefault = false
        while bindings.count > count {
            let binding = bindings.removeLast()
            droppedDefault = droppedDefault || binding.prefix.isEmpty
            binding.owned?.deallocate()
            prefixStorage.removeLast().deallocate()
        }
        if droppedDefault { updateDefaultNamespace() }
    }

    /// The namespace `prefix` is bound to; nil when it is not declared. The empty prefix gives
    /// the default namespace (empty when there is none).
    func resolve(_ prefix: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        if prefix.isEmpty { return defaultNamespace }
        for binding in bindings.reversed() where Bytes.equal(prefix, UnsafeBufferPointer(binding.prefix)) {
            return binding.uri
        }
        if prefix.count == 3, prefix[0] == UInt8(ascii: "x"), prefix[1] == UInt8(ascii: "m"),
            prefix[2] == UInt8(ascii: "l")
        {
            return UnsafeBufferPointer(xmlURI)
        }
        return nil
    }
}
