import Foundation

/// An owner's notice as plain text (the e-mail's body, the directory's `.txt`): every change grouped by person,
/// severities as words, each with its one-click links.
enum NoticeText {
    static func render(_ notice: OwnerNotice) -> String {
        var lines = [notice.title, "", notice.headline]
        let top = notice.mostImportant()
        if notice.changeCount > top.count {
            lines += ["", "The three that matter most:"]
            lines += top.map { "- \($0.person): \(label($0.change)) \($0.change.line)" }
        }
        for person in notice.people {
            lines += ["", person.email.map { "\(person.name) <\($0)>" } ?? person.name]
            for change in person.changes {
                lines.append("- \(label(change)) \(change.line)")
                if let url = change.acknowledgeURL { lines.append("  Acknowledge: \(url)") }
                if let url = change.snoozeURL { lines.append("  Snooze for a week: \(url)") }
                if let url = change.briefURL { lines.append("  Brief for the meeting: \(url)") }
            }
        }
        if let link = notice.link { lines += ["", "Open your radar: \(link)"] }
        if notice.people.contains(where: { $0.changes.contains { $0.acknowledgeURL != nil || $0.snoozeURL != nil } }) {
            lines += ["", "Each acknowledge or snooze link works once, for seven days, and not after the flag has changed."]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `HIGH, new:` — the severity as a word, upper-cased, before what happened.
    static func label(_ change: OwnerNotice.Change) -> String {
        let kind = OwnerNotice.words(change.kind)
        guard let severity = change.severity, change.kind != .resolved else { return kind.prefix(1).uppercased() + kind.dropFirst() + ":" }
        return "\(ChatSummary.word(severity)), \(kind):"
    }
}

/// An owner's notice as an e-mail: one plain-text part, sent through the same mail command as the digest.
struct NoticeMail {
    var notice: OwnerNotice
    var to: String
    var from: String
    var date: Date
    var deliveryID: UUID

    var subject: String {
        let count = notice.changeCount
        return "Your people at \(notice.organisationName): \(count) change\(count == 1 ? "" : "s")"
    }

    func message() -> String {
        let domain = from.split(separator: "@").last.map { $0.filter { $0 != ">" && $0 != " " } } ?? "localhost"
        return [
            "From: \(from)",
            "To: \(to)",
            "Subject: \(DigestMail.header(subject))",
            "Date: \(DigestMail.rfc5322(date))",
            "Message-ID: <notice.\(deliveryID.uuidString.lowercased())@\(domain.isEmpty ? "localhost" : domain)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "Auto-Submitted: auto-generated",
            "X-Radar-Organisation: \(notice.organisation)",
            "",
            DigestMail.base64Lines(NoticeText.render(notice)),
            "",
        ].joined(separator: "\n")
    }
}
