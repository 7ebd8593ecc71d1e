import CustomsModel
import CustomsValidation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams JSON messages, written in the binding of DataModel/README.md ("JSON binding"), into a
/// `ValidationSession`: the same events as XML, so every constraint applies unchanged; members
/// have no order in JSON, so order is not checked. Where the JSON does not follow the binding
/// (an array where an element occurs once, a number where a value is a string…), a `json-type`
/// finding says so and validation goes on. Findings carry a JSON Pointer as well as the
/// instance path.
///
/// A file holds one message (an object), an array of messages, or, with `.lines`, NDJSON: one
/// message per line, each with its own result; a syntax error ends that line's message only.
/// Input may come in chunks (`begin`, `feed`, `finish`), as HTTP bodies do. One reader per thread.
///
/// ```swift
/// let reader = JSONReader()
/// let results = reader.validateMessages(file: "declaration.json", with: session)
/// ```
public final class JSONReader: MessageReader {
    /// How a file's messages are laid out.
    public enum Layout: Sendable {
        /// One message (an object), or an array of messages.
        case document
        /// NDJSON / JSON Lines: one message per line.
        case lines
    }

    /// The limits in force.
    public let limits: JSONReaderLimits
    /// The layout files are read with.
    public let layout: Layout
    private let core: UnsafeMutablePointer<ReaderCore>
    /// Held from `begin` to `finish`, so that the core may use it unretained.
    private var session: ValidationSession?

    /// A reader with `limits` for files laid out as `layout`.
    public init(limits: JSONReaderLimits = JSONReaderLimits(), layout: Layout = .document) {
        self.limits = limits
        self.layout = layout
        core = .allocate(capacity: 1)
        core.initialize(to: ReaderCore(limits: limits, lines: layout == .lines))
    }

    deinit {
        core.deinitialize(count: 1)
        core.deallocate()
    }

    /// Starts a new input, validated with `session`.
    public func begin(with session: ValidationSession) {
        self.session = session
        core.pointee.begin(session)
    }

    /// Reads the next chunk of the input; ignored once a fatal finding ended it (so a hostile
    /// stream costs nothing more).
    public func feed(_ bytes: UnsafeRawBufferPointer) {
        guard !core.pointee.stopped else { return }
        core.pointee.tokenizer.feed(bytes)
        core.pointee.drain()
    }

    /// True once a fatal finding (syntax, limit) ended the input: what follows is not read.
    public var hasStopped: Bool { core.pointee.stopped }

    /// Ends the input; returns the results of its messages.
    public func finish() -> [MessageResult] {
        defer { session = nil }
        return core.pointee.finish()
    }

    public func validateMessages(file path: String, with session: ValidationSession) -> FileResults {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            return FileResults(Self.failure(.io, "cannot read \(path): \(String(cString: strerror(errno)))", session))
        }
        defer { close(descriptor) }
        return validateMessages(descriptor: descriptor, after: [], with: session)
    }

    public func validateMessages(
        descriptor: Int32, after prefix: [UInt8], with session: ValidationSession
    )
        -> FileResults
    {
        begin(with: session)
        if !prefix.isEmpty { prefix.withUnsafeBytes { feed($0) } }
        while !core.pointee.stopped {
            let got = core.pointee.tokenizer.feed(upTo: 64 << 10) { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 {
                let message = "read error: \(String(cString: strerror(errno)))"
                let (line, column, _) = core.pointee.position
                core.pointee.fatal(.io, message, line: line, column: column)
                return FileResults(finish())
            }
            if got == 0 { break }
            core.pointee.drain()
        }
        return FileResults(finish())
    }

    public func validateMessages(bytes: [UInt8], with session: ValidationSession) -> FileResults {
        begin(with: session)
        bytes.withUnsafeBytes { feed($0) }
        return FileResults(finish())
    }

    private static func failure(
        _ code: Diagnostic.Code, _ message: String, _ session: ValidationSession
    )
        -> MessageResult
    {
        session.reset(syntax: .json)
        session.reportFatal(code, message, line: 0, column: 0)
        return MessageResult(
            diagnostics: session.finish(), findingCount: session.findingCount, byteCount: 0, isFatal: true)
    }
}

