import RadarTestSupport
import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore
import Testing

/// A conversation and a check instant written with their UTC offsets, and whether silent-leader
/// (last attended contact more than 30 local days ago) should hold.
struct LocalDayCase: Sendable, CustomTestStringConvertible {
    var zone: String
    var conversation: String
    var asOf: String
    var fires: Bool
    var why: String
    var testDescription: String { "\(zone): \(why)" }
}

/// Parses an ISO 8601 instant with its offset.
func instant(_ text: String) -> Date {
    ISO8601DateFormatter().date(from: text)!
}

@Suite("Rules count days in the organisation's time zone")
struct RuleTimeZoneTests {
    static let localDays: [LocalDayCase] = [
        LocalDayCase(
            zone: "Europe/London", conversation: "2026-06-14T23:30:00+01:00", asOf: "2026-07-15T12:00:00+01:00",
            fires: true, why: "23:30 on 14 June is 31 local days before 15 July"),
        LocalDayCase(
            zone: "Europe/London", conversation: "2026-06-15T23:30:00+01:00", asOf: "2026-07-15T12:00:00+01:00",
            fires: false, why: "23:30 on the boundary day 15 June is 30 days before"),
        LocalDayCase(
            zone: "Europe/London", conversation: "2026-06-15T00:30:00+01:00", asOf: "2026-07-15T12:00:00+01:00",
            fires: false, why: "00:30 on 15 June is still 14 June in UTC, but counts as 15 June"),
        LocalDayCase(
            zone: "America/New_York", conversation: "2026-06-14T23:30:00-04:00",
            asOf: "2026-07-15T12:00:00-04:00",
            fires: true, why: "23:30 on 14 June is already 15 June in UTC, but counts as 14 June"),
        LocalDayCase(
            zone: "America/New_York", conversation: "2026-06-15T10:00:00-04:00",
            asOf: "2026-07-15T23:30:00-04:00",
            fires: false, why: "checking at 23:30 on 15 July (16 July in UTC) is still the 30th day"),
        LocalDayCase(
            zone: "Pacific/Auckland", conversation: "2026-06-14T23:30:00+12:00",
            asOf: "2026-07-15T12:00:00+12:00",
            fires: true, why: "23:30 on 14 June is 31 local days before 15 July"),
        LocalDayCase(
            zone: "Pacific/Auckland", conversation: "2026-06-15T23:30:00+12:00",
            asOf: "2026-07-15T12:00:00+12:00",
            fires: false, why: "23:30 on the boundary day 15 June is 30 days before"),
        LocalDayCase(
            zone: "Pacific/Auckland", conversation: "2026-06-15T08:00:00+12:00",
            asOf: "2026-07-15T23:00:00+12:00",
            fires: false, why: "08:00 on 15 June is 14 June in UTC (31 UTC days), but 30 local days"),
    ]

    @Test("a conversation late on the boundary day counts on its local day", arguments: localDays)
    func aConversationCountsOnItsLocalDay(_ example: LocalDayCase) async throws {
        let scenario = try await RuleScenario.make("tz", timeZone: example.zone)
        try await scenario.converse(at: instant(example.conversation), with: ["cara@x.test", "hana@x.test"])
        let asOf = instant(example.asOf)
        let findings = try await scenario.write { try RuleEngine($0).findings(asOf: asOf, only: "silent-leader") }
        #expect(findings.contains { $0.subject == "cara@x.test" } == example.fires)
    }

