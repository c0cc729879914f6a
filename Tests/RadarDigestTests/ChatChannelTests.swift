import Foundation
import Postgres
import RadarDigest
import RadarDomain
import RadarStore
import RadarTestSupport
import Testing

@Suite("Slack and Teams channels get a short message in their published shapes")
struct ChatChannelTests {
    /// Week 10 of 2026 with two new risks: Dev silent since January (high) and Cara's fear left without an update.
    func weekWithRisks(_ label: String) async throws -> DigestScenario {
        let scenario = try await DigestScenario.make(label, rules: ["silent-leader", "stale-fear"])
        try await scenario.converse("2026-01-25T10:00:00Z", with: ["cara@x.test"])
        try await scenario.converse("2026-01-31T10:00:00Z", with: ["dev@x.test"])
        try await scenario.converse("2026-02-20T10:00:00Z", with: ["cara@x.test"])
        try await scenario.write { tx in
            try Fears(tx).add(
                FearDraft(
                    email: "cara@x.test", category: "exposure", statement: "Being seen to need help.",
                    severity: "high", raisedOn: DigestScenario.day("2026-01-25")))
        }
        try await scenario.check("2026-03-06T12:00:00Z")
        return scenario
    }

    /// The JSON object a receiver was sent.
    func sent(_ receiver: WebhookReceiver) throws -> [String: Any] {
        let request = try #require(try receiver.requests().first, "nothing was posted")
        #expect(request.contentType?.hasPrefix("application/json") == true)
        let body = try #require(request.body)
        return try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
    }

    @Test("one week's digest goes to Slack as Block Kit and to Teams as an Adaptive Card, with severities as words")
    func bothShapes() async throws {
        let scenario = try await weekWithRisks("chat")
        let slug = scenario.org.slug
        let slack = try WebhookReceiver()
        defer { slack.stop() }
        let teams = try WebhookReceiver(answering: [202])
        defer { teams.stop() }
        try await addChannel("slack", slack.url, in: slug, audience: "viewer")
        try await addChannel("teams", teams.url, in: slug, audience: "viewer")
        let now = DigestScenario.at("2026-03-09T07:00:00Z")
        try await publish("2026-W10", in: slug, now: now)
        let attempts = try await worker { $0.publicURL = "https://radar.example.com/" }.run(organisation: slug, now: now)
        #expect(attempts.map(\.result) == [.sent, .sent])
        let digestPage = "https://radar.example.com/digests/2026-W10"
        // The new risks' severities as words, most severe first: the order the messages must follow.
        let order = ["critical", "high", "medium", "low", "info"]
        let expected = try await scenario.digest("2026-W10").newRisks.map(\.severity)
            .sorted { (order.firstIndex(of: $0) ?? 9) < (order.firstIndex(of: $1) ?? 9) }.prefix(3).map { $0.uppercased() }
        #expect(expected.count == 2, "the scenario should raise two new risks")

        // Slack: https://api.slack.com/reference/block-kit/blocks and the legacy attachment's colour.
        let message = try sent(slack)
        #expect((message["text"] as? String)?.contains("2026-W10") == true)
        let blocks = try #require(message["blocks"] as? [[String: Any]])
        #expect(blocks.allSatisfy { ["header", "section", "actions", "context", "divider"].contains($0["type"] as? String ?? "") })
        let header = try #require(blocks.first { $0["type"] as? String == "header" }?["text"] as? [String: Any])
        #expect(header["type"] as? String == "plain_text")
        #expect(((header["text"] as? String)?.count ?? 999) <= 150)
        let button = try #require(
            (blocks.first { $0["type"] as? String == "actions" }?["elements"] as? [[String: Any]])?.first)
        #expect(button["type"] as? String == "button")
        #expect(button["url"] as? String == digestPage)
        let attachments = try #require(message["attachments"] as? [[String: Any]])
        #expect(attachments.count == 2)
        let lines = attachments.compactMap {
            (($0["blocks"] as? [[String: Any]])?.first?["text"] as? [String: Any])?["text"] as? String
        }
        #expect(lines.count == 2)
        #expect(lines.map { String($0.dropFirst().prefix { $0 != "*" }) } == expected, "\(lines)")
        #expect(attachments.allSatisfy { ($0["color"] as? String)?.wholeMatch(of: /#[0-9a-f]{6}/) != nil })

        // Teams: a message whose one attachment is an Adaptive Card (https://adaptivecards.io/explorer/).
        let card = try sent(teams)
        #expect(card["type"] as? String == "message")
        let attachment = try #require((card["attachments"] as? [[String: Any]])?.first)
        #expect(attachment["contentType"] as? String == "application/vnd.microsoft.card.adaptive")
        let content = try #require(attachment["content"] as? [String: Any])
        #expect(content["type"] as? String == "AdaptiveCard")
        #expect(content["version"] as? String == "1.4")
        let body = try #require(content["body"] as? [[String: Any]])
        #expect(body.allSatisfy { ["TextBlock", "ColumnSet"].contains($0["type"] as? String ?? "") })
        let severities = body.filter { $0["type"] as? String == "ColumnSet" }.compactMap { row -> [String: Any]? in
            ((row["columns"] as? [[String: Any]])?.first?["items"] as? [[String: Any]])?.first
        }
        #expect(severities.compactMap { $0["text"] as? String } == expected)
        let colours: Set<String> = ["default", "dark", "light", "accent", "good", "warning", "attention"]
        #expect(severities.allSatisfy { colours.contains($0["color"] as? String ?? "") })
        let action = try #require((content["actions"] as? [[String: Any]])?.first)
        #expect(action["type"] as? String == "Action.OpenUrl")
        #expect(action["url"] as? String == digestPage)

        // Short messages carry flags, never what people said.
        for receiver in [slack, teams] {
            #expect(try receiver.requests().first?.body?.contains("Being seen to need help") == false)
        }
    }

    @Test("without the service's public address the message carries no link, and a quiet week says so")
    func noLinkWithoutAddress() async throws {
        let scenario = try await DigestScenario.make("chat-quiet", rules: [])
        let slack = try WebhookReceiver()
        defer { slack.stop() }
        try await addChannel("slack", slack.url, in: scenario.org.slug)
        let now = DigestScenario.at("2026-03-09T07:00:00Z")
        try await publish("2026-W10", in: scenario.org.slug, now: now)
        #expect(try await worker().run(organisation: scenario.org.slug, now: now).map(\.result) == [.sent])
        let message = try sent(slack)
        let blocks = try #require(message["blocks"] as? [[String: Any]])
        #expect(!blocks.contains { $0["type"] as? String == "actions" })
        #expect((message["attachments"] as? [[String: Any]])?.isEmpty == true)
    }
}
