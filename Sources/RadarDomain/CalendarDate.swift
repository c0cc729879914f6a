import CivilCalendar
import Foundation

/// A day on the proleptic Gregorian calendar with no time and no time zone, like PostgreSQL's `date`.
public struct CalendarDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    LosslessStringConvertible
{
    public let year: Int
    public let month: Int
    public let day: Int

    /// A valid date; an impossible one (February 30th) is a programming error. Use `init?(_:)` for input.
    public init(year: Int, month: Int, day: Int) {
        precondition(
            CalendarDate.isValid(year: year, month: month, day: day),
            "invalid calendar date \(year)-\(month)-\(day)"
        )
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses the ISO form `2026-03-01` (four or more year digits); `nil` for anything else, including impossible
    /// days.
    public init?(_ description: String) {
        let parts = description.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard parts.count == 3, (4...9).contains(parts[0].count), parts[1].count == 2, parts[2].count == 2,
            let year = Self.number(parts[0]), let month = Self.number(parts[1]), let day = Self.number(parts[2]),
            Self.isValid(year: year, month: month, day: day)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The value of a run of ASCII digits; `nil` when anything else is in it.
    private static func number(_ digits: Substring.UTF8View) -> Int? {
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// The day that contains `date` in `timeZone`.
    public init(_ date: Date, in timeZone: TimeZone) {
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        self.init(daysSinceEpoch: Int((local / 86_400).rounded(.down)))
    }

    /// The date `daysSinceEpoch` days after 1970-01-01.
    init(daysSinceEpoch: Int) {
        let civil = CivilCalendar.date(fromDaysSinceEpoch: daysSinceEpoch)
        self.year = civil.year
        self.month = civil.month
        self.day = civil.day
    }

    /// Days since 1970-01-01 (negative before).
    var daysSinceEpoch: Int {
        CivilCalendar.daysSinceEpoch(year: year, month: month, day: day)
    }

    /// Whether the numbers name a real day.
    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        (1...12).contains(month) && day >= 1 && day <= CivilCalendar.daysIn(month: month, year: year)
    }

    /// The instant this day starts in `timeZone` (the first valid time when midnight is skipped by a DST change).
    public func date(in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        if let date = calendar.date(from: DateComponents(year: year, month: month, day: day)) {
            return date
        }
        let utcMidnight = Double(daysSinceEpoch) * 86_400
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: utcMidnight))
        return Date(timeIntervalSince1970: utcMidnight - Double(offset))
    }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> CalendarDate {
        CalendarDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// The number of days from this date to `other` (negative when `other` is earlier).
    public func days(to other: CalendarDate) -> Int {
        other.daysSinceEpoch - daysSinceEpoch
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public var description: String {
        let yearText = String(abs(year))
        let padded = String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText
        return (year < 0 ? "-" : "") + padded + "-" + twoDigits(month) + "-" + twoDigits(day)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected a date like 2026-03-01, found \"\(text)\""
            )
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Zero-padded two-digit text.
private func twoDigits(_ value: Int) -> String {
    value < 10 ? "0\(value)" : String(value)
}