extension ReaderCore {
    mutating func begin(_ session: ValidationSession) {
        self.session = Unmanaged.passUnretained(session)
        tokenizer.reset()
        reset()
        results.removeAll()
    }

    mutating func finish() -> [MessageResult] {
        tokenizer.finish()
        drain()
        endMessage(fatal: false)
        session = nil
        let done = results
        results.removeAll()
        return done
    }

    /// Handles every token the input holds so far.
    mutating func drain() {
        guard let session = session?.takeUnretainedValue() else { return }
        while !stopped {
            if levels.count > 0, plainMember(levels[levels.count - 1].role, session) { continue }
            let token = tokenizer.next()
            switch token {
            case .needMore, .endOfInput:
                return
            case .error:
                let failure = tokenizer.failure!
                fatal(
                    failure.kind == .limit ? .limit : .notWellFormed, failure.message, line: failure.line,
                    column: failure.column)
                guard isLines else {
                    stopped = true
                    return
                }
                tokenizer.recoverAtNextLine()
            default:
                handle(token, session)
            }
        }
    }
}

/// The reader's state, behind a pointer the reader owns (as the session's is: class properties
/// paid an exclusivity check on every access, a tenth of the time in a profile): the tokenizer,
/// the binding's state machine (which JSON container means what, the pending value object, the
/// open message) and the results so far.
struct ReaderCore: ~Copyable {
    var tokenizer: JSONTokenizer
    let isLines: Bool
    /// Unretained: from `begin` to `finish`, the reader holds the session.
    var session: Unmanaged<ValidationSession>?
    var results: [MessageResult] = []

    enum Role {
        /// A file's top-level array of messages.
        case messages
        /// A message object: one member, the root element.
        case message
        /// The object of a started element (a class, or a value with attributes and children).
        case element
        /// An object whose element is not started yet: its `@attribute`s and `#text` are gathered.
        case pending
        /// The array of an element's occurrences.
        case occurrences
        /// A subtree the session does not see.
        case skipped
        /// A subtree the session does not see, whose element was started: ended with it.
        case skippedElement
    }

    /// What the value after the last key is.
    enum Member {
        case child, rootElement, text, attribute, ignored
    }

    struct Level {
        var role: Role
        /// For a message: how many members it has had (one is its root).
        var members = 0
        /// For occurrences: the array's shape was checked (once) or its element is being skipped.
        var checked = false
        var skipRest = false
    }

    var levels = Stack<Level>(capacity: 64)
    var member = Member.ignored
    var stopped = false
    var messageOpen = false
    var messageStart = 0
    var messageLabel: String?
    var messageIndex = 0

    // The pending value object.
    var pendingName = Stack<UInt8>(capacity: 64)
    /// `MemberIndex.hash(pendingName)`.
    var pendingHash: UInt64 = 0
    var pendingBytes = Stack<UInt8>(capacity: 256)
    /// The pending object's attributes: name and value as ranges of `pendingBytes`.
    struct PendingAttribute {
        let nameStart: Int
        let nameCount: Int
        let valueStart: Int
        let valueCount: Int
    }

    var pendingAttributes = Stack<PendingAttribute>(capacity: 8)
    var pendingText: Range<Int>?
    /// The level of the occurrences' array the pending object is an item of, if any.
    var pendingArrayLevel: Int?
    var pendingLine = 0
    var pendingColumn = 0
    var attributeName: Range<Int> = 0..<0
    var attributes = UnsafeMutableBufferPointer<MarkupAttribute>.allocate(capacity: 16)

    init(limits: JSONReaderLimits, lines: Bool) {
        tokenizer = JSONTokenizer(limits: limits, sequence: lines)
        isLines = lines
    }

    deinit {
        attributes.deallocate()
    }

