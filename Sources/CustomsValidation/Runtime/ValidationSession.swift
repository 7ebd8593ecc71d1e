import CustomsModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Validates one message at a time against a compiled package, fed by a reader's events
/// (XML now, JSON later: the same events). Reuse one session per thread: `reset()` keeps its
/// buffers.
///
/// The session keeps a stack of frames, one per open element; paths for diagnostics are built
/// from it only when something is reported. Subtrees the package does not describe are reported
/// once and skipped.
public final class ValidationSession {
    /// The package messages are checked against.
    public var package: CompiledPackage { core.pointee.package }
    /// At most this many findings are kept per message; one `too-many-findings` follows.
    public var maxFindings: Int { core.pointee.maxFindings }
    /// Findings of the current message, at most `maxFindings` (+1 notice).
    public var findings: [Diagnostic] { core.pointee.findings }
    /// All findings of the current message, including those not kept.
    public var findingCount: Int { core.pointee.findingCount }
    /// How many findings are kept so far (`findings.count`, without touching the array): all
    /// up to the cap, then one notice.
    /// Inlinable, as `isSkipping`: the JSON reader asks before and after every token.
    @inlinable public var keptFindingCount: Int { core.pointee.keptFindingCount }

    /// The most records the business rules held at once since the session began (0 without
    /// rules): what rules keep of a message, which the memory tests hold flat.
    public var mostRuleRecords: Int { core.pointee.ruleRecords?.mostRecords ?? 0 }

    /// Lets a reader add what only it knows to the findings kept from `index` on (the JSON
    /// reader: their JSON Pointer).
    public func annotateFindings(from index: Int, _ body: (inout Diagnostic) -> Void) {
        core.pointee.annotateFindings(from: index, body)
    }

    // The state lives in a struct behind a pointer the session owns: as class properties, every
    // field access paid a dynamic exclusivity check (12% of validation time in a profile), and
    // as one struct property, one check per event still showed. A session is used by one
    // thread at a time, so nothing is lost.
    @usableFromInline let core: UnsafeMutablePointer<SessionCore>

    /// A session for `package`.
    public init(package: CompiledPackage, maxFindings: Int = 1000) {
        core = .allocate(capacity: 1)
        core.initialize(to: SessionCore(package: package, maxFindings: max(1, maxFindings)))
    }

    deinit {
        core.deinitialize(count: 1)
        core.deallocate()
    }

    /// Forgets the previous message, keeping buffers. `syntax` says how the next message is
    /// written: XML checks sibling order and namespaces; JSON (whose object members have no
    /// order, and whose keys are local names) checks neither.
    public func reset(syntax: MessageSyntax = .xml) { core.pointee.reset(syntax: syntax) }

    /// True while the session skips a subtree it reported (an unknown element, a wrong root):
    /// a reader may skip the subtree's events too.
    @inlinable public var isSkipping: Bool { core.pointee.isSkipping }

    /// What the innermost open element is, for readers whose syntax must follow the package
    /// (JSON: an object for a class, an array for a repeating element); nil while skipping or
    /// before the root.
    public var openElement: OpenElementShape? { core.pointee.openElement }

    /// Reports a finding about the innermost open element (a reader's binding rule, such as a
    /// JSON value of the wrong type); validation goes on.
    public func reportAtOpenElement(_ code: Diagnostic.Code, _ message: String, line: Int, column: Int) {
        core.pointee.reportAtOpenElement(code, message, at: SourceMark(line: line, column: column))
    }

    /// Where offsets given as marks are resolved (a reader that passes `SourceMark(offset:)`
    /// sets itself after `reset`; nil for readers that pass lines and columns).
    public var resolver: PositionResolver? {
        get { core.pointee.resolver }
        set { core.pointee.resolver = newValue }
    }

    /// A start tag at `mark` (its `<`'s place as libxml2 numbers it: see the readers).
    @inline(__always)
    public func startElement(
        name: UnsafeBufferPointer<UInt8>, namespace: UnsafeBufferPointer<UInt8>,
        attributes: UnsafeBufferPointer<MarkupAttribute>, at mark: SourceMark
    ) {
        core.pointee.startElement(name: name, namespace: namespace, attributes: attributes, at: mark)
    }

