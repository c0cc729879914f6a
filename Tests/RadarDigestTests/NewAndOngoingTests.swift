import Foundation
import Postgres
import RadarDigest
import RadarDomain
import RadarRules
import RadarStore
import Testing

/// New, still open, resolved, reopened and set aside, week by week, read from the flag ledger.
@Suite("Digest: new versus ongoing")
struct NewAndOngoingTests {
    /// Weeks 10 to 13 of 2026 (2 to 29 March); London is on GMT until the 29th, so local days are UTC days.
    /// With `silentLeaderDays` nil the catalogue's pending period applies; the weeks below are written for a
    /// silence that opens its flag the day it is overdue (0).
    static func history(
        _ label: String = "weeks", silentLeaderDays: Int? = 0
    ) async throws -> (DigestScenario, [String: Digest]) {
        let scenario = try await DigestScenario.make(
            label, rules: ["silent-leader", "stale-fear", "leader-commitment-overdue"])
        if let silentLeaderDays {
            try await scenario.write { tx in
                _ = try RuleBook(tx).update("silent-leader", .init(forDays: silentLeaderDays))
            }
        }
        try await scenario.converse("2026-01-25T10:00:00Z", with: ["cara@x.test"])
        try await scenario.converse("2026-01-31T10:00:00Z", with: ["dev@x.test"])
        try await scenario.converse("2026-02-14T10:00:00Z", with: ["cara@x.test"])
        try await scenario.write { tx in
            let fears = Fears(tx)
            try fears.add(
                FearDraft(
                    email: "cara@x.test", category: "exposure", statement: "Being seen to need help.",
                    severity: "high", raisedOn: DigestScenario.day("2026-01-25")))
            try fears.add(
                FearDraft(
                    email: "cara@x.test", category: "time", statement: "No hours left for it.",
                    raisedOn: DigestScenario.day("2026-02-14")))
            try Commitments(tx).add(
                CommitmentDraft(
                    ownerEmail: "dev@x.test", description: "Name two finance managers for the cohort",
                    madeOn: DigestScenario.day("2026-01-31"), dueOn: DigestScenario.day("2026-03-04")))
        }
        var digests: [String: Digest] = [:]

        // Week 10: Dev silent 31 days, Cara's first fear open 37 days.
        try await scenario.check("2026-03-03T12:00:00Z")
        digests["2026-W10"] = try await scenario.digest("2026-W10")

        // Week 11: Cara's first fear is put to rest and her second is only 27 days old; Dev stays silent.
        try await scenario.write { tx in
            let fear = try Fears(tx).list(Fears.Filter(email: "cara@x.test")).first { $0.statement.hasPrefix("Being") }!
            try Fears(tx).update(
                fear.id.uuidString, expectedVersion: nil, status: "resolved",
                mitigation: "Coached privately first.", resolvedOn: DigestScenario.day("2026-03-10"))
        }
        try await scenario.check("2026-03-13T12:00:00Z")
        digests["2026-W11"] = try await scenario.digest("2026-W11")

        // Week 12: Dev is met again; Cara has been silent 34 days, her second fear is 34 days old, and Dev's
        // commitment is 16 days overdue.
        try await scenario.converse("2026-03-18T10:00:00Z", with: ["dev@x.test"])
        try await scenario.check("2026-03-20T12:00:00Z")
        digests["2026-W12"] = try await scenario.digest("2026-W12")

        // Week 13 (it ends on the night the clocks go forward): nothing new; Cara's silence is snoozed.
        let silent = try await scenario.flagID("silent-leader", "cara@x.test")
        try await scenario.write { tx in
            try FlagBook(tx).snooze(
                silent, until: DigestScenario.day("2026-04-10"), reason: "Cara is travelling",
                at: DigestScenario.at("2026-03-25T09:00:00Z"))
        }
        try await scenario.check("2026-03-27T12:00:00Z")
        digests["2026-W13"] = try await scenario.digest("2026-W13")
        return (scenario, digests)
    }

    @Test func aPendingFlagIsNotNewOrOpenUntilItOpens() async throws {
        // Dev is one day overdue at the week-10 check: silent-leader waits three days, so his flag is pending
        // then, and new in week 11 when it opens.
        let (_, digests) = try await Self.history("pendingweeks", silentLeaderDays: nil)
        let w10 = try #require(digests["2026-W10"])
        #expect(w10.newRisks.keys == ["stale-fear cara@x.test"])
        #expect(w10.headline.counts.open == 1)
        let w11 = try #require(digests["2026-W11"])
        #expect(w11.newRisks.keys == ["silent-leader dev@x.test"])
        #expect(w11.headline.counts.open == 1)
    }

    @Test func aFlagThatClearsWhilePendingIsNeitherNewNorResolved() async throws {
        let scenario = try await DigestScenario.make("pendingcleared", rules: ["silent-leader"])
        try await scenario.converse("2026-01-31T10:00:00Z", with: ["dev@x.test"])
        // One day overdue on Tuesday (pending), met again on Wednesday: the flag never opened.
        try await scenario.check("2026-03-03T12:00:00Z")
        try await scenario.converse("2026-03-04T10:00:00Z", with: ["dev@x.test"])
        try await scenario.check("2026-03-06T12:00:00Z")
        let w10 = try await scenario.digest("2026-W10")
        #expect(!w10.newRisks.keys.contains("silent-leader dev@x.test"))
        #expect(!w10.improved.resolvedFlags.keys.contains("silent-leader dev@x.test"))
        #expect(w10.headline.counts.resolved == 0)
    }

