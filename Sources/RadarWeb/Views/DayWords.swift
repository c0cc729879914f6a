import Foundation
import Postgres
import RadarDomain
import RadarRules

/// Days, ages and flag details as the stakeholder, fears and flags pages write them, in the organisation's zone.
enum DayWords {
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ]

    /// "2 March 2026".
    static func day(_ date: CalendarDate) -> String {
        "\(date.day) \(months[date.month - 1]) \(date.year)"
    }

    /// "2 March 2026, 14:30" for an instant, in `zone`.
    static func moment(_ instant: Date, in zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = zone
        formatter.locale = Locale(identifier: "en_GB")
        formatter.dateFormat = "d MMMM yyyy, HH:mm"
        return formatter.string(from: instant)
    }

    /// "less than a day", "1 day", "12 days": the time from `date` to `end`.
    static func span(from date: CalendarDate, to end: CalendarDate) -> String {
        let days = max(date.days(to: end), 0)
        switch days {
        case 0: return "less than a day"
        case 1: return "1 day"
        default: return "\(days) days"
        }
    }

    /// "today", "1 day ago", "12 days ago": how long ago `date` was on `today`.
    static func ago(_ date: CalendarDate, today: CalendarDate) -> String {
        let days = date.days(to: today)
        switch days {
        case ...0: return "today"
        case 1: return "1 day ago"
        default: return "\(days) days ago"
        }
    }

    /// "3 days" / "no contact yet" for a count of days since the last conversation.
    static func silence(_ days: Int?) -> String {
        guard let days else { return "no contact yet" }
        return days == 1 ? "1 day" : "\(days) days"
    }

    /// A fact's value as a person reads it.
    static func fact(_ value: FactValue) -> String {
        switch value {
        case .null: "none"
        case .bool(let flag): flag ? "yes" : "no"
        case .number(let number):
            number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(format: "%.1f", number)
        case .text(let text): Words.readable(text)
        }
    }

    /// The evidence of a flag as label/value pairs, sorted by fact name.
    static func evidence(_ facts: [String: FactValue]) -> [[String: Any]] {
        facts.keys.sorted().map { ["fact": Words.readable($0), "value": fact(facts[$0]!)] }
    }

    /// A flag's status in words, with its snooze or silence date, the day a pending flag opens, or the rule that
    /// suppresses it.
    static func flagStatus(_ flag: Flag) -> String {
        switch flag.status {
        case .snoozed: flag.snoozedUntil.map { "snoozed until \(day($0))" } ?? "snoozed"
        case .pending: flag.opensOn.map { "pending, opens \(day($0)) if it still holds" } ?? "pending"
        case .suppressed: flag.suppressedByRule.map { "suppressed by \($0)" } ?? "suppressed"
        case .silenced: flag.silencedUntil.map { "silenced until \(day($0))" } ?? "silenced"
        default: flag.status.rawValue
        }
    }
}
