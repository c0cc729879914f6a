import Foundation

extension Brief {
    /// The brief as Markdown, short enough to print on one page.
    public func markdown(in zone: TimeZone) -> String {
        var day = Date.FormatStyle(date: .abbreviated, time: .omitted)
        day.timeZone = zone
        var lines: [String] = ["# Brief: \(name)", ""]
        lines.append(
            "\([title, tier.replacingOccurrences(of: "_", with: " "), role.replacingOccurrences(of: "_", with: " ")].compactMap { $0 }.joined(separator: ", ")) · \(email)")
        lines.append(
            "Engagement: \(engagement ?? "not assessed") now, \(desiredEngagement ?? "not set") wanted. "
                + "Last contact: \(lastContactOn ?? "none")\(nextContactDue.map { "; next due by \($0)" } ?? "").")
        if let rhythm { lines.append("Rhythm: \(rhythm).") }
        lines += ["", "## Suggested agenda", ""] + agenda.enumerated().map { "\($0.offset + 1). \($0.element)" }
        lines += ["", "## Last conversations", ""]
        if lastConversations.isEmpty { lines.append("None recorded.") }
        for meeting in lastConversations {
            let touched = meeting.guidelines.isEmpty ? "" : " (\(meeting.guidelines.joined(separator: ", ")))"
            lines.append("- \(meeting.occurredAt.formatted(day)), \(meeting.kind.replacingOccurrences(of: "_", with: " "))\(touched)\(meeting.notes.map { ": \($0)" } ?? "")")
        }
        lines += ["", "## Open fears", ""]
        if openFears.isEmpty { lines.append("None open.") }
        for fear in openFears {
            lines.append(
                "- \(fear.category), \(fear.severity), raised \(fear.raisedOn), \(fear.status)"
                    + "\(fear.statement.map { ": \($0)" } ?? "")\(fear.mitigation.map { " Done so far: \($0)" } ?? "")")
        }
        lines += ["", "## Commitments", ""]
        if commitments.isEmpty { lines.append("None open.") }
        for promise in commitments {
            lines.append(
                "- \(promise.theirs ? "Theirs" : "To them, by \(promise.owner)"), due \(promise.dueOn ?? "no date")"
                    + "\(promise.overdue ? " (overdue)" : "")\(promise.description.map { ": \($0)" } ?? "")")
        }
        lines += ["", "## Open flags", ""]
        if flags.isEmpty { lines.append("None.") }
        for flag in flags { lines.append("- \(flag.severity), \(flag.guideline): \(flag.message) Next: \(flag.nextStep)") }
        lines += ["", "## Guidelines never covered with them", ""]
        lines.append(guidelinesNeverCovered.isEmpty ? "All covered." : guidelinesNeverCovered.joined(separator: "; "))
        return lines.joined(separator: "\n") + "\n"
    }
}
