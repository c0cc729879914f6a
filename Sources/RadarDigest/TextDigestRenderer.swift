import Foundation

/// The digest as plain text for an 80-column terminal and the text part of an e-mail: no line exceeds 80.
enum TextDigestRenderer {
    static let width = 80

    static func render(_ digest: Digest) -> String {
        var out = TextPage()
        let f = DigestFormatting.self
        out.wrap("WEEKLY RISK DIGEST \(digest.week) · \(digest.organisation.name)")
        out.wrap("\(f.weekRange(digest)), \(digest.organisation.timeZone) time")
        out.line(String(repeating: "=", count: width))
        out.blank()
        out.wrap(digest.headline.summary)
        out.wrap(digest.headline.engagementSentence)
        out.blank()
        let counts = digest.headline.openBySeverity
        func row(_ title: String, _ cell: (DigestSeverityCount) -> String) {
            out.line(
                title.padding(toLength: 14, withPad: " ", startingAt: 0)
                    + counts.map {
                        let text = cell($0)
                        return String(repeating: " ", count: max(1, 10 - text.count)) + text
                    }.joined())
        }
        row("Open flags", \.severity)
        row("  this week") { String($0.open) }
        row("  last week") { String($0.lastWeek) }

        out.heading("New and reopened risks")
        if digest.newRisks.isEmpty { out.wrap("None this week.", indent: 2) }
        for (index, flag) in digest.newRisks.enumerated() {
            let marker = "\(index + 1). "
            let pad = 2 + marker.count
            out.wrap("[\(flag.severity.uppercased())] \(flag.message)", indent: pad, first: "  " + marker)
            var about = "\(flag.guideline) \(flag.guidelineName) · \(flag.subjectName)"
            if flag.reopened { about += " · back after being resolved" }
            if flag.status != .open { about += " · " + f.setAside(flag) }
            out.wrap(about, indent: pad)
            if !flag.evidence.isEmpty { out.wrap("Evidence: " + f.evidence(flag.evidence), indent: pad) }
            out.wrap("Next step: " + flag.nextStep, indent: pad)
        }

        if !digest.stillOpen.isEmpty {
            out.heading("Still open")
            for flag in digest.stillOpen.prefix(digest.stillOpenListed) {
                out.wrap(
                    "[\(flag.severity.uppercased())] \(flag.message) (open \(flag.daysOpen) days)",
                    indent: 4, first: "  - ")
            }
            if let note = digest.stillOpenNote { out.wrap(note, indent: 2) }
        }

        out.heading("Leaders dropping off the radar")
        if digest.leadersDroppingOff.leaders.isEmpty { out.wrap("Nobody this week.", indent: 2) }
        if let first = digest.leadersDroppingOff.weeks.first, let last = digest.leadersDroppingOff.weeks.last {
            if !digest.leadersDroppingOff.leaders.isEmpty {
                out.line("  Score over \(digest.leadersDroppingOff.weeks.count) weeks, \(first) to \(last)")
            }
        }
        for leader in digest.leadersDroppingOff.leaders {
            let name = String(leader.name.prefix(22)).padding(toLength: 22, withPad: " ", startingAt: 0)
            out.line(
                "  \(name) \(f.blocks(leader.scores))  \(f.scoreChange(from: leader.scoreLastWeek, to: leader.score))")
            out.wrap(leader.note, indent: 4)
        }

        out.heading("Fears (\(digest.fears.open) open)")
        fearList("Voiced this week", digest.fears.voiced, into: &out) { "raised \(f.shortDay($0.raisedOn))" }
        fearList("Open longest", digest.fears.openLongest, into: &out) { "open \($0.ageDays) days" }
        fearList("Resolved this week", digest.fears.resolved, into: &out) { fear in
            "resolved" + (fear.mitigation.map { ": \($0)" } ?? "")
        }

        out.heading("Commitments")
        out.wrap(digest.commitments.ownershipSentence, indent: 2)
        if digest.commitments.leadersOverdue.isEmpty {
            out.wrap("No leader's commitment is overdue.", indent: 2)
        } else {
            out.line("  Leaders' overdue commitments:")
            for item in digest.commitments.leadersOverdue {
                let what = item.description ?? "(no description)"
                let new = item.newlyOverdue ? " · newly overdue" : ""
                out.wrap(
                    "\(item.owner): \(what) (due \(f.shortDay(item.dueOn)), \(item.daysOverdue) days over\(new))",
                    indent: 4, first: "  - ")
            }
        }

        out.heading("Programme")
        out.wrap(digest.programme.sentence, indent: 2)
        initiativeList("Running", digest.programme.running, into: &out) { item in
            item.endsOn.map { "until \(f.shortDay($0))" } ?? "ongoing"
        }
        initiativeList("Starting soon", digest.programme.startingSoon, into: &out) { "from \(f.shortDay($0.startsOn))" }
        initiativeList("Pilots awaiting evidence", digest.programme.pilotsAwaitingEvidence, into: &out) {
            "ended \($0.daysSinceEnd ?? 0) days ago"
        }
        if !digest.programme.rhythm.isEmpty {
            out.line("  Rhythm:")
            for item in digest.programme.rhythm {
                out.wrap(DigestWording.rhythm(item, shortDay: f.shortDay), indent: 4, first: "  - ")
            }
        }
        out.wrap(DigestWording.coachingGoals(digest.programme.coachingGoals), indent: 2)

        out.heading("Guideline coverage, last \(digest.coverage.windowDays) days")
        if !digest.coverage.leaders.isEmpty {
            out.line(
                "  " + String(repeating: " ", count: 22) + digest.coverage.guidelines.map { " " + $0.code }.joined())
            for row in digest.coverage.leaders {
                let name = String(row.name.prefix(22)).padding(toLength: 22, withPad: " ", startingAt: 0)
                out.line(
                    "  \(name)"
                        + row.conversations.map { count in
                            let text = count == 0 ? "·" : count > 99 ? "99" : String(count)
                            return String(repeating: " ", count: 4 - text.count) + text
                        }.joined())
            }
            out.line("  Conversations per leader and guideline; · none.")
        }
        out.wrap(digest.coverage.sentence, indent: 2)

        out.heading("What improved")
        out.wrap(digest.improved.sentence, indent: 2)
        for flag in digest.improved.resolvedFlags {
            out.wrap(
                "Resolved: \(flag.ruleName), \(flag.subjectName) (open \(flag.daysOpen) days)", indent: 4,
                first: "  - ")
        }
        for change in digest.improved.risingScores {
            out.wrap("\(change.name)'s score rose from \(change.from) to \(change.to).", indent: 4, first: "  - ")
        }

        if !digest.setAside.isEmpty {
            out.heading("Acknowledged and snoozed")
            for flag in digest.setAside {
                out.wrap("[\(flag.severity.uppercased())] \(flag.message)", indent: 4, first: "  - ")
                out.wrap(f.setAside(flag), indent: 4)
            }
        }
        out.blank()
        out.wrap("Made by Commitment Radar from what was recorded by the end of \(f.day(digest.weekEnd)).")
        return out.text
    }