    @Test func eachWeekSaysWhatIsNewWhatIsStillOpenAndWhatWasResolved() async throws {
        let (_, digests) = try await Self.history()
        let w10 = try #require(digests["2026-W10"])
        #expect(w10.newRisks.keys == ["silent-leader dev@x.test", "stale-fear cara@x.test"])
        #expect(w10.stillOpen.isEmpty)
        #expect(w10.improved.resolvedFlags.isEmpty)
        #expect(
            w10.headline.counts
                == DigestFlagCounts(
                    new: 2, reopened: 0, stillOpen: 0, resolved: 0, setAside: 0,
                    open: 2))

        let w11 = try #require(digests["2026-W11"])
        #expect(w11.newRisks.isEmpty)
        #expect(w11.stillOpen.keys == ["silent-leader dev@x.test"])
        #expect(w11.improved.resolvedFlags.keys == ["stale-fear cara@x.test"])
        #expect(w11.fears.resolved.map(\.statement) == ["Being seen to need help."])
        #expect(w11.headline.summary == "No new risks this week; 1 still open and 1 resolved.")

        let w12 = try #require(digests["2026-W12"])
        #expect(
            w12.newRisks.keys == [
                "silent-leader cara@x.test", "stale-fear cara@x.test",
                "leader-commitment-overdue dev@x.test",
            ])
        #expect(w12.newRisks.filter(\.reopened).keys == ["stale-fear cara@x.test"])
        #expect(w12.headline.counts.reopened == 1)
        #expect(w12.improved.resolvedFlags.keys == ["silent-leader dev@x.test"])
        #expect(w12.stillOpen.isEmpty)
        // Most severe first: the overdue commitment is high, the other two medium.
        #expect(w12.newRisks.first?.rule == "leader-commitment-overdue")

        let w13 = try #require(digests["2026-W13"])
        #expect(w13.newRisks.isEmpty)
        #expect(w13.stillOpen.keys == ["stale-fear cara@x.test", "leader-commitment-overdue dev@x.test"])
        #expect(w13.setAside.keys == ["silent-leader cara@x.test"])
        let snoozed = try #require(w13.setAside.first)
        #expect(snoozed.status == .snoozed)
        #expect(snoozed.snoozedUntil == DigestScenario.day("2026-04-10"))
        #expect(snoozed.setAsideBy == "test")
        #expect(snoozed.reason == "Cara is travelling")
        #expect(w13.isQuiet)
        #expect(!w12.isQuiet)
    }

    @Test func anOverdueCommitmentIsNewOnlyInTheWeekItFallsDue() async throws {
        let (_, digests) = try await Self.history()
        let overdue = try ["2026-W10", "2026-W11", "2026-W12"].map { week in
            try #require(digests[week]?.commitments.leadersOverdue.first)
        }
        #expect(overdue.map(\.newlyOverdue) == [true, false, false])
        #expect(overdue.map(\.daysOverdue) == [4, 11, 18])
        // Its flag is new the week it was raised and only still open after that.
        #expect(digests["2026-W12"]?.newRisks.keys.contains("leader-commitment-overdue dev@x.test") == true)
        #expect(digests["2026-W13"]?.stillOpen.keys.contains("leader-commitment-overdue dev@x.test") == true)
    }

    @Test func aPastWeekIsRecreatedExactlyAfterLaterWeeksHappened() async throws {
        let (scenario, digests) = try await Self.history()
        for week in ["2026-W10", "2026-W11", "2026-W12"] {
            let again = try await scenario.digest(week)
            #expect(again == digests[week], "week \(week) read differently after later weeks")
        }
    }

    @Test func openFlagsBySeverityCompareWithLastWeek() async throws {
        let (_, digests) = try await Self.history()
        let w12 = try #require(digests["2026-W12"])
        let high = try #require(w12.headline.openBySeverity.first { $0.severity == "high" })
        let medium = try #require(w12.headline.openBySeverity.first { $0.severity == "medium" })
        #expect((high.open, high.lastWeek, high.change) == (1, 0, 1))
        #expect((medium.open, medium.lastWeek, medium.change) == (2, 1, 1))
        #expect(w12.headline.openBySeverity.map(\.severity) == ["critical", "high", "medium", "low", "info"])
    }

    @Test func onlyAFlagWhoseConditionClearedIsAnImprovement() async throws {
        let scenario = try await DigestScenario.make("improved", rules: ["silent-leader"])
        try await scenario.converse("2026-01-25T10:00:00Z", with: ["cara@x.test", "dev@x.test"])
        try await scenario.check("2026-03-03T12:00:00Z")
        // Week 11: Cara is met again; Dev leaves. Both flags resolve, for different reasons.
        try await scenario.converse("2026-03-10T10:00:00Z", with: ["cara@x.test"])
        _ = try await scenario.write { tx in
            try Stakeholders(tx).leave(email: "dev@x.test", on: DigestScenario.day("2026-03-10"))
        }
        try await scenario.check("2026-03-13T12:00:00Z")
        let digest = try await scenario.digest("2026-W11")
        #expect(digest.headline.counts.resolved == 2)
        #expect(digest.improved.resolvedFlags.keys == ["silent-leader cara@x.test"])
        #expect(digest.improved.sentence.hasPrefix("1 risk resolved"), "\(digest.improved.sentence)")
    }
}
