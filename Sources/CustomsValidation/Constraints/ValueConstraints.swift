import CustomsModel

/// Value constraints of a value element at its end tag: its rule (format, pattern, code list,
/// facets), then a date/time against the format its `formatCode` attribute names.
extension SessionCore {
    /// True when `value` passes node `node`'s rule where it lies (nothing to collapse, no
    /// violation): a value element without attributes needs nothing more, so a reader that has
    /// its whole value may count it without opening it (`valueMember`). False sends it the
    /// usual way, which reports what is wrong.
    @inline(__always)
    func acceptsInPlace(_ value: UnsafeBufferPointer<UInt8>, of node: Int) -> Bool {
        table.rules[node]._withUnsafeGuaranteedRef { rule in rule.isPrepared(value) && rule.checkPrepared(value) == nil
        }
    }

    /// Checks the open value element's text; false when it reported something.
    @discardableResult
    mutating func checkValue(of frame: Frame) -> Bool {
        let violation = table.rules[frame.node]._withUnsafeGuaranteedRef { rule -> ValueRule.Violation? in
            text.truncate(to: rule.prepare(UnsafeMutableBufferPointer(start: text.base, count: text.count)))
            return rule.checkPrepared(text.buffer)
        }
        if let violation {
            let node = table.compiled[frame.node]
            report(
                violation.code, "\(node.displayName): \(violation.message)", path: path(), node: node,
                at: frame.mark, value: String(decoding: text.buffer, as: UTF8.self))
            return false
        }
        if let code = formatCode {
            let node = table.compiled[frame.node]
            guard let format = node.dateFormats[code] else { return true }
            let value = String(decoding: text.buffer, as: UTF8.self)
            if !format.accepts(value) {
                report(
                    .dateTime, "\(node.displayName): not a real date/time in format \(code) (\(format.pattern))",
                    path: path(), node: node, at: frame.mark, value: value)
                return false
            }
        }
        return true
    }
}
