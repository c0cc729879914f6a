import Foundation

/// The digest as Markdown (CommonMark with GitHub tables), for chat tools, wikis and issue trackers.
enum MarkdownDigestRenderer {
    static func render(_ digest: Digest) -> String {
        let f = DigestFormatting.self
        var out: [String] = []
        out.append("# Weekly risk digest \(digest.week): \(escape(digest.organisation.name))")
        out.append("")
        out.append("_\(f.weekRange(digest)), \(digest.organisation.timeZone) time_")
        out.append("")
        out.append("**\(escape(digest.headline.summary))** \(escape(digest.headline.engagementSentence))")
        out.append("")
        out.append("| Severity | Open | Last week | Change |")
        out.append("| --- | ---: | ---: | ---: |")
        for count in digest.headline.openBySeverity {
            out.append("| \(count.severity) | \(count.open) | \(count.lastWeek) | \(f.signed(count.change)) |")
        }

        out.append("")
        out.append("## New and reopened risks")
        out.append("")
        if digest.newRisks.isEmpty { out.append("None this week.") }
        for (index, flag) in digest.newRisks.enumerated() {
            var about = "\(flag.guideline) \(flag.guidelineName) · \(flag.subjectName)"
            if flag.reopened { about += " · back after being resolved" }
            if flag.status != .open { about += " · " + f.setAside(flag) }
            out.append("\(index + 1). **\(flag.severity.uppercased())** \(escape(flag.message))  ")
            out.append("   _\(escape(about))_  ")
            if !flag.evidence.isEmpty { out.append("   Evidence: \(escape(f.evidence(flag.evidence)))  ") }
            out.append("   Next step: \(escape(flag.nextStep))")
        }

        if !digest.stillOpen.isEmpty {
            out.append("")
            out.append("## Still open")
            out.append("")
            for flag in digest.stillOpen.prefix(digest.stillOpenListed) {
                out.append("- **\(flag.severity.uppercased())** \(escape(flag.message)) (open \(flag.daysOpen) days)")
            }
            if let note = digest.stillOpenNote {
                out.append("")
                out.append(escape(note))
            }
        }

        out.append("")
        out.append("## Leaders dropping off the radar")
        out.append("")
        if digest.leadersDroppingOff.leaders.isEmpty {
            out.append("Nobody this week.")
        } else {
            let weeks = digest.leadersDroppingOff.weeks
            out.append(
                "| Leader | \(weeks.count) weeks (\(weeks.first.map(String.init(describing:)) ?? "") to "
                    + "\(weeks.last.map(String.init(describing:)) ?? "")) | Score | Why listed |")
            out.append("| --- | --- | ---: | --- |")
            for leader in digest.leadersDroppingOff.leaders {
                out.append(
                    "| \(escape(leader.name)) | `\(f.blocks(leader.scores))` | "
                        + "\(f.scoreChange(from: leader.scoreLastWeek, to: leader.score)) | \(escape(leader.note)) |")
            }
        }

        out.append("")
        out.append("## Fears (\(digest.fears.open) open)")
        fears("Voiced this week", digest.fears.voiced, into: &out) { "raised \(f.shortDay($0.raisedOn))" }
        fears("Open longest", digest.fears.openLongest, into: &out) { "open \($0.ageDays) days" }
        fears("Resolved this week", digest.fears.resolved, into: &out) { fear in
            "resolved" + (fear.mitigation.map { ": \($0)" } ?? "")
        }
        if digest.fears.voiced.isEmpty, digest.fears.openLongest.isEmpty, digest.fears.resolved.isEmpty {
            out.append("")
            out.append("No fears voiced, open or resolved.")
        }

        out.append("")
        out.append("## Commitments")
        out.append("")
        out.append(escape(digest.commitments.ownershipSentence))
        out.append("")
        if digest.commitments.leadersOverdue.isEmpty {
            out.append("No leader's commitment is overdue.")
        } else {
            out.append("Leaders' overdue commitments:")
            out.append("")
            for item in digest.commitments.leadersOverdue {
                let new = item.newlyOverdue ? " · **newly overdue**" : ""
                out.append(
                    "- \(escape(item.owner)): \(escape(item.description ?? "(no description)")) "
                        + "(due \(f.shortDay(item.dueOn)), \(item.daysOverdue) days over\(new))")
            }
        }

        out.append("")
        out.append("## Programme")
        out.append("")
        out.append(escape(digest.programme.sentence))
        initiatives("Running", digest.programme.running, into: &out) { item in
            item.endsOn.map { "until \(f.shortDay($0))" } ?? "ongoing"
        }
        initiatives("Starting soon", digest.programme.startingSoon, into: &out) { "from \(f.shortDay($0.startsOn))" }
        initiatives("Pilots awaiting evidence", digest.programme.pilotsAwaitingEvidence, into: &out) {
            "ended \($0.daysSinceEnd ?? 0) days ago"
        }
        if !digest.programme.rhythm.isEmpty {
            out.append("")
            out.append("Rhythm:")
            out.append("")
            for item in digest.programme.rhythm {
                out.append("- " + escape(DigestWording.rhythm(item, shortDay: f.shortDay)))
            }
        }
        out.append("")
        out.append(escape(DigestWording.coachingGoals(digest.programme.coachingGoals)))

        out.append("")
        out.append("## Guideline coverage, last \(digest.coverage.windowDays) days")
        out.append("")
        if !digest.coverage.leaders.isEmpty {
            out.append("| Leader | " + digest.coverage.guidelines.map(\.code).joined(separator: " | ") + " |")
            out.append("| --- |" + String(repeating: " :---: |", count: digest.coverage.guidelines.count))
            for row in digest.coverage.leaders {
                out.append(
                    "| \(escape(row.name)) | "
                        + row.conversations.map { $0 == 0 ? "·" : String($0) }.joined(separator: " | ") + " |")
            }
            out.append("")
            out.append(
                "Conversations per leader and guideline since \(f.day(digest.coverage.since)); · none. "
                    + digest.coverage.guidelines.map { "\($0.code) \($0.name)" }.joined(separator: ", ") + ".")
            out.append("")
        }
        out.append(escape(digest.coverage.sentence))

        out.append("")
        out.append("## What improved")
        out.append("")
        out.append(escape(digest.improved.sentence))
        if !digest.improved.resolvedFlags.isEmpty || !digest.improved.risingScores.isEmpty { out.append("") }
        for flag in digest.improved.resolvedFlags {
            out.append("- Resolved: \(escape(flag.ruleName)), \(escape(flag.subjectName)) (open \(flag.daysOpen) days)")
        }
        for change in digest.improved.risingScores {
            out.append("- \(escape(change.name))'s score rose from \(change.from) to \(change.to).")
        }

        if !digest.setAside.isEmpty {
            out.append("")
            out.append("## Acknowledged and snoozed")
            out.append("")
            for flag in digest.setAside {
                out.append(
                    "- **\(flag.severity.uppercased())** \(escape(flag.message)) "
                        + "_\(escape(f.setAside(flag)))_")
            }
        }
        out.append("")
        out.append("---")
        out.append("")
        out.append("_Made by Commitment Radar from what was recorded by the end of \(f.day(digest.weekEnd))._")
        return out.joined(separator: "\n") + "\n"
    }

    private static func fears(
        _ title: String, _ fears: [DigestFear], into out: inout [String],
        detail: (DigestFear) -> String
    ) {
        guard !fears.isEmpty else { return }
        out.append("")
        out.append("**\(title)**")
        out.append("")
        for fear in fears {
            out.append(
                "- \(escape(fear.name)), \(fear.categoryLabel), \(fear.severity): "
                    + "“\(escape(fear.statement))” (\(escape(detail(fear))))")
        }
    }

    private static func initiatives(
        _ title: String, _ items: [DigestInitiative], into out: inout [String],
        detail: (DigestInitiative) -> String
    ) {
        guard !items.isEmpty else { return }
        out.append("")
        out.append("**\(title)**")
        out.append("")
        for item in items {
            let owner = item.owner.map { ", \(escape($0))" } ?? ""
            out.append("- \(escape(item.title)) (\(item.kindLabel)\(owner), \(detail(item)))")
        }
    }

    /// Backslash-escapes the characters Markdown would read as formatting in recorded text.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "\\`*_[]<>|#".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
