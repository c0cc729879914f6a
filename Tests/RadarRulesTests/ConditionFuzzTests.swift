import RadarDomain
import RadarRules
import Testing

/// Random and hostile input never crashes the parser and what parses behaves consistently.
@Suite("Condition robustness")
struct ConditionFuzzTests {
    /// SplitMix64: a small seeded generator, so a failing input can be reproduced from its seed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            return mixed ^ (mixed >> 31)
        }
    }

    static let fragments = [
        "tier", "role", "days_since_contact", "contacts_30d", "flag_a", "flag_b", "unknown_fact", "and", "or", "not",
        "in", "is", "null", "true", "FALSE", "(", ")", "(", ")", ",", "=", "!=", "<>", "<", "<=", ">", ">=", "+", "-",
        "*", "/", "0", "30", "0.5", "1e3", "-2", "'top_team'", "\"a\\\"b\"", "'", "\"", "\\", "!", "&", "|", "{",
        "é", "🎯", "\u{0}", "\n", " ", " ", " ",
    ]

    static let seeds = [
        "tier in (\"top_team\") and days_since_contact > 30",
        "contacts_30d < 0.5 * monthly_average_90d and monthly_average_90d >= 2",
        "days_since_contact is null or not (flag_a or flag_b) and tier not in ('a', 'b')",
    ]

    @Test(arguments: 0..<8)
    func anyInputEitherParsesOrFailsWithAPositionInsideIt(batch: UInt64) {
        var random = SeededGenerator(state: batch)
        var parsed = 0
        for _ in 0..<400 {
            let text: String
            switch Int.random(in: 0..<4, using: &random) {
            case 0: text = Self.tokenSoup(using: &random)
            case 1: text = Self.mutated(Self.seeds.randomElement(using: &random)!, using: &random)
            case 2: text = Self.characterNoise(using: &random)
            default: text = Self.wellFormed(depth: 4, using: &random)
            }
            if Self.check(text, using: &random) { parsed += 1 }
        }
        // Both outcomes must be common, or the generator is not exercising the parser.
        #expect((20...380).contains(parsed))
    }

    @Test func pathologicalInputsAreRefusedQuickly() {
        var random = SeededGenerator(state: 99)
        let inputs = [
            String(repeating: "(", count: 3_999),
            String(repeating: "not ", count: 999),
            String(repeating: "-", count: 3_999) + "1",
            String(repeating: "\"", count: 3_999),
            String(repeating: "a", count: 3_999),
            String(repeating: "1", count: 3_999),
            String(repeating: "é", count: 100_000),
            String(repeating: "e\u{301}", count: 5_000),
        ]
        for text in inputs { #expect(!Self.check(text, using: &random)) }
    }

    /// Parses `text`; a condition that parses must evaluate, explain and read back its normal form.
    /// Returns whether it parsed.
    @discardableResult
    static func check(_ text: String, using random: inout SeededGenerator) -> Bool {
        do {
            let condition = try StakeholderFacts.condition(text)
            let facts = randomFacts(using: &random)
            let parts = condition.explain(facts)
            #expect(parts.first?.truth == condition.truth(facts), "\(text)")
            #expect(condition.evaluate(facts) == (condition.truth(facts) == .true), "\(text)")
            let again = try StakeholderFacts.condition(condition.description)
            #expect(again.description == condition.description, "\(text)")
            #expect(again.truth(facts) == condition.truth(facts), "\(text)")
            return true
        } catch let error as ConditionError {
            #expect((0...max(text.count, Condition.maximumLength)).contains(error.position), "\(text): \(error)")
            #expect(!error.message.isEmpty)
            return false
        } catch {
            Issue.record("unexpected error \(error) for \(text)")
            return false
        }
    }

    /// A random condition built from the grammar, in random keyword case, so most of them parse.
    static func wellFormed(depth: Int, using random: inout SeededGenerator) -> String {
        func keyword(_ word: String) -> String { Bool.random(using: &random) ? word : word.uppercased() }
        let choice = Int.random(in: 0..<(depth > 0 ? 9 : 4), using: &random)
        switch choice {
        case 0: return ["flag_a", "flag_b", keyword("true"), keyword("false")].randomElement(using: &random)!
        case 1:
            let operation = ["=", "!=", "<>", "<", "<=", ">", ">="].randomElement(using: &random)!
            let left = number(depth: depth - 1, using: &random)
            return "\(left) \(operation) \(number(depth: depth - 1, using: &random))"
        case 2:
            let fact = ["tier", "role"].randomElement(using: &random)!
            return "\(fact) \(keyword("is")) \(keyword("not")) \(keyword("null"))"
        case 3:
            let items = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                "'v\(Int.random(in: 0...2, using: &random))'"
            }
            let negation = Bool.random(using: &random) ? keyword("not") + " " : ""
            return "tier \(negation)\(keyword("in")) (\(items.joined(separator: ", ")))"
        case 4, 5:
            let joiner = keyword(choice == 4 ? "and" : "or")
            let left = wellFormed(depth: depth - 1, using: &random)
            return "\(left) \(joiner) \(wellFormed(depth: depth - 1, using: &random))"
        case 6: return "\(keyword("not")) \(wellFormed(depth: depth - 1, using: &random))"
        default: return "(\(wellFormed(depth: depth - 1, using: &random)))"
        }
    }

    static func number(depth: Int, using random: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<(depth > 0 ? 6 : 3), using: &random) {
        case 0: return ["days_since_contact", "contacts_30d", "monthly_average_90d"].randomElement(using: &random)!
        case 1: return String(Int.random(in: -5...40, using: &random))
        case 2: return String(Double(Int.random(in: -50...50, using: &random)) / 4)
        case 3, 4:
            let operation = ["+", "-", "*", "/"].randomElement(using: &random)!
            let left = number(depth: depth - 1, using: &random)
            return "\(left) \(operation) \(number(depth: depth - 1, using: &random))"
        default: return "-(\(number(depth: depth - 1, using: &random)))"
        }
    }

    static func tokenSoup(using random: inout SeededGenerator) -> String {
        (0..<Int.random(in: 1...25, using: &random))
            .map { _ in fragments.randomElement(using: &random)! }
            .joined(separator: Bool.random(using: &random) ? " " : "")
    }

    static func mutated(_ seed: String, using random: inout SeededGenerator) -> String {
        var characters = Array(seed)
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let index = Int.random(in: 0..<characters.count, using: &random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0: characters.remove(at: index)
            case 1: characters.insert(Array(fragments.randomElement(using: &random)!).first ?? " ", at: index)
            default: characters.swapAt(index, Int.random(in: 0..<characters.count, using: &random))
            }
        }
        return String(characters)
    }

    static func characterNoise(using random: inout SeededGenerator) -> String {
        let scalars = (0..<Int.random(in: 0...40, using: &random)).compactMap { _ in
            Unicode.Scalar(UInt32.random(in: 0...0x1F9FF, using: &random))
        }
        return String(String.UnicodeScalarView(scalars))
    }

    static func randomFacts(using random: inout SeededGenerator) -> [String: FactValue] {
        func pick(_ values: [FactValue]) -> FactValue { values.randomElement(using: &random)! }
        return [
            "tier": pick([.null, .text("top_team"), .text("a"), .number(1)]),
            "role": pick([.null, .text("sponsor"), .text("b")]),
            "days_since_contact": pick([.null, .number(0), .number(30), .number(-2.5)]),
            "contacts_30d": pick([.null, .number(0), .number(3)]),
            "monthly_average_90d": pick([.null, .number(0), .number(8)]),
            "flag_a": pick([.null, .bool(true), .bool(false)]),
            "flag_b": pick([.null, .bool(true), .bool(false)]),
        ]
    }
}
