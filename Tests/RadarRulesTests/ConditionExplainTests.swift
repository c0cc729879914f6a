import RadarDomain
import RadarRules
import Testing

/// What `radar explain` and flag evidence get from a condition.
@Suite("Condition explanation and facts read")
struct ConditionExplainTests {
    static let silentLeader =
        #"tier in ("top_team") and (days_since_contact > 30 or days_since_contact is null) and not has_open_fear"#

    @Test func everyPartOfACompoundConditionIsExplainedInSourceOrder() throws {
        let condition = try StakeholderFacts.condition(Self.silentLeader)
        let parts = condition.explain([
            "tier": .text("top_team"), "days_since_contact": .null,
            "has_open_fear": .bool(false),
        ])
        let expected: [(String, Int, Int, ConditionTruth)] = [
            (Self.silentLeader, 0, 0, .true),
            (#"tier in ("top_team")"#, 0, 1, .true),
            ("(days_since_contact > 30 or days_since_contact is null)", 25, 1, .true),
            ("days_since_contact > 30", 26, 2, .unknown),
            ("days_since_contact is null", 53, 2, .true),
            ("not has_open_fear", 85, 1, .true),
            ("has_open_fear", 89, 2, .false),
        ]
        #expect(parts.map(\.text) == expected.map(\.0))
        #expect(parts.map(\.position) == expected.map(\.1))
        #expect(parts.map(\.depth) == expected.map(\.2))
        #expect(parts.map(\.truth) == expected.map(\.3))
    }

    @Test func partsAfterAFalseOneAreStillExplained() throws {
        let condition = try StakeholderFacts.condition("flag_a and days_since_contact > 30")
        let parts = condition.explain(["flag_a": .bool(false), "days_since_contact": .number(45)])
        #expect(parts.map(\.truth) == [.false, .false, .true])
    }

    @Test func arithmeticIsShownInsideItsComparisonNotAsAPartOfItsOwn() throws {
        let condition = try StakeholderFacts.condition(
            "contacts_30d < 0.5 * monthly_average_90d and monthly_average_90d >= 2")
        let parts = condition.explain(["contacts_30d": .number(1), "monthly_average_90d": .number(3)])
        #expect(
            parts.map(\.text) == [
                condition.text, "contacts_30d < 0.5 * monthly_average_90d",
                "monthly_average_90d >= 2",
            ])
        #expect(parts.map(\.truth) == [.true, .true, .true])
    }

    @Test func aPartReadsAsIndentedTextWithItsTruth() throws {
        let parts = try StakeholderFacts.condition("not flag_a").explain(["flag_a": .null])
        #expect(parts.map(\.description) == ["not flag_a → unknown", "  flag_a → unknown"])
    }

    @Test(arguments: [
        ("flag_a", ["flag_a": FactValue.bool(true)]),
        (silentLeader, ["tier": .text("top_team"), "days_since_contact": .number(12)]),
        ("tier in ('x', role) or not days_since_contact > 3", ["tier": .text("y")]),
    ])
    func theFirstPartIsTheWholeConditionWithItsTruth(text: String, facts: [String: FactValue]) throws {
        let condition = try StakeholderFacts.condition(text)
        let whole = try #require(condition.explain(facts).first)
        #expect(whole.text == text)
        #expect(whole.truth == condition.truth(facts))
    }

    @Test(arguments: [
        ("flag_a", ["flag_a"]),
        ("days_since_contact > 30 or days_since_contact is null", ["days_since_contact"]),
        (
            "contacts_30d < 0.5 * monthly_average_90d and monthly_average_90d >= 2 and tier in ('top_team', role)",
            ["contacts_30d", "monthly_average_90d", "role", "tier"]
        ),
        ("1 < 2", []),
    ])
    func factsReadAreSortedAndUnique(text: String, facts: [String]) throws {
        #expect(try StakeholderFacts.condition(text).factsRead == facts)
    }
}
