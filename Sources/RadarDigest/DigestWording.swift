import Foundation
import RadarDomain

/// Every sentence and label the digest shows, in the product's own words, written for a sponsor reading for two
/// minutes. The builder calls these; renderers only lay the results out.
enum DigestWording {
    static func plural(_ count: Int, _ one: String, _ many: String? = nil) -> String {
        "\(count) \(count == 1 ? one : many ?? one + "s")"
    }

    /// "a, b and c".
    static func list(_ parts: [String]) -> String {
        switch parts.count {
        case 0: ""
        case 1: parts[0]
        default: parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        }
    }

    static func capitalised(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }

    static func summary(_ counts: DigestFlagCounts) -> String {
        if counts.open == 0, counts.resolved == 0 { return "No open risks, and none resolved this week." }
        var first = counts.new == 0 ? "No new risks this week" : plural(counts.new, "new risk") + " this week"
        if counts.reopened > 0 { first += " (\(counts.reopened) back after being resolved)" }
        var rest = ["\(counts.stillOpen) still open"]
        if counts.setAside > 0 { rest.append("\(counts.setAside) acknowledged or snoozed") }
        rest.append("\(counts.resolved) resolved")
        return first + "; " + list(rest) + "."
    }

    /// "18 more are still open (16 medium, 2 info); the flags list shows every one.", or nil when none are left.
    static func stillOpenRest(_ rest: [DigestFlag]) -> String? {
        guard !rest.isEmpty else { return nil }
        var bySeverity: [(String, Int)] = []
        for flag in rest {
            if bySeverity.last?.0 == flag.severity {
                bySeverity[bySeverity.count - 1].1 += 1
            } else {
                bySeverity.append((flag.severity, 1))
            }
        }
        return "\(rest.count) more \(rest.count == 1 ? "is" : "are") still open ("
            + bySeverity.map { "\($0.1) \($0.0)" }.joined(separator: ", ") + "); the flags list shows every one."
    }

    static func engagement(_ direction: DigestDirection, from last: Int?, to now: Int?) -> String {
        switch (direction, last, now) {
        case (.rising, let last?, let now?):
            "Leadership engagement is rising: the leaders' average score went from \(last) to \(now) out of 100."
        case (.falling, let last?, let now?):
            "Leadership engagement is falling: the leaders' average score went from \(last) to \(now) out of 100."
        case (.holding, let last?, let now?):
            "Leadership engagement is holding at an average score of \(now) out of 100 (\(last) last week)."
        case (_, _, let now?):
            "No trend yet: the leaders average \(now) out of 100 this week, with no score from last week to compare."
        default:
            "There are no engagement scores for the leaders yet."
        }
    }

    static func leaderNote(
        _ direction: DigestDirection, from last: Int?, to now: Int?, radarFlags: Int,
        daysSinceContact: Int?
    ) -> String {
        var parts: [String] = []
        if direction == .falling, let last, let now { parts.append("score fell from \(last) to \(now)") }
        if radarFlags == 1 {
            parts.append("flagged under Keep it on the radar")
        } else if radarFlags > 1 {
            parts.append("\(radarFlags) flags under Keep it on the radar")
        }
        if let days = daysSinceContact {
            parts.append(days == 0 ? "met this week" : "last conversation \(plural(days, "day")) ago")
        } else {
            parts.append("no conversation on record")
        }
        return capitalised(parts.joined(separator: "; ")) + "."
    }

    static func evidence(_ facts: [String: String]) -> [DigestFact] {
        // Which kind of subject it is says nothing the message does not; the numbers are the evidence.
        facts.filter { !$0.key.hasPrefix("is_") && $0.key != "subject_name" }
            .sorted { $0.key < $1.key }
            .map { DigestFact(fact: $0.key, label: factLabel($0.key), value: $0.value) }
    }

