import Foundation

/// The digest as one self-contained HTML page: inline styles (what e-mail clients keep), inline SVG for the
/// sparklines and the coverage heatmap, no external assets, printable on A4. Every colour has a word or a number
/// beside it, so nothing depends on seeing colour.
enum HTMLDigestRenderer {
    static func render(_ digest: Digest) -> String {
        let f = DigestFormatting.self
        var html = HTMLPage()
        let title = "Weekly risk digest \(digest.week) · \(digest.organisation.name)"
        html.raw(
            """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>
            @media print { body { background: #ffffff !important; padding: 0 !important; }
              .page { border: 0 !important; padding: 0 !important; max-width: none !important; }
              .section { page-break-inside: avoid; } }
            </style>
            </head>
            <body style="margin:0;padding:24px 12px;background:#f3f4f6;color:#1f2937;\
            font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;font-size:14px;line-height:1.45">
            <div class="page" style="max-width:760px;margin:0 auto;background:#ffffff;border:1px solid #e5e7eb;\
            padding:24px 32px">
            """)
        html.raw(
            "<p style=\"margin:0;font-size:12px;letter-spacing:.08em;text-transform:uppercase;color:#6b7280\">"
                + "Weekly risk digest · \(digest.week)</p>")
        html.raw("<h1 style=\"margin:2px 0 0;font-size:24px;line-height:1.2\">\(escape(digest.organisation.name))</h1>")
        html.raw(
            "<p style=\"margin:2px 0 16px;color:#6b7280\">\(escape(f.weekRange(digest))), "
                + "\(escape(digest.organisation.timeZone)) time</p>")

        headline(digest, into: &html)
        newRisks(digest, into: &html)
        stillOpen(digest, into: &html)
        leaders(digest, into: &html)
        fears(digest, into: &html)
        commitments(digest, into: &html)
        programme(digest, into: &html)
        coverage(digest, into: &html)
        improved(digest, into: &html)
        setAside(digest, into: &html)

        html.raw(
            "<p style=\"margin:24px 0 0;padding-top:8px;border-top:1px solid #e5e7eb;font-size:12px;"
                + "color:#6b7280\">Made by Commitment Radar from what was recorded by the end of "
                + "\(escape(f.day(digest.weekEnd))).</p>")
        html.raw("</div>\n</body>\n</html>")
        return html.text
    }

    // MARK: Sections

    private static func headline(_ digest: Digest, into html: inout HTMLPage) {
        let trend = digest.headline.engagementTrend
        let (arrow, colour) =
            switch trend {
            case .rising: ("▲", "#047857")
            case .falling: ("▼", "#b91c1c")
            case .holding: ("▶", "#4b5563")
            case .unknown: ("•", "#4b5563")
            }
        html.raw(
            "<div style=\"background:#f9fafb;border:1px solid #e5e7eb;border-left:4px solid \(colour);"
                + "padding:12px 16px;margin-bottom:12px\">")
        html.raw("<p style=\"margin:0 0 6px;font-size:16px;font-weight:600\">\(escape(digest.headline.summary))</p>")
        html.raw(
            "<p style=\"margin:0\"><span style=\"color:\(colour);font-weight:600\">\(arrow) "
                + "\(escape(trend.rawValue.capitalized))</span> · \(escape(digest.headline.engagementSentence))</p>")
        html.raw("</div>")
        html.raw("<table role=\"presentation\" style=\"width:100%;border-collapse:collapse;margin-bottom:4px\"><tr>")
        for count in digest.headline.openBySeverity {
            let style = severityStyle(count.severity)
            html.raw(
                "<td style=\"width:20%;padding:8px;text-align:center;border:1px solid #e5e7eb;"
                    + "background:\(count.open > 0 ? style.background : "#ffffff")\">"
                    + "<div style=\"font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:\(style.text)\">"
                    + "\(escape(count.severity))</div>"
                    + "<div style=\"font-size:22px;font-weight:700\">\(count.open)</div>"
                    + "<div style=\"font-size:12px;color:#6b7280\">\(DigestFormatting.signed(count.change)) on last week"
                    + "</div></td>")
        }
        html.raw("</tr></table>")
        html.raw(
            "<p style=\"margin:0;font-size:12px;color:#6b7280\">Open flags by severity, acknowledged and "
                + "snoozed ones included.</p>")
    }

