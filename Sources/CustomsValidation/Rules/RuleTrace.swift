/// How one rule evaluated at one occurrence of its scope: what `customs rules explain` shows.
public struct RuleTrace: Sendable, Hashable, Codable {
    /// The rule's ID.
    public let ruleID: String
    /// The scope's instance path (`/Declaration/GoodsShipment/GovernmentAgencyGoodsItem[2]`).
    public let scopePath: String
    /// Where the scope's element starts.
    public let line: Int
    public let column: Int
    /// Each path the rule reads, as written, with the values it reached there.
    public let values: [PathValues]
    /// The condition's result; nil for a rule without one.
    public let condition: Bool?
    /// The assertion's result; nil when the condition did not hold (not evaluated).
    public let assertion: Bool?
    /// True when a value the rule read failed its own check, so the rule was left out.
    public let skipped: Bool

    /// A path and the values it reached (for a path to a class: how many elements).
    public struct PathValues: Sendable, Hashable, Codable {
        public let path: String
        public let values: [String]
        /// For a path to elements that hold elements: how many it reached (their values are
        /// not text).
        public let elements: Int?
    }

    /// True when the rule gave a finding here.
    public var failed: Bool { assertion == false && !skipped }
}
