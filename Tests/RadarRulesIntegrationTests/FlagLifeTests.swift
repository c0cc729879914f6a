import RadarTestSupport
import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore
import Testing

/// A flag's life like the best alerting systems (issue 16, part 3): pending until its condition has held for its
/// rule's days, suppressed by a root-cause flag on the same subject, silenced by a matcher until a day, and a
/// history of every change with the facts at that moment.
@Suite("Flag life")
struct FlagLifeTests {
    static let cara = "cara@x.test", dev = "dev@x.test", hana = "hana@x.test"

    /// Runs the full check (pending, suppression, silences) as of the scenario's instant plus `days`.
    static func check(_ scenario: RuleScenario, daysLater days: Int = 0) async throws {
        let instant = RuleScenario.asOf.addingTimeInterval(Double(days) * 86400)
        _ = try await scenario.write { try FlagBook($0).check(asOf: instant) }
    }

    /// The flag of `rule` about `subject`.
    static func flag(_ scenario: RuleScenario, _ rule: String, _ subject: String) async throws -> Flag {
        try #require(
            try await scenario.write { tx in
                try FlagBook(tx).all().first { $0.rule == rule && $0.subject == subject }
            }, "no \(rule) flag about \(subject)")
    }

    /// The events of a flag, oldest first, by name.
    static func events(_ scenario: RuleScenario, _ flag: Flag) async throws -> [FlagEvent] {
        try await scenario.write { try FlagBook($0).history(flag.id.uuidString).events }
    }

    /// Weekly one-to-ones with `person` from `from` days before the instant to `to` days before it.
    static func weekly(_ scenario: RuleScenario, _ person: String, from: Int, to: Int) async throws {
        for days in stride(from: from, through: to, by: -7) {
            try await scenario.converse(days, with: [person, hana])
        }
    }

    @Test func pendingFlagOpensOnlyAfterConditionHeldForItsDays() async throws {
        let scenario = try await RuleScenario.make("pending")
        // One conversation 31 days ago and no rhythm: 30 days allowed, so the silence is one day overdue now and
        // was not the day before.
        try await scenario.converse(31, with: [Self.cara, Self.hana])
        let rule = try await scenario.write { try RuleBook($0).find("silent-leader") }
        #expect(rule.forDays == 3)
        try await Self.check(scenario)
        var flag = try await Self.flag(scenario, "silent-leader", Self.cara)
        #expect(flag.status == .pending)
        #expect(flag.opensOn == scenario.day(3))
        try await Self.check(scenario, daysLater: 2)
        flag = try await Self.flag(scenario, "silent-leader", Self.cara)
        #expect(flag.status == .pending)
        try await Self.check(scenario, daysLater: 3)
        flag = try await Self.flag(scenario, "silent-leader", Self.cara)
        #expect(flag.status == .open)
        #expect(flag.pendingSince == nil)
        #expect(try await Self.events(scenario, flag).map(\.kind) == [.raised, .pending, .opened])
    }

    @Test func aPendingFlagIsNotOpenInTheCheckFailOrTheCounts() async throws {
        let scenario = try await RuleScenario.make("pendingcount")
        try await scenario.converse(31, with: [Self.cara, Self.hana])
        let result = try await scenario.write { try FlagBook($0).check(asOf: RuleScenario.asOf) }
        #expect(result.pending >= 1)
        let open = try await scenario.write { try FlagBook($0).list(.init(status: .open), page: .init()).items }
        #expect(!open.contains { $0.rule == "silent-leader" && $0.subject == Self.cara })
        let pending = try await scenario.write { try FlagBook($0).list(.init(status: .pending), page: .init()).items }
        #expect(pending.contains { $0.rule == "silent-leader" && $0.subject == Self.cara })
    }

    @Test func timeTravelGivesTheSameAnswerWithPending() async throws {
        // Checked day by day, and checked only at the end: the same answer at every instant.
        let stepped = try await RuleScenario.make("travelstep")
        let direct = try await RuleScenario.make("traveldirect")
        for scenario in [stepped, direct] { try await scenario.converse(31, with: [Self.cara, Self.hana]) }
        for days in 0...4 { try await Self.check(stepped, daysLater: days) }
        try await Self.check(direct, daysLater: 4)
        #expect(try await Self.flag(stepped, "silent-leader", Self.cara).status == .open)
        #expect(try await Self.flag(direct, "silent-leader", Self.cara).status == .open)
        // Back to the first day: pending again, from the same instant, whatever later checks stored.
        try await Self.check(stepped, daysLater: 1)
        try await Self.check(direct, daysLater: 1)
        let back = try await Self.flag(stepped, "silent-leader", Self.cara)
        let fresh = try await Self.flag(direct, "silent-leader", Self.cara)
        #expect(back.status == .pending)
        #expect(fresh.status == .pending)
        #expect(back.pendingSince == fresh.pendingSince)
        #expect(back.opensOn == fresh.opensOn)
    }

    @Test func aSponsorLeavingOpensItsCriticalFlagAtOnce() async throws {
        let scenario = try await RuleScenario.make("nopending")
        try await scenario.leave(Self.cara, daysAgo: 0)
        try await Self.check(scenario, daysLater: 1)
        #expect(try await scenario.write { try RuleBook($0).find("no-active-sponsor") }.forDays == 0)
        let flag = try #require(
            try await scenario.write { try FlagBook($0).all().first { $0.rule == "no-active-sponsor" } })
        #expect(flag.status == .open)
    }

    @Test func silentLeaderSuppressesFadingContactForTheSamePerson() async throws {
        let scenario = try await RuleScenario.make("suppress")
        // Cara was met weekly until 40 days ago: silent past her rhythm, and her contact has faded.
        try await Self.weekly(scenario, Self.cara, from: 150, to: 40)
        let fired = try await scenario.write { try RuleEngine($0).findings(asOf: RuleScenario.asOf) }
        #expect(fired.contains { $0.rule == "fading-contact" && $0.subject == Self.cara })
        try await Self.check(scenario)
        let silent = try await Self.flag(scenario, "silent-leader", Self.cara)
        let fading = try await Self.flag(scenario, "fading-contact", Self.cara)
        #expect(silent.status == .open)
        #expect(fading.status == .suppressed)
        #expect(fading.suppressedBy == silent.id)
        #expect(fading.suppressedByRule == "silent-leader")
        #expect(try await Self.events(scenario, fading).map(\.kind).contains(.suppressed))
        // Listed, never dropped; other rules on her are untouched.
        let unresolved = try await scenario.write { try FlagBook($0).unresolved() }
        #expect(unresolved.contains { $0.id == fading.id })
        #expect(
            unresolved.filter { $0.subject == Self.cara && $0.rule != "fading-contact" }.allSatisfy {
                $0.status != .suppressed || $0.suppressedByRule == "silent-leader"
            })
        // The explanation says the same.
        let explanation = try await scenario.write {
            try RuleEngine($0).explain(.email(Self.cara), asOf: RuleScenario.asOf)
        }
        let reading = try #require(explanation.readings.first { $0.rule == "fading-contact" })
        #expect(reading.standing.overlay == .suppressed)
        #expect(reading.standing.suppressedByRule == "silent-leader")
    }

    @Test func whenTheRootCauseClearsTheSuppressedFlagSpeaksAgain() async throws {
        let scenario = try await RuleScenario.make("unsuppress")
        try await Self.weekly(scenario, Self.cara, from: 150, to: 40)
        try await Self.check(scenario)
        _ = try await scenario.write { try RuleBook($0).update("silent-leader", .init(suppresses: [])) }
        try await Self.check(scenario)
        let fading = try await Self.flag(scenario, "fading-contact", Self.cara)
        #expect(fading.status == .open)
        #expect(try await Self.events(scenario, fading).map(\.kind).suffix(1) == [.unsuppressed])
    }

    @Test func silenceByGuidelineHidesOnlyThatPersonsG11FlagsUntilItExpires() async throws {
        let scenario = try await RuleScenario.make("silence")
        try await scenario.converse(40, with: [Self.cara, Self.hana])
        try await scenario.converse(40, with: [Self.dev, Self.hana])
        let silence = try await scenario.write { tx in
            try Silences(tx).add(
                .init(guideline: "G11", subject: Self.cara, until: scenario.day(10), reason: "sabbatical"),
                at: RuleScenario.asOf)
        }
        try await Self.check(scenario)
        let hers = try await Self.flag(scenario, "silent-leader", Self.cara)
        #expect(hers.status == .silenced)
        #expect(hers.silence == silence.id)
        #expect(hers.silenceReason == "sabbatical")
        #expect(try await Self.flag(scenario, "silent-leader", Self.dev).status == .open)
        let other = try await scenario.write { try FlagBook($0).unresolved().filter { $0.subject == Self.cara } }
        #expect(other.filter { $0.guideline != "G11" }.allSatisfy { $0.status != .silenced })
        #expect(other.contains { $0.guideline != "G11" })
        // The silence runs out by itself on its day.
        try await Self.check(scenario, daysLater: 9)
        #expect(try await Self.flag(scenario, "silent-leader", Self.cara).status == .silenced)
        try await Self.check(scenario, daysLater: 10)
        let after = try await Self.flag(scenario, "silent-leader", Self.cara)
        #expect(after.status == .open)
        #expect(try await Self.events(scenario, after).map(\.kind).suffix(2) == [.silenced, .unsilenced])
    }

    @Test func aSilenceWithAStartDayHoldsOnlyFromThatDay() async throws {
        let scenario = try await RuleScenario.make("silencefrom")
        try await scenario.converse(40, with: [Self.cara, Self.hana])
        let backwards = try await #require(throws: ValidationFailure.self) {
            try await scenario.write { tx in
                try Silences(tx).add(
                    .init(rule: "silent-leader", from: scenario.day(10), until: scenario.day(5), reason: "leave"),
                    at: RuleScenario.asOf)
            }
        }
        #expect(backwards.problems.map(\.field.description) == ["from"])
        _ = try await scenario.write { tx in
            try Silences(tx).add(
                .init(rule: "silent-leader", from: scenario.day(5), until: scenario.day(10), reason: "leave"),
                at: RuleScenario.asOf)
        }
        try await Self.check(scenario, daysLater: 4)
        #expect(try await Self.flag(scenario, "silent-leader", Self.cara).status == .open)
        try await Self.check(scenario, daysLater: 5)
        #expect(try await Self.flag(scenario, "silent-leader", Self.cara).status == .silenced)
        try await Self.check(scenario, daysLater: 10)
        #expect(try await Self.flag(scenario, "silent-leader", Self.cara).status == .open)
    }

    @Test func anEndedSilenceStopsAndSilencesAreCheckedAuditedAndKeptApart() async throws {
        let scenario = try await RuleScenario.make("silencekept")
        let other = try await RuleScenario.make("silenceother")
        try await scenario.converse(40, with: [Self.cara, Self.hana])
        let refused = try await #require(throws: ValidationFailure.self) {
            try await scenario.write { tx in
                try Silences(tx).add(.init(subject: "nobody@x.test", tier: "chiefs", until: nil, reason: " "), at: .now)
            }
        }
        #expect(Set(refused.problems.map(\.field.description)) == ["subject", "tier", "until", "reason"])
        let none = try await #require(throws: ValidationFailure.self) {
            try await scenario.write { try Silences($0).add(.init(until: scenario.day(5), reason: "x"), at: .now) }
        }
        #expect(none.problems.map(\.field.description) == ["matcher"])
        let silence = try await scenario.write { tx in
            try Silences(tx).add(
                .init(rule: "silent-leader", tier: "top_team", until: scenario.day(30), reason: "offsite"), at: .now)
        }
        try await Self.check(scenario)
        #expect(try await Self.flag(scenario, "silent-leader", Self.cara).status == .silenced)
        _ = try await scenario.write {
            try Silences($0).end(silence.id.uuidString, at: RuleScenario.asOf.addingTimeInterval(3600))
        }
        let again = try await #require(throws: StoreError.self) {
            try await scenario.write { try Silences($0).end(silence.id.uuidString, at: .now) }
        }
        #expect(again.isSettled)
        try await Self.check(scenario, daysLater: 1)
        #expect(try await Self.flag(scenario, "silent-leader", Self.cara).status == .open)
        let audited = try await scenario.write { tx in
            try tx.connection.query("SELECT action FROM audit_events WHERE entity = 'silence' ORDER BY id")
                .map { try $0.decode("action", as: String.self) }
        }
        #expect(audited.count == 2)
        // Another organisation sees none of it, not even by reading the table.
        let seen = try await other.write { tx in
            try tx.connection.queryRow("SELECT count(*) AS n FROM silences")!.decode("n", as: Int.self)
        }
        #expect(seen == 0)
        #expect(try await other.write { try Silences($0).all() }.isEmpty)
    }

    @Test func historyListsRaisedAcknowledgedResolvedWithReason() async throws {
        let scenario = try await RuleScenario.make("history")
        try await scenario.converse(40, with: [Self.cara, Self.hana])
        try await Self.check(scenario)
        let flag = try await Self.flag(scenario, "silent-leader", Self.cara)
        _ = try await scenario.write { tx in
            try FlagBook(tx).acknowledge(flag.id.uuidString, reason: "calling her", at: RuleScenario.asOf)
        }
        try await scenario.converse(-1, with: [Self.cara, Self.hana])
        try await Self.check(scenario, daysLater: 2)
        let events = try await Self.events(scenario, flag)
        #expect(events.map(\.kind) == [.raised, .acknowledged, .resolved])
        #expect(events[0].evidence?["days_overdue"] == .number(10))
        #expect(events[1].reason == "calling her")
        #expect(events[2].resolution == .conditionCleared)
        #expect(events[2].reason?.contains("days_overdue 10 → 0") == true, "\(events[2].reason ?? "")")
        #expect(events[2].evidence?["days_overdue"] == .number(0))
    }

    @Test func erasingAPersonLeavesNoTraceInTheirSilencesOrTheFactsOfTheirFlagsHistory() async throws {
        let scenario = try await RuleScenario.make("lifeerase")
        try await scenario.converse(40, with: [Self.cara, Self.hana])
        _ = try await scenario.write { tx in
            try Silences(tx).add(
                .init(subject: Self.cara, until: scenario.day(30), reason: "Cara Chief is on sabbatical"),
                at: RuleScenario.asOf)
        }
        try await Self.check(scenario)
        _ = try await scenario.write { try PersonalData($0).erase(email: Self.cara) }
        let traces = try await scenario.write { tx in
            try tx.connection.queryRow(
                """
                SELECT (SELECT count(*) FROM silences WHERE reason ILIKE '%Cara%')
                     + (SELECT count(*) FROM flag_events WHERE evidence::text ILIKE '%Cara Chief%'
                                                            OR reason ILIKE '%Cara%') AS n
                """)!.decode("n", as: Int.self)
        }
        #expect(traces == 0)
        #expect(try await scenario.write { try Silences($0).all() }.map(\.reason) == ["erased"])
    }

    @Test func aRuleRefusesABadPendingPeriodOrAnUnknownRuleToSuppress() async throws {
        let scenario = try await RuleScenario.make("lifeedit")
        let refused = try await #require(throws: ValidationFailure.self) {
            try await scenario.write {
                try RuleBook($0).update("silent-leader", .init(forDays: 400, suppresses: ["nope"]))
            }
        }
        #expect(refused.problems.map(\.field.description) == ["for-days", "suppresses"])
        let rule = try await scenario.write { try RuleBook($0).update("fading-contact", .init(forDays: 0)) }
        #expect(rule.forDays == 0)
        #expect(try await scenario.write { try RuleBook($0).reset("fading-contact") }.forDays == 3)
    }
}
