import Foundation
import Postgres
import RadarDigest
import RadarDomain
import RadarStore
import RadarTestSupport
import Testing

@Suite("The schedule: weekly digests and nightly checks, once across instances")
struct ScheduleTests {
    /// A scheduler for one organisation on its own pool (its own connections), as another instance would be.
    func scheduler(for slug: String, poolSize: Int = 2) throws -> DigestScheduler {
        let database = RadarDatabase.open(conninfo: try TestDatabase.superuserURL(), poolSize: poolSize)
        return DigestScheduler(
            database: database,
            delivery: DeliveryWorker(database: database, configuration: DeliveryConfiguration()),
            organisations: [slug])
    }

    /// Every scheduled run recorded in the organisation: job, period and when it ran.
    func runs(in slug: String) async throws -> [(job: String, period: CalendarDate, ranAt: Date)] {
        try await rows("SELECT job, period, ran_at FROM schedule_runs ORDER BY job, period", in: slug).map {
            (try $0.decode("job"), try $0.decode("period"), try $0.decode("ran_at"))
        }
    }

    func archivedWeeks(in slug: String) async throws -> [String] {
        try await rows("SELECT iso_week FROM digests ORDER BY week_start", in: slug).map { try $0.decode("iso_week") }
    }

    /// Ticks from `start` to `end` (inclusive) every `step` seconds.
    func tick(
        _ scheduler: DigestScheduler, from start: Date, to end: Date, every step: TimeInterval
    ) async throws
        -> [DigestScheduler.Report]
    {
        var reports: [DigestScheduler.Report] = []
        var now = start
        while now <= end {
            reports.append(try await scheduler.tick(now: now))
            now.addTimeInterval(step)
        }
        return reports
    }

    @Test("the weekly digest is made at the configured local weekday and time, and a missed run once at the next tick")
    func missedRunIsCaughtUpOnce() async throws {
        let org = try await TestDatabase.newOrganisation("missed")
        let scheduler = try scheduler(for: org.slug)
        defer { Task { await scheduler.database.close() } }

        // The first tick ever catches up the latest week already due: W22 (due Monday 1 June, 07:00).
        let first = try await scheduler.tick(now: instant("2026-06-08T06:59:00Z"))
        #expect(
            first.runs.filter { $0.job == .weeklyDigest }.map { ISOWeek(containing: $0.period).description }
                == ["2026-W22"])
        // Everything is down from Monday 06:59 until Wednesday: W23's run (Monday 07:00) is missed.
        let wednesday = try await scheduler.tick(now: instant("2026-06-10T10:00:00Z"))
        let weekly = try #require(wednesday.runs.first { $0.job == .weeklyDigest })
        #expect(ISOWeek(containing: weekly.period).description == "2026-W23")
        #expect(weekly.due == (try instant("2026-06-08T07:00:00Z")))
        #expect(weekly.digest?.created == true && weekly.succeeded)
        // Later ticks find it done.
        for later in ["2026-06-10T10:01:00Z", "2026-06-11T12:00:00Z", "2026-06-15T06:59:00Z"] {
            let report = try await scheduler.tick(now: instant(later))
            #expect(report.runs.allSatisfy { $0.job == .nightlyCheck }, "\(later)")
        }
        // Down for three weeks: only the latest due week is made, once.
        _ = try await scheduler.tick(now: instant("2026-07-08T12:00:00Z"))
        _ = try await scheduler.tick(now: instant("2026-07-08T12:01:00Z"))

