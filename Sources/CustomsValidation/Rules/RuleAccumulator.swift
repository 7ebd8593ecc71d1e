import CustomsModel

/// The running value of an aggregated path (`RuleProgram.Aggregate`) for one occurrence of its
/// owner: how many elements it reached, and, when their values are read, their exact sum,
/// least and greatest, with XPath's NaN (a value that is not a number makes the sum, the least
/// and the greatest NaN) and whether one of them failed its own check. The evaluator's `sum`,
/// `min` and `max` of a node set are worked out with one too.
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

    /// `count`, `sum`, `min` or `max` of the elements added, as XPath has them: nil (NaN) for
    /// the least or greatest of none, or once a value was not a number.
    func result(_ function: RuleFunction) -> RuleDecimal? {
        switch function {
        case .sum: sawNaN ? nil : sum
        case .min: sawNaN ? nil : least
        case .max: sawNaN ? nil : greatest
        default: RuleDecimal(count)
        }
    }
}