    private static func newRisks(_ digest: Digest, into html: inout HTMLPage) {
        html.section("New and reopened risks", count: digest.newRisks.count)
        if digest.newRisks.isEmpty { html.paragraph("None this week.") }
        for flag in digest.newRisks {
            let style = severityStyle(flag.severity)
            html.raw(
                "<div style=\"border:1px solid #e5e7eb;border-left:4px solid \(style.text);padding:8px 12px;"
                    + "margin:0 0 8px\">")
            html.raw("<p style=\"margin:0\">\(badge(flag.severity)) <strong>\(escape(flag.message))</strong></p>")
            var about = "\(flag.guideline) \(flag.guidelineName) · \(flag.subjectName)"
            if flag.reopened { about += " · back after being resolved" }
            if flag.status != .open { about += " · " + DigestFormatting.setAside(flag) }
            html.raw("<p style=\"margin:2px 0 0;font-size:12px;color:#6b7280\">\(escape(about))</p>")
            if !flag.evidence.isEmpty {
                html.raw(
                    "<p style=\"margin:4px 0 0;font-size:13px\"><span style=\"color:#6b7280\">Evidence:</span> "
                        + "\(escape(DigestFormatting.evidence(flag.evidence)))</p>")
            }
            html.raw(
                "<p style=\"margin:4px 0 0;font-size:13px\"><span style=\"color:#6b7280\">Next step:</span> "
                    + "\(escape(flag.nextStep))</p>")
            html.raw("</div>")
        }
        html.raw("</div>")
    }

    private static func stillOpen(_ digest: Digest, into html: inout HTMLPage) {
        guard !digest.stillOpen.isEmpty else { return }
        html.section("Still open", count: digest.stillOpen.count)
        html.raw("<table style=\"width:100%;border-collapse:collapse;font-size:13px\">")
        for flag in digest.stillOpen.prefix(digest.stillOpenListed) {
            html.raw(
                "<tr><td style=\"padding:3px 8px 3px 0;vertical-align:top;width:70px\">\(badge(flag.severity))</td>"
                    + "<td style=\"padding:3px 8px 3px 0;vertical-align:top\">\(escape(flag.message))</td>"
                    + "<td style=\"padding:3px 0;vertical-align:top;text-align:right;white-space:nowrap;color:#6b7280\">"
                    + "\(flag.daysOpen) days</td></tr>")
        }
        html.raw("</table>")
        if let note = digest.stillOpenNote {
            html.raw("<p style=\"margin:4px 0 0;font-size:13px;color:#6b7280\">\(escape(note))</p>")
        }
        html.raw("</div>")
    }

