import RadarTestSupport
import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore
import Testing

/// `--as-of T` answers from the record as it stood for T, whatever was edited later (issue 16, part 1).
@Suite("Exact time travel")
struct TimeTravelTests {
    static let cara = "cara@x.test", dev = "dev@x.test", hana = "hana@x.test", chip = "chip@x.test"

    /// Everything a check at T reads and finds: the findings, every subject's facts by kind and subject key, and
    /// what each named query (`radar query NAME --as-of T`) answers.
    struct Reading: Equatable {
        var findings: [Finding]
        var facts: [String: [String: FactValue]]
        var queries: [String: [[String?]]]
    }

    static func read(_ scenario: RuleScenario, at instant: Date = RuleScenario.asOf) async throws -> Reading {
        try await scenario.write { tx in
            var tables: [SubjectKind: FactTable] = [:]
            let findings = try RuleEngine(tx).findings(asOf: instant, tables: &tables)
            for kind in SubjectKind.allCases where tables[kind] == nil {
                tables[kind] = try FactTable.load(kind, asOf: instant, in: tx)
            }
            var facts: [String: [String: FactValue]] = [:]
            for (kind, table) in tables {
                for subject in table.subjects { facts["\(kind.rawValue) \(subject.key)"] = subject.facts }
            }
            var queries: [String: [[String?]]] = [:]
            for query in NamedQuery.allCases { queries[query.rawValue] = try query.run(in: tx, asOf: instant).rows }
            return Reading(findings: findings, facts: facts, queries: queries)
        }
    }

    @Test func changesMadeAfterTLeaveTheAnswerForTAsItWas() async throws {
        let s = try await RuleScenario.make("travel")
        for days in stride(from: 84, through: 14, by: -7) {
            try await s.converse(days, with: [Self.cara, Self.hana], engagement: "supportive")
        }
        try await s.converse(3, with: [Self.cara, Self.hana], engagement: "neutral")
        try await s.converse(40, "workshop", with: [Self.chip, Self.hana])
        try await s.converse(20, with: [Self.dev], attendance: "declined")
        try await s.converse(10, with: [Self.dev], attendance: "no_show")
        let fear = try await s.fear(Self.dev, raisedDaysAgo: 45)
        let commitment = try await s.commitment(Self.dev, dueInDays: -20)
        try await s.initiative("pilot-1", "pilot", startsInDays: -90, endsInDays: -20, status: "running")
        try await s.initiative("trios", "peer_coaching", startsInDays: -30, endsInDays: 30, status: "running")
        try await s.assess(Self.cara, engagement: "neutral")
        _ = try await s.write { try FlagBook($0).check(asOf: RuleScenario.asOf) }
        let before = try await Self.read(s)
        #expect(
            Set(before.findings.map(\.rule)).isSuperset(of: [
                "engagement-drop", "engagement-gap", "declining-invitations", "stale-fear", "leader-commitment-overdue",
                "pilot-without-evidence", "group-before-individual",
            ]))

        // After T: tiers, roles, engagement, initiatives, the commitment and the fear all change.
        let (later, evenLater) = (s.day(3), s.day(5))
        _ = try await s.write { tx in
            var demoted = StakeholderChanges()
            demoted.tier = "other"
            try Stakeholders(tx).update(email: Self.dev, expectedVersion: nil, demoted)
            var keen = StakeholderChanges()
            keen.engagement = "leading"
            keen.desiredEngagement = "supportive"
            try Stakeholders(tx).update(email: Self.cara, expectedVersion: nil, keen)
            var plain = StakeholderChanges()
            plain.role = "stakeholder"
            try Stakeholders(tx).update(email: Self.chip, expectedVersion: nil, plain)
            try Initiatives(tx).update(ref: "trios", expectedVersion: nil, InitiativeDraft(status: "cancelled"))
            try Initiatives(tx).complete(ref: "pilot-1", outcome: "Fewer escalations", evidence: nil, on: evenLater)
            try Commitments(tx).markDone(commitment.uuidString, on: later)
            try Fears(tx).update(fear.uuidString, expectedVersion: nil, status: "resolved", resolvedOn: later)
            try Stakeholders(tx).leave(email: Self.hana, on: later)
        }
        #expect(try await Self.read(s, at: RuleScenario.asOf.addingTimeInterval(6 * 86400)) != before)
        let again = try await Self.read(s)
        #expect(again.findings == before.findings)
        #expect(again.facts == before.facts)
        for query in NamedQuery.allCases {
            #expect(again.queries[query.rawValue] == before.queries[query.rawValue], "radar query \(query.rawValue)")
        }
        // What the queries answer at T still shows the commitment open, the fear open and Hana active.
        #expect(before.queries["commitments"]?.count == 1)
        #expect(before.queries["open-fears"]?.count == 1)

