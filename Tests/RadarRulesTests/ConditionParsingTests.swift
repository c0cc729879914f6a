import RadarDomain
import RadarRules
import Testing

/// The facts of a stakeholder as the condition tests declare them.
enum StakeholderFacts {
    static let types: [String: FactType] = [
        "tier": .text, "role": .text, "function": .text, "subject_name": .text,
        "days_since_contact": .number, "contacts_30d": .number, "monthly_average_90d": .number,
        "declines_60d": .number, "engagement_gap": .number,
        "flag_a": .bool, "flag_b": .bool, "flag_c": .bool, "has_open_fear": .bool,
    ]

    static func condition(_ text: String) throws -> Condition {
        try Condition.parse(text, knownFacts: types)
    }

    /// The error parsing `text` throws, or nil when it parses.
    static func parseError(_ text: String) -> ConditionError? {
        do {
            _ = try Condition.parse(text, knownFacts: types)
            return nil
        } catch {
            return error
        }
    }
}

/// How condition text is read: precedence, literals, keywords, the normal form and the nesting limit.
@Suite("Condition parsing")
struct ConditionParsingTests {
    @Test(arguments: [
        ("flag_a or (flag_b and flag_c)", "flag_a or flag_b and flag_c"),
        ("(flag_a or flag_b) and flag_c", "(flag_a or flag_b) and flag_c"),
        ("(not flag_a) and flag_b", "not flag_a and flag_b"),
        ("not (flag_a and flag_b)", "not (flag_a and flag_b)"),
        ("not (days_since_contact > 30)", "not days_since_contact > 30"),
        ("(flag_a = flag_b) or flag_c", "flag_a = flag_b or flag_c"),
        ("1 + (2 * 3) = 7", "1 + 2 * 3 = 7"),
        ("(1 + 2) * 3 = 9", "(1 + 2) * 3 = 9"),
        ("10 - (4 - 3) = 9", "10 - (4 - 3) = 9"),
        ("(10 - 4) - 3 = 3", "10 - 4 - 3 = 3"),
        ("contacts_30d < -(1 + 2)", "contacts_30d < -(1 + 2)"),
        ("contacts_30d - -2 > 0", "contacts_30d - -2 > 0"),
        ("((((flag_a))))", "flag_a"),
    ])
    func parenthesesThatChangeNothingAreDroppedFromTheNormalForm(text: String, normalised: String) throws {
        #expect(try StakeholderFacts.condition(text).description == normalised)
    }

    @Test(arguments: [
        // `and` binds tighter than `or`: read as `flag_a or (flag_b and flag_c)`.
        ("flag_a or flag_b and flag_c", ["flag_a": true, "flag_b": false, "flag_c": false], true),
        // `not` takes the operand next to it, not the whole `and`.
        ("not flag_a and flag_b", ["flag_a": false, "flag_b": false], false),
        ("not flag_a or flag_b", ["flag_a": true, "flag_b": true], true),
        ("not not flag_a", ["flag_a": true], true),
        ("flag_a = flag_b or flag_c", ["flag_a": true, "flag_b": false, "flag_c": true], true),
        ("flag_a = flag_b and flag_c", ["flag_a": true, "flag_b": true, "flag_c": false], false),
    ])
    func logicalOperatorsBindInTheDocumentedOrder(text: String, values: [String: Bool], holds: Bool) throws {
        let facts = values.mapValues(FactValue.bool)
        #expect(try StakeholderFacts.condition(text).evaluate(facts) == holds)
    }

    @Test func notAppliesToAWholeComparisonAsInSQL() throws {
        let condition = try StakeholderFacts.condition("not days_since_contact > 30")
        #expect(condition.evaluate(["days_since_contact": .number(10)]))
        #expect(!condition.evaluate(["days_since_contact": .number(31)]))
    }

    @Test(arguments: [
        "1 + 2 * 3 = 7", "10 - 4 - 3 = 3", "12 / 3 / 2 = 2", "-2 * 3 = -6", "2 * -3 = -6", "(1 + 2) * 3 = 9",
        "7 / 2 = 3.5", "- - 4 = 4", "0.1 * 10 = 1", "1e3 = 1000", "2.5E-1 = 0.25", "-0 = 0",
    ])
    func arithmeticFollowsSchoolPrecedence(text: String) throws {
        #expect(try StakeholderFacts.condition(text).evaluate([:]))
    }

