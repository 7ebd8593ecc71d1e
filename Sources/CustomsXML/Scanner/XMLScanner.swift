import CustomsModel
import CustomsValidation

/// Our own XML scanner: XML 1.0 (fifth edition) and Namespaces in XML 1.0 well-formedness on
/// UTF-8 bytes, driving a `ValidationSession` directly with views into its input — no parser
/// library, no callback chain, no copies but for values that hold references or line breaks.
///
/// Hand-written because it is the validator's hot path: libxml2's SAX2 parser capped
/// validation at a few times `xmllint` whatever the validator did (see Benchmarks/README.md).
/// libxml2 stays the reference (differential tests and fuzzing compare the two) and reads the
/// documents this scanner does not take: other encodings (see `XMLScanner.encoding(of:)`).
///
/// The scanner is fed windows of the message: `scan` consumes whole tokens (text may be
/// delivered in parts) and returns how much it consumed; the caller keeps the rest, adds more
/// input behind it and calls again, until the last window (`isFinal`). Nothing it keeps refers
/// into a window after `scan` returns. Limits are `XMLReaderLimits`, as for the libxml2 reader;
/// a DOCTYPE is refused. Positions follow libxml2's (see `PositionTracker`): a start tag is
/// placed at its `>` (or the `/` of `/>`), an end tag just after its `>`.
struct XMLScanner: ~Copyable {
    let limits: XMLReaderLimits

    /// Where the scan is in the document's grammar.
    enum Phase {
        /// Nothing read yet: a BOM and the XML declaration may come.
        case start
        /// Before the root: comments, processing instructions, white space.
        case prolog
        /// Inside the root.
        case content
        /// After the root: comments, processing instructions, white space.
        case epilog
    }

    /// What a token's scan gave: the index after it, a request for more input, or a stop (a
    /// fatal finding was reported).
    enum Step {
        case next(Int)
        case needMore
        case stop
    }

    // MARK: Message state