    private static func leaders(_ digest: Digest, into html: inout HTMLPage) {
        let trends = digest.leadersDroppingOff
        html.section("Leaders dropping off the radar", count: trends.leaders.count)
        if trends.leaders.isEmpty {
            html.paragraph("Nobody this week.")
        } else {
            html.raw(
                "<p style=\"margin:0 0 6px;font-size:12px;color:#6b7280\">Engagement score (0–100) over "
                    + "\(trends.weeks.count) weeks, \(trends.weeks.first.map { "\($0)" } ?? "") to "
                    + "\(trends.weeks.last.map { "\($0)" } ?? "").</p>")
            html.raw("<table style=\"width:100%;border-collapse:collapse;font-size:13px\">")
            for leader in trends.leaders {
                let who =
                    escape(leader.name)
                    + (leader.title.map {
                        "<br><span style=\"font-size:12px;color:#6b7280\">\(escape($0))</span>"
                    } ?? "")
                html.raw(
                    "<tr style=\"border-top:1px solid #f3f4f6\">"
                        + "<td style=\"padding:6px 8px 6px 0;vertical-align:top;width:170px\"><strong>\(who)</strong></td>"
                        + "<td style=\"padding:6px 8px 6px 0;vertical-align:top;width:124px\">"
                        + sparkline(leader.scores, direction: leader.direction) + "</td>"
                        + "<td style=\"padding:6px 8px 6px 0;vertical-align:top;width:64px;white-space:nowrap;"
                        + "font-weight:600\">\(DigestFormatting.scoreChange(from: leader.scoreLastWeek, to: leader.score))"
                        + "</td><td style=\"padding:6px 0;vertical-align:top\">\(escape(leader.note))</td></tr>")
            }
            html.raw("</table>")
        }
        html.raw("</div>")
    }

    private static func fears(_ digest: Digest, into html: inout HTMLPage) {
        let fears = digest.fears
        html.section("Fears", count: nil, note: "\(fears.open) open")
        if fears.voiced.isEmpty, fears.openLongest.isEmpty, fears.resolved.isEmpty {
            html.paragraph("No fears voiced, open or resolved.")
        }
        fearList("Voiced this week", fears.voiced, into: &html) { "raised \(DigestFormatting.shortDay($0.raisedOn))" }
        fearList("Open longest", fears.openLongest, into: &html) { "open \($0.ageDays) days" }
        fearList("Resolved this week", fears.resolved, into: &html) { fear in
            "resolved" + (fear.mitigation.map { ": \($0)" } ?? "")
        }
        html.raw("</div>")
    }

    private static func fearList(
        _ title: String, _ fears: [DigestFear], into html: inout HTMLPage,
        detail: (DigestFear) -> String
    ) {
        guard !fears.isEmpty else { return }
        html.raw("<p style=\"margin:6px 0 2px;font-weight:600\">\(escape(title))</p>")
        html.raw("<ul style=\"margin:0;padding-left:20px\">")
        for fear in fears {
            html.raw(
                "<li style=\"margin:2px 0\">\(escape(fear.name)) <span style=\"color:#6b7280\">("
                    + "\(escape(fear.categoryLabel)), \(escape(fear.severity)))</span>: <em>“\(escape(fear.statement))”"
                    + "</em> <span style=\"color:#6b7280\">\(escape(detail(fear)))</span></li>")
        }
        html.raw("</ul>")
    }

    private static func commitments(_ digest: Digest, into html: inout HTMLPage) {
        let commitments = digest.commitments
        html.section("Commitments", count: nil)
        html.paragraph(commitments.ownershipSentence)
        if commitments.open > 0 {
            let parts = [
                ("Leaders", commitments.ownedByLeaders, "#4338ca", "#ffffff"),
                ("HR", commitments.ownedByHR, "#f59e0b", "#1f2937"),
                ("Others", commitments.ownedByOthers, "#d1d5db", "#1f2937"),
            ].filter { $0.1 > 0 }
            html.raw(
                "<table role=\"presentation\" style=\"width:100%;border-collapse:collapse;margin:4px 0 8px;"
                    + "font-size:12px\"><tr>")
            for (label, count, background, text) in parts {
                let width = Int((Double(count) * 100 / Double(commitments.open)).rounded())
                html.raw(
                    "<td style=\"width:\(width)%;background:\(background);color:\(text);padding:3px 6px;"
                        + "white-space:nowrap;overflow:hidden\">\(label) \(count)</td>")
            }
            html.raw("</tr></table>")
        }
        if commitments.leadersOverdue.isEmpty {
            html.paragraph("No leader's commitment is overdue.")
        } else {
            html.raw("<p style=\"margin:6px 0 2px;font-weight:600\">Leaders' overdue commitments</p>")
            html.raw("<ul style=\"margin:0;padding-left:20px\">")
            for item in commitments.leadersOverdue {
                let new =
                    item.newlyOverdue
                    ? " <span style=\"font-size:11px;font-weight:600;color:#b91c1c\">NEWLY OVERDUE</span>" : ""
                html.raw(
                    "<li style=\"margin:2px 0\">\(escape(item.owner)): "
                        + "\(escape(item.description ?? "(no description)")) <span style=\"color:#6b7280\">(due "
                        + "\(DigestFormatting.shortDay(item.dueOn)), \(item.daysOverdue) days over)</span>\(new)</li>")
            }
            html.raw("</ul>")
        }
        html.raw("</div>")
    }