        #expect(try await archivedWeeks(in: org.slug) == ["2026-W22", "2026-W23", "2026-W27"])
        let weeklyRuns = try await runs(in: org.slug).filter { $0.job == "weekly_digest" }
        #expect(weeklyRuns.count == 3)
        let nightly = try await runs(in: org.slug).filter { $0.job == "nightly_check" }.map(\.period.description)
        #expect(
            nightly == ["2026-06-08", "2026-06-10", "2026-06-11", "2026-06-15", "2026-07-08"],
            "one check per local night that a tick came after, none twice")
    }

    @Test("a spring-forward week is generated once, at 07:00 local summer time")
    func springForwardWeekOnce() async throws {
        let org = try await TestDatabase.newOrganisation("spring", timeZone: "Europe/London")
        let scheduler = try scheduler(for: org.slug)
        defer { Task { await scheduler.database.close() } }

        // British Summer Time starts on Sunday 29 March 2026 at 01:00 UTC: week 13 has 167 hours.
        let reports = try await tick(
            scheduler, from: instant("2026-03-22T12:00:00Z"),
            to: instant("2026-03-31T12:00:00Z"), every: 1800)

        #expect(reports.allSatisfy { $0.failures.isEmpty && $0.runs.allSatisfy(\.succeeded) })
        #expect(try await archivedWeeks(in: org.slug) == ["2026-W11", "2026-W12", "2026-W13"])
        let weekly = try await runs(in: org.slug).filter { $0.job == "weekly_digest" }
        #expect(
            weekly.map(\.ranAt) == [
                try instant("2026-03-22T12:00:00Z"), try instant("2026-03-23T07:00:00Z"),
                try instant("2026-03-30T06:00:00Z"),
            ])
        let nights = try await runs(in: org.slug).filter { $0.job == "nightly_check" }
        #expect(nights.count == 10, "22 to 31 March, once each")
        #expect(nights.first { $0.period.description == "2026-03-29" }?.ranAt == (try instant("2026-03-29T01:00:00Z")))
    }

    @Test("an autumn week whose run time falls in the repeated hour is generated once")
    func autumnRepeatedHourOnce() async throws {
        let org = try await TestDatabase.newOrganisation("autumn", timeZone: "Europe/London")
        let database = try await TestDatabase.shared()
        try await database.inOrganisation(org.slug, actor: "test") { tx in
            var schedule = DigestSchedule()
            schedule.weekday = 7
            schedule.digestAt = LocalTime(hour: 1, minute: 30)
            schedule.nightlyAt = LocalTime(hour: 1, minute: 30)
            try DigestSchedules(tx).save(schedule)
        }
        let scheduler = try scheduler(for: org.slug)
        defer { Task { await scheduler.database.close() } }

        // Clocks go back on Sunday 25 October 2026: 01:30 happens twice, at 00:30 and at 01:30 UTC.
        let reports = try await tick(
            scheduler, from: instant("2026-10-24T12:00:00Z"),
            to: instant("2026-10-26T12:00:00Z"), every: 1800)

        #expect(reports.allSatisfy { $0.failures.isEmpty && $0.runs.allSatisfy(\.succeeded) })
        let weekly = try await runs(in: org.slug).filter { $0.job == "weekly_digest" }
        #expect(weekly.map(\.period.description) == ["2026-10-05", "2026-10-12"])
        #expect(weekly.last?.ranAt == (try instant("2026-10-25T00:30:00Z")), "at the first 01:30")
        let nights = try await runs(in: org.slug).filter { $0.job == "nightly_check" }.map(\.period.description)
        #expect(nights == ["2026-10-24", "2026-10-25", "2026-10-26"])
    }

    @Test("five instances ticking at the same moment make the week's digest once")
    func concurrentInstancesRunOnce() async throws {
        let org = try await TestDatabase.newOrganisation("instances")
        let folder = try temporaryDirectory("instances")
        try await addChannel("directory", folder.path, in: org.slug)
        let schedulers = try (0..<5).map { _ in try scheduler(for: org.slug, poolSize: 1) }
        let now = try instant("2026-06-29T07:00:00Z")

        let reports = try await withThrowingTaskGroup(of: DigestScheduler.Report.self) { group in
            for scheduler in schedulers { group.addTask { try await scheduler.tick(now: now) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for scheduler in schedulers { await scheduler.database.close() }

        let made = reports.flatMap(\.runs).filter { $0.job == .weeklyDigest }
        #expect(made.count == 1 && made.first?.digest?.created == true)
        #expect(reports.flatMap(\.deliveries).map(\.result) == [.sent])
        #expect(try await archivedWeeks(in: org.slug) == ["2026-W26"])
        #expect(try await rows("SELECT id FROM digest_deliveries", in: org.slug).count == 1)
        #expect(try await runs(in: org.slug).count == 2, "one digest and one nightly check")
    }

    @Test(
        "due times follow the organisation's wall clock",
        arguments: [
            ("UTC", "2026-06-29T07:00:00Z", "2026-W26"),
            ("UTC", "2026-06-29T06:59:59Z", "2026-W25"),
            ("America/New_York", "2026-06-29T11:00:00Z", "2026-W26"),
            ("America/New_York", "2026-06-29T10:59:00Z", "2026-W25"),
            ("Asia/Tokyo", "2026-06-28T22:00:00Z", "2026-W26"),
        ])
    func latestDueWeek(zone: String, now: String, expected: String) throws {
        let schedule = DigestSchedule()
        let zone = try #require(TimeZone(identifier: zone))
        #expect(schedule.latestDueWeek(at: try instant(now), in: zone).week.description == expected)
    }
}
