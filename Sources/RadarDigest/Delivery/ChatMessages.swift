import Foundation

/// A digest as a chat room should see it: one headline, the three changes that matter most and a link to the
/// full digest. Slack and Teams get the same content, each in its own published shape.
struct ChatSummary: Sendable {
    /// One change worth a line: a new or reopened flag (with its severity) or one that was resolved.
    struct Change: Sendable, Equatable {
        /// `critical`, `high`, `medium`, `low` or `info` for a flag raised; `resolved` for one cleared.
        var severity: String
        var line: String
        /// One-click links after the line (an owner's notice: acknowledge, snooze), by their words.
        var links: [(title: String, url: String)] = []

        static func == (lhs: Change, rhs: Change) -> Bool {
            lhs.severity == rhs.severity && lhs.line == rhs.line && lhs.links.map(\.url) == rhs.links.map(\.url)
        }
    }

    var title: String
    var headline: String
    var changes: [Change]
    /// The digest's page, when the service's public address is known.
    var link: String?
    /// The words on the link's button.
    var linkTitle = "Open the digest"

    static let severityOrder = ["critical", "high", "medium", "low", "info"]

    init(_ digest: Digest, publicURL: String?) {
        title = "Commitment Radar: \(digest.organisation.name), week \(digest.week)"
        headline = digest.headline.summary
        func rank(_ flag: DigestFlag) -> Int { Self.severityOrder.firstIndex(of: flag.severity) ?? 5 }
        // The most severe new risks first; what cleared fills any place left, since good news matters too.
        let raised = digest.newRisks.sorted { (rank($0), $0.subjectName) < (rank($1), $1.subjectName) }.map {
            Change(severity: $0.severity, line: "\($0.subjectName): \($0.message)")
        }
        let cleared = digest.improved.resolvedFlags.map {
            Change(severity: "resolved", line: "\($0.subjectName): \($0.ruleName) no longer applies")
        }
        changes = Array((raised + cleared).prefix(3))
        link = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }.map { "\($0)/digests/\(digest.week)" }
    }

    /// An owner's notice in the same short form: the three changes that matter most, each with its person, and a
    /// link to the owner's radar.
    init(_ notice: OwnerNotice) {
        title = notice.title
        headline = notice.headline
        changes = notice.mostImportant().map { person, change in
            var links: [(title: String, url: String)] = []
            if let url = change.acknowledgeURL { links.append(("Acknowledge", url)) }
            if let url = change.snoozeURL { links.append(("Snooze a week", url)) }
            if let url = change.briefURL { links.append(("Brief", url)) }
            return Change(
                severity: change.kind == .resolved ? "resolved" : change.severity ?? "info",
                line: "\(person): \(OwnerNotice.words(change.kind)), \(change.line)", links: links)
        }
        link = notice.link
        linkTitle = "Open my radar"
    }

    /// The severity as people read it in a message: the word, upper-cased, never the colour alone.
    static func word(_ severity: String) -> String { severity.uppercased() }
}

/// Slack's incoming-webhook message: Block Kit blocks, and one coloured attachment per change whose text starts
/// with its severity in words (https://api.slack.com/reference/block-kit/blocks).
enum SlackMessage {
    static let colours = [
        "critical": "#b00020", "high": "#d9480f", "medium": "#e8a317", "low": "#5c7cfa", "info": "#868e96",
        "resolved": "#2b8a3e",
    ]

    static func payload(_ summary: ChatSummary) -> [String: Any] {
        var blocks: [[String: Any]] = [
            ["type": "header", "text": ["type": "plain_text", "text": String(summary.title.prefix(150))]],
            ["type": "section", "text": ["type": "mrkdwn", "text": escaped(summary.headline)]],
        ]
        if let link = summary.link {
            blocks.append([
                "type": "actions",
                "elements": [
                    ["type": "button", "text": ["type": "plain_text", "text": summary.linkTitle], "url": link]
                ],
            ])
        }
        let attachments: [[String: Any]] = summary.changes.map { change in
            [
                "color": colours[change.severity] ?? "#868e96",
                "blocks": [
                    [
                        "type": "section",
                        "text": [
                            "type": "mrkdwn",
                            "text": String(
                                ("*\(ChatSummary.word(change.severity))* " + escaped(change.line)).prefix(2500)
                                    + change.links.map { " <\($0.url)|\($0.title)>" }.joined(separator: " ·")),
                        ],
                    ]
                ],
            ]
        }
        // `text` is what notifications and screen readers show.
        return ["text": summary.title + ": " + summary.headline, "blocks": blocks, "attachments": attachments]
    }

    /// Text with Slack's three control characters escaped, so a name cannot become a link or a mention.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}

/// A Microsoft Teams workflow-webhook message carrying one Adaptive Card (schema 1.4): the title, the headline,
/// one line per change with its severity as a word in the matching colour, and a button to the digest.
enum TeamsMessage {
    static let colours = [
        "critical": "attention", "high": "attention", "medium": "warning", "low": "default", "info": "default",
        "resolved": "good",
    ]

    static func payload(_ summary: ChatSummary) -> [String: Any] {
        var body: [[String: Any]] = [
            ["type": "TextBlock", "text": summary.title, "weight": "bolder", "size": "medium", "wrap": true],
            ["type": "TextBlock", "text": summary.headline, "wrap": true],
        ]
        for change in summary.changes {
            body.append([
                "type": "ColumnSet",
                "columns": [
                    [
                        "type": "Column", "width": "auto",
                        "items": [
                            [
                                "type": "TextBlock", "text": ChatSummary.word(change.severity), "weight": "bolder",
                                "color": colours[change.severity] ?? "default",
                            ]
                        ],
                    ],
                    [
                        "type": "Column", "width": "stretch",
                        "items": [
                            [
                                "type": "TextBlock", "wrap": true,
                                "text": change.line + change.links.map { " [\($0.title)](\($0.url))" }.joined(separator: " ·"),
                            ]
                        ],
                    ],
                ],
            ])
        }
        var card: [String: Any] = [
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard", "version": "1.4",
            "body": body,
        ]
        if let link = summary.link {
            card["actions"] = [["type": "Action.OpenUrl", "title": summary.linkTitle, "url": link]]
        }
        return [
            "type": "message",
            "attachments": [["contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": NSNull(), "content": card]],
        ]
    }
}
