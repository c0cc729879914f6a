import CivilCalendar
import Foundation

/// Converts `Date` to and from PostgreSQL's ISO timestamp text, at microsecond precision.
///
/// `infinity` and `-infinity` map to exactly `Date.distantFuture` and `Date.distantPast`, and back.
enum TimestampText {
    private static let microsPerSecond: Int64 = 1_000_000
    private static let microsPerDay: Int64 = 86_400_000_000

    static func encode(_ date: Date) -> String {
        if date == .distantFuture { return "infinity" }
        if date == .distantPast { return "-infinity" }
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let (days, microsOfDay) = floorDivision(micros, microsPerDay)
        let civil = CivilCalendar.date(fromDaysSinceEpoch: Int(days))
        let seconds = Int(microsOfDay / microsPerSecond)
        let fraction = String(microsOfDay % microsPerSecond)
        let time =
            twoDigits(seconds / 3600) + ":" + twoDigits(seconds / 60 % 60) + ":" + twoDigits(seconds % 60)
            + "." + String(repeating: "0", count: 6 - fraction.count) + fraction
        // Year 0 and earlier are written the PostgreSQL way: 1 BC is year 0.
        let isBC = civil.year <= 0
        let year = String(isBC ? 1 - civil.year : civil.year)
        let day =
            String(repeating: "0", count: max(0, 4 - year.count)) + year + "-" + twoDigits(civil.month) + "-"
            + twoDigits(civil.day)
        return isBC ? "\(day) \(time)+00 BC" : "\(day)T\(time)+00:00"
    }

    /// Reads `2026-03-01 12:30:00.25+05:30` and its variants; a missing offset means UTC.
    static func decode(_ text: String) -> Date? {
        switch text {
        case "infinity": return .distantFuture
        case "-infinity": return .distantPast
        default: break
        }
        var scanner = TextScanner(text)
        guard let year = scanner.readNumber(minimum: 4, maximum: 9), scanner.skip(UInt8(ascii: "-")),
            let month = scanner.readNumber(minimum: 2, maximum: 2), scanner.skip(UInt8(ascii: "-")),
            let day = scanner.readNumber(minimum: 2, maximum: 2),
            scanner.skip(UInt8(ascii: " ")) || scanner.skip(UInt8(ascii: "T")),
            let hour = scanner.readNumber(minimum: 2, maximum: 2), scanner.skip(UInt8(ascii: ":")),
            let minute = scanner.readNumber(minimum: 2, maximum: 2), scanner.skip(UInt8(ascii: ":")),
            let second = scanner.readNumber(minimum: 2, maximum: 2)
        else { return nil }
        var micros: Int64 = 0
        if scanner.skip(UInt8(ascii: ".")) {
            var digits = 0
            while let digit = scanner.readNumber(minimum: 1, maximum: 1) {
                // PostgreSQL keeps microseconds; anything finer is dropped.
                if digits < 6 { micros = micros * 10 + Int64(digit) }
                digits += 1
            }
            guard digits > 0 else { return nil }
            for _ in min(digits, 6)..<6 { micros *= 10 }
        }
        var offsetSeconds = 0
        if let sign = scanner.peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            _ = scanner.skip(sign)
            guard let hours = scanner.readNumber(minimum: 2, maximum: 2) else { return nil }
            offsetSeconds = hours * 3600
            if scanner.skip(UInt8(ascii: ":")) {
                guard let minutes = scanner.readNumber(minimum: 2, maximum: 2) else { return nil }
                offsetSeconds += minutes * 60
                if scanner.skip(UInt8(ascii: ":")) {
                    guard let seconds = scanner.readNumber(minimum: 2, maximum: 2) else { return nil }
                    offsetSeconds += seconds
                }
            }
            if sign == UInt8(ascii: "-") { offsetSeconds = -offsetSeconds }
        } else if scanner.skip(UInt8(ascii: "Z")) {
            offsetSeconds = 0
        }
        let isBC = scanner.skip(" BC")
        guard scanner.isAtEnd, CivilCalendar.isValid(year: year, month: month, day: day), hour < 24, minute < 60,
            second < 61
        else { return nil }
        let days = CivilCalendar.daysSinceEpoch(year: isBC ? 1 - year : year, month: month, day: day)
        let secondsOfDay = hour * 3600 + minute * 60 + second - offsetSeconds
        let total = (Int64(days) * 86_400 + Int64(secondsOfDay)) * microsPerSecond + micros
        return Date(timeIntervalSince1970: Double(total) / 1_000_000)
    }

    /// Division rounding toward negative infinity, with a non-negative remainder.
    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }
}

/// Zero-padded two-digit text.
func twoDigits(_ value: Int) -> String {
    value < 10 ? "0\(value)" : String(value)
}
