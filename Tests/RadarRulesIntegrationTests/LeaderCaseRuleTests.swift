import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore
import Testing

extension RuleScenario {
    /// Records a note of `email`'s case `days` before the check instant.
    func caseNote(_ email: String, _ aspect: String, daysAgo days: Int, roleModel: String? = nil) async throws {
        let on = day(-days)
        try await write { tx in
            try LeaderCases(tx).record(
                email: email,
                LeaderCaseDraft(aspect: aspect, words: "In my own words.", roleModel: roleModel, recordedOn: on),
                today: on)
        }
    }
}

@Suite("Leader's case rules: personal gain (G04) and personal cost (G05) of leaders not yet where hoped")
struct LeaderCaseRuleTests {
    // Cara is supportive and hoped to lead; Dev is already as engaged as hoped.
    @Test(arguments: ["leader-gain-unrecorded", "leader-cost-undiscussed"])
    func onlyALeaderShortOfTheHopedEngagementIsAsked(rule: String) async throws {
        let scenario = try await RuleScenario.make("case-\(rule.prefix(11))")
        #expect(try await scenario.flagged(rule) == ["cara@x.test"])
    }

    @Test func aGainRecordedClearsG04FromItsDayOnAndLeavesG05() async throws {
        let scenario = try await RuleScenario.make("case-gain")
        try await scenario.caseNote("cara@x.test", "personal_gain", daysAgo: -3)
        #expect(try await scenario.flagged("leader-gain-unrecorded") == ["cara@x.test"])
        #expect(try await scenario.flagged("leader-gain-unrecorded", daysLater: 3).isEmpty)
        #expect(try await scenario.flagged("leader-cost-undiscussed", daysLater: 3) == ["cara@x.test"])
    }

    @Test func aCostTalkedThroughClearsG05AndItsReadinessIsAFact() async throws {
        let scenario = try await RuleScenario.make("case-cost")
        try await scenario.caseNote("cara@x.test", "personal_cost", daysAgo: 0, roleModel: "not_yet")
        #expect(try await scenario.flagged("leader-cost-undiscussed").isEmpty)
        #expect(try await scenario.flagged("leader-cost-undiscussed", daysLater: -1) == ["cara@x.test"])
        let facts = try await scenario.write { tx in
            try FactTable.load(.stakeholder, asOf: RuleScenario.asOf, in: tx).subjects.first { $0.key == "cara@x.test" }
        }
        #expect(facts?.facts["role_model_readiness"] == .text("not_yet"))
        #expect(facts?.facts["has_personal_gain"] == .bool(false))
    }

    @Test func aLeaderWhoReachedTheHopedEngagementIsNoLongerAsked() async throws {
        let scenario = try await RuleScenario.make("case-reached")
        try await scenario.assess("cara@x.test", engagement: "leading")
        #expect(try await scenario.flagged("leader-gain-unrecorded").isEmpty)
        #expect(try await scenario.flagged("leader-cost-undiscussed").isEmpty)
    }

    @Test func badNotesNameTheirField() async throws {
        let scenario = try await RuleScenario.make("case-bad")
        let today = scenario.day(0)
        for (draft, field) in [
            (LeaderCaseDraft(aspect: "personal_gain", words: " "), "inTheirWords"),
            (LeaderCaseDraft(aspect: "pride", words: "x"), "aspect"),
            (LeaderCaseDraft(aspect: "personal_gain", words: "x", roleModel: "ready"), "roleModel"),
        ] {
            let error = await #expect(throws: ValidationFailure.self) {
                try await scenario.write { try LeaderCases($0).record(email: "cara@x.test", draft, today: today) }
            }
            #expect(error?.problems.map(\.field.description) == [field])
        }
    }
}