    /// For a reader that matches names in place: the child of the open element that a start
    /// tag's name at `input` names, if it is one of those expected next, and the name's length
    /// (see `SessionCore.expectedChild`); `namespace` is the default namespace in force.
    @inline(__always)
    public func expectedChild(
        at input: UnsafePointer<UInt8>, available: Int, namespace: UnsafeBufferPointer<UInt8>
    ) -> (ordinal: Int, length: Int)? {
        core.pointee.expectedChild(at: input, available: available, namespace: namespace)
    }

    /// The start of child `ordinal` of the open element, as a reader found it without the full
    /// search (`expectedChild` for an XML tag with nothing declared in it that could change its
    /// namespace, `memberChild` for a JSON member): the same as `startElement` with its name.
    @inline(__always)
    public func startChild(
        ordinal: Int, attributes: UnsafeBufferPointer<MarkupAttribute>, at mark: SourceMark
    ) {
        core.pointee.startChild(ordinal: ordinal, attributes: attributes, at: mark)
    }

    /// JSON: the ordinal of the child of the open class element that the plain member name
    /// `key` names, found by its `MemberIndex.hash` `hash` (see `SessionCore.memberChild`); nil
    /// when only `startElement`'s full search can tell. Start it with `startChild`.
    @inline(__always)
    public func memberChild(key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        core.pointee.memberChild(key: key, hash: hash)
    }

    /// JSON: `memberChild`, when the child takes a plain string and nothing else (a value
    /// without attributes that occurs at most once), so that a member `"key": "value"` may be
    /// handed over whole with `valueMember`.
    @inline(__always)
    public func plainValueChild(key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        core.pointee.plainValueChild(key: key, hash: hash)
    }

    /// JSON: a member `"key": "value"` whose child `plainValueChild` gave: the same as
    /// `startElement`, `characters(value)` and `endElement`.
    public func valueMember(ordinal: Int, value: UnsafeBufferPointer<UInt8>, line: Int, column: Int) {
        core.pointee.valueMember(ordinal: ordinal, value: value, at: SourceMark(line: line, column: column))
    }

    /// Hands `body` how each business rule evaluated at each occurrence of its scope (values,
    /// condition, assertion), for `customs rules explain`; nil stops it.
    public func traceRules(_ body: ((RuleTrace) -> Void)?) { core.pointee.ruleTracer = body }

    /// A start tag at a known line and column.
    @inline(__always)
    public func startElement(
        name: UnsafeBufferPointer<UInt8>, namespace: UnsafeBufferPointer<UInt8>,
        attributes: UnsafeBufferPointer<MarkupAttribute>,
        line: Int, column: Int
    ) {
        startElement(
            name: name, namespace: namespace, attributes: attributes, at: SourceMark(line: line, column: column))
    }

    /// True when white space given as text now would change nothing (between the child tags of
    /// an element that holds elements, while skipping, outside the root): a reader may leave
    /// it out, as the scanner does with the line breaks and indentation of pretty-printing.
    public var ignoresWhitespaceText: Bool { core.pointee.ignoresWhitespaceText }

    /// Text (and CDATA) content.
    @inline(__always)
    public func characters(_ bytes: UnsafeBufferPointer<UInt8>) { core.pointee.characters(bytes) }

    /// An end tag. (Findings at an element's end are reported at its start tag, as XSD
    /// validators do, so the end tag's own place is not needed.)
    @inline(__always)
    public func endElement() { core.pointee.endElement() }

    /// Makes the session resolve, through `resolver`, the marks of open elements at offsets
    /// before `offset`: a reader calls it before it drops the bytes there.
    public func resolveMarks(before offset: Int) {
        guard let resolver = core.pointee.resolver else { return }
        core.pointee.resolveMarks(before: offset, with: resolver)
    }

    /// The end of the message; returns its findings.
    public func finish() -> [Diagnostic] { core.pointee.finish() }

    /// Reports a finding that the reader found (fatal syntax, limits): validation ends there.
    public func reportFatal(_ code: Diagnostic.Code, _ message: String, line: Int, column: Int) {
        core.pointee.reportFatal(code, message, at: SourceMark(line: line, column: column))
    }
}
