import Foundation
import Postgres
import RadarDigest
import RadarDomain
import RadarStore
import RadarTestSupport
import Testing

@Suite("Channels deliver only what their readers may see, and only over https")
struct ChannelAudienceTests {
    /// A week (2026-W26) in which the sponsor voiced a fear and made a commitment whose texts carry `canary`.
    func weekWithSensitiveText(_ label: String, canary: String) async throws -> DigestScenario {
        let scenario = try await DigestScenario.make(label)
        let at = DigestScenario.at("2026-06-24T10:00:00Z")
        try await scenario.write { tx in
            _ = try Conversations(tx).record(
                ConversationDraft(
                    occurredAt: at, kind: "one_to_one", initiatedBy: "hana@x.test",
                    participants: [.init(email: "cara@x.test"), .init(email: "hana@x.test")],
                    fears: [.init(email: "cara@x.test", category: "exposure", statement: "fear \(canary)")],
                    commitments: [
                        .init(
                            ownerEmail: "cara@x.test", description: "promise \(canary)",
                            dueOn: DigestScenario.day("2026-06-25"))
                    ]), now: at)
        }
        return scenario
    }

    @Test("a viewers' folder gets the digest with fears and commitment texts withheld; HR's gets them")
    func viewersGetTheRedactedDigest() async throws {
        let canary = "canary-\(UUID().uuidString.prefix(8))"
        let scenario = try await weekWithSensitiveText("audience", canary: canary)
        let slug = scenario.org.slug
        let viewers = try temporaryDirectory("viewers")
        let hr = try temporaryDirectory("hr")
        let viewerChannel = try await addChannel("directory", viewers.path, in: slug, audience: "viewer")
        try await addChannel("directory", hr.path, in: slug, audience: "hr")
        #expect(viewerChannel.audience == .viewer)
        let now = DigestScenario.at("2026-07-06T07:00:00Z")
        try await publish("2026-W27", in: slug, now: now, refresh: true)
        #expect(try await worker().run(organisation: slug, now: now).map(\.result) == [.sent, .sent])

        for format in ["html", "json", "md", "txt"] {
            let name = "\(slug)-2026-W27.\(format)"
            let seenByViewers = try String(contentsOf: viewers.appendingPathComponent(name), encoding: .utf8)
            let seenByHR = try String(contentsOf: hr.appendingPathComponent(name), encoding: .utf8)
            #expect(!seenByViewers.contains(canary), "the viewers' \(format) carries the fear or commitment")
            #expect(seenByViewers.contains("withheld for your role"))
            #expect(seenByHR.contains("fear \(canary)"), "HR's \(format) lacks the fear")
        }
    }

    @Test("a channel is for viewers unless HR is named, and an unknown audience is refused by name")
    func viewerIsTheDefault() async throws {
        let org = try await TestDatabase.newOrganisation("audience-default")
        let channel = try await TestDatabase.shared().inOrganisation(org.slug, actor: "test") { tx in
            try DeliveryChannels(tx).add(kind: "email", target: "board@example.com")
        }
        #expect(channel.audience == .viewer)
        do {
            try await addChannel("email", "lead@example.com", in: org.slug, audience: "everyone")
            Issue.record("an unknown audience was accepted")
        } catch let failure as ValidationFailure {
            #expect(failure.problems.map(\.field.description) == ["audience"])
            #expect(failure.problems.first?.message.contains("hr or viewer") == true)
        }
    }

    @Test(
        "a webhook must be https; plain http is taken only for this machine",
        arguments: [
            ("http://hooks.example.com/radar", false), ("https://hooks.example.com/radar", true),
            ("http://127.0.0.1:9000/digest", true), ("http://localhost/digest", true), ("http://[::1]:80/d", true),
            ("http://10.0.0.5/digest", false),
        ])
    func webhooksNeedTLS(url: String, accepted: Bool) async throws {
        let org = try await TestDatabase.newOrganisation("webhook-tls")
        do {
            try await addChannel("webhook", url, in: org.slug)
            #expect(accepted, "\(url) was accepted")
        } catch let failure as ValidationFailure {
            #expect(!accepted, "\(url) was refused: \(failure)")
            #expect(failure.problems.first?.message.contains("https") == true)
        }
    }

    @Test("a plain-http webhook stored before the rule is not posted to: the delivery fails saying why")
    func anOldPlainHTTPChannelIsNotUsed() async throws {
        let org = try await TestDatabase.newOrganisation("webhook-old")
        try await TestDatabase.shared().inOrganisation(org.slug, actor: "test") { tx in
            try tx.connection.execute(
                "INSERT INTO delivery_channels (org_id, kind, target) VALUES (radar_current_org(), 'webhook', $1)",
                ["http://hooks.example.com/radar"])
        }
        let now = try instant("2026-06-29T07:00:00Z")
        try await publish("2026-W26", in: org.slug, now: now)
        let attempts = try await worker { $0.webhookTries = 1 }.run(organisation: org.slug, now: now)
        #expect(attempts.count == 1)
        #expect(attempts.first?.error?.contains("not an https URL") == true)
    }

    @Test("a webhook that answers with a redirect is not followed: the other address receives nothing")
    func redirectsAreRefused() async throws {
        let org = try await TestDatabase.newOrganisation("webhook-redirect")
        let elsewhere = try WebhookReceiver()
        defer { elsewhere.stop() }
        let redirecting = try WebhookReceiver(answering: [307], location: elsewhere.url)
        defer { redirecting.stop() }
        try await addChannel("webhook", redirecting.url, in: org.slug)
        let now = try instant("2026-06-29T07:00:00Z")
        try await publish("2026-W26", in: org.slug, now: now)

        let attempts = try await worker().run(organisation: org.slug, now: now)
        #expect(attempts.map(\.result) != [.sent])
        #expect(attempts.first?.error?.contains("307") == true)
        #expect(try redirecting.requests().count == 1)
        #expect(try elsewhere.requests().isEmpty)
    }
}
