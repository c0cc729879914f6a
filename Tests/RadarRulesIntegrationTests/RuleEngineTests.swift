import RadarTestSupport
import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore
import Testing

/// A small organisation whose history the rule tests shape day by day, all relative to a fixed instant.
struct RuleScenario {
    let org: Organisation
    /// The instant every check is made at: a Friday noon in London, never today's date.
    static let asOf = ISO8601DateFormatter().date(from: "2026-03-13T12:00:00Z")!

    static func make(_ label: String, timeZone: String = "Europe/London") async throws -> RuleScenario {
        let org = try await TestDatabase.newOrganisation(label, timeZone: timeZone)
        let scenario = RuleScenario(org: org)
        try await scenario.write { tx in
            let people = Stakeholders(tx)
            try people.add(
                .init(
                    name: "Cara Chief", email: "cara@x.test", tier: "top_team", role: "sponsor",
                    function: "executive", engagement: "supportive", desiredEngagement: "leading"))
            try people.add(
                .init(
                    name: "Dev Director", email: "dev@x.test", tier: "top_team", function: "finance",
                    engagement: "supportive", desiredEngagement: "supportive"))
            try people.add(.init(name: "Hana HR", email: "hana@x.test", tier: "hr"))
            try people.add(.init(name: "Chip Champion", email: "chip@x.test", tier: "line_manager", role: "champion"))
        }
        return scenario
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (TenantTransaction) throws -> T) async throws -> T {
        try await TestDatabase.shared().inOrganisation(org.slug, actor: "test", body)
    }

    /// Records a conversation `days` before the check instant.
    func converse(
        _ days: Int, _ kind: Word<ConversationKind> = "one_to_one", by initiator: String = "hana@x.test",
        with people: [String], attendance: Word<Attendance> = "attended",
        guidelines: [Word<GuidelineCode>] = [], engagement: Word<EngagementLevel>? = nil,
        purpose: Word<ConversationPurpose>? = nil
    ) async throws {
        let at = Self.asOf.addingTimeInterval(-Double(days) * 86400)
        try await write { tx in
            try Conversations(tx).record(
                ConversationDraft(
                    occurredAt: at, kind: kind, purpose: purpose, initiatedBy: initiator,
                    participants: people.map { .init(email: $0, attendance: attendance, engagement: engagement) },
                    guidelines: guidelines), now: max(at, Self.asOf))
        }
    }

    /// Runs a check as of `asOf` plus `days`, and returns the open findings as "rule subject" strings.
    @discardableResult
    func check(daysLater days: Int = 0, only rule: String? = nil) async throws -> Set<String> {
        let instant = Self.asOf.addingTimeInterval(Double(days) * 86400)
        let flags = try await write { tx in
            try FlagBook(tx).apply(RuleEngine(tx).findings(asOf: instant), asOf: instant)
            return try FlagBook(tx).all()
        }
        return Set(
            flags.filter { $0.status != .resolved && (rule == nil || $0.rule == rule) }
                .map { "\($0.rule) \($0.subject ?? "")" })
    }

    func findings(daysLater days: Int = 0, rule: String) async throws -> [Finding] {
        let instant = Self.asOf.addingTimeInterval(Double(days) * 86400)
        return try await write { try RuleEngine($0).findings(asOf: instant, only: rule) }
    }
}

@Suite("Rule engine")
struct RuleEngineTests {
    @Test(arguments: [(31, true), (30, false)])
    func aLeaderSilentForMoreThanThirtyDaysIsFlagged(daysSilent: Int, fires: Bool) async throws {
        let scenario = try await RuleScenario.make("silent")
        try await scenario.converse(daysSilent, with: ["cara@x.test", "hana@x.test"])
        try await scenario.converse(3, with: ["dev@x.test", "hana@x.test"])
        let flagged = try await scenario.findings(rule: "silent-leader").map(\.subject)
        #expect(flagged.contains("cara@x.test") == fires)
        #expect(!flagged.contains("dev@x.test"))
    }

