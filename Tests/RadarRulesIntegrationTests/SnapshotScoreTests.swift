import RadarTestSupport
import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore
import Testing

/// Decodes the JSON array a `--format json` command printed.
func jsonArray(_ text: String) throws -> [[String: Any]] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
}

@Suite("Engagement snapshots, the score trend, backtests and determinism")
struct SnapshotScoreTests {
    static let cara = "cara@x.test", dev = "dev@x.test", hana = "hana@x.test"

    /// Each flag re-encoded without the keys naming its subject (refs and slugs differ between organisations).
    static func withoutSubjects(_ json: String) throws -> [String] {
        try jsonArray(json).map { flag in
            var flag = flag
            flag["subject"] = nil
            flag["subject_name"] = nil
            // Ids are each organisation's own.
            flag["id"] = nil
            flag["suppressed_by"] = nil
            return String(
                decoding: try JSONSerialization.data(withJSONObject: flag, options: [.sortedKeys]),
                as: UTF8.self)
        }
    }

    /// Someone's stored scores, oldest week first.
    func storedScores(_ scenario: RuleScenario, _ email: String) async throws -> [Double] {
        try await scenario.write { tx in
            try tx.connection.query(
                """
                SELECT e.score::float8 AS score FROM engagement_snapshots e
                  JOIN stakeholders s ON s.id = e.stakeholder_id WHERE s.email = $1 ORDER BY e.week_start
                """, [email]
            ).map { try $0.decode("score") }
        }
    }

    @Test func weeksNoSnapshotRanInAreComputedFromTheRecordAsItStoodAtEachWeeksEnd() async throws {
        let scenario = try await RuleScenario.make("backfill")
        for days in stride(from: 63, through: 7, by: -7) { try await scenario.converse(days, with: [Self.cara]) }
        try await scenario.converse(40, with: [Self.dev])
        // Only the last week was ever snapshotted; the eight before are missing, as after an import.
        let filled = try await radar(
            "snapshot", "--as-of", "2026-03-13T12:00:00Z", "--backfill", "8", org: scenario.org.slug)
        #expect(filled.exitCode == 0, "\(filled.err)")
        #expect(filled.out.contains("computed 8 earlier weeks from the record"), "\(filled.out)")
        let computed = try await storedScores(scenario, Self.dev)
        #expect(computed.count == 9)

        // Each computed week holds what a snapshot taken at that week's end gives.
        let zone = scenario.org.zone
        let weekEnd = ISOWeek(containing: CalendarDate(year: 2026, month: 2, day: 11)).end(in: zone)
        let byHand = try await scenario.write { tx -> [Double] in
            try tx.connection.execute("DELETE FROM engagement_snapshots")
            try Snapshots(tx).take(asOf: weekEnd.addingTimeInterval(-0.001))
            return try tx.connection.query(
                "SELECT e.score::float8 AS score FROM engagement_snapshots e JOIN stakeholders s ON s.id = e.stakeholder_id WHERE s.email = $1",
                [Self.dev]
            ).map { try $0.decode("score") }
        }
        #expect(byHand.count == 1)
        #expect(computed.contains(byHand[0]))
        // Dev's score after his one conversation forty days ago fell away week by week, as the record says.
        #expect(computed.first! < computed[2], "\(computed)")
        #expect(computed[2] > computed.last!, "\(computed)")

        let twice = try await radar(
            "snapshot", "--as-of", "2026-03-13T12:00:00Z", "--backfill", "200", org: scenario.org.slug)
        #expect(twice.exitCode != 0)
        #expect(twice.err.contains("--backfill: must be 0 to 104 weeks"), "\(twice.err)")
    }

    @Test func theSnapshotIsTakenOncePerISOWeekAndATakeLaterInTheWeekReplacesIt() async throws {
        let scenario = try await RuleScenario.make("snapshot")
        try await scenario.converse(3, with: [Self.cara, Self.hana])
        let monday = try await radar("snapshot", "--as-of", "2026-03-09T08:00:00Z", org: scenario.org.slug)
        #expect(monday.exitCode == 0, "\(monday.err)")
        #expect(monday.out.contains("stored 4 engagement scores for the week starting 2026-03-09"))
        let sunday = try await radar("snapshot", "--as-of", "2026-03-15T20:00", org: scenario.org.slug)
        #expect(sunday.out.contains("stored 4 engagement scores for the week starting 2026-03-09"))

        let counts = try await scenario.write { tx in
            try tx.connection.queryRow(
                """
                SELECT count(*) AS snapshots, count(DISTINCT week_start) AS weeks FROM engagement_snapshots
                """)!
        }
        #expect(try counts.decode("snapshots", as: Int.self) == 4)
        #expect(try counts.decode("weeks", as: Int.self) == 1)
        // The conversation on Tuesday is in the score taken on Sunday, which replaced Monday's.
        let sundayScore = try await scenario.write { tx in
            try FactTable.load(.stakeholder, asOf: instant("2026-03-15T20:00:00Z"), in: tx)
                .subjects.first { $0.key == Self.cara }?.facts["score"]
        }
        #expect(try await storedScores(scenario, Self.cara).map(FactValue.number) == [try #require(sundayScore)])
    }