    /// `contacts_30d` → "contacts in 30 days", `touched_g07` → "touched G07".
    static func factLabel(_ fact: String) -> String {
        fact.split(separator: "_").map { word -> String in
            let text = String(word)
            if text.count >= 2, text.hasSuffix("d"), let days = Int(text.dropLast()) { return "in \(days) days" }
            if text.count >= 2, text.hasSuffix("m"), let months = Int(text.dropLast()) { return "in \(months) months" }
            if text.range(of: "^[gp][0-9]{2}$", options: .regularExpression) != nil { return text.uppercased() }
            if text == "hr" { return "HR" }
            return text
        }.joined(separator: " ")
    }

    static func fearCategory(_ category: String) -> String {
        switch category {
        case "time": "time and workload"
        case "exposure": "personal exposure"
        case "capability": "own capability"
        case "control": "loss of control"
        case "results": "doubt about results"
        case "fit": "cultural fit"
        case "fatigue": "initiative fatigue"
        default: category
        }
    }

    static func initiativeKind(_ kind: String) -> String {
        kind.replacingOccurrences(of: "_", with: " ")
    }

    static func ownership(total: Int, hr: Int, leaders: Int, share: Int?) -> String {
        guard total > 0, let share else { return "No commitments are open." }
        var sentence =
            "HR owns \(hr) of the \(plural(total, "open commitment")) (\(share)%); "
            + (leaders == 0 ? "the leaders own none." : "the leaders own \(leaders).")
        if share > 60 { sentence += " The leaders should be carrying more of them." }
        return sentence
    }

    /// "Leaders' learning set: 1 of 1 sessions due in the last 90 days held, 67% attendance, next due 3 Aug; it has
    /// stopped meeting (no session for 140 days, meant to meet every 60)."
    static func rhythm(_ item: DigestRhythm, shortDay: (CalendarDate) -> String) -> String {
        var text = "\(item.title): \(item.held) of \(item.due) sessions due in the last \(item.windowDays) days held"
        if let percent = item.attendancePercent { text += ", \(percent)% attendance" }
        text += ", next due \(shortDay(item.nextDueOn))"
        if item.stopped {
            let since = item.lastSessionOn.map { "last session \(shortDay($0))" } ?? "no session yet"
            text += "; it has stopped meeting (\(since), meant to meet every \(item.cadenceDays) days)"
        }
        return text + "."
    }

    /// "Leaders' coaching goals: 3 open, 1 observed this week, 1 not looked at for over 180 days."
    static func coachingGoals(_ goals: DigestCoachingGoals) -> String {
        guard goals.open > 0 else { return "No leader has a coaching goal of their own yet." }
        return "Leaders' coaching goals: \(goals.open) open, \(goals.reviewedThisWeek) observed this week, "
            + "\(goals.notReviewed180) not looked at for over 180 days."
    }

    static func programme(running: Int, soon: Int, pilots: Int) -> String {
        var sentence =
            switch (running, soon) {
            case (0, 0): "Nothing is running or due to start in the next six weeks."
            case (0, _): "No initiative is running; \(soon) \(soon == 1 ? "starts" : "start") in the next six weeks."
            default: "\(plural(running, "initiative")) running and \(soon) starting in the next six weeks."
            }
        if pilots > 0 {
            sentence +=
                " " + capitalised(plural(pilots, "pilot")) + (pilots == 1 ? " has" : " have")
                + " ended with no results recorded."
        }
        return sentence
    }

    static func coverage(untouched: [DigestGuideline], leaders: Int) -> String {
        if leaders == 0 { return "No leaders are recorded yet." }
        if untouched.isEmpty {
            return "Every guideline came up in a conversation with at least one leader in the last 180 days."
        }
        return "No conversation with a leader touched "
            + list(untouched.map { "\($0.code) (\($0.name))" }) + " in the last 180 days."
    }

    static func improvements(resolved: Int, rising: Int, fears: Int, commitments: Int) -> String {
        var parts: [String] = []
        if resolved > 0 { parts.append(plural(resolved, "risk") + " resolved") }
        if rising > 0 { parts.append(plural(rising, "score") + " rose") }
        if fears > 0 { parts.append(plural(fears, "fear") + " put to rest") }
        if commitments > 0 {
            parts.append(plural(commitments, "leader's commitment", "leaders' commitments") + " done")
        }
        return parts.isEmpty ? "Nothing improved this week." : capitalised(list(parts)) + "."
    }
}