    @Test func silenceEscalatesPastSixtyDaysAndStopsAfterANewConversation() async throws {
        let scenario = try await RuleScenario.make("escalate")
        try await scenario.converse(61, with: ["cara@x.test"])
        let finding = try #require(
            try await scenario.findings(rule: "silent-leader")
                .first { $0.subject == "cara@x.test" })
        #expect(finding.severity == .high)
        #expect(finding.evidence["days_since_contact"] == .number(61))
        #expect(finding.message.contains("Cara Chief has not taken part in a conversation"))
        try await scenario.converse(-1, with: ["cara@x.test"])
        let later = try await scenario.findings(daysLater: 1, rule: "silent-leader")
        #expect(!later.contains { $0.subject == "cara@x.test" })
    }

    @Test func anHRPresentationWithNoChampionBriefingBreaksChampionsGoFirst() async throws {
        let scenario = try await RuleScenario.make("g08")
        try await scenario.converse(10, "presentation", with: ["cara@x.test", "dev@x.test", "hana@x.test"])
        #expect(try await scenario.findings(rule: "hr-before-champions").count == 1)

        let briefed = try await RuleScenario.make("g08ok")
        try await briefed.converse(20, by: "chip@x.test", with: ["cara@x.test", "chip@x.test"])
        try await briefed.converse(10, "presentation", with: ["cara@x.test", "dev@x.test", "hana@x.test"])
        #expect(try await briefed.findings(rule: "hr-before-champions").isEmpty)
    }

    @Test func aChampionFirstAskedInAGroupIsFlaggedButNotOneSoundedOutAlone() async throws {
        let scenario = try await RuleScenario.make("g06")
        try await scenario.converse(40, "workshop", with: ["chip@x.test", "hana@x.test"])
        try await scenario.converse(20, with: ["chip@x.test", "hana@x.test"])
        #expect(try await scenario.findings(rule: "group-before-individual").map(\.subject) == ["chip@x.test"])

        let healthy = try await RuleScenario.make("g06ok")
        try await healthy.converse(40, with: ["chip@x.test", "hana@x.test"])
        try await healthy.converse(20, "workshop", with: ["chip@x.test", "hana@x.test"])
        #expect(try await healthy.findings(rule: "group-before-individual").isEmpty)
    }

    @Test func anOrganisationWithNothingPlannedHasAProgrammeGapUntilAnInitiativeIsAdded() async throws {
        let scenario = try await RuleScenario.make("gap")
        #expect(try await scenario.findings(rule: "programme-gap").count == 1)
        try await scenario.write { tx in
            try Initiatives(tx).add(
                InitiativeDraft(
                    ref: "peer-1", title: "Peer coaching trios", kind: "peer_coaching",
                    startsOn: CalendarDate(year: 2026, month: 4, day: 24)))
        }
        // 42 days after 13 March is 24 April: starting that day still counts as "within the next 42 days".
        #expect(try await scenario.findings(rule: "programme-gap").isEmpty)
        #expect(try await scenario.findings(daysLater: -1, rule: "programme-gap").count == 1)
    }

    @Test func aPilotThatEndedWithoutAnOutcomeIsFlaggedAfterFourteenDays() async throws {
        let scenario = try await RuleScenario.make("g10")
        try await scenario.write { tx in
            try Initiatives(tx).add(
                InitiativeDraft(
                    ref: "pilot-1", title: "Finance pilot", kind: "pilot",
                    startsOn: CalendarDate(year: 2026, month: 1, day: 5),
                    endsOn: CalendarDate(year: 2026, month: 2, day: 27), status: "running"))
        }
        // Ended 27 February: 14 days later (13 March) is the boundary day and stays quiet; the day after fires.
        #expect(try await scenario.findings(rule: "pilot-without-evidence").isEmpty)
        #expect(try await scenario.findings(daysLater: 1, rule: "pilot-without-evidence").map(\.subject) == ["pilot-1"])
        try await scenario.write { tx in
            try Initiatives(tx).complete(
                ref: "pilot-1", outcome: "Escalations fell by a third", evidence: nil,
                on: CalendarDate(year: 2026, month: 3, day: 14))
        }
        #expect(try await scenario.findings(daysLater: 1, rule: "pilot-without-evidence").isEmpty)
    }

    @Test func hrOwningMostOpenCommitmentsBreaksLeadershipOwnsIt() async throws {
        let scenario = try await RuleScenario.make("p00")
        try await scenario.write { tx in
            let commitments = Commitments(tx)
            let day = CalendarDate(year: 2026, month: 3, day: 1)
            for owner in ["hana@x.test", "hana@x.test", "cara@x.test"] {
                try commitments.add(CommitmentDraft(ownerEmail: owner, description: "Follow up", madeOn: day))
            }
        }
        let finding = try #require(try await scenario.findings(rule: "hr-owns-it").first)
        #expect(finding.evidence["hr_commitment_share"] == .number(0.667))
        #expect(finding.subjectKind == .organisation)
    }

    @Test func aFlagIsRaisedStaysOpenResolvesAndReopens() async throws {
        let scenario = try await RuleScenario.make("life")
        try await scenario.converse(40, with: ["cara@x.test"])
        #expect(try await scenario.check(only: "silent-leader").contains("silent-leader cara@x.test"))
        #expect(try await scenario.check(daysLater: 1, only: "silent-leader").contains("silent-leader cara@x.test"))
        try await scenario.converse(-2, with: ["cara@x.test"])
        #expect(!(try await scenario.check(daysLater: 2, only: "silent-leader")).contains("silent-leader cara@x.test"))
        #expect(try await scenario.check(daysLater: 40, only: "silent-leader").contains("silent-leader cara@x.test"))

        let events = try await scenario.write { tx in
            try tx.connection.query(
                """
                SELECT e.event FROM flag_events e JOIN flags f ON f.id = e.flag_id
                 WHERE f.rule_code = 'silent-leader' AND f.subject_id = (SELECT id FROM stakeholders WHERE email = $1)
                 ORDER BY e.occurred_at, e.id
                """, ["cara@x.test"]
            ).map { try $0.decode("event", as: String.self) }
        }
        #expect(events == ["raised", "resolved", "reopened"])
    }

    @Test func aSnoozedFlagStaysQuietUntilItsDate() async throws {
        let scenario = try await RuleScenario.make("snooze")
        try await scenario.converse(40, with: ["cara@x.test"])
        try await scenario.check()
        let flag = try await scenario.write { tx in
            try FlagBook(tx).all().first { $0.rule == "silent-leader" && $0.subject == "cara@x.test" }!
        }
        _ = try await scenario.write { tx in
            try FlagBook(tx).snooze(
                flag.id.uuidString, until: CalendarDate(year: 2026, month: 3, day: 20),
                reason: "Cara is on leave", at: RuleScenario.asOf)
        }
        let during = try await scenario.write { try FlagBook($0).find(flag.id.uuidString) }
        #expect(during.status == .snoozed)
        try await scenario.check(daysLater: 3)
        #expect(try await scenario.write { try FlagBook($0).find(flag.id.uuidString) }.status == .snoozed)
        try await scenario.check(daysLater: 7)
        #expect(try await scenario.write { try FlagBook($0).find(flag.id.uuidString) }.status == .open)
    }

    @Test func aResolvedFlagCannotBeAcknowledgedOrSnoozedAndSaysWhy() async throws {
        let scenario = try await RuleScenario.make("settled")
        try await scenario.converse(40, with: ["cara@x.test"])
        try await scenario.check(only: "silent-leader")
        try await scenario.converse(-2, with: ["cara@x.test"])
        try await scenario.check(daysLater: 2, only: "silent-leader")
        let flag = try await scenario.write { tx in
            try FlagBook(tx).all().first { $0.rule == "silent-leader" && $0.subject == "cara@x.test" }!
        }
        #expect(flag.status == .resolved)
        for change in ["acknowledge", "snooze"] {
            let refused = try await #require(throws: StoreError.self) {
                try await scenario.write { tx in
                    change == "acknowledge"
                        ? try FlagBook(tx).acknowledge(flag.id.uuidString, reason: "seen", at: RuleScenario.asOf)
                        : try FlagBook(tx).snooze(
                            flag.id.uuidString, until: CalendarDate(year: 2026, month: 6, day: 1), reason: "away",
                            at: RuleScenario.asOf)
                }
            }
            #expect(refused == .settled(entity: "flag", key: flag.id.uuidString, state: "resolved"), "\(change)")
            #expect(refused.description.hasSuffix("is already resolved"))
        }
        #expect(try await scenario.write { try FlagBook($0).find(flag.id.uuidString) }.status == .resolved)
    }

    @Test func theSameDataAndInstantGiveTheSameFindings() async throws {
        let scenario = try await RuleScenario.make("determinism")
        try await scenario.converse(
            45, "group", with: ["cara@x.test", "dev@x.test", "chip@x.test"],
            attendance: "declined")
        let first = try await scenario.write { try RuleEngine($0).findings(asOf: RuleScenario.asOf) }
        let second = try await scenario.write { try RuleEngine($0).findings(asOf: RuleScenario.asOf) }
        #expect(first == second)
        #expect(!first.isEmpty)
    }

    @Test func anEditedRuleWithASyntaxErrorIsRefusedWithItsPosition() async throws {
        let scenario = try await RuleScenario.make("syntax")
        await #expect {
            try await scenario.write { tx in
                try RuleBook(tx).update("silent-leader", .init(condition: "is_leader and days_since_contct > 30"))
            }
        } throws: { error in
            let text = "\(error)"
            return text.contains("condition:") && text.contains("days_since_contct")
                && text.contains("days_since_contact") && text.contains("column 15")
        }
        let rule = try await scenario.write { try RuleBook($0).find("silent-leader") }
        #expect(rule.condition.contains("days_overdue > 0"))
    }

    @Test func aChangedThresholdTakesEffectAndResetRestoresTheDefault() async throws {
        let scenario = try await RuleScenario.make("reset")
        try await scenario.converse(40, with: ["cara@x.test"])
        _ = try await scenario.write { tx in
            try RuleBook(tx).update("silent-leader", .init(condition: "is_leader and days_since_contact > 45"))
        }
        #expect(!(try await scenario.findings(rule: "silent-leader")).contains { $0.subject == "cara@x.test" })
        _ = try await scenario.write { try RuleBook($0).reset() }
        #expect(try await scenario.findings(rule: "silent-leader").contains { $0.subject == "cara@x.test" })
    }

    @Test func theDemoBreaksTheGuidelinesItWasWrittenToBreakAndSparesTheHealthyLeaders() async throws {
        let database = try await TestDatabase.shared()
        let slug = "demo-" + UUID().uuidString.prefix(6).lowercased()
        let asOf = RuleScenario.asOf
        // The check instant and the seven weeks before it: the healthy people stay healthy at every one.
        let weeks = try await Organisations(database: database).create(
            slug: slug, name: "Demo", timeZone: "Europe/London", actor: "test"
        ) { tx in
            try DemoOrganisation(tx, asOf: asOf).populate()
            return try (0..<8).map {
                try RuleEngine(tx).findings(asOf: asOf.addingTimeInterval(-Double($0) * 7 * 86400))
            }
        }
        let findings = weeks[0]
        let healthy = [
            "maya.okafor@harbourline.example", "ben.carter@harbourline.example", "aisha.rahman@harbourline.example",
        ]
        for (week, found) in weeks.enumerated() {
            let flagged = found.filter { healthy.contains($0.subject) && $0.severity > .info }
            #expect(flagged.isEmpty, "\(week) weeks before: \(flagged.map { "\($0.rule) \($0.subject)" })")
        }
        let rules = Set(findings.map(\.rule))
        for expected in [
            "silent-leader", "declining-invitations", "engagement-drop", "stale-fear",
            "group-before-individual", "hr-before-champions", "timing-unsounded",
            "pilot-without-evidence", "training-only", "no-business-case", "hr-owns-it",
            "leader-commitment-overdue", "group-stopped-meeting", "leader-without-coaching-goal",
            "coaching-goal-stale", "leader-gain-unrecorded", "leader-cost-undiscussed",
        ] {
            #expect(rules.contains(expected), "the demo should break \(expected)")
        }
        // The learning set that stopped meeting, the finance director with no goal, the CIO's unreviewed goal.
        #expect(findings.filter { $0.rule == "group-stopped-meeting" }.map(\.subject) == ["leaders-learning-set"])
        #expect(
            findings.filter { $0.rule == "leader-without-coaching-goal" }.map(\.subject)
                == ["tom.brennan@harbourline.example"])
        #expect(
            findings.filter { $0.rule == "coaching-goal-stale" }.map(\.subject) == ["lars.eriksen@harbourline.example"])
        // Leaders' cases: the finance director has neither side on record, the CIO never talked the cost through.
        #expect(
            findings.filter { $0.rule == "leader-gain-unrecorded" }.map(\.subject)
                == ["tom.brennan@harbourline.example"])
        #expect(
            Set(findings.filter { $0.rule == "leader-cost-undiscussed" }.map(\.subject)) == [
                "tom.brennan@harbourline.example", "lars.eriksen@harbourline.example",
            ])
        // The peer trio meets as agreed, and nobody in it misses sessions; the coached sponsor is not flagged.
        #expect(!rules.contains("peer-coaching-unpaired") && !rules.contains("peer-group-stalled"))
        #expect(!rules.contains("sponsor-not-coached"))
        #expect(!rules.contains("member-missing-sessions"))
        let maya = findings.filter { $0.subject == "maya.okafor@harbourline.example" && $0.severity > .info }
        #expect(maya.isEmpty, "the sponsor is kept healthy, but got \(maya.map(\.rule))")
        #expect(!findings.contains { $0.subject == "ben.carter@harbourline.example" })
    }
}
