import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore
import Testing

extension RuleScenario {
    /// Logs a tension raised by Chip `days` before the check instant; returns its id.
    @discardableResult
    func tension(raisedDaysAgo days: Int, value: String = "We grow our people") async throws -> UUID {
        let on = day(-days)
        return try await write { tx in
            try Narratives(tx).logTension(
                statedValue: value, rewardedBehaviour: "Only quarterly numbers are rewarded", raisedBy: "chip@x.test",
                raisedOn: on
            ).id
        }
    }

    func discuss(_ tension: UUID, daysAgo days: Int) async throws {
        let on = day(-days)
        try await write { tx in try Narratives(tx).discussed(tension: tension, on: on) }
    }

    /// A pilot that ran from 400 days before the check instant until `days` before it, with a benefit measured at
    /// its start and once while it ran.
    func pilotWithBenefit(endedDaysAgo days: Int) async throws {
        try await initiative("pilot-b", "pilot", startsInDays: -400, endsInDays: -days, status: "done")
        let (start, during) = (day(-400), day(-days - 10))
        try await write { tx in
            try Benefits(tx).add(initiative: "pilot-b", measure: "Escalations a month", baseline: 40, on: start)
            try Benefits(tx).read(
                initiative: "pilot-b", measure: "Escalations a month", value: 31, on: during, seenBy: ["cara@x.test"])
        }
    }

    func measureAgain(daysAgo days: Int) async throws {
        let on = day(-days)
        try await write { tx in
            try Benefits(tx).read(
                initiative: "pilot-b", measure: "Escalations a month", value: 29, on: on, seenBy: [])
        }
    }
}

@Suite("Narrative and benefit rules: tensions left with HR (G02), benefits nobody measured again (G03)")
struct NarrativeRuleTests {
    @Test(arguments: [(43, true), (42, false)])
    func aTensionUndiscussedForMoreThanSixWeeksIsFlagged(days: Int, fires: Bool) async throws {
        let scenario = try await RuleScenario.make("tension-\(days)")
        try await scenario.tension(raisedDaysAgo: days)
        let found = try await scenario.findings(rule: "tension-not-discussed")
        #expect(found.count == (fires ? 1 : 0))
        if fires {
            #expect(
                found[0].message
                    == "A tension between \"We grow our people\" and what is rewarded was raised 43 days ago and the top team has not discussed it."
            )
        }
    }

    @Test func aDiscussionClearsItFromItsDayOnAndTheNextOldestIsNamed() async throws {
        let scenario = try await RuleScenario.make("tension-clear")
        let old = try await scenario.tension(raisedDaysAgo: 100)
        try await scenario.tension(raisedDaysAgo: 50, value: "Customers first")
        #expect(try await scenario.findings(rule: "tension-not-discussed").map(\.severity) == [.high])
        try await scenario.discuss(old, daysAgo: -1)
        #expect(try await scenario.findings(rule: "tension-not-discussed").first?.message.contains("We grow") == true)
        let later = try #require(try await scenario.findings(daysLater: 1, rule: "tension-not-discussed").first)
        #expect(later.message.contains("\"Customers first\""))
        #expect(later.severity == .medium)
    }

    @Test(arguments: [(183, true), (182, false)])
    func aBenefitNotMeasuredSinceAnInitiativeEndedHalfAYearAgoIsFlagged(days: Int, fires: Bool) async throws {
        let scenario = try await RuleScenario.make("benefit-\(days)")
        try await scenario.pilotWithBenefit(endedDaysAgo: days)
        #expect(try await scenario.flagged("benefit-not-remeasured") == (fires ? ["pilot-b"] : []))
    }

    @Test func aReadingAfterTheEndClearsItOnlyFromItsDay() async throws {
        let scenario = try await RuleScenario.make("benefit-clear")
        try await scenario.pilotWithBenefit(endedDaysAgo: 200)
        try await scenario.measureAgain(daysAgo: -2)
        #expect(try await scenario.flagged("benefit-not-remeasured") == ["pilot-b"])
        #expect(try await scenario.flagged("benefit-not-remeasured", daysLater: 2).isEmpty)
    }

    @Test func badTensionsAndReadingsNameTheirFields() async throws {
        let scenario = try await RuleScenario.make("narrative-bad")
        let today = scenario.day(0)
        let tension = await #expect(throws: ValidationFailure.self) {
            try await scenario.write { tx in
                try Narratives(tx).logTension(
                    statedValue: " ", rewardedBehaviour: "x", raisedBy: "nobody@x.test", raisedOn: today,
                    discussedOn: today.adding(days: -1))
            }
        }
        #expect(tension?.problems.map(\.field.description) == ["statedValue", "raisedBy", "discussedOn"])
        try await scenario.pilotWithBenefit(endedDaysAgo: 10)
        let reading = await #expect(throws: ValidationFailure.self) {
            try await scenario.write { tx in
                try Benefits(tx).read(
                    initiative: "pilot-b", measure: "Escalations a month", value: 1, on: today.adding(days: -500),
                    seenBy: ["zed@x.test"])
            }
        }
        #expect(reading?.problems.map(\.field.description) == ["measuredOn", "seenBy[0]"])
        let story = await #expect(throws: ValidationFailure.self) {
            try await scenario.write { tx in
                try Narratives(tx).addNarrative(kind: "legend", title: "", statement: nil, on: today)
            }
        }
        #expect(story?.problems.map(\.field.description) == ["kind", "title"])
    }
}
