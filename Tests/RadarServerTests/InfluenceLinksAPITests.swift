import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import RadarServer
import RadarTestSupport
import Testing

@Suite("Who influences whom over the API")
struct InfluenceLinksAPITests {
    @Test func hrLinksTwoPeopleAViewerReadsTheLinkAndHrEndsIt() async throws {
        let fixture = try await ServerFixture.make("api-influence")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            _ = try await addStakeholder(client, fixture, name: "Ana Alder", email: "ana@example.org")
            _ = try await addStakeholder(client, fixture, name: "Ben Birch", email: "ben@example.org")
            let added = try await client.send(
                .post, "\(org)/influence-links", as: fixture.hr,
                json: #"{"person": "Ana@Example.org", "kind": "reports_to", "other": "ben@example.org", "since": "2026-01-05"}"#)
            #expect(added.status == 201, "\(added.text)")
            #expect((added.json["person"] as? [String: Any])?["email"] as? String == "ana@example.org")
            #expect((added.json["other"] as? [String: Any])?["name"] as? String == "Ben Birch")
            let id = try #require(added.json["id"] as? String)
            let again = try await client.send(
                .post, "\(org)/influence-links", as: fixture.hr,
                json: #"{"person": "ana@example.org", "kind": "reports_to", "other": "ben@example.org"}"#)
            #expect(again.status == 422, "\(again.text)")
            #expect(again.problemFields == ["other"])
            let listed = try await client.send(.get, "\(org)/influence-links?email=ben@example.org", as: fixture.viewer)
            #expect(listed.status == 200, "\(listed.text)")
            #expect((listed.json["items"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["reports_to"])
            let ended = try await client.send(
                .post, "\(org)/influence-links/\(id)/end", as: fixture.hr, json: #"{"until": "2026-03-01"}"#)
            #expect(ended.status == 200, "\(ended.text)")
            #expect(ended.json["until"] as? String == "2026-03-01")
            let before = try await client.send(.get, "\(org)/influence-links?on=2026-02-28", as: fixture.viewer)
            #expect((before.json["items"] as? [[String: Any]])?.count == 1)
            let after = try await client.send(.get, "\(org)/influence-links?on=2026-03-01", as: fixture.viewer)
            #expect((after.json["items"] as? [[String: Any]])?.isEmpty == true)
        }
    }

    @Test func badLinksNameTheirFieldsAndViewersCannotLink() async throws {
        let fixture = try await ServerFixture.make("api-influence-bad")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            _ = try await addStakeholder(client, fixture, name: "Ana Alder", email: "ana@example.org")
            let unknown = try await client.send(
                .post, "\(org)/influence-links", as: fixture.hr,
                json: #"{"person": "ana@example.org", "kind": "listens_to", "other": "zed@example.org"}"#)
            #expect(unknown.status == 422, "\(unknown.text)")
            #expect(unknown.problemFields == ["other"])
            let herself = try await client.send(
                .post, "\(org)/influence-links", as: fixture.hr,
                json: #"{"person": "ana@example.org", "kind": "peers_with", "other": "ana@example.org"}"#)
            #expect(herself.status == 422, "\(herself.text)")
            #expect(herself.problemFields == ["other"])
            let badKind = try await client.send(
                .post, "\(org)/influence-links", as: fixture.hr,
                json: #"{"person": "ana@example.org", "kind": "boss_of", "other": "ana@example.org"}"#)
            #expect([400, 422].contains(badKind.status), "\(badKind.text)")
            let viewer = try await client.send(
                .post, "\(org)/influence-links", as: fixture.viewer,
                json: #"{"person": "ana@example.org", "kind": "listens_to", "other": "ana@example.org"}"#)
            #expect(viewer.status == 403)
            let missing = try await client.send(
                .post, "\(org)/influence-links/\(UUID().uuidString)/end", as: fixture.hr, json: "{}")
            #expect(missing.status == 404, "\(missing.text)")
        }
    }
}
