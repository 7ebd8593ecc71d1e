import CustomsJSON

/// What a JSON reader made of an input: its tokens, in order (`objectStart`, `key:<name>`,
/// `s:<string>`, `n:<number>`, `trueValue`, …, strings unescaped), and the kind of error that
/// stopped it, if one did. Two readers agree on an input when their traces are equal.
public struct JSONTrace: Equatable, CustomStringConvertible {
    /// The tokens read before the end or the error.
    public var tokens: [String] = []
    /// Why reading stopped early; nil when the input was one complete JSON text.
    public var failure: JSONSyntaxError.Kind?

    /// An empty trace.
    public init() {}

    /// True when the input was accepted.
    public var isAccepted: Bool { failure == nil }

    public var description: String {
        let shown = tokens.suffix(8).map { String($0.prefix(40)).debugDescription }.joined(separator: " ")
        return "\(tokens.count) tokens (…\(shown)) " + (failure.map { "then \($0) error" } ?? "accepted")
    }

    /// The trace `JSONTokenizer` gives for `bytes` fed in pieces of `piece` bytes, and its
    /// error's message and place when it stopped on one.
    public static func tokenizing(
        _ bytes: [UInt8], piece: Int = .max, limits: JSONReaderLimits = JSONReaderLimits()
    ) -> (trace: JSONTrace, error: JSONSyntaxError?) {
        var tokenizer = JSONTokenizer(limits: limits)
        var trace = JSONTrace()
        var offset = 0
        while true {
            let token = tokenizer.next()
            switch token {
            case .needMore:
                if offset >= bytes.count {
                    tokenizer.finish()
                } else {
                    let end = offset + min(piece, bytes.count - offset)
                    tokenizer.feed(Array(bytes[offset..<end]))
                    offset = end
                }
            case .endOfInput: return (trace, nil)
            case .error:
                trace.failure = tokenizer.failure?.kind ?? .syntax
                return (trace, tokenizer.failure)
            case .key: trace.tokens.append("key:" + String(decoding: tokenizer.text, as: UTF8.self))
            case .string: trace.tokens.append("s:" + String(decoding: tokenizer.text, as: UTF8.self))
            case .number: trace.tokens.append("n:" + String(decoding: tokenizer.text, as: UTF8.self))
            default: trace.tokens.append("\(token)")
            }
        }
    }
}