    @Test(arguments: [
        (#""top_team""#, "top_team"),
        ("'top_team'", "top_team"),
        (#""it's""#, "it's"),
        (#"'say "hi"'"#, #"say "hi""#),
        (#""a\"b""#, #"a"b"#),
        (#"'a\'b'"#, "a'b"),
        (#""back\\slash""#, #"back\slash"#),
        (#""two\nlines""#, "two\nlines"),
        (#""tab\there""#, "tab\there"),
        (#""Équipe 🎯""#, "Équipe 🎯"),
        (#""""#, ""),
    ])
    func stringsAcceptBothQuotesAndBackslashEscapes(literal: String, value: String) throws {
        let condition = try StakeholderFacts.condition("tier = \(literal)")
        #expect(condition.evaluate(["tier": .text(value)]))
        #expect(!condition.evaluate(["tier": .text(value + "x")]))
    }

    @Test(arguments: [
        (#"tier = 'it\'s'"#, #"tier = "it's""#),
        (#"tier = 'say "hi"'"#, #"tier = "say \"hi\"""#),
        (#"tier = "a\\b\tc""#, #"tier = "a\\b\tc""#),
    ])
    func stringsAreWrittenBackDoubleQuotedWithEscapes(text: String, normalised: String) throws {
        #expect(try StakeholderFacts.condition(text).description == normalised)
    }

    @Test(arguments: [
        ("TIER IN ('top_team')", false),
        (#"tier IN ("top_team") AND Not days_since_contact IS NULL"#, true),
        ("flag_a = TRUE Or flag_b = False", true),
        ("days_since_contact Is Not Null aNd tier NOT IN ('x')", true),
    ])
    func keywordsIgnoreCaseButFactNamesDoNot(text: String, parses: Bool) {
        #expect((StakeholderFacts.parseError(text) == nil) == parses)
    }

    @Test func keywordsAreWrittenBackInLowerCase() throws {
        let condition = try StakeholderFacts.condition(
            "tier IN ('top_team') AND NOT days_since_contact IS NULL OR flag_a = TRUE OR role NOT IN ('x')")
        #expect(
            condition.description
                == #"tier in ("top_team") and not days_since_contact is null or flag_a = true or role not in ("x")"#)
    }

    @Test(arguments: ["=", "!=", "<>", "<", "<=", ">", ">="])
    func everyComparisonOperatorReadsBackInItsNormalForm(operatorText: String) throws {
        let normal = operatorText == "<>" ? "!=" : operatorText
        let condition = try StakeholderFacts.condition("days_since_contact\(operatorText)30")
        #expect(condition.description == "days_since_contact \(normal) 30")
    }

    @Test(arguments: [
        "tier in ('top_team') and days_since_contact > 30",
        "contacts_30d < 0.5 * monthly_average_90d and monthly_average_90d >= 2",
        "days_since_contact is null or not (flag_a or flag_b) and tier not in ('a', \"b\\\"c\")",
        "(flag_a = flag_b) = flag_c or -(contacts_30d - 1) / 2 <= 1e20",
    ])
    func theNormalFormParsesBackToItself(text: String) throws {
        let once = try StakeholderFacts.condition(text)
        let twice = try StakeholderFacts.condition(once.description)
        #expect(twice.description == once.description)
        #expect(twice.factsRead == once.factsRead)
    }

    @Test func theOriginalTextIsKeptAsWritten() throws {
        let text = "  TIER   in ('top_team')"
        let condition = try Condition.parse(text, knownFacts: ["TIER": .text])
        #expect(condition.text == text)
        #expect(condition.description == #"TIER in ("top_team")"#)
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let depth = Condition.maximumDepth
        let parenthesised = String(repeating: "(", count: depth) + "flag_a" + String(repeating: ")", count: depth)
        #expect(try StakeholderFacts.condition(parenthesised).evaluate(["flag_a": .bool(true)]))
        let negated = String(repeating: "not ", count: depth) + "flag_a"
        #expect(try StakeholderFacts.condition(negated).evaluate(["flag_a": .bool(true)]))
    }

    @Test func longFlatChainsAreNotMistakenForDeepNesting() throws {
        let text = Array(repeating: "flag_a", count: 300).joined(separator: " and ")
        let condition = try StakeholderFacts.condition(text)
        #expect(condition.evaluate(["flag_a": .bool(true)]))
        #expect(!condition.evaluate(["flag_a": .bool(false)]))
    }
}
