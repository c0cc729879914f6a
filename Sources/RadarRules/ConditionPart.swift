/// One sub-expression of a condition and its truth value for a set of facts, as `radar explain` shows it.
public struct ConditionPart: Sendable, Hashable, CustomStringConvertible {
    /// The sub-expression exactly as written in the condition.
    public let text: String
    /// The 0-based character offset of `text` in the condition.
    public let position: Int
    /// How many logical operators (`and`, `or`, `not`) enclose this part; the whole condition is depth 0.
    public let depth: Int
    public let truth: ConditionTruth

    public init(text: String, position: Int, depth: Int, truth: ConditionTruth) {
        self.text = text
        self.position = position
        self.depth = depth
        self.truth = truth
    }

    public var description: String {
        String(repeating: "  ", count: depth) + "\(text) → \(truth.rawValue)"
    }
}