    /// Line, column and input offset of the last token.
    var position: (line: Int, column: Int, offset: Int) {
        (tokenizer.tokenLine, tokenizer.tokenColumn, tokenizer.offset)
    }

    /// Changes the last result; false when there is none.
    mutating func amendLast(_ body: (inout MessageResult) -> Void) -> Bool {
        guard !results.isEmpty else { return false }
        body(&results[results.count - 1])
        return true
    }

    mutating func reset() {
        levels.removeAll()
        member = .ignored
        stopped = false
        messageOpen = false
        messageIndex = 0
        pendingAttributes.removeAll()
        pendingText = nil
    }

    // MARK: Messages

    mutating func beginMessage(_ session: ValidationSession, label: String?) {
        session.reset(syntax: .json)
        messageOpen = true
        messageStart = position.offset
        messageLabel = label
    }

    mutating func endMessage(fatal: Bool) {
        guard messageOpen, let session = session?.takeUnretainedValue() else { return }
        messageOpen = false
        let before = session.keptFindingCount
        var diagnostics = session.finish()
        for index in before..<diagnostics.count where diagnostics[index].jsonPointer == nil {
            diagnostics[index].jsonPointer = ""  // about the whole message (no root)
        }
        results.append(
            MessageResult(
                diagnostics: diagnostics, findingCount: session.findingCount,
                byteCount: position.offset - messageStart, isFatal: fatal, label: messageLabel))
    }

    /// A syntax error, a limit or a read error: it ends the open message (or, after the last
    /// one, marks it).
    mutating func fatal(_ code: Diagnostic.Code, _ message: String, line: Int, column: Int) {
        guard let session = session?.takeUnretainedValue() else { return }
        levels.removeAll()
        let place = tokenizer.pointer(through: tokenizer.depth - 1)
        if messageOpen {
            let before = session.keptFindingCount
            session.reportFatal(code, message, line: line, column: column)
            track(session, place, since: before)
            endMessage(fatal: true)
            return
        }
        var diagnostic = Diagnostic(code: code, message: message, instancePath: "/", line: line, column: column)
        diagnostic.jsonPointer = place
        if !isLines,
            amendLast({
                $0.diagnostics.append(diagnostic)
                $0.findingCount += 1
                $0.isFatal = true
            })
        {
            return
        }
        beginMessage(session, label: isLines ? "line \(line)" : nil)
        session.reportFatal(code, message, line: line, column: column)
        track(session, place, since: 0)
        endMessage(fatal: true)
    }

    /// Gives the findings kept since `before` that have none the JSON Pointer `place`, plus
    /// `/@name` for an attribute's.
    private func track(_ session: ValidationSession, _ place: String, since before: Int) {
        session.annotateFindings(from: before) { diagnostic in
            guard diagnostic.jsonPointer == nil else { return }
            if diagnostic.code == .rule {
                diagnostic.jsonPointer = JSONPointer.of(instancePath: diagnostic.instancePath)
                return
            }
            // An attribute's instance path ends in /@name: so does its pointer.
            let last = diagnostic.instancePath.split(separator: "/").last ?? ""
            if last.hasPrefix("@") {
                diagnostic.jsonPointer = place + "/" + JSONPointer.escape(String(last))
            } else {
                diagnostic.jsonPointer = place
            }
        }
    }

    // MARK: Tokens

    /// The fast path: a member `"key": "value"` of an element's object (`role`: started, or
    /// pending) whose child takes a plain string and nothing else goes to the session whole, the
    /// child found by the name's hash (`ValidationSession.plainValueChild`); the same findings as
    /// its two tokens would give. False for any other member, which `next()` then reads (a
    /// pending element may have been started: the member names a child, so its key would have
    /// started it too).
    @inline(__always)
    private mutating func plainMember(_ role: Role, _ session: ValidationSession) -> Bool {
        guard role == .element || role == .pending, let found = tokenizer.peekPlainMember() else { return false }
        if role == .pending {
            guard !JSONBinding.isAttributeKey(found.key), !JSONBinding.isTextKey(found.key) else { return false }
            startPendingForChild(session)
            guard levels[levels.count - 1].role == .element else { return false }
        }
        guard let ordinal = session.plainValueChild(key: found.key, hash: found.hash), tokenizer.commit(found)
        else { return false }
        member = .child
        let before = session.keptFindingCount
        session.valueMember(ordinal: ordinal, value: found.value, line: found.line, column: found.column)
        if session.keptFindingCount > before {
            track(session, tokenizer.pointer(through: tokenizer.depth - 1), since: before)
        }
        return true
    }

