import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore
import Testing

extension RuleScenario {
    /// Records that `elements` are in place from `days` before the check instant.
    func strands(_ elements: [String], sinceDaysAgo days: Int) async throws {
        let since = day(-days)
        try await write { tx in
            for element in elements { try Strategy(tx).addElement(element, since: since, until: nil) }
        }
    }

    /// A pilot running since 30 days before the check instant, presented to the top team `days` before it.
    func presentedPilot(daysAgo days: Int) async throws {
        try await initiative("pilot-x", "pilot", startsInDays: -30, status: "running")
        let on = day(-days)
        try await write { tx in
            try Strategy(tx).expect(
                initiative: "pilot-x", presentedAs: "Better retention", presentedTo: "the top team", on: on)
        }
    }

    func agreeOutcome(daysAgo days: Int) async throws {
        let on = day(-days)
        try await write { tx in
            try Strategy(tx).agree(initiative: "pilot-x", outcome: "Two teams keep their staff longer", on: on)
        }
    }
}

@Suite("Strategy rules: pilots without a measure (G10), unagreed expectations and thin strategies (G12)")
struct StrategyRuleTests {
    @Test func aRunningPilotWithNoSuccessMeasureIsFlaggedUntilOneIsWrittenDown() async throws {
        let scenario = try await RuleScenario.make("pilot-measure")
        try await scenario.initiative("pilot-x", "pilot", startsInDays: -10, status: "running")
        try await scenario.initiative("course", "training", startsInDays: -10, status: "running")
        #expect(try await scenario.flagged("pilot-without-success-measure") == ["pilot-x"])
        let at = RuleScenario.asOf.addingTimeInterval(86_400)
        try await scenario.write { tx in
            try Initiatives(tx).update(
                ref: "pilot-x", expectedVersion: nil, InitiativeDraft(successMeasure: "Escalations a week"),
                changedAt: at)
        }
        #expect(try await scenario.flagged("pilot-without-success-measure") == ["pilot-x"])
        #expect(try await scenario.flagged("pilot-without-success-measure", daysLater: 2).isEmpty)
    }

    @Test("a roll-out that names its pilot waits for that pilot's outcome, whatever another pilot showed, as it stood then")
    func aRollOutWaitsForItsOwnPilot() async throws {
        let scenario = try await RuleScenario.make("rollout-pilot")
        // Pilot A showed something twenty days ago; pilot B, begun a month ago, has shown nothing yet.
        try await scenario.initiative("pilot-a", "pilot", startsInDays: -90, endsInDays: -20, status: "running")
        let twentyDaysAgo = RuleScenario.asOf.addingTimeInterval(-20 * 86_400)
        try await scenario.write { tx in
            try Initiatives(tx).update(
                ref: "pilot-a", expectedVersion: nil, InitiativeDraft(outcome: "Escalations halved"),
                changedAt: twentyDaysAgo)
        }
        try await scenario.initiative("pilot-b", "pilot", startsInDays: -30, endsInDays: 30, status: "running")
        try await scenario.initiative("train-a", "training", startsInDays: -10, status: "running", pilot: "pilot-a")
        try await scenario.initiative("train-b", "training", startsInDays: -10, status: "running", pilot: "pilot-b")
        // Naming no pilot, a roll-out reads the organisation as a whole: pilot A's outcome is evidence enough.
        try await scenario.initiative("train-c", "training", startsInDays: -10, status: "running")

        let found = try await scenario.findings(rule: "rollout-before-evidence")
        #expect(found.map(\.message) == ["Going wider before its pilot has a recorded outcome: train-b."])

        // The day after the check, train-b stops naming pilot B: from then on it reads like train-c.
        let dayAfter = RuleScenario.asOf.addingTimeInterval(86_400)
        try await scenario.write { tx in
            try Initiatives(tx).update(
                ref: "train-b", expectedVersion: nil, InitiativeDraft(pilot: ""), changedAt: dayAfter)
        }
        #expect(try await scenario.findings(daysLater: 2, rule: "rollout-before-evidence").isEmpty)
        // A re-check of the first day still reads the link as it stood then.
        #expect(try await scenario.findings(rule: "rollout-before-evidence").count == 1)
    }