    private static func fearList(
        _ title: String, _ fears: [DigestFear], into out: inout TextPage,
        detail: (DigestFear) -> String
    ) {
        guard !fears.isEmpty else { return }
        out.line("  \(title):")
        for fear in fears {
            out.wrap(
                "\(fear.name), \(fear.categoryLabel), \(fear.severity): \"\(fear.statement)\" (\(detail(fear)))",
                indent: 4, first: "  - ")
        }
    }

    private static func initiativeList(
        _ title: String, _ items: [DigestInitiative], into out: inout TextPage,
        detail: (DigestInitiative) -> String
    ) {
        guard !items.isEmpty else { return }
        out.line("  \(title):")
        for item in items {
            let owner = item.owner.map { ", \($0)" } ?? ""
            out.wrap("\(item.title) (\(item.kindLabel)\(owner), \(detail(item)))", indent: 4, first: "  - ")
        }
    }
}

/// Lines of text, wrapped at 80 columns.
struct TextPage {
    var text = ""

    mutating func line(_ line: String) {
        text += line + "\n"
    }

    mutating func blank() {
        text += "\n"
    }

    mutating func heading(_ title: String) {
        blank()
        line(title.uppercased())
        line(String(repeating: "-", count: min(TextDigestRenderer.width, title.count)))
    }

    /// Wraps `paragraph` at word boundaries; `first` replaces the indent on the first line.
    mutating func wrap(_ paragraph: String, indent: Int = 0, first: String? = nil) {
        for line in Self.wrapped(paragraph, width: TextDigestRenderer.width, indent: indent, first: first) {
            self.line(line)
        }
    }

    static func wrapped(_ paragraph: String, width: Int, indent: Int, first: String?) -> [String] {
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        var current = first ?? pad
        var currentHasWord = false
        for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
            var word = String(word)
            if currentHasWord, current.count + 1 + word.count > width {
                lines.append(current)
                current = pad
                currentHasWord = false
            }
            // A word longer than a whole line is cut, so nothing ever runs past the width.
            while current.count + word.count > width, width - current.count > 0 {
                let room = width - current.count
                lines.append(current + word.prefix(room))
                word = String(word.dropFirst(room))
                current = pad
            }
            current += (currentHasWord ? " " : "") + word
            currentHasWord = true
        }
        lines.append(current)
        return lines
    }
}
