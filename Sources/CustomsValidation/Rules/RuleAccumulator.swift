import CustomsModel

/// The running value of an aggregated path (`RuleProgram.Aggregate`) for one occurrence of its
/// owner: how many elements it reached, and, when their values are read, their exact sum,
/// least and greatest, with XPath's NaN (a value that is not a number makes the sum, the least
/// and the greatest NaN) and whether one of them failed its own check.
struct RuleAccumulator {
    var count = 0
    /// nil once NaN (or an overflow).
    var sum: RuleDecimal? = RuleDecimal(0)
    var least: RuleDecimal?
    var greatest: RuleDecimal?
    var sawNaN = false
    var sawInvalid = false

    /// One more element; `text` is its value when the aggregate reads values.
    mutating func add(_ text: String?, valid: Bool) {
        count += 1
        guard let text else { return }
        if !valid { sawInvalid = true }
        guard !sawNaN, let number = RuleEvaluator.parseNumber(text) else {
            sawNaN = true
            sum = nil
            return
        }
        sum = sum.flatMap { $0 + number }
        if least.map({ number < $0 }) ?? true { least = number }
        if greatest.map({ $0 < number }) ?? true { greatest = number }
    }
}
