import ArgumentParser
import Foundation
import Postgres
import RadarDomain

/// A point in time as typed on the command line: an ISO 8601 instant with offset, a local date-time, or a
/// date (the start of that day). Local forms are read in the organisation's time zone.
enum TimeArgument: ExpressibleByArgument, Sendable {
    case instant(Date)
    case local(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int)
    case day(CalendarDate)

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces)
        if let day = CalendarDate(text) {
            self = .day(day)
            return
        }
        if let instant = Self.parseInstant(text) {
            self = .instant(instant)
            return
        }
        let pattern = #"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$"#
        guard let match = text.wholeMatch(of: try! Regex(pattern)) else { return nil }
        func part(_ index: Int) -> Int { match.output[index].substring.flatMap { Int($0) } ?? 0 }
        self = .local(year: part(1), month: part(2), day: part(3), hour: part(4), minute: part(5), second: part(6))
    }

    static let help = "ISO 8601: 2026-03-01, 2026-03-01T09:30 (organisation's time zone) or 2026-03-01T09:30:00Z"

    private static func parseInstant(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return plain.date(from: text) ?? fractional.date(from: text)
    }

    /// The instant this names, reading local forms in `zone`.
    func resolve(in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        switch self {
        case .instant(let date):
            return date
        case .day(let day):
            return day.date(in: zone)
        case .local(let year, let month, let day, let hour, let minute, let second):
            let components = DateComponents(
                year: year, month: month, day: day, hour: hour, minute: minute,
                second: second)
            return calendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
        }
    }

    /// The calendar day this names in `zone`.
    func day(in zone: TimeZone) -> CalendarDate {
        if case .day(let day) = self { return day }
        return CalendarDate(resolve(in: zone), in: zone)
    }
}

extension CalendarDate: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument.trimmingCharacters(in: .whitespaces))
    }
}