    private static func programme(_ digest: Digest, into html: inout HTMLPage) {
        let programme = digest.programme
        html.section("Programme", count: nil)
        html.paragraph(programme.sentence)
        initiativeList("Running", programme.running, into: &html) { item in
            item.endsOn.map { "until \(DigestFormatting.shortDay($0))" } ?? "ongoing"
        }
        initiativeList("Starting in the next six weeks", programme.startingSoon, into: &html) {
            "from \(DigestFormatting.shortDay($0.startsOn))"
        }
        initiativeList("Pilots awaiting evidence", programme.pilotsAwaitingEvidence, into: &html) {
            "ended \($0.daysSinceEnd ?? 0) days ago"
        }
        if !programme.rhythm.isEmpty {
            html.raw("<p style=\"margin:6px 0 2px;font-weight:600\">Rhythm</p>")
            html.raw("<ul style=\"margin:0;padding-left:20px\">")
            for item in programme.rhythm {
                let colour = item.stopped ? "#b91c1c" : "#111827"
                html.raw(
                    "<li style=\"margin:2px 0;color:\(colour)\">"
                        + escape(DigestWording.rhythm(item, shortDay: DigestFormatting.shortDay)) + "</li>")
            }
            html.raw("</ul>")
        }
        html.paragraph(DigestWording.coachingGoals(programme.coachingGoals))
        html.raw("</div>")
    }

    private static func initiativeList(
        _ title: String, _ items: [DigestInitiative], into html: inout HTMLPage,
        detail: (DigestInitiative) -> String
    ) {
        guard !items.isEmpty else { return }
        html.raw("<p style=\"margin:6px 0 2px;font-weight:600\">\(escape(title))</p>")
        html.raw("<ul style=\"margin:0;padding-left:20px\">")
        for item in items {
            let owner = item.owner.map { ", \($0)" } ?? ""
            html.raw(
                "<li style=\"margin:2px 0\">\(escape(item.title)) <span style=\"color:#6b7280\">("
                    + "\(escape(item.kindLabel + owner)), \(escape(detail(item))))</span></li>")
        }
        html.raw("</ul>")
    }

    private static func coverage(_ digest: Digest, into html: inout HTMLPage) {
        let coverage = digest.coverage
        html.section("Guideline coverage", count: nil, note: "last \(coverage.windowDays) days")
        if !coverage.leaders.isEmpty {
            html.raw(heatmap(coverage))
            html.raw(
                "<p style=\"margin:4px 0 6px;font-size:12px;color:#6b7280\">Conversations with each leader that "
                    + "touched each guideline since \(escape(DigestFormatting.day(coverage.since))); darker is more, "
                    + "· is none. "
                    + escape(coverage.guidelines.map { "\($0.code) \($0.name)" }.joined(separator: ", "))
                    + ".</p>")
        }
        html.paragraph(coverage.sentence)
        html.raw("</div>")
    }

