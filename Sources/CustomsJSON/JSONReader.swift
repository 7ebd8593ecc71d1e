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
    private var tokenizer: JSONTokenizer
    private var binding = BindingState()
    private var session: ValidationSession?
    private var results: [MessageResult] = []
    private var fileBuffer = [UInt8](repeating: 0, count: 64 << 10)

    /// A reader with `limits` for files laid out as `layout`.
    public init(limits: JSONReaderLimits = JSONReaderLimits(), layout: Layout = .document) {
        self.limits = limits
        self.layout = layout
        tokenizer = JSONTokenizer(limits: limits, sequence: layout == .lines)
    }

    /// Starts a new input, validated with `session`.
    public func begin(with session: ValidationSession) {
        self.session = session
        tokenizer.reset()
        binding.reset()
        results.removeAll()
    }

    /// Reads the next chunk of the input; ignored once a fatal finding ended it (so a hostile
    /// stream costs nothing more).
    public func feed(_ bytes: UnsafeRawBufferPointer) {
        guard !binding.stopped else { return }
        tokenizer.feed(bytes)
        drain()
    }

    /// True once a fatal finding (syntax, limit) ended the input: what follows is not read.
    public var hasStopped: Bool { binding.stopped }

    /// Ends the input; returns the results of its messages.
    public func finish() -> [MessageResult] {
        tokenizer.finish()
        drain()
        binding.endMessage(self, fatal: false)
        session = nil
        let done = results
        results.removeAll()
        return done
    }

    public func validateMessages(file path: String, with session: ValidationSession) -> [MessageResult] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            return [Self.failure(.io, "cannot read \(path): \(String(cString: strerror(errno)))", session)]
        }
        defer { close(descriptor) }
        begin(with: session)
        while true {
            let got = tokenizer.feed(upTo: 64 << 10) { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 {
                let message = "read error: \(String(cString: strerror(errno)))"
                binding.fatal(self, .io, message, line: tokenizer.tokenLine, column: tokenizer.tokenColumn)
                return finish()
            }
            if got == 0 { break }
            drain()
            if binding.stopped { break }
        }
        return finish()
    }

    public func validateMessages(bytes: [UInt8], with session: ValidationSession) -> [MessageResult] {
        begin(with: session)
        bytes.withUnsafeBytes { feed($0) }
        return finish()
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

    /// Handles every token the input holds so far.
    private func drain() {
        guard let session else { return }
        while !binding.stopped {
            let token = tokenizer.next()
            switch token {
            case .needMore, .endOfInput:
                return
            case .error:
                let failure = tokenizer.failure!
                binding.fatal(
                    self, failure.kind == .limit ? .limit : .notWellFormed, failure.message, line: failure.line,
                    column: failure.column)
                guard layout == .lines else {
                    binding.stopped = true
                    return
                }
                tokenizer.recoverAtNextLine()
            default:
                binding.handle(token, self, session)
            }
        }
    }

    // MARK: - What the binding state needs from the reader

    fileprivate var currentTokenizerText: UnsafeBufferPointer<UInt8> { tokenizer.text }
    fileprivate func pointer(through level: Int) -> String { tokenizer.pointer(through: level) }
    fileprivate var depth: Int { tokenizer.depth }
    fileprivate var lastKey: UnsafeBufferPointer<UInt8> { tokenizer.keys.last }
    fileprivate var position: (line: Int, column: Int, offset: Int) {
        (tokenizer.tokenLine, tokenizer.tokenColumn, tokenizer.offset)
    }
    fileprivate var isLines: Bool { layout == .lines }
    fileprivate func append(_ result: MessageResult) { results.append(result) }
    fileprivate func amendLast(_ body: (inout MessageResult) -> Void) -> Bool {
        guard !results.isEmpty else { return false }
        body(&results[results.count - 1])
        return true
    }
}