    /// Handles one token. Its findings concern one place, whose JSON Pointer runs through the
    /// innermost open container: the member or item being read (a container the token opened
    /// adds nothing yet; one it closed is gone).
    mutating func handle(_ token: JSONToken, _ session: ValidationSession) {
        let before = session.keptFindingCount
        switch token {
        case .key: key(session)
        case .objectEnd, .arrayEnd: close(session)
        default: value(token, session)
        }
        if session.keptFindingCount > before {
            track(session, tokenizer.pointer(through: tokenizer.depth - 1), since: before)
        }
    }

    private mutating func key(_ session: ValidationSession) {
        let name = tokenizer.text
        let top = levels.count - 1
        let isAttribute = JSONBinding.isAttributeKey(name)
        let isText = JSONBinding.isTextKey(name)
        switch levels[top].role {
        case .message:
            levels[top].members += 1
            if levels[top].members > 1 {
                let (line, column, _) = position
                session.reportAtOpenElement(
                    .wrongRoot,
                    "a message holds one root element; \"\(String(decoding: name, as: UTF8.self))\" is a second member",
                    line: line, column: column)
                member = .ignored
            } else {
                member = .rootElement
            }
        case .pending where isAttribute || isText:
            member = isText ? .text : .attribute
            if isAttribute {
                let start = pendingBytes.count
                pendingBytes.append(contentsOf: UnsafeBufferPointer(rebasing: name.dropFirst()))
                attributeName = start..<pendingBytes.count
            }
        case .pending:
            startPendingForChild(session)
            member = .child
        case .element:
            if isText {
                member = .text
            } else if isAttribute {
                let (line, column, _) = position
                session.reportAtOpenElement(
                    .jsonType,
                    "attribute \"\(String(decoding: name, as: UTF8.self))\" comes after child elements; write attributes first",
                    line: line, column: column)
                member = .ignored
            } else {
                member = .child
            }
        default:
            member = .ignored
        }
    }

    private mutating func value(_ token: JSONToken, _ session: ValidationSession) {
        guard let top = levels.last else {
            topLevel(token, session)
            return
        }
        let opens = token == .objectStart || token == .arrayStart
        switch top.role {
        case .skipped, .skippedElement:
            if opens { levels.append(Level(role: .skipped)) }
        case .messages:
            messageIndex += 1
            beginMessage(session, label: "[\(messageIndex - 1)]")
            message(token, session)
        case .occurrences:
            if top.skipRest {
                if opens { levels.append(Level(role: .skipped)) }
                return
            }
            occurrence(token, name: tokenizer.keys.last, inArray: true, session)
        case .message, .element:
            switch member {
            case .child, .rootElement: occurrence(token, name: tokenizer.keys.last, inArray: false, session)
            case .text:
                if token == .string {
                    session.characters(tokenizer.text)
                } else {
                    typeFinding("\"#text\" holds a string", session)
                    if opens { levels.append(Level(role: .skipped)) }
                }
            case .attribute, .ignored:
                if opens { levels.append(Level(role: .skipped)) }
            }
        case .pending:
            guard token == .string else {
                startPending(session)
                typeFinding("attribute values and \"#text\" are strings", session)
                if opens { levels.append(Level(role: .skipped)) }
                return
            }
            let start = pendingBytes.count
            pendingBytes.append(contentsOf: tokenizer.text)
            if member == .text {
                pendingText = start..<pendingBytes.count
            } else {
                pendingAttributes.append(
                    PendingAttribute(
                        nameStart: attributeName.lowerBound, nameCount: attributeName.count, valueStart: start,
                        valueCount: pendingBytes.count - start))
            }
        }
    }