    @Test("only a pilot can be spread: naming itself, a course or an unknown ref, or a pilot naming one, is refused")
    func onlyAPilotCanBeSpread() async throws {
        let scenario = try await RuleScenario.make("rollout-refused")
        try await scenario.initiative("pilot-a", "pilot", startsInDays: -30, status: "running")
        try await scenario.initiative("course", "training", startsInDays: -30, status: "running")
        func refusal(_ draft: InitiativeDraft) async throws -> [String] {
            do {
                try await scenario.write { tx in _ = try Initiatives(tx).add(draft) }
                return []
            } catch let failure as ValidationFailure {
                return failure.problems.map { "\($0.field) \($0.message)" }
            }
        }
        let start = scenario.day(0)
        let onCourse = try await refusal(
            InitiativeDraft(ref: "wide", title: "Wide", kind: "training", startsOn: start, pilot: "course"))
        #expect(onCourse == ["pilot \"course\" is not a pilot"])
        let unknown = try await refusal(
            InitiativeDraft(ref: "wide", title: "Wide", kind: "training", startsOn: start, pilot: "nope"))
        #expect(unknown == ["pilot no initiative with ref \"nope\" in this organisation"])
        let itself = try await refusal(
            InitiativeDraft(ref: "wide", title: "Wide", kind: "training", startsOn: start, pilot: "wide"))
        #expect(itself.first?.hasPrefix("pilot an initiative cannot spread itself") == true)
        let pilotOnPilot = try await refusal(
            InitiativeDraft(ref: "pilot-c", title: "C", kind: "pilot", startsOn: start, pilot: "pilot-a"))
        #expect(pilotOnPilot.first?.hasPrefix("pilot a pilot does not spread another pilot") == true)

        // Once a course spreads pilot A, pilot A stays a pilot.
        try await scenario.initiative("wide", "training", startsInDays: 0, pilot: "pilot-a")
        await #expect(throws: ValidationFailure.self) {
            try await scenario.write { tx in
                _ = try Initiatives(tx).update(ref: "pilot-a", expectedVersion: nil, InitiativeDraft(kind: "training"))
            }
        }
        // A change that does not name a pilot keeps the link.
        let wide = try await scenario.write { tx in
            try Initiatives(tx).update(ref: "wide", expectedVersion: nil, InitiativeDraft(title: "Wider"))
        }
        #expect(wide.pilot == "pilot-a")
    }

    @Test func anInitiativePresentedWithoutAnAgreedOutcomeIsFlaggedFromThePresentationToTheAgreement() async throws {
        let scenario = try await RuleScenario.make("expect")
        try await scenario.presentedPilot(daysAgo: 5)
        let found = try #require(try await scenario.findings(rule: "expectation-unagreed").first)
        #expect(
            found.message
                == "pilot-x was presented to the top team as delivering \"Better retention\", and no realistic outcome has been agreed with them."
        )
        #expect(try await scenario.flagged("expectation-unagreed", daysLater: -6).isEmpty)
        try await scenario.agreeOutcome(daysAgo: -1)
        #expect(try await scenario.flagged("expectation-unagreed") == ["pilot-x"])
        #expect(try await scenario.flagged("expectation-unagreed", daysLater: 1).isEmpty)
    }

    @Test(arguments: [(2, true), (3, false)])
    func fewerThanThreeStrandsInPlaceIsTooThin(count: Int, fires: Bool) async throws {
        let scenario = try await RuleScenario.make("strands-\(count)")
        try await scenario.strands(Array(["peer_coaching", "measurement", "goals"].prefix(count)), sinceDaysAgo: 10)
        let found = try await scenario.findings(rule: "strategy-too-thin")
        #expect(found.count == (fires ? 1 : 0))
        if fires {
            #expect(found[0].message.hasPrefix("Only 2 strands of the coaching strategy are in place; missing: "))
            #expect(found[0].message.contains("role_modelling_leaders, managers_as_coaches, action_learning, goals"))
        }
    }

    @Test func aStrandThatStoppedNoLongerCountsAndOneNotYetStartedDoesNotYet() async throws {
        let scenario = try await RuleScenario.make("strands-time")
        try await scenario.strands(["peer_coaching", "measurement"], sinceDaysAgo: 100)
        let (since, until) = (scenario.day(-100), scenario.day(-1))
        try await scenario.write { tx in
            try Strategy(tx).addElement("goals", since: since, until: until)
        }
        try await scenario.strands(["communication"], sinceDaysAgo: -1)
        #expect(try await scenario.findings(rule: "strategy-too-thin").count == 1)
        #expect(try await scenario.findings(daysLater: -2, rule: "strategy-too-thin").isEmpty)
        #expect(try await scenario.findings(daysLater: 1, rule: "strategy-too-thin").isEmpty)
    }

    @Test func badStrandsAndExpectationsNameTheirFields() async throws {
        let scenario = try await RuleScenario.make("strategy-bad")
        try await scenario.initiative("pilot-x", "pilot", startsInDays: -30, status: "running")
        let today = scenario.day(0)
        let strand = await #expect(throws: ValidationFailure.self) {
            try await scenario.write {
                try Strategy($0).addElement("posters", since: today, until: today.adding(days: -1))
            }
        }
        #expect(strand?.problems.map(\.field.description) == ["element", "until"])
        let early = await #expect(throws: ValidationFailure.self) {
            try await scenario.write { try Strategy($0).agree(initiative: "pilot-x", outcome: "x", on: today) }
        }
        #expect(early?.problems.map(\.field.description) == ["realisticOutcome"])
        let blank = await #expect(throws: ValidationFailure.self) {
            try await scenario.write {
                try Strategy($0).expect(initiative: "pilot-x", presentedAs: " ", presentedTo: "", on: today)
            }
        }
        #expect(blank?.problems.map(\.field.description) == ["presentedAs", "presentedTo"])
    }
}