/// The binding's state machine: which JSON container means what, the pending value object, the
/// open message.
private struct BindingState {
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
        var members = 0
        /// For occurrences: the array's shape was checked (once) or its element is being skipped.
        var checked = false
        var skipRest = false
    }

    var levels: [Level] = []
    var member = Member.ignored
    var stopped = false
    var messageOpen = false
    var messageStart = 0
    var messageLabel: String?
    var messageIndex = 0

    // The pending value object.
    var pendingName = ByteBuffer()
    var pendingBytes = ByteBuffer()
    var pendingAttributes: [(name: Range<Int>, value: Range<Int>)] = []
    var pendingText: Range<Int>?
    var pendingInArray = false
    var pendingLine = 0
    var pendingColumn = 0
    var attributeName: Range<Int> = 0..<0
    var attributes = UnsafeMutableBufferPointer<MarkupAttribute>.allocate(capacity: 16)

    mutating func reset() {
        levels.removeAll(keepingCapacity: true)
        member = .ignored
        stopped = false
        messageOpen = false
        messageIndex = 0
        pendingAttributes.removeAll()
        pendingText = nil
    }

    // MARK: Messages

    mutating func beginMessage(_ reader: JSONReader, _ session: ValidationSession, label: String?) {
        session.reset(syntax: .json)
        messageOpen = true
        messageStart = reader.position.offset
        messageLabel = label
    }

    mutating func endMessage(_ reader: JSONReader, fatal: Bool) {
        guard messageOpen, let session = reader.sessionForBinding else { return }
        messageOpen = false
        let before = session.keptFindingCount
        var diagnostics = session.finish()
        for index in before..<diagnostics.count where diagnostics[index].jsonPointer == nil {
            diagnostics[index].jsonPointer = ""  // about the whole message (no root)
        }
        reader.append(
            MessageResult(
                diagnostics: diagnostics, findingCount: session.findingCount,
                byteCount: reader.position.offset - messageStart, isFatal: fatal, label: messageLabel))
    }

    /// A syntax error, a limit or a read error: it ends the open message (or, after the last
    /// one, marks it).
    mutating func fatal(_ reader: JSONReader, _ code: Diagnostic.Code, _ message: String, line: Int, column: Int) {
        guard let session = reader.sessionForBinding else { return }
        levels.removeAll(keepingCapacity: true)
        let place = reader.pointer(through: reader.depth - 1)
        if messageOpen {
            let before = session.keptFindingCount
            session.reportFatal(code, message, line: line, column: column)
            track(session, place, since: before)
            endMessage(reader, fatal: true)
            return
        }
        var diagnostic = Diagnostic(code: code, message: message, instancePath: "/", line: line, column: column)
        diagnostic.jsonPointer = place
        if !reader.isLines,
            reader.amendLast({
                $0.diagnostics.append(diagnostic)
                $0.findingCount += 1
                $0.isFatal = true
            })
        {
            return
        }
        beginMessage(reader, session, label: reader.isLines ? "line \(line)" : nil)
        session.reportFatal(code, message, line: line, column: column)
        track(session, place, since: 0)
        endMessage(reader, fatal: true)
    }

    /// Gives the findings kept since `before` that have none the JSON Pointer `place`, plus
    /// `/@name` for an attribute's.
    private func track(_ session: ValidationSession, _ place: String, since before: Int) {
        session.annotateFindings(from: before) { diagnostic in
            guard diagnostic.jsonPointer == nil else { return }
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

    /// Handles one token. Its findings concern one place, whose JSON Pointer runs through the
    /// innermost open container: the member or item being read (a container the token opened
    /// adds nothing yet; one it closed is gone).
    mutating func handle(_ token: JSONToken, _ reader: JSONReader, _ session: ValidationSession) {
        let before = session.keptFindingCount
        switch token {
        case .key: key(reader, session)
        case .objectEnd, .arrayEnd: close(reader, session)
        default: value(token, reader, session)
        }
        if session.keptFindingCount > before {
            track(session, reader.pointer(through: reader.depth - 1), since: before)
        }
    }

    private mutating func key(_ reader: JSONReader, _ session: ValidationSession) {
        let name = reader.currentTokenizerText
        let top = levels.count - 1
        levels[top].members += 1
        let isAttribute = name.first == UInt8(ascii: "@")
        let isText = JSONBinding.isTextKey(name)
        switch levels[top].role {
        case .message:
            if levels[top].members > 1 {
                let (line, column, _) = reader.position
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
                pendingBytes.append(UnsafeBufferPointer(rebasing: name.dropFirst()))
                attributeName = start..<pendingBytes.count
            }
        case .pending:
            // The element's findings point at it, not at the member that made it start.
            let before = session.keptFindingCount
            flushPending(reader, session)
            track(session, reader.pointer(through: reader.depth - 2), since: before)
            levels[top].role = session.isSkipping ? .skippedElement : .element
            member = .child
        case .element:
            if isText {
                member = .text
            } else if isAttribute {
                let (line, column, _) = reader.position
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

    private mutating func value(_ token: JSONToken, _ reader: JSONReader, _ session: ValidationSession) {
        guard let top = levels.last else {
            topLevel(token, reader, session)
            return
        }
        let opens = token == .objectStart || token == .arrayStart
        switch top.role {
        case .skipped, .skippedElement:
            if opens { levels.append(Level(role: .skipped)) }
        case .messages:
            messageIndex += 1
            beginMessage(reader, session, label: "[\(messageIndex - 1)]")
            message(token, reader, session)
        case .occurrences:
            if top.skipRest {
                if opens { levels.append(Level(role: .skipped)) }
                return
            }
            occurrence(token, name: reader.lastKey, inArray: true, reader, session)
        case .message, .element:
            switch member {
            case .child, .rootElement: occurrence(token, name: reader.lastKey, inArray: false, reader, session)
            case .text:
                if token == .string {
                    session.characters(reader.currentTokenizerText)
                } else {
                    typeFinding("\"#text\" holds a string", reader, session)
                    if opens { levels.append(Level(role: .skipped)) }
                }
            case .attribute, .ignored:
                if opens { levels.append(Level(role: .skipped)) }
            }
        case .pending:
            guard token == .string else {
                flushPending(reader, session)
                levels[levels.count - 1].role = session.isSkipping ? .skippedElement : .element
                typeFinding("attribute values and \"#text\" are strings", reader, session)
                if opens { levels.append(Level(role: .skipped)) }
                return
            }
            let start = pendingBytes.count
            pendingBytes.append(reader.currentTokenizerText)
            if member == .text {
                pendingText = start..<pendingBytes.count
            } else {
                pendingAttributes.append((attributeName, start..<pendingBytes.count))
            }
        }
    }

    /// A value at the top of the input: a message, or a file's array of messages.
    private mutating func topLevel(_ token: JSONToken, _ reader: JSONReader, _ session: ValidationSession) {
        let label: String? = reader.isLines ? "line \(reader.position.line)" : nil
        if token == .arrayStart && !reader.isLines {
            levels.append(Level(role: .messages))
            return
        }
        beginMessage(reader, session, label: label)
        message(token, reader, session)
    }

    /// The value of one message: an object, or a wrong root.
    private mutating func message(_ token: JSONToken, _ reader: JSONReader, _ session: ValidationSession) {
        if token == .objectStart {
            levels.append(Level(role: .message))
            return
        }
        let (line, column, _) = reader.position
        session.reportAtOpenElement(
            .wrongRoot, "a message is a JSON object with one member, its root element (e.g. {\"Declaration\": {…}})",
            line: line, column: column)
        if token == .arrayStart { levels.append(Level(role: .skipped)) }
        if token != .objectStart && token != .arrayStart { endMessage(reader, fatal: false) }
    }

    /// One occurrence of element `name`, written as `token`.
    private mutating func occurrence(
        _ token: JSONToken, name: UnsafeBufferPointer<UInt8>, inArray: Bool, _ reader: JSONReader,
        _ session: ValidationSession
    ) {
        let (line, column, _) = reader.position
        switch token {
        case .arrayStart where !inArray:
            levels.append(Level(role: .occurrences))
            return
        case .objectStart:
            pendingName.removeAll()
            pendingName.append(name)
            pendingBytes.removeAll()
            pendingAttributes.removeAll(keepingCapacity: true)
            pendingText = nil
            pendingInArray = inArray
            pendingLine = line
            pendingColumn = column
            levels.append(Level(role: .pending))
            return
        default:
            break
        }
        start(name, attributes: UnsafeBufferPointer(start: nil, count: 0), inArray: inArray, line, column, session)
        if token == .arrayStart {
            if !session.isSkipping { typeFinding("an array inside an array is not an occurrence", reader, session) }
            levels.append(Level(role: .skippedElement))
            return
        }
        if !session.isSkipping, let shape = session.openElement {
            switch token {
            case .string where shape.isClass:
                typeFinding("it holds elements: write an object, not a string", reader, session)
            case .string:
                if shape.takesAttributes {
                    typeFinding("its value may carry attributes: write {\"#text\": \"…\"}", reader, session)
                }
                session.characters(reader.currentTokenizerText)
            case .number:
                typeFinding(
                    "values are strings in JSON: write \"\(String(decoding: reader.currentTokenizerText, as: UTF8.self))\"",
                    reader, session)
                if !shape.isClass { session.characters(reader.currentTokenizerText) }
            case .trueValue, .falseValue:
                let word = token == .trueValue ? "true" : "false"
                typeFinding("values are strings in JSON: write \"\(word)\"", reader, session)
                if !shape.isClass { word.utf8.withContiguousStorageIfAvailable { session.characters($0) } }
            default:
                typeFinding("null is not a value: leave the member out", reader, session)
            }
        }
        session.endElement(line: line, column: column)
    }

    /// Starts element `name`, checking that it is written as an array exactly when it repeats.
    private mutating func start(
        _ name: UnsafeBufferPointer<UInt8>, attributes: UnsafeBufferPointer<MarkupAttribute>, inArray: Bool,
        _ line: Int, _ column: Int, _ session: ValidationSession
    ) {
        session.startElement(
            name: name, namespace: UnsafeBufferPointer(start: nil, count: 0), attributes: attributes, line: line,
            column: column)
        let arrayLevel = inArray ? levels.count - 1 : -1
        if session.isSkipping {
            if inArray { levels[arrayLevel].skipRest = true }  // reported once, like its other occurrences
            return
        }
        guard let shape = session.openElement else { return }
        if inArray && !levels[arrayLevel].checked && !shape.isRepeating {
            levels[arrayLevel].checked = true
            session.reportAtOpenElement(
                .jsonType, "it occurs at most once: write one value, not an array", line: line, column: column)
        } else if !inArray && shape.isRepeating {
            session.reportAtOpenElement(
                .jsonType, "it may repeat: write an array, even for one occurrence", line: line, column: column)
        }
    }

    /// Starts the pending element with the attributes gathered, and hands over its text.
    private mutating func flushPending(_ reader: JSONReader, _ session: ValidationSession) {
        if pendingAttributes.count > attributes.count {
            attributes.deallocate()
            attributes = .allocate(capacity: pendingAttributes.count)
        }
        let bytes = pendingBytes.base
        for (index, attribute) in pendingAttributes.enumerated() {
            attributes[index] = MarkupAttribute(
                name: UnsafeBufferPointer(start: bytes + attribute.name.lowerBound, count: attribute.name.count),
                namespace: UnsafeBufferPointer(start: nil, count: 0),
                value: UnsafeBufferPointer(start: bytes + attribute.value.lowerBound, count: attribute.value.count))
        }
        // `start` finds the occurrences' array on top: the pending object's level is set aside.
        let pendingLevel = levels.removeLast()
        start(
            pendingName.buffer, attributes: UnsafeBufferPointer(rebasing: attributes[0..<pendingAttributes.count]),
            inArray: pendingInArray, pendingLine, pendingColumn, session)
        levels.append(pendingLevel)
        if let text = pendingText, !session.isSkipping {
            if let shape = session.openElement, !shape.isClass, !shape.takesAttributes, pendingAttributes.isEmpty {
                session.reportAtOpenElement(
                    .jsonType, "it takes no attributes: write its value as a plain string", line: pendingLine,
                    column: pendingColumn)
            }
            session.characters(UnsafeBufferPointer(start: bytes + text.lowerBound, count: text.count))
        }
        pendingText = nil
        pendingAttributes.removeAll(keepingCapacity: true)
    }

    private mutating func close(_ reader: JSONReader, _ session: ValidationSession) {
        guard let level = levels.popLast() else { return }
        let (line, column, _) = reader.position
        switch level.role {
        case .pending:
            levels.append(level)
            flushPending(reader, session)
            levels.removeLast()
            session.endElement(line: line, column: column)
        case .element, .skippedElement:
            session.endElement(line: line, column: column)
        case .message:
            endMessage(reader, fatal: false)
        case .messages, .occurrences, .skipped:
            // A message that was an array (a wrong root) ends with it.
            if level.role == .skipped && (levels.isEmpty || levels.last?.role == .messages) {
                endMessage(reader, fatal: false)
            }
        }
    }

    private func typeFinding(_ message: String, _ reader: JSONReader, _ session: ValidationSession) {
        let (line, column, _) = reader.position
        session.reportAtOpenElement(.jsonType, message, line: line, column: column)
    }
}

extension JSONReader {
    fileprivate var sessionForBinding: ValidationSession? { session }
}