    /// A value at the top of the input: a message, or a file's array of messages.
    private mutating func topLevel(_ token: JSONToken, _ session: ValidationSession) {
        let label: String? = isLines ? "line \(position.line)" : nil
        if token == .arrayStart && !isLines {
            levels.append(Level(role: .messages))
            return
        }
        beginMessage(session, label: label)
        message(token, session)
    }

    /// The value of one message: an object, or a wrong root.
    private mutating func message(_ token: JSONToken, _ session: ValidationSession) {
        if token == .objectStart {
            levels.append(Level(role: .message))
            return
        }
        let (line, column, _) = position
        session.reportAtOpenElement(
            .wrongRoot, "a message is a JSON object with one member, its root element (e.g. {\"Declaration\": {…}})",
            line: line, column: column)
        if token == .arrayStart {
            levels.append(Level(role: .skipped))  // the message ends with the array
        } else {
            endMessage(fatal: false)
        }
    }

    /// One occurrence of element `name`, written as `token`.
    private mutating func occurrence(
        _ token: JSONToken, name: UnsafeBufferPointer<UInt8>, inArray: Bool,
        _ session: ValidationSession
    ) {
        let (line, column, _) = position
        switch token {
        case .arrayStart where !inArray:
            levels.append(Level(role: .occurrences))
            return
        case .objectStart:
            pendingName.removeAll()
            pendingName.append(contentsOf: name)
            pendingHash = tokenizer.keys.lastHash
            pendingBytes.removeAll()
            pendingAttributes.removeAll()
            pendingText = nil
            pendingArrayLevel = inArray ? levels.count - 1 : nil
            pendingLine = line
            pendingColumn = column
            levels.append(Level(role: .pending))
            return
        default:
            break
        }
        start(
            name, hash: tokenizer.keys.lastHash, attributes: UnsafeBufferPointer(start: nil, count: 0),
            arrayLevel: inArray ? levels.count - 1 : nil, line, column, session)
        if token == .arrayStart {
            if !session.isSkipping { typeFinding("an array inside an array is not an occurrence", session) }
            levels.append(Level(role: .skippedElement))
            return
        }
        if !session.isSkipping, let shape = session.openElement {
            switch token {
            case .string where shape.isClass:
                typeFinding("it holds elements: write an object, not a string", session)
            case .string:
                if shape.takesAttributes {
                    typeFinding("its value may carry attributes: write {\"#text\": \"…\"}", session)
                }
                session.characters(tokenizer.text)
            case .number:
                typeFinding(
                    "values are strings in JSON: write \"\(String(decoding: tokenizer.text, as: UTF8.self))\"",
                    session)
                if !shape.isClass { session.characters(tokenizer.text) }
            case .trueValue, .falseValue:
                let word = token == .trueValue ? "true" : "false"
                typeFinding("values are strings in JSON: write \"\(word)\"", session)
                if !shape.isClass { word.utf8.withContiguousStorageIfAvailable { session.characters($0) } }
            default:
                typeFinding("null is not a value: leave the member out", session)
            }
        }
        session.endElement()
    }

