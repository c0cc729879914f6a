import Foundation
import Postgres
import RadarDomain
import RadarStore

/// A time of day on the organisation's wall clock, to the minute.
public struct LocalTime: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int

    public init(hour: Int, minute: Int) {
        self.hour = hour
        self.minute = minute
    }

    /// Reads `07:00` or `7:30` (also `07:00:00` as PostgreSQL writes a `time`); nil for anything else.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || (parts.count == 3 && parts[2] == "00"),
            parts[0].count <= 2, parts[1].count == 2,
            let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        self.init(hour: hour, minute: minute)
    }

    /// Reads a time typed by a person, naming `field` when it is not one.
    public static func parse(_ text: String, field: String) throws -> LocalTime {
        guard let time = LocalTime(text) else {
            throw ValidationFailure([
                ValidationProblem(
                    field: field, message: "\"\(text)\" is not a time of day; expected the form 07:00")
            ])
        }
        return time
    }

    public var description: String {
        (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool {
        (lhs.hour, lhs.minute) < (rhs.hour, rhs.minute)
    }

    /// The instant this time falls on `day` in `zone`. In a spring-forward gap that is the first instant after
    /// it; in an autumn overlap, the first of the two.
    public func instant(on day: CalendarDate, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute)
        return calendar.date(from: components) ?? day.date(in: zone)
    }
}

/// When an organisation's weekly digest is made and its nightly check runs, on its own wall clock.
public struct DigestSchedule: Sendable, Hashable {
    /// ISO weekday the digest of the week just ended is made on: 1 = Monday … 7 = Sunday.
    public var weekday = 1
    public var digestAt = LocalTime(hour: 7, minute: 0)
    public var nightlyAt = LocalTime(hour: 2, minute: 0)
    /// Whether a quiet week's digest is archived without being sent.
    public var skipEmpty = false
    public var enabled = true

    public init() {}

    static let weekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    public var weekdayName: String { Self.weekdayNames[weekday - 1] }

    /// Reads a weekday name (or its first three letters, or 1–7), naming `field` when it is none.
    public static func parseWeekday(_ text: String, field: String) throws -> Int {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let number = Int(key), (1...7).contains(number) { return number }
        if let index = weekdayNames.firstIndex(where: { $0 == key || (key.count >= 3 && $0.hasPrefix(key)) }) {
            return index + 1
        }
        throw ValidationFailure([
            ValidationProblem(
                field: field, message: "\"\(text)\" is not a weekday; use monday … sunday")
        ])
    }

    /// The instant `week`'s digest falls due: the configured weekday and time of the week after it.
    public func digestDue(for week: ISOWeek, in zone: TimeZone) -> Date {
        digestAt.instant(on: week.next.monday.adding(days: weekday - 1), in: zone)
    }

    /// The latest week whose digest has fallen due at `now`, and when it fell due.
    public func latestDueWeek(at now: Date, in zone: TimeZone) -> (week: ISOWeek, due: Date) {
        let justEnded = ISOWeek(containing: now, in: zone).previous
        let due = digestDue(for: justEnded, in: zone)
        if due <= now { return (justEnded, due) }
        // Its own run is still ahead this week, so the one before it is the latest due (at most seven days back).
        return (justEnded.previous, digestDue(for: justEnded.previous, in: zone))
    }

    /// The latest local day whose nightly check has fallen due at `now`, and when it fell due.
    public func latestDueNight(at now: Date, in zone: TimeZone) -> (day: CalendarDate, due: Date) {
        let today = CalendarDate(now, in: zone)
        let due = nightlyAt.instant(on: today, in: zone)
        if due <= now { return (today, due) }
        let yesterday = today.adding(days: -1)
        return (yesterday, nightlyAt.instant(on: yesterday, in: zone))
    }
}

/// The organisation's digest schedule as stored; no row means the defaults.
public struct DigestSchedules {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    enum Query {
        static let current = """
            SELECT weekday, digest_at::text AS digest_at, nightly_at::text AS nightly_at, skip_empty, enabled
              FROM digest_schedules
            """
        static let save = """
            INSERT INTO digest_schedules (org_id, weekday, digest_at, nightly_at, skip_empty, enabled)
            VALUES (radar_current_org(), $1, $2::time, $3::time, $4, $5)
            ON CONFLICT (org_id) DO UPDATE
               SET weekday = EXCLUDED.weekday, digest_at = EXCLUDED.digest_at, nightly_at = EXCLUDED.nightly_at,
                   skip_empty = EXCLUDED.skip_empty, enabled = EXCLUDED.enabled, updated_at = now()
            """
    }

    public func current() throws -> DigestSchedule {
        var schedule = DigestSchedule()
        guard let row = try tx.connection.queryRow(Query.current) else { return schedule }
        schedule.weekday = try row.decode("weekday")
        schedule.digestAt = LocalTime(try row.decode("digest_at", as: String.self)) ?? schedule.digestAt
        schedule.nightlyAt = LocalTime(try row.decode("nightly_at", as: String.self)) ?? schedule.nightlyAt
        schedule.skipEmpty = try row.decode("skip_empty")
        schedule.enabled = try row.decode("enabled")
        return schedule
    }

    public func save(_ schedule: DigestSchedule) throws {
        try tx.connection.execute(
            Query.save,
            [
                schedule.weekday, schedule.digestAt.description, schedule.nightlyAt.description, schedule.skipEmpty,
                schedule.enabled,
            ])
    }
}
