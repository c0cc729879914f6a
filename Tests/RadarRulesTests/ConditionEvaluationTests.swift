import RadarDomain
import RadarRules
import Testing

/// What conditions decide for given facts, NULL included.
@Suite("Condition evaluation")
struct ConditionEvaluationTests {
    @Test(arguments: [
        ("days_since_contact > 30", [:], ConditionTruth.unknown),
        ("days_since_contact > 30", ["days_since_contact": FactValue.null], .unknown),
        ("not days_since_contact > 30", ["days_since_contact": .null], .unknown),
        ("days_since_contact = days_since_contact", ["days_since_contact": .null], .unknown),
        ("days_since_contact is null", ["days_since_contact": .null], .true),
        ("days_since_contact is null", [:], .true),
        ("days_since_contact is not null", ["days_since_contact": .null], .false),
        ("days_since_contact is null or days_since_contact > 30", ["days_since_contact": .null], .true),
        ("days_since_contact is null or days_since_contact > 30", ["days_since_contact": .number(31)], .true),
        ("days_since_contact is null or days_since_contact > 30", ["days_since_contact": .number(30)], .false),
        ("days_since_contact > 30 and flag_a", ["flag_a": .bool(false)], .false),
        ("days_since_contact > 30 and flag_a", ["flag_a": .bool(true)], .unknown),
        ("days_since_contact > 30 or flag_a", ["flag_a": .bool(true)], .true),
        ("days_since_contact > 30 or flag_a", ["flag_a": .bool(false)], .unknown),
        ("flag_a = true", ["flag_a": .null], .unknown),
        ("not flag_a", ["flag_a": .null], .unknown),
        ("flag_a", ["flag_a": .null], .unknown),
        ("days_since_contact + 1 is null", ["days_since_contact": .null], .true),
        // A value of the wrong type counts as NULL rather than being coerced.
        ("days_since_contact > 30", ["days_since_contact": .text("45")], .unknown),
        ("tier = 'top_team'", ["tier": .number(1)], .unknown),
    ])
    func comparisonsWithNullAreUnknown(text: String, facts: [String: FactValue], truth: ConditionTruth) throws {
        let condition = try StakeholderFacts.condition(text)
        #expect(condition.truth(facts) == truth)
        #expect(condition.evaluate(facts) == (truth == .true))
    }

    @Test func aNeverContactedLeaderIsNotSilentUnlessTheRuleSaysSo() throws {
        let never: [String: FactValue] = ["tier": .text("top_team"), "days_since_contact": .null]
        let plain = try StakeholderFacts.condition(#"tier in ("top_team") and days_since_contact > 30"#)
        let inclusive = try StakeholderFacts.condition(
            #"tier in ("top_team") and (days_since_contact is null or days_since_contact > 30)"#)
        #expect(!plain.evaluate(never))
        #expect(inclusive.evaluate(never))
    }

    @Test(arguments: [
        ("tier in ('top_team', 'sponsor')", FactValue.text("sponsor"), ConditionTruth.true),
        ("tier in ('top_team', 'sponsor')", .text("staff"), .false),
        ("tier in ('top_team', 'sponsor')", .text("Top_Team"), .false),
        ("tier not in ('top_team', 'sponsor')", .text("staff"), .true),
        ("tier not in ('top_team', 'sponsor')", .text("top_team"), .false),
        ("tier in ('top_team')", .null, .unknown),
        ("tier not in ('top_team')", .null, .unknown),
        ("not tier in ('top_team')", .text("staff"), .true),
        // A NULL among the items makes a miss unknown, as in SQL; a hit is still a hit.
        ("tier in ('top_team', role)", .text("staff"), .unknown),
        ("tier in ('top_team', role)", .text("top_team"), .true),
        ("tier not in ('top_team', role)", .text("staff"), .unknown),
    ])
    func listMembershipMatchesExactly(text: String, tier: FactValue, truth: ConditionTruth) throws {
        let condition = try StakeholderFacts.condition(text)
        #expect(condition.truth(["tier": tier, "role": .null]) == truth)
    }

    @Test(arguments: [(1.0, true), (3, true), (4, false), (2.5, false)])
    func numbersCanBeListedToo(declines: Double, listed: Bool) throws {
        let condition = try StakeholderFacts.condition("declines_60d in (1, 2, 3)")
        #expect(condition.evaluate(["declines_60d": .number(declines)]) == listed)
    }

    @Test(arguments: [
        (3.0, 8.0, true),  // 3 < 4
        (4, 8, false),  // the boundary itself: not under half
        (0, 1.5, false),  // an average under 2 is too small to judge
        (0, 2, true),
    ])
    func fadingContactComparesAgainstHalfTheAverage(contacts: Double, average: Double, fires: Bool) throws {
        let condition = try StakeholderFacts.condition(
            "contacts_30d < 0.5 * monthly_average_90d and monthly_average_90d >= 2")
        let facts: [String: FactValue] = ["contacts_30d": .number(contacts), "monthly_average_90d": .number(average)]
        #expect(condition.evaluate(facts) == fires)
    }

    @Test(arguments: [
        ("contacts_30d / monthly_average_90d < 1", ConditionTruth.unknown),
        ("contacts_30d + monthly_average_90d = 3", .true),
        ("contacts_30d - monthly_average_90d = 3", .true),
        ("contacts_30d * monthly_average_90d = 0", .true),
        ("-contacts_30d = -3", .true),
    ])
    func divisionByZeroIsUnknownRatherThanInfinite(text: String, truth: ConditionTruth) throws {
        let condition = try StakeholderFacts.condition(text)
        #expect(condition.truth(["contacts_30d": .number(3), "monthly_average_90d": .number(0)]) == truth)
    }

    @Test(arguments: [
        ("role < 'sponsor'", "champion", true),
        ("role >= 'sponsor'", "champion", false),
        ("role <> 'sponsor'", "champion", true),
        ("role != 'champion'", "champion", false),
    ])
    func textComparesByCharacterOrder(text: String, role: String, holds: Bool) throws {
        #expect(try StakeholderFacts.condition(text).evaluate(["role": .text(role)]) == holds)
    }

    @Test func theSameConditionAlwaysGivesTheSameAnswer() throws {
        let first = try StakeholderFacts.condition("tier = 'top_team' and days_since_contact > 30")
        let second = try StakeholderFacts.condition("tier = 'top_team' and days_since_contact > 30")
        let facts: [String: FactValue] = ["tier": .text("top_team"), "days_since_contact": .number(31)]
        #expect(first == second)
        #expect(first.evaluate(facts) && second.evaluate(facts))
    }
}
