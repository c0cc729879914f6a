import Foundation
import Postgres
import RadarDomain

/// ISO 8601 dates and date-times as CSV files hold them. A date-time with `Z` or an offset is exact; one without,
/// or a bare date (its start), is local time in the organisation's zone.
struct ImportTime {
    let zone: TimeZone
    private let calendar: Calendar
    private static let epoch = CalendarDate(year: 1970, month: 1, day: 1)

    init(zone: TimeZone) {
        self.zone = zone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        self.calendar = calendar
    }

    /// An exact instant: the `Date`, and UTC text PostgreSQL reads back to the same microsecond.
    struct Instant {
        var date: Date
        var text: String
    }

    /// The parts of `2026-03-01`, `2026-03-01T09:30`, `2026-03-01 09:30:15.25+02:00`, `…Z`.
    private struct Parts {
        var day: CalendarDate
        var hour = 0, minute = 0, second = 0
        /// The fraction's digits as written, without the dot.
        var fraction = ""
        var hasTime = false
        /// Seconds east of UTC, when the text gives an offset or `Z`.
        var offset: Int?
    }

    /// The instant `text` names, or nil when it is not an ISO 8601 date or date-time.
    func instant(_ text: String) -> Instant? {
        guard let parts = Self.parse(text) else { return nil }
        let dayStart = Self.epoch.days(to: parts.day) * 86_400
        let clock = parts.hour * 3600 + parts.minute * 60 + parts.second
        let seconds: Int
        if let offset = parts.offset {
            seconds = dayStart + clock - offset
        } else {
            let components = DateComponents(
                year: parts.day.year, month: parts.day.month, day: parts.day.day, hour: parts.hour,
                minute: parts.minute, second: parts.second)
            guard let local = calendar.date(from: components) else { return nil }
            seconds = Int(local.timeIntervalSince1970.rounded())
        }
        let fraction = parts.fraction.isEmpty ? 0 : Double("0." + parts.fraction) ?? 0
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let utcDay = Self.epoch.adding(days: secondOfDay < 0 ? days - 1 : days)
        let second = secondOfDay < 0 ? secondOfDay + 86_400 : secondOfDay
        let clockText = Self.pad(second / 3600) + ":" + Self.pad(second / 60 % 60) + ":" + Self.pad(second % 60)
        let fractionText = parts.fraction.isEmpty ? "" : "." + parts.fraction
        return Instant(
            date: Date(timeIntervalSince1970: Double(seconds) + fraction),
            text: "\(utcDay)T\(clockText)\(fractionText)Z")
    }

    /// The calendar day `text` names: a date as written, or a date-time's day in the organisation's zone.
    func day(_ text: String) -> CalendarDate? {
        guard let parts = Self.parse(text) else { return nil }
        if !parts.hasTime || parts.offset == nil { return parts.day }
        return instant(text).map { CalendarDate($0.date, in: zone) }
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    /// Reads the ISO 8601 forms this import accepts; nil for anything else or an impossible date or time.
    private static func parse(_ text: String) -> Parts? {
        var bytes = Array(text.utf8)[...]
        func number(_ width: Int) -> Int? {
            guard bytes.count >= width else { return nil }
            var value = 0
            for byte in bytes.prefix(width) {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            bytes = bytes.dropFirst(width)
            return value
        }
        func skip(_ character: Character) -> Bool {
            guard bytes.first == character.asciiValue else { return false }
            bytes = bytes.dropFirst()
            return true
        }
        guard let year = number(4), skip("-"), let month = number(2), skip("-"), let dayOfMonth = number(2),
            CalendarDate.isValid(year: year, month: month, day: dayOfMonth)
        else { return nil }
        var parts = Parts(day: CalendarDate(year: year, month: month, day: dayOfMonth))
        if bytes.isEmpty { return parts }
        guard skip("T") || skip(" "), let hour = number(2), hour < 24, skip(":"), let minute = number(2), minute < 60
        else { return nil }
        parts.hasTime = true
        (parts.hour, parts.minute) = (hour, minute)
        if skip(":") {
            guard let second = number(2), second < 60 else { return nil }
            parts.second = second
            if skip(".") || skip(",") {
                let digits = bytes.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
                guard (1...9).contains(digits.count) else { return nil }
                parts.fraction = String(decoding: digits, as: UTF8.self)
                bytes = bytes.dropFirst(digits.count)
            }
        }
        if bytes.isEmpty { return parts }
        if skip("Z") || skip("z") {
            parts.offset = 0
        } else {
            let sign: Int
            if skip("+") { sign = 1 } else if skip("-") { sign = -1 } else { return nil }
            guard let hours = number(2), hours <= 18 else { return nil }
            _ = skip(":")
            let minutes = bytes.isEmpty ? 0 : number(2)
            guard let minutes, minutes < 60 else { return nil }
            parts.offset = sign * (hours * 3600 + minutes * 60)
        }
        return bytes.isEmpty ? parts : nil
    }
}