    var session: Unmanaged<ValidationSession>?
    var phase = Phase.start
    /// Why the scan stopped, once it has: the one fatal error of the message, handed to the
    /// session by the reader when the message ends (`ScannedMessage`).
    private(set) var failure: XMLSyntaxError?
    /// True once the scan has stopped on `failure`.
    var stopped: Bool { failure != nil }
    var depth = 0
    var elements = 0
    var textLength = 0
    /// Line and column of offsets, when reported; the session's `PositionResolver`.
    let positions = MessagePositions()
    /// The message offset the last scan stopped at.
    var scanEnd = 0
    var scope = NamespaceScope()
    /// The qualified names of the open elements, one after the other.
    var names = Stack<UInt8>(capacity: 4096)
    /// Per open element: see `OpenElement`.
    var openElements = Stack<OpenElement>(capacity: 64)
    /// Scratch for a start tag's attributes.
    var rawAttributes = Stack<RawAttribute>(capacity: 16)
    /// Per byte: `plainTextClass`, `nameStartClass`, `nameClass` bits (a table held by the
    /// scanner: a global table is behind a lazy-initialisation check at every use).
    let classes: UnsafeMutablePointer<UInt8>
    var attributes = UnsafeMutableBufferPointer<MarkupAttribute>.allocate(capacity: 16)
    /// How many attributes of the current start tag are in `attributes`.
    var resolvedAttributeCount = 0
    /// Scratch for decoded attribute values and namespace names (see `value(of:)`).
    var scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256)
    var scratchCount = 0

    // MARK: Window state (valid during `scan`)

    var bytes: UnsafePointer<UInt8>
    var count = 0
    var windowStart = 0
    var isFinal = false

    init(limits: XMLReaderLimits) {
        self.limits = limits
        classes = .allocate(capacity: 256)
        classes.initialize(repeating: 0, count: 256)
        for byte in 0..<128 {
            var bits: UInt8 = 0
            if Self.isPlainText(UInt8(byte)) { bits |= Self.plainTextClass }
            if XMLCharacter.isASCIINameStart(UInt8(byte)) { bits |= Self.nameStartClass }
            if XMLCharacter.isASCIIName(UInt8(byte)) { bits |= Self.nameClass }
            classes[byte] = bits
        }
        bytes = UnsafePointer(classes)
    }

    deinit {
        attributes.deallocate()
        scratch.deallocate()
        classes.deallocate()
    }

    /// `classes` bit: text that needs no attention.
    static let plainTextClass: UInt8 = 1
    /// `classes` bit: may start a name (ASCII, colon excluded).
    static let nameStartClass: UInt8 = 2
    /// `classes` bit: may continue a name (ASCII, colon excluded).
    static let nameClass: UInt8 = 4

    /// Starts a message for `session` (reset), whose marks `positions` will resolve.
    mutating func begin(session: ValidationSession, asciiOnly: Bool) {
        session.reset()
        session.resolver = positions
        self.session = Unmanaged.passUnretained(session)
        self.asciiOnly = asciiOnly
        pendingCDATA = false
        scope.reset(packageNamespaces: session.package.table.namespaces)
        phase = .start
        failure = nil
        depth = 0
        elements = 0
        textLength = 0
        positions.reset()
        scanEnd = 0
        names.removeAll()
        openElements.removeAll()
    }

    /// Ends the message (the session stays with the caller, its findings placed).
    mutating func end() {
        scope.removeAll(downTo: 0)
        session?._withUnsafeGuaranteedRef { $0.resolver = nil }
        session = nil
    }

    /// Scans `window` (the message's bytes from offset `start`); returns how many of its bytes
    /// were consumed. Unless `isFinal`, the caller passes the rest again, followed by more.
    mutating func scan(_ window: UnsafeBufferPointer<UInt8>, start: Int, isFinal: Bool) -> Int {
        guard !stopped, let base = window.baseAddress else {
            if isFinal && !stopped { endOfInput(at: 0) }
            return window.count
        }
        bytes = base
        count = window.count
        windowStart = start
        self.isFinal = isFinal
        var index = 0
        loop: while index < count && !stopped {
            let step: Step
            switch phase {
            case .start: step = documentStart(index)
            case .content:
                step = bytes[index] == UInt8(ascii: "<") ? markup(index) : text(index)
            case .prolog, .epilog:
                step = bytes[index] == UInt8(ascii: "<") ? markup(index) : outsideRoot(index)
            }
            switch step {
            case .next(let next): index = next
            case .needMore: break loop
            case .stop: return count
            }
        }
        if stopped { return count }
        if isFinal {
            endOfInput(at: index)
            return count
        }
        scanEnd = windowStart + index
        return index
    }

    /// Scans `window` from index `from` on (the bytes before it were consumed by earlier scans,
    /// and stay in the window so that their positions can still be worked out).
    mutating func scan(_ window: UnsafeBufferPointer<UInt8>, start: Int, from: Int, isFinal: Bool) -> Int {
        guard from > 0, let base = window.baseAddress else { return scan(window, start: start, isFinal: isFinal) }
        let rest = UnsafeBufferPointer(start: base + from, count: window.count - from)
        return from + scan(rest, start: start + from, isFinal: isFinal)
    }

    /// The end of the input at `index`: fine after the root, a premature end anywhere else.
    private mutating func endOfInput(at index: Int) {
        let message: String
        switch phase {
        case .epilog where index >= count: return
        case .epilog:
            // A comment or processing instruction after the root that never ends.
            message = "the document ends inside a comment or processing instruction after its root element"
        case .start where windowStart + index == 0 && count == 0: message = "the document is empty"
        case .start, .prolog: message = "the document ends before its root element starts"
        case .content:
            message =
                "premature end of the document \(pendingCDATA ? "in a CDATA section of" : "inside") <\(openLocalName)>"
        }
        fail(.notWellFormed, message, at: count)
    }

    /// True for a document declared US-ASCII: a byte above 0x7F is an encoding error.
    var asciiOnly = false

    /// True while an unterminated CDATA section is what the window ends in.
    var pendingCDATA = false

    /// The local name of the innermost open element.
    var openLocalName: String {
        guard let top = openElements.last else { return "" }
        return String(decoding: UnsafeBufferPointer(rebasing: names.buffer[top.local...]), as: UTF8.self)
    }

    // MARK: Reporting

    /// The line and column of window index `index`.
    func position(_ index: Int) -> (line: Int, column: Int) { position(ofOffset: windowStart + index) }

    /// The line and column of message offset `offset` (the session's open elements before it
    /// resolved first, so that the positions only ever move forward).
    func position(ofOffset offset: Int) -> (line: Int, column: Int) {
        session?._withUnsafeGuaranteedRef { $0.resolveMarks(before: offset) }
        return positions.position(of: offset)
    }

    /// Before the reader drops the bytes before message offset `offset`: the marks there are
    /// resolved (the session's open elements, then the scanner's) and the positions move past.
    mutating func dropping(upTo offset: Int) {
        session?._withUnsafeGuaranteedRef { $0.resolveMarks(before: offset) }
        for element in 0..<openElements.count {
            guard let start = openElements[element].mark.offset, start < offset else { continue }
            let (line, column) = positions.position(of: start)
            openElements[element].mark = SourceMark(line: line, column: column)
        }
        positions.drop(upTo: offset)
    }

    /// Stops with a fatal finding at window index `index`.
    @inline(never)
    mutating func fail(_ code: Diagnostic.Code, _ message: String, at index: Int) {
        guard !stopped else { return }
        let (line, column) = position(min(index, count))
        failure = XMLSyntaxError(code: code, message: message, line: line, column: column)
    }

    /// `fail` for a not-well-formed document, as a step.
    @inline(never)
    mutating func malformed(_ message: String, at index: Int) -> Step {
        fail(.notWellFormed, message, at: index)
        return .stop
    }

    /// `text` for a message, with control characters escaped.
    func shown(_ start: Int, _ end: Int) -> String {
        Self.printable(
            String(decoding: UnsafeBufferPointer(start: bytes + start, count: max(0, end - start)), as: UTF8.self))
    }

    static func printable(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars.prefix(60) {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `U+XXXX` for a message.
    static func codePoint(_ scalar: UInt32) -> String {
        let hex = String(scalar, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Stops with a fatal finding that concerns no place in the window (a limit on the whole
    /// message, a read error): where the last scan stopped.
    mutating func failOutside(_ code: Diagnostic.Code, _ message: String) {
        guard !stopped else { return }
        let (line, column) = position(ofOffset: scanEnd)
        failure = XMLSyntaxError(code: code, message: message, line: line, column: column)
    }

    // MARK: Outside the root

    /// White space before or after the root; anything else is misplaced.
    private mutating func outsideRoot(_ start: Int) -> Step {
        var index = start
        while index < count, XMLCharacter.isSpace(bytes[index]) { index += 1 }
        if index < count && bytes[index] != UInt8(ascii: "<") {
            return malformed(
                phase == .epilog
                    ? "Extra content at the end of the document" : "Start tag expected, '<' not found",
                at: index)
        }
        return .next(index)
    }

    /// The document's first bytes: a UTF-8 BOM, then the XML declaration if there is one.
    private mutating func documentStart(_ start: Int) -> Step {
        var index = start
        if count - index < 3 && !isFinal { return .needMore }
        if count - index >= 3, bytes[index] == 0xEF, bytes[index + 1] == 0xBB, bytes[index + 2] == 0xBF { index += 3 }
        if count - index < 6 && !isFinal { return .needMore }
        if count - index >= 6, matches(index, "<?xml"), XMLCharacter.isSpace(bytes[index + 5]) {
            let step = xmlDeclaration(index)
            if case .next = step { phase = .prolog }
            return step
        }
        phase = .prolog
        return .next(index)
    }

    /// True when the window holds `literal` at `index`.
    @inline(__always)
    func matches(_ index: Int, _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard index + length <= count else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<length where bytes[index + offset] != pointer[offset] { return false }
        return true
    }

    /// True when the window, from `index`, could still become `literal` with more input.
    @inline(__always)
    func couldBe(_ index: Int, _ literal: StaticString) -> Bool {
        let pointer = literal.utf8Start
        let available = min(count - index, literal.utf8CodeUnitCount)
        for offset in 0..<available where bytes[index + offset] != pointer[offset] { return false }
        return true
    }

    // MARK: Markup dispatch

    /// A token that starts with `<`.
    private mutating func markup(_ start: Int) -> Step {
        guard start + 1 < count else {
            return isFinal ? malformed("premature end of the document in markup", at: start) : .needMore
        }
        switch bytes[start + 1] {
        case UInt8(ascii: "/"):
            guard phase == .content else { return malformed("an end tag outside the root element", at: start) }
            return endTag(start)
        case UInt8(ascii: "?"): return processingInstruction(start)
        case UInt8(ascii: "!"):
            if couldBe(start, "<!--") {
                if start + 4 > count { return .needMore }
                return comment(start)
            }
            if couldBe(start, "<![CDATA[") {
                if start + 9 > count { return .needMore }
                guard phase == .content else { return malformed("a CDATA section outside the root element", at: start) }
                return cdata(start)
            }
            if couldBe(start, "<!DOCTYPE") {
                if start + 9 > count { return .needMore }
                fail(.limit, "DOCTYPE declarations are not accepted (no DTDs, no entities)", at: start + 9)
                return .stop
            }
            return malformed("'<!' starts neither a comment nor a CDATA section", at: start)
        default:
            if phase == .epilog { return malformed("Extra content at the end of the document", at: start) }
            return startTag(start)
        }
    }
}

/// One open element: where its name starts in `names`, where its local part starts, how many
/// namespace bindings were in scope before it, and the line its start tag ends on (for the
/// mismatch message, as libxml2 words it; libxml2 names the line the tag begins on, which
/// differs only for a start tag written over several lines).
struct OpenElement {
    let start: Int
    let local: Int
    let bindings: Int
    /// Where its start tag is (for the mismatch message): an offset until resolved.
    var mark: SourceMark
}

/// One attribute of the start tag being scanned, as window indices.
struct RawAttribute {
    var nameStart: Int
    var nameEnd: Int
    /// The index of the colon in the name, or -1.
    var colon: Int
    var valueStart: Int
    var valueEnd: Int
    /// True when the value holds references or white space other than spaces, and must be
    /// decoded and normalised before use.
    var needsDecoding: Bool
}
