import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import RadarServer
import RadarTestSupport
import Testing

@Suite("Recording and triage over the API")
struct RecordingFlowTests {
    static func conversationJSON(ref: String, participant: String, owner: String) -> String {
        """
        {"ref": "\(ref)", "occurred_at": "2026-03-02T10:00:00Z", "kind": "one_to_one",
         "participants": [{"email": "\(participant)", "engagement": "neutral"}], "guidelines": ["G07", "G04"],
         "notes": "Private notes about the meeting",
         "fears": [{"email": "\(participant)", "category": "time", "statement": "I have no time for this"}],
         "commitments": [{"owner": "\(owner)", "description": "Send the pilot brief", "due_on": "2026-03-20"}]}
        """
    }

    @Test func aLoginRecordsAConversationThatRaisesAFlagSeenInMetrics() async throws {
        let fixture = try await ServerFixture.make("flow")
        try await fixture.withClient { client in
            let login = try await client.send(
                .post, "/api/v1/login",
                json: #"{"email": "\#(fixture.hr.email)", "password": "\#(ServerFixture.password)"}"#)
            #expect(login.status == 200, "\(login.text)")
            var hr = fixture.hr
            hr.token = try #require(login.json["token"] as? String)
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            _ = try await client.send(
                .post, "\(org)/stakeholders", as: hr,
                json: stakeholderJSON(name: "Fay", email: "fay@example.org"))
            _ = try await client.send(
                .post, "\(org)/stakeholders", as: hr,
                json: stakeholderJSON(name: "Gus", email: "gus@example.org", tier: "hr"))
            let recorded = try await client.send(
                .post, "\(org)/conversations", as: hr,
                json: Self.conversationJSON(ref: "c-flow-1", participant: "fay@example.org", owner: "gus@example.org"))
            #expect(recorded.status == 201, "\(recorded.text)")
            #expect((recorded.json["fears"] as? [[String: Any]])?.count == 1)
            let check = try await client.send(
                .post, "\(org)/check", as: hr, json: #"{"as_of": "2026-06-01T00:00:00Z"}"#)
            #expect(check.status == 200, "\(check.text)")
            let flags = try #require(check.json["flags"] as? [[String: Any]])
            #expect(!flags.isEmpty)
            let flagID = try #require(flags.first?["id"] as? String)
            let acknowledged = try await client.send(
                .post, "\(org)/flags/\(flagID)/acknowledge", as: hr,
                json: #"{"reason": "Talking to them"}"#)
            #expect(acknowledged.status == 200, "\(acknowledged.text)")
            #expect(acknowledged.json["status"] as? String == "acknowledged")
            let snoozed = try await client.send(
                .post, "\(org)/flags/\(flagID)/snooze", as: hr,
                json: #"{"until": "2026-07-01", "reason": "Away"}"#)
            #expect(snoozed.json["status"] as? String == "snoozed")
            let listed = try await client.send(.get, "\(org)/flags?limit=200", as: fixture.viewer)
            #expect((listed.json["items"] as? [[String: Any]])?.count == flags.count)
            // The snooze's reason is HR's free text: HR reads it, a viewer does not.
            #expect(!listed.text.contains("Away"))
            let listedForHR = try await client.send(.get, "\(org)/flags?limit=200", as: hr)
            #expect(listedForHR.text.contains(#""reason":"Away""#) || listedForHR.text.contains(#""reason" : "Away""#))
            let metrics = try await client.send(
                .get, "/metrics", headers: [.authorization: "Bearer \(ServerFixture.metricsToken)"])
            #expect(metrics.text.contains(#"route="/api/v1/orgs/{org}/conversations""#), "\(metrics.text.prefix(2000))")
            #expect(metrics.text.contains("radar_rule_evaluation_duration_seconds"))
            #expect(metrics.text.contains("radar_open_flags"))
        }
    }

    @Test func viewersNeverReceiveFearStatementsNotesOrCommitmentDescriptions() async throws {
        let fixture = try await ServerFixture.make("sensitive")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            _ = try await addStakeholder(client, fixture, name: "Hal", email: "hal@example.org")
            let recorded = try await client.send(
                .post, "\(org)/conversations", as: fixture.hr,
                json: Self.conversationJSON(ref: "c-sens-1", participant: "hal@example.org", owner: "hal@example.org"))
            #expect(recorded.status == 201, "\(recorded.text)")
            for (member, sees) in [(fixture.hr, true), (fixture.admin, true), (fixture.viewer, false)] {
                let shown = try await client.send(.get, "\(org)/conversations/c-sens-1", as: member)
                #expect(shown.status == 200)
                #expect((shown.json["notes"] != nil) == sees, "\(member.role)")
                let fear = try #require((shown.json["fears"] as? [[String: Any]])?.first)
                #expect((fear["statement"] != nil) == sees, "\(member.role)")
                let commitment = try #require((shown.json["commitments"] as? [[String: Any]])?.first)
                #expect((commitment["description"] != nil) == sees, "\(member.role)")
                let fears = try await client.send(.get, "\(org)/fears", as: member)
                #expect(fears.text.contains("I have no time") == sees)
                let listed = try await client.send(.get, "\(org)/conversations", as: member)
                #expect(listed.text.contains("Private notes") == sees)
                let query = try await client.send(.get, "\(org)/queries/open-fears", as: member)
                #expect(query.status == 200)
                #expect(query.text.contains("I have no time") == sees)
            }
        }
    }

    @Test func listsArePagedWithAnOpaqueCursor() async throws {
        let fixture = try await ServerFixture.make("paging")
        try await fixture.withClient { client in
            for index in 0..<5 {
                _ = try await addStakeholder(client, fixture, name: "Person \(index)", email: "p\(index)@example.org")
            }
            var cursor: String?
            var seen: [String] = []
            repeat {
                let query = cursor.map { "&cursor=\($0)" } ?? ""
                let page = try await client.send(
                    .get, "/api/v1/orgs/\(fixture.org.slug)/stakeholders?limit=2\(query)", as: fixture.viewer)
                #expect(page.status == 200)
                seen += (page.json["items"] as? [[String: Any]] ?? []).compactMap { $0["email"] as? String }
                cursor = page.json["next_cursor"] as? String
            } while cursor != nil && seen.count < 10
            #expect(seen == (0..<5).map { "p\($0)@example.org" })
            let tooMany = try await client.send(
                .get, "/api/v1/orgs/\(fixture.org.slug)/stakeholders?limit=201", as: fixture.viewer)
            #expect(tooMany.status == 422)
        }
    }
}
