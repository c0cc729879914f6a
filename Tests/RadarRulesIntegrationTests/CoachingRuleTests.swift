import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore
import Testing

extension RuleScenario {
    /// Sets a coaching goal for `email` on the day `days` before the check instant; returns its id.
    @discardableResult
    func goal(_ email: String, setDaysAgo days: Int, behaviour: String = "input_before_concluding") async throws -> UUID
    {
        let setOn = day(-days)
        return try await write { tx in
            try CoachingGoals(tx).add(
                email: email, CoachingGoalDraft(behaviour: behaviour, setOn: setOn), today: setOn
            ).id
        }
    }

    func observe(_ email: String, goal: UUID, daysAgo days: Int) async throws {
        let on = day(-days)
        try await write { tx in
            try CoachingGoals(tx).observe(email: email, goal: goal, on: on, note: "Seen asking before deciding.")
        }
    }
}

@Suite("Coaching rules: leaders' own goals and their own coaching")
struct CoachingRuleTests {
    @Test func aTopTeamMemberWithNoGoalIsFlaggedUntilAGoalIsSetAndOnlyFromThatDay() async throws {
        let scenario = try await RuleScenario.make("goal-none")
        #expect(
            Set(try await scenario.findings(rule: "leader-without-coaching-goal").map(\.subject)) == [
                "cara@x.test", "dev@x.test",
            ])
        try await scenario.goal("dev@x.test", setDaysAgo: -2)
        // Set two days after the check instant: as of the instant Dev still had none; two days on, he has one.
        #expect(try await scenario.findings(rule: "leader-without-coaching-goal").map(\.subject).contains("dev@x.test"))
        #expect(
            !(try await scenario.findings(daysLater: 2, rule: "leader-without-coaching-goal").map(\.subject).contains(
                "dev@x.test")))
        // A champion below the top team is not asked for one.
        #expect(
            !(try await scenario.findings(rule: "leader-without-coaching-goal").map(\.subject).contains("chip@x.test")))
    }

    @Test(arguments: [(181, true), (180, false)])
    func aGoalNobodyHasLookedAtForMoreThan180DaysIsStale(days: Int, fires: Bool) async throws {
        let scenario = try await RuleScenario.make("goal-stale-\(days)")
        try await scenario.goal("cara@x.test", setDaysAgo: days)
        let found = try await scenario.findings(rule: "coaching-goal-stale")
        #expect(found.map(\.subject) == (fires ? ["cara@x.test"] : []))
        if fires { #expect(found[0].message.contains("181 days without an observation")) }
    }

    @Test func anObservationCountsAsAReviewFromItsDayOn() async throws {
        let scenario = try await RuleScenario.make("goal-observed")
        let goal = try await scenario.goal("cara@x.test", setDaysAgo: 300)
        try await scenario.observe("cara@x.test", goal: goal, daysAgo: 200)
        #expect(try await scenario.findings(rule: "coaching-goal-stale").count == 1)
        try await scenario.observe("cara@x.test", goal: goal, daysAgo: 10)
        #expect(try await scenario.findings(rule: "coaching-goal-stale").isEmpty)
        // As of before that observation, the goal was still stale.
        #expect(try await scenario.findings(daysLater: -11, rule: "coaching-goal-stale").count == 1)
    }

    @Test func aSponsorIsFlaggedUntilCoachedOrEnrolledInARunningPeerGroup() async throws {
        let scenario = try await RuleScenario.make("sponsor-coached")
        #expect(try await scenario.findings(rule: "sponsor-not-coached").map(\.subject) == ["cara@x.test"])
        let since = scenario.day(0)
        try await scenario.write { tx in
            try CoachingGoals(tx).addCoaching(email: "cara@x.test", kind: "coached", since: since, until: nil)
        }
        #expect(try await scenario.findings(rule: "sponsor-not-coached").isEmpty)
        #expect(try await scenario.findings(daysLater: -1, rule: "sponsor-not-coached").count == 1)

        let peer = try await RuleScenario.make("sponsor-peer")
        try await peer.addSet(kind: "peer_coaching")
        #expect(try await peer.findings(rule: "sponsor-not-coached").isEmpty)
        // A plain top-team member is not asked to be coached by this rule.
        let plain = try await RuleScenario.make("sponsor-none")
        #expect(!(try await plain.findings(rule: "sponsor-not-coached").map(\.subject).contains("dev@x.test")))
    }
}