    @Test func theSnapshotsFadeBetweenMeetingsButScoreDeclineReadsTheRecordAndTheirRhythm() async throws {
        let scenario = try await RuleScenario.make("trend")
        // One conversation, then nothing: the raw score's recency fades a little every week.
        try await scenario.converse(22, with: [Self.cara, Self.hana])
        for weeksBack in [3, 2, 1, 0] { try await scenario.snapshot(daysLater: -7 * weeksBack) }
        let scores = try await storedScores(scenario, Self.cara)
        #expect(scores.count == 4 && zip(scores, scores.dropFirst()).allSatisfy { $0 > $1 }, "\(scores)")
        // Within the 30 days allowed before a rhythm is known, that fade is no decline.
        let facts = try await scenario.write { tx in
            try FactTable.load(.stakeholder, asOf: RuleScenario.asOf, in: tx).subjects.first { $0.key == Self.cara }?
                .facts
        }
        #expect(facts?["score_fall_3_weeks"] == .number(0))
        #expect(facts?["score"] == .number(scores[3]))
        #expect(try await scenario.flagged("score-decline").isEmpty)
        // Forty days later the silence is past what is allowed and the score falls every week, but by 7 points:
        // under the rule's 10, and silent-leader is the flag that says it.
        let later = try await scenario.write { tx in
            try FactTable.load(.stakeholder, asOf: RuleScenario.asOf.addingTimeInterval(40 * 86400), in: tx)
                .subjects.first { $0.key == Self.cara }?.facts
        }
        #expect(later?["score_fell_3_weeks"] == .bool(true))
        #expect(later?["score_fall_3_weeks"] == .number(7))
        #expect(try await scenario.flagged("score-decline", daysLater: 40).isEmpty)
        #expect(try await scenario.flagged("silent-leader", daysLater: 40).contains(Self.cara))
    }

    @Test func theBacktestCountsMatchWhatRulesTestFindsForEachWeek() async throws {
        let scenario = try await RuleScenario.make("backtest")
        try await scenario.converse(at: instant("2026-03-01T10:00:00Z"), with: [Self.cara, Self.hana])
        try await scenario.converse(at: instant("2026-03-18T10:00:00Z"), with: [Self.dev, Self.hana])
        let slug = scenario.org.slug
        // Six weeks ending 10 April at 09:30 London time, across the clock change of 29 March.
        let backtest = try await radar(
            "rules", "backtest", "silent-leader", "--weeks", "6", "--as-of",
            "2026-04-10T09:30", "--format", "json", org: slug)
        #expect(backtest.exitCode == 0, "\(backtest.err)")
        let weeks = try jsonArray(backtest.out)
        #expect(weeks.count == 6)
        var london = Calendar(identifier: .gregorian)
        london.timeZone = TimeZone(identifier: "Europe/London")!
        var counts: [Int] = []
        for week in weeks {
            let ending = try #require(week["week_ending"] as? String)
            let endingAt = try #require(ISO8601DateFormatter().date(from: ending))
            #expect(
                london.dateComponents([.hour, .minute], from: endingAt) == DateComponents(hour: 9, minute: 30),
                "\(ending) should be 09:30 in London")
            let test = try await radar(
                "rules", "test", "silent-leader", "--as-of", ending, "--format", "json",
                org: slug)
            let flagged = try #require(week["subjects_flagged"] as? String)
            let count = try #require(Int(flagged))
            #expect(try jsonArray(test.out).count == count, "week ending \(ending)")
            counts.append(count)
        }
        // Dev counts as silent until first met on 18 March; Cara from 31 days after 1 March.
        #expect(counts == [1, 1, 0, 0, 1, 1])
    }

    @Test func theSameDataAndInstantGiveIdenticalCheckJSON() async throws {
        let scenario = try await RuleScenario.make("same")
        try await scenario.converse(45, "workshop", with: ["chip@x.test", Self.hana])
        try await scenario.converse(40, "presentation", with: [Self.cara, Self.dev, Self.hana])
        try await scenario.converse(20, with: [Self.dev], attendance: "declined")
        try await scenario.converse(10, with: [Self.dev], attendance: "no_show")
        try await scenario.fear(Self.cara, raisedDaysAgo: 50)
        try await scenario.commitment(Self.dev, dueInDays: -20)
        let arguments = ["check", "--as-of", "2026-03-13T12:00:00Z", "--format", "json"]
        let first = try await radarArray(arguments, org: scenario.org.slug)
        let second = try await radarArray(arguments, org: scenario.org.slug)
        #expect(first.exitCode == 0, "\(first.err)")
        #expect(first.out == second.out)
        let flags = try jsonArray(first.out)
        #expect(flags.count >= 6)
        let keys: Set = [
            "id", "rule", "guideline", "severity", "subject_type", "subject", "subject_name", "message",
            "next_step", "evidence", "status", "first_raised_at",
        ]
        // A pending, suppressed or silenced flag also says what it waits for or what quiets it.
        let life: Set = [
            "pending_since", "opens_on", "suppressed_by", "suppressed_by_rule", "silence_id", "silence_reason",
            "silenced_until",
        ]
        for flag in flags {
            #expect(Set(flag.keys).subtracting(life) == keys)
        }

        // A second organisation with the same history reaches the same flags.
        let twin = try await RuleScenario.make("twin")
        try await twin.converse(45, "workshop", with: ["chip@x.test", Self.hana])
        try await twin.converse(40, "presentation", with: [Self.cara, Self.dev, Self.hana])
        try await twin.converse(20, with: [Self.dev], attendance: "declined")
        try await twin.converse(10, with: [Self.dev], attendance: "no_show")
        try await twin.fear(Self.cara, raisedDaysAgo: 50)
        try await twin.commitment(Self.dev, dueInDays: -20)
        let other = try await radarArray(arguments, org: twin.org.slug)
        #expect(try Self.withoutSubjects(other.out) == Self.withoutSubjects(first.out))
    }
}

/// How a message renders a number, so a test can predict it.
enum MessageTemplateText {
    static func number(_ value: Double) -> String {
        let text = String(format: "%.2f", value)
        var trimmed = text
        while trimmed.hasSuffix("0") { trimmed.removeLast() }
        if trimmed.hasSuffix(".") { trimmed.removeLast() }
        return trimmed
    }
}