        // A second check at T changes no flag.
        let byID = { (flags: [Flag]) in flags.sorted { $0.id.uuidString < $1.id.uuidString } }
        let flags = byID(try await s.write { try FlagBook($0).all() })
        _ = try await s.write { try FlagBook($0).check(asOf: RuleScenario.asOf) }
        let rechecked = byID(try await s.write { try FlagBook($0).all() })
        #expect(rechecked.map(\.status) == flags.map(\.status))
        #expect(rechecked.map(\.evidence) == flags.map(\.evidence))
        #expect(rechecked.map(\.message) == flags.map(\.message))
    }

    @Test func aDroppedCommitmentWasOpenUntilTheDayItWasDropped() async throws {
        let s = try await RuleScenario.make("dropped")
        let commitment = try await s.commitment(Self.dev, dueInDays: -20)
        #expect(try await s.flagged("leader-commitment-overdue").contains(Self.dev))
        _ = try await s.write { tx in
            var changes = CommitmentChanges()
            changes.status = "dropped"
            return try Commitments(tx).update(commitment.uuidString, expectedVersion: nil, changes)
        }
        // Dropped today (after T): at T it was still open and overdue.
        #expect(try await s.flagged("leader-commitment-overdue").contains(Self.dev))
    }

    /// The same six months, imported at once or recorded one by one on their days with the weekly job running.
    @Test func anImportedHistoryGivesTheSameFlagsAsOneRecordedDayByDay() async throws {
        // Cara is met weekly and seen cooling step by step in the last three weeks; Dev declines twice.
        var meetings: [(days: Int, email: String, attendance: String, engagement: String)] = []
        for days in stride(from: 176, through: 29, by: -7) { meetings.append((days, Self.cara, "attended", "leading")) }
        for (days, level) in [(22, "leading"), (15, "supportive"), (8, "neutral"), (1, "resistant")] {
            meetings.append((days, Self.cara, "attended", level))
        }
        for days in stride(from: 170, through: 60, by: -30) { meetings.append((days, Self.dev, "attended", "neutral")) }
        meetings += [(30, Self.dev, "declined", ""), (12, Self.dev, "delegated", "")]
        meetings.sort { $0.days > $1.days }

        let imported = try await RuleScenario.make("imported")
        var conversations = "ref,occurred_at,kind,initiated_by,guidelines,summary,purpose\n"
        var participants = "conversation_ref,email,attendance,engagement\n"
        for (index, meeting) in meetings.enumerated() {
            let at = RuleScenario.asOf.addingTimeInterval(-Double(meeting.days) * 86400)
            conversations += "m\(index),\(at.formatted(.iso8601)),one_to_one,\(Self.hana),,,ask\n"
            participants += "m\(index),\(meeting.email),\(meeting.attendance),\(meeting.engagement)\n"
            participants += "m\(index),\(Self.hana),attended,\n"
        }
        let folder = ImportFolder(texts: [.conversations: conversations, .participants: participants])
        _ = try await imported.write { try CSVImport($0).run(folder, asOf: RuleScenario.asOf) }

        let recorded = try await RuleScenario.make("recorded")
        var nextJob = 176
        for (index, meeting) in meetings.enumerated() {
            while nextJob > meeting.days {
                let instant = RuleScenario.asOf.addingTimeInterval(-Double(nextJob) * 86400)
                _ = try await recorded.write { tx in
                    try Snapshots(tx).take(asOf: instant)
                    return try FlagBook(tx).check(asOf: instant)
                }
                nextJob -= 7
            }
            let at = RuleScenario.asOf.addingTimeInterval(-Double(meeting.days) * 86400)
            try await recorded.write { tx in
                try Conversations(tx).record(
                    ConversationDraft(
                        ref: "m\(index)", occurredAt: at, kind: "one_to_one", purpose: "ask",
                        initiatedBy: Self.hana,
                        participants: [
                            .init(
                                email: meeting.email, attendance: .text(meeting.attendance),
                                engagement: meeting.engagement.isEmpty ? nil : .text(meeting.engagement)),
                            .init(email: Self.hana),
                        ]), now: at)
            }
        }
        // Organisation flags name each organisation; the people's flags must match word for word.
        let fromImport = try await Self.read(imported).findings.filter { $0.subjectKind == .stakeholder }
        let fromRecords = try await Self.read(recorded).findings.filter { $0.subjectKind == .stakeholder }
        #expect(fromImport.map(\.rule) == fromRecords.map(\.rule))
        #expect(fromImport.map(\.subject) == fromRecords.map(\.subject))
        #expect(fromImport.map(\.message) == fromRecords.map(\.message))
        #expect(fromImport.map(\.evidence) == fromRecords.map(\.evidence))
        #expect(fromImport.contains { $0.rule == "score-decline" && $0.subject == Self.cara })
        #expect(fromImport.contains { $0.rule == "declining-invitations" && $0.subject == Self.dev })
    }
}
