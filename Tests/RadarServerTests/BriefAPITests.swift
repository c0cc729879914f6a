import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import RadarServer
import RadarTestSupport
import Testing

@Suite("The brief before a meeting over the API")
struct BriefAPITests {
    @Test func briefComesAsJSONOrMarkdownAndViewersDoNotSeeNotes() async throws {
        let fixture = try await ServerFixture.make("api-brief")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            let id = try await addStakeholder(client, fixture, name: "Ana Alder", email: "ana@example.org")
            let recorded = try await client.send(
                .post, "\(org)/conversations", as: fixture.hr,
                json: """
                    {"occurred_at": "2026-02-02T10:00:00Z", "kind": "one_to_one", "guidelines": ["G06"],
                     "participants": [{"email": "ana@example.org"}], "notes": "Spoke of her own mentor."}
                    """)
            #expect(recorded.status == 201, "\(recorded.text)")
            let json = try await client.send(
                .get, "\(org)/stakeholders/\(id)/brief?as_of=2026-02-10T00:00:00Z", as: fixture.hr)
            #expect(json.status == 200, "\(json.text)")
            let meetings = try #require(json.json["last_conversations"] as? [[String: Any]])
            #expect(meetings.first?["notes"] as? String == "Spoke of her own mentor.")
            #expect(!((json.json["guidelines_never_covered"] as? [String]) ?? []).contains { $0.hasPrefix("G06") })
            #expect(!((json.json["agenda"] as? [String]) ?? []).isEmpty)
            let markdown = try await client.send(
                .get, "\(org)/stakeholders/\(id)/brief?format=markdown&as_of=2026-02-10T00:00:00Z", as: fixture.viewer)
            #expect(markdown.status == 200)
            #expect(markdown.text.hasPrefix("# Brief: Ana Alder"), "\(markdown.text)")
            #expect(!markdown.text.contains("mentor"))
            let unknown = try await client.send(.get, "\(org)/stakeholders/\(UUID())/brief", as: fixture.hr)
            #expect(unknown.status == 404)
        }
    }
}
