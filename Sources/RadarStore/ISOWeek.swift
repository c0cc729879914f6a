import Foundation
import Postgres
import RadarDomain

/// An ISO 8601 week such as `2026-W26`: Monday to Sunday, numbered by the year that holds its Thursday.
public struct ISOWeek: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The Monday that starts the week.
    public let monday: CalendarDate

    /// The week that starts on `monday`, or the week holding any other day.
    public init(containing day: CalendarDate) {
        let weekday = Self.isoWeekday(of: day)
        monday = day.adding(days: 1 - weekday)
    }

    /// The week holding `instant` on the organisation's wall clock.
    public init(containing instant: Date, in zone: TimeZone) {
        self.init(containing: CalendarDate(instant, in: zone))
    }

    /// Parses `2026-W26`; nil when the text is not an ISO week that exists.
    public init?(_ text: String) {
        let parts = text.split(separator: "-W", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            let year = Int(parts[0]), let week = Int(parts[1]), week >= 1
        else { return nil }
        // 4 January always lies in week 1.
        let firstMonday = ISOWeek(containing: CalendarDate(year: year, month: 1, day: 4)).monday
        let candidate = ISOWeek(containing: firstMonday.adding(days: (week - 1) * 7))
        guard candidate.year == year, candidate.number == week else { return nil }
        self = candidate
    }

    /// Parses like `init?(_:)` but throws a validation failure naming `field`.
    public static func parse(_ text: String, field: String) throws -> ISOWeek {
        guard let week = ISOWeek(text) else {
            throw ValidationFailure([
                ValidationProblem(
                    field: field, message: "\"\(text)\" is not an ISO week; expected the form 2026-W26")
            ])
        }
        return week
    }

    /// The ISO year: the calendar year of the week's Thursday.
    public var year: Int { monday.adding(days: 3).year }

    /// The week number within its ISO year, 1 to 53.
    public var number: Int {
        let thursday = monday.adding(days: 3)
        let ordinal = Self.dayOfYear(thursday)
        return (ordinal - 1) / 7 + 1
    }

    /// The Sunday that ends the week.
    public var sunday: CalendarDate { monday.adding(days: 6) }

    public var previous: ISOWeek { ISOWeek(containing: monday.adding(days: -7)) }
    public var next: ISOWeek { ISOWeek(containing: monday.adding(days: 7)) }

    /// The instant the week starts: Monday 00:00 on the organisation's wall clock.
    public func start(in zone: TimeZone) -> Date { monday.date(in: zone) }

    /// The instant the week ends: the next Monday 00:00 there (a DST week is 167 or 169 hours long).
    public func end(in zone: TimeZone) -> Date { next.start(in: zone) }

    public var description: String {
        let number = self.number
        return "\(year)-W\(number < 10 ? "0" : "")\(number)"
    }

    public static func < (lhs: ISOWeek, rhs: ISOWeek) -> Bool { lhs.monday < rhs.monday }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let week = ISOWeek(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not an ISO week: \(text)"))
        }
        self = week
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Monday = 1 … Sunday = 7.
    static func isoWeekday(of day: CalendarDate) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let weekday = calendar.component(.weekday, from: day.date(in: .gmt))
        return (weekday + 5) % 7 + 1
    }

    static func dayOfYear(_ day: CalendarDate) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar.ordinality(of: .day, in: .year, for: day.date(in: .gmt)) ?? 1
    }
}