    /// Starts element `name` (`hash`: its `MemberIndex.hash`), an item of the occurrences' array
    /// at `arrayLevel` or not in an array, checking that it is written as an array exactly when it repeats.
    private mutating func start(
        _ name: UnsafeBufferPointer<UInt8>, hash: UInt64, attributes: UnsafeBufferPointer<MarkupAttribute>,
        arrayLevel: Int?,
        _ line: Int, _ column: Int, _ session: ValidationSession
    ) {
        // A plain key comes with no namespace; `{namespace}tag` with its own (`CompiledNode.jsonKeys`).
        if let ordinal = session.memberChild(key: name, hash: hash) {
            session.startChild(
                ordinal: ordinal, attributes: attributes, at: SourceMark(line: line, column: column))
        } else {
            var tag = name
            var namespace = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
            if name.count > 2, name[0] == UInt8(ascii: "{"), let close = name.firstIndex(of: UInt8(ascii: "}")) {
                tag = UnsafeBufferPointer(rebasing: name[(close + 1)...])
                namespace = UnsafeBufferPointer(rebasing: name[1..<close])
            }
            session.startElement(name: tag, namespace: namespace, attributes: attributes, line: line, column: column)
        }
        if session.isSkipping {
            if let arrayLevel { levels[arrayLevel].skipRest = true }  // reported once, like its other occurrences
            return
        }
        guard let shape = session.openElement else { return }
        if let arrayLevel {
            if !levels[arrayLevel].checked && !shape.isRepeating {
                levels[arrayLevel].checked = true
                session.reportAtOpenElement(
                    .jsonType, "it occurs at most once: write one value, not an array", line: line, column: column)
            }
        } else if shape.isRepeating {
            session.reportAtOpenElement(
                .jsonType, "it may repeat: write an array, even for one occurrence", line: line, column: column)
        }
    }

    /// Starts the pending element because its object's next member names a child: its
    /// findings point at the element, not at that member.
    private mutating func startPendingForChild(_ session: ValidationSession) {
        let before = session.keptFindingCount
        startPending(session)
        if session.keptFindingCount > before {
            track(session, tokenizer.pointer(through: tokenizer.depth - 2), since: before)
        }
    }

    /// Starts the pending element (its object, on top, now holds a started element, or one the
    /// session skips).
    private mutating func startPending(_ session: ValidationSession) {
        flushPending(session)
        levels[levels.count - 1].role = session.isSkipping ? .skippedElement : .element
    }

    /// Starts the pending element with the attributes gathered, and hands over its text.
    private mutating func flushPending(_ session: ValidationSession) {
        if pendingAttributes.count > attributes.count {
            attributes.deallocate()
            attributes = .allocate(capacity: pendingAttributes.count)
        }
        let bytes = pendingBytes.base
        for index in 0..<pendingAttributes.count {
            let attribute = pendingAttributes[index]
            attributes[index] = MarkupAttribute(
                name: UnsafeBufferPointer(start: bytes + attribute.nameStart, count: attribute.nameCount),
                namespace: UnsafeBufferPointer(start: nil, count: 0),
                value: UnsafeBufferPointer(start: bytes + attribute.valueStart, count: attribute.valueCount))
        }
        start(
            pendingName.buffer, hash: pendingHash,
            attributes: UnsafeBufferPointer(rebasing: attributes[0..<pendingAttributes.count]),
            arrayLevel: pendingArrayLevel, pendingLine, pendingColumn, session)
        if let text = pendingText, !session.isSkipping {
            if let shape = session.openElement, !shape.isClass, !shape.takesAttributes, pendingAttributes.isEmpty {
                session.reportAtOpenElement(
                    .jsonType, "it takes no attributes: write its value as a plain string", line: pendingLine,
                    column: pendingColumn)
            }
            session.characters(UnsafeBufferPointer(start: bytes + text.lowerBound, count: text.count))
        }
        pendingText = nil
        pendingAttributes.removeAll()
    }

    private mutating func close(_ session: ValidationSession) {
        guard let level = levels.popLast() else { return }
        switch level.role {
        case .pending:
            flushPending(session)
            session.endElement()
        case .element, .skippedElement:
            session.endElement()
        case .message:
            endMessage(fatal: false)
        case .messages, .occurrences, .skipped:
            // A message that was an array (a wrong root) ends with it.
            if level.role == .skipped && (levels.isEmpty || levels.last?.role == .messages) {
                endMessage(fatal: false)
            }
        }
    }

    private func typeFinding(_ message: String, _ session: ValidationSession) {
        let (line, column, _) = position
        session.reportAtOpenElement(.jsonType, message, line: line, column: column)
    }
}