    private static func improved(_ digest: Digest, into html: inout HTMLPage) {
        let improved = digest.improved
        html.section("What improved", count: nil)
        html.paragraph(improved.sentence)
        if !improved.resolvedFlags.isEmpty || !improved.risingScores.isEmpty {
            html.raw("<ul style=\"margin:0;padding-left:20px\">")
            for flag in improved.resolvedFlags {
                html.raw(
                    "<li style=\"margin:2px 0\"><span style=\"color:#047857;font-weight:600\">✓ Resolved"
                        + "</span> \(escape(flag.ruleName)), \(escape(flag.subjectName)) <span style=\"color:#6b7280\">"
                        + "(open \(flag.daysOpen) days)</span></li>")
            }
            for change in improved.risingScores {
                html.raw(
                    "<li style=\"margin:2px 0\"><span style=\"color:#047857;font-weight:600\">▲ Rising</span> "
                        + "\(escape(change.name))'s score went from \(change.from) to \(change.to).</li>")
            }
            html.raw("</ul>")
        }
        html.raw("</div>")
    }

    private static func setAside(_ digest: Digest, into html: inout HTMLPage) {
        guard !digest.setAside.isEmpty else { return }
        html.section("Acknowledged and snoozed", count: digest.setAside.count)
        html.raw("<ul style=\"margin:0;padding-left:20px;font-size:13px\">")
        for flag in digest.setAside {
            html.raw(
                "<li style=\"margin:3px 0\">\(badge(flag.severity)) \(escape(flag.message))<br>"
                    + "<span style=\"color:#6b7280\">\(escape(DigestFormatting.setAside(flag)))</span></li>")
        }
        html.raw("</ul></div>")
    }

    // MARK: Pieces

    /// A severity word on its colour: the word carries the meaning, the colour only helps.
    static func badge(_ severity: String) -> String {
        let style = severityStyle(severity)
        return "<span style=\"display:inline-block;min-width:52px;text-align:center;font-size:11px;font-weight:700;"
            + "letter-spacing:.04em;padding:1px 4px;border-radius:3px;background:\(style.background);"
            + "color:\(style.text)\">\(escape(severity.uppercased()))</span>"
    }

    static func severityStyle(_ severity: String) -> (text: String, background: String) {
        switch severity {
        case "critical": ("#7f1d1d", "#fecaca")
        case "high": ("#b91c1c", "#fee2e2")
        case "medium": ("#92400e", "#fef3c7")
        case "low": ("#1e40af", "#dbeafe")
        default: ("#374151", "#f3f4f6")
        }
    }

    /// A 120 × 30 line of the weekly scores, scaled like the text sparkline, with a dot on the latest week.
    static func sparkline(_ scores: [Int?], direction: DigestDirection) -> String {
        let (low, high) = DigestFormatting.range(scores)
        let colour = direction == .falling ? "#b91c1c" : direction == .rising ? "#047857" : "#4b5563"
        let step = scores.count > 1 ? 112.0 / Double(scores.count - 1) : 0
        func point(_ index: Int, _ score: Int) -> String {
            let x = 4 + Double(index) * step
            let y = 26 - Double(score - low) / Double(high - low) * 22
            return "\(format(x)),\(format(y))"
        }
        var segments: [[String]] = [[]]
        for (index, score) in scores.enumerated() {
            if let score { segments[segments.count - 1].append(point(index, score)) } else { segments.append([]) }
        }
        let label = "Score by week: " + scores.map { $0.map(String.init) ?? "none" }.joined(separator: ", ")
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"30\" viewBox=\"0 0 120 30\" "
            + "role=\"img\" aria-label=\"\(escape(label))\"><title>\(escape(label))</title>"
            + "<line x1=\"4\" y1=\"26.5\" x2=\"116\" y2=\"26.5\" stroke=\"#e5e7eb\" stroke-width=\"1\"/>"
        for segment in segments where segment.count > 1 {
            svg +=
                "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" stroke-linejoin=\"round\" "
                + "points=\"\(segment.joined(separator: " "))\"/>"
        }
        if let last = scores.last, let last {
            let coordinates = point(scores.count - 1, last).split(separator: ",")
            svg += "<circle cx=\"\(coordinates[0])\" cy=\"\(coordinates[1])\" r=\"3\" fill=\"\(colour)\"/>"
        }
        return svg + "</svg>"
    }

