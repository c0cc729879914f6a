import RadarDomain

/// A rule's condition: readable text over fact names, parsed and type-checked once, evaluated many times.
///
/// Evaluation follows SQL's three-valued logic: a comparison with NULL is unknown, and a condition whose
/// value is unknown does not hold. Evaluating walks the tree once, so its cost is linear in the condition.
public struct Condition: Sendable, Hashable, CustomStringConvertible {
    /// The longest condition text accepted, in characters.
    public static let maximumLength = 4_000
    /// The deepest nesting accepted: parentheses, `not`, unary minus and the operators of the tree.
    public static let maximumDepth = 64

    /// The condition exactly as written.
    public let text: String
    /// The fact names the condition refers to, sorted and unique.
    public let factsRead: [String]
    let root: ConditionNode

    /// Parses `text`, checking every fact name against `knownFacts` and the types of every operator.
    public static func parse(_ text: String, knownFacts: [String: FactType]) throws(ConditionError) -> Condition {
        // Counting UTF-8 first keeps a huge input from being split into characters at all.
        if text.utf8.count > maximumLength * 4 || text.count > maximumLength {
            throw ConditionError(
                .tooLong, at: maximumLength, "the condition is longer than \(maximumLength) characters")
        }
        let root = try ConditionParser.parse(Array(text), knownFacts: knownFacts, maximumDepth: maximumDepth)
        var names: [String] = []
        root.collectFacts(into: &names)
        return Condition(text: text, factsRead: Array(Set(names)).sorted(), root: root)
    }

    /// The condition with lower-case keywords, double-quoted strings and only the parentheses it needs.
    public var description: String { root.normalised }

    /// Whether the condition holds for these facts; a missing fact is NULL, and unknown counts as false.
    public func evaluate(_ facts: [String: FactValue]) -> Bool {
        truth(facts) == .true
    }

    /// The three-valued truth of the condition for these facts.
    public func truth(_ facts: [String: FactValue]) -> ConditionTruth {
        ConditionTruth(root.value(in: facts))
    }

    /// Every comparison, test and logical operator of the condition with its truth value, in source order:
    /// the whole condition first, then each part before the parts inside it.
    public func explain(_ facts: [String: FactValue]) -> [ConditionPart] {
        var parts: [ConditionPart] = []
        _ = root.explain(facts, source: Array(text), depth: 0, isPredicate: true, into: &parts)
        return parts
    }
}