    @Test func theSnapshotWeekOfADaylightSavingChangeStartsOnTheLocalMonday() {
        let london = TimeZone(identifier: "Europe/London")!
        // Clocks went forward on Sunday 29 March 2026; the ISO week runs Monday 23 to Sunday 29 March.
        #expect(
            Snapshots.weekStart(of: instant("2026-03-23T00:30:00Z"), in: london)
                == CalendarDate(year: 2026, month: 3, day: 23))
        #expect(
            Snapshots.weekStart(of: instant("2026-03-29T23:30:00+01:00"), in: london)
                == CalendarDate(year: 2026, month: 3, day: 23))
        // 00:30 on Monday 30 March in London is still Sunday in UTC, but starts the new week.
        #expect(
            Snapshots.weekStart(of: instant("2026-03-30T00:30:00+01:00"), in: london)
                == CalendarDate(year: 2026, month: 3, day: 30))
        let auckland = TimeZone(identifier: "Pacific/Auckland")!
        // New Zealand's clocks went back on Sunday 5 April 2026; Monday 00:30 there is Sunday noon in UTC.
        #expect(
            Snapshots.weekStart(of: instant("2026-04-06T00:30:00+12:00"), in: auckland)
                == CalendarDate(year: 2026, month: 4, day: 6))
        #expect(
            Snapshots.weekStart(of: instant("2026-04-05T23:30:00+12:00"), in: auckland)
                == CalendarDate(year: 2026, month: 3, day: 30))
    }

    @Test func snapshotsTakenEitherSideOfTheClockChangeFallInOneWeek() async throws {
        let scenario = try await RuleScenario.make("dstweek")
        try await scenario.converse(at: instant("2026-03-20T10:00:00Z"), with: ["cara@x.test", "hana@x.test"])
        let monday = instant("2026-03-23T00:30:00Z"), sundayNight = instant("2026-03-29T23:30:00+01:00")
        let rows = try await scenario.write { tx -> [String] in
            try Snapshots(tx).take(asOf: monday)
            try Snapshots(tx).take(asOf: sundayNight)
            return try tx.connection.query("SELECT DISTINCT week_start::text AS week FROM engagement_snapshots")
                .map { try $0.decode("week") }
        }
        #expect(rows == ["2026-03-23"])
    }

    @Test(arguments: [
        ("2026-04-14T10:00:00+01:00", false), ("2026-04-14T23:30:00+01:00", false), ("2026-04-15T00:30:00+01:00", true),
    ])
    func thirtyDaysOfSilenceAcrossTheSpringChangeAreThirtyLocalDays(asOf: String, fires: Bool) async throws {
        // 15 March is GMT, 14 April BST: the thirtieth local day is 29 days and 23 hours later.
        let scenario = try await RuleScenario.make("spring")
        try await scenario.converse(at: instant("2026-03-15T10:00:00Z"), with: ["cara@x.test", "hana@x.test"])
        let at = instant(asOf)
        let flagged = try await scenario.write { try RuleEngine($0).findings(asOf: at, only: "silent-leader") }
        #expect(flagged.contains { $0.subject == "cara@x.test" } == fires)
    }

    @Test func soundingsThirtyLocalDaysBeforeAPresentationCountAcrossTheAutumnChange() async throws {
        // Clocks went back on 25 October 2026: 10:00 on 11 October (BST) is 30 local days before
        // 10:00 on 10 November (GMT), though 30 × 24 hours before is 11:00 BST.
        let scenario = try await RuleScenario.make("autumn")
        try await scenario.converse(at: instant("2026-10-11T10:00:00+01:00"), with: ["cara@x.test", "hana@x.test"])
        try await scenario.converse(
            at: instant("2026-11-10T10:00:00Z"), "presentation",
            with: ["cara@x.test", "dev@x.test", "hana@x.test"])
        let asOf = instant("2026-11-12T12:00:00Z")
        let findings = try await scenario.write { try RuleEngine($0).findings(asOf: asOf, only: "timing-unsounded") }
        #expect(findings.isEmpty, "the one-to-one with Cara is half the top team, sounded within 30 local days")

        let late = try await RuleScenario.make("autumn-late")
        try await late.converse(at: instant("2026-10-10T23:30:00+01:00"), with: ["cara@x.test", "hana@x.test"])
        try await late.converse(
            at: instant("2026-11-10T10:00:00Z"), "presentation",
            with: ["cara@x.test", "dev@x.test", "hana@x.test"])
        let lateFindings = try await late.write { try RuleEngine($0).findings(asOf: asOf, only: "timing-unsounded") }
        #expect(lateFindings.count == 1, "23:30 on 10 October is 31 local days before")
    }

    @Test func aChampionBriefingSixtyLocalDaysBeforeCountsAcrossTheAutumnChange() async throws {
        let scenario = try await RuleScenario.make("brief")
        try await scenario.converse(
            at: instant("2026-09-11T10:00:00+01:00"), by: "chip@x.test",
            with: ["cara@x.test", "chip@x.test"])
        try await scenario.converse(
            at: instant("2026-11-10T10:00:00Z"), "presentation",
            with: ["cara@x.test", "dev@x.test", "hana@x.test"])
        let asOf = instant("2026-11-12T12:00:00Z")
        let findings = try await scenario.write { try RuleEngine($0).findings(asOf: asOf, only: "hr-before-champions") }
        #expect(findings.isEmpty)
    }
}