    /// Leaders down the side, G01 … G12 across, each cell shaded by level and labelled with its count.
    static func heatmap(_ coverage: DigestCoverage) -> String {
        let nameWidth = 150.0
        let cell = 40.0
        let rowHeight = 24.0
        let width = nameWidth + cell * Double(coverage.guidelines.count)
        let height = 20 + rowHeight * Double(coverage.leaders.count)
        let fills = ["#f3f4f6", "#c7d2fe", "#818cf8", "#3730a3"]
        let inks = ["#9ca3af", "#1f2937", "#1f2937", "#ffffff"]
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(format(width))\" height=\"\(format(height))\" "
            + "viewBox=\"0 0 \(format(width)) \(format(height))\" role=\"img\" aria-label=\"Guideline coverage by "
            + "leader\" style=\"max-width:100%;height:auto;font-family:-apple-system,'Segoe UI',Helvetica,Arial,"
            + "sans-serif\"><title>Guideline coverage by leader</title>"
        for (column, guideline) in coverage.guidelines.enumerated() {
            let x = nameWidth + cell * Double(column) + cell / 2
            svg +=
                "<text x=\"\(format(x))\" y=\"13\" font-size=\"11\" text-anchor=\"middle\" fill=\"#374151\">"
                + "\(escape(guideline.code))</text>"
        }
        for (index, row) in coverage.leaders.enumerated() {
            let y = 20 + rowHeight * Double(index)
            svg +=
                "<text x=\"0\" y=\"\(format(y + 16))\" font-size=\"12\" fill=\"#1f2937\">"
                + "\(escape(String(row.name.prefix(22))))</text>"
            for (column, count) in row.conversations.enumerated() {
                let level = min(3, max(0, row.levels[column]))
                let x = nameWidth + cell * Double(column)
                svg +=
                    "<rect x=\"\(format(x + 1))\" y=\"\(format(y + 1))\" width=\"\(format(cell - 2))\" "
                    + "height=\"\(format(rowHeight - 2))\" rx=\"2\" fill=\"\(fills[level])\"/>"
                    + "<text x=\"\(format(x + cell / 2))\" y=\"\(format(y + 16))\" font-size=\"11\" "
                    + "text-anchor=\"middle\" fill=\"\(inks[level])\">\(count == 0 ? "·" : String(count))</text>"
            }
        }
        return svg + "</svg>"
    }

    /// A coordinate with at most one decimal, so the output is the same on every platform.
    static func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : String(format: "%d.%d", tenths / 10, abs(tenths % 10))
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

/// The HTML being written, one line per piece so the source reads (and diffs) well.
struct HTMLPage {
    var text = ""

    mutating func raw(_ html: String) {
        text += html + "\n"
    }

    mutating func paragraph(_ words: String) {
        raw("<p style=\"margin:4px 0\">\(HTMLDigestRenderer.escape(words))</p>")
    }

    /// Opens a section; the caller closes it with `</div>`.
    mutating func section(_ title: String, count: Int?, note: String? = nil) {
        let suffix =
            count.map { " <span style=\"color:#6b7280;font-weight:400\">(\($0))</span>" }
            ?? note.map { " <span style=\"color:#6b7280;font-weight:400\">(\(HTMLDigestRenderer.escape($0)))</span>" }
            ?? ""
        raw("<div class=\"section\" style=\"margin-top:20px\">")
        raw(
            "<h2 style=\"margin:0 0 8px;padding-bottom:4px;border-bottom:2px solid #e5e7eb;font-size:16px\">"
                + "\(HTMLDigestRenderer.escape(title))\(suffix)</h2>")
    }
}
