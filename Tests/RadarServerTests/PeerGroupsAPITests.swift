import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import RadarServer
import RadarTestSupport
import Testing

@Suite("Peer-coaching pairs and trios over the API")
struct PeerGroupsAPITests {
    @Test func hrFormsAPairAViewerReadsItsMeetingsAndHrEndsIt() async throws {
        let fixture = try await ServerFixture.make("api-peer")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            _ = try await addStakeholder(client, fixture, name: "Ana Alder", email: "ana@example.org")
            _ = try await addStakeholder(client, fixture, name: "Ben Birch", email: "ben@example.org")
            let initiative = try await client.send(
                .post, "\(org)/initiatives", as: fixture.hr,
                json:
                    #"{"ref": "peer-1", "title": "Peer coaching", "kind": "peer_coaching", "starts_on": "2026-01-05"}"#)
            #expect(initiative.status == 201, "\(initiative.text)")
            let pair = try await client.send(
                .post, "\(org)/initiatives/peer-1/peer-groups", as: fixture.hr,
                json: """
                    {"name": "Ana and Ben", "members": ["ana@example.org", "ben@example.org"], "rhythm_days": 14,
                     "starts_on": "2026-01-12"}
                    """)
            #expect(pair.status == 201, "\(pair.text)")
            #expect(pair.json["next_due"] as? String == "2026-01-26")
            let id = try #require(pair.json["id"] as? String)
            let meeting = try await client.send(
                .post, "\(org)/conversations", as: fixture.hr,
                json: """
                    {"ref": "peer-1-m1", "occurred_at": "2026-01-20T10:00:00Z", "kind": "one_to_one",
                     "participants": [{"email": "ana@example.org"}, {"email": "ben@example.org"}],
                     "initiative": "peer-1"}
                    """)
            #expect(meeting.status == 201, "\(meeting.text)")
            let listed = try await client.send(
                .get, "\(org)/initiatives/peer-1/peer-groups?as_of=2026-02-01T00:00:00Z", as: fixture.viewer)
            #expect(listed.status == 200, "\(listed.text)")
            let items = try #require(listed.json["items"] as? [[String: Any]])
            #expect(items.first?["meetings"] as? Int == 1)
            #expect(items.first?["last_met_on"] as? String == "2026-01-20")
            #expect(
                (items.first?["members"] as? [[String: Any]])?.map { $0["email"] as? String } == [
                    "ana@example.org", "ben@example.org",
                ])
            let ended = try await client.send(
                .post, "\(org)/initiatives/peer-1/peer-groups/\(id)/end", as: fixture.hr,
                json: #"{"ends_on": "2026-03-01"}"#)
            #expect(ended.status == 200, "\(ended.text)")
            #expect(ended.json["ends_on"] as? String == "2026-03-01")
            #expect(ended.json["next_due"] == nil)
        }
    }

    @Test func badPeerGroupRequestsNameTheirFields() async throws {
        let fixture = try await ServerFixture.make("api-peer-bad")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            _ = try await addStakeholder(client, fixture, name: "Ana Alder", email: "ana@example.org")
            _ = try await client.send(
                .post, "\(org)/initiatives", as: fixture.hr,
                json:
                    #"{"ref": "peer-1", "title": "Peer coaching", "kind": "peer_coaching", "starts_on": "2026-01-05"}"#)
            let unknown = try await client.send(
                .post, "\(org)/initiatives/peer-1/peer-groups", as: fixture.hr,
                json: #"{"name": "P", "members": ["ana@example.org", "zed@example.org"], "rhythm_days": 14}"#)
            #expect(unknown.status == 422, "\(unknown.text)")
            #expect(unknown.problemFields == ["members[1]"], "\(unknown.problemFields)")
            let early = try await client.send(
                .post, "\(org)/initiatives/peer-1/peer-groups", as: fixture.hr,
                json: """
                    {"name": "P", "members": ["ana@example.org", "ana@example.org"], "rhythm_days": 14,
                     "starts_on": "2025-12-01"}
                    """)
            #expect(early.status == 422, "\(early.text)")
            #expect(Set(early.problemFields) == ["members", "starts_on"], "\(early.problemFields)")
            let viewer = try await client.send(
                .post, "\(org)/initiatives/peer-1/peer-groups", as: fixture.viewer,
                json: #"{"name": "P", "members": ["ana@example.org", "zed@example.org"], "rhythm_days": 14}"#)
            #expect(viewer.status == 403)
            let missing = try await client.send(
                .post, "\(org)/initiatives/peer-1/peer-groups/\(UUID().uuidString)/end", as: fixture.hr, json: "{}")
            #expect(missing.status == 404, "\(missing.text)")
        }
    }

    @Test func aCommitmentCarriesItsAccountabilityPartner() async throws {
        let fixture = try await ServerFixture.make("api-partner")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            _ = try await addStakeholder(client, fixture, name: "Ana Alder", email: "ana@example.org")
            _ = try await addStakeholder(client, fixture, name: "Ben Birch", email: "ben@example.org")
            let made = try await client.send(
                .post, "\(org)/commitments", as: fixture.hr,
                json:
                    #"{"owner": "ana@example.org", "made_on": "2026-01-05", "accountability_partner": "ben@example.org"}"#
            )
            #expect(made.status == 201, "\(made.text)")
            #expect(made.json["accountability_partner"] as? String == "ben@example.org")
            let own = try await client.send(
                .post, "\(org)/commitments", as: fixture.hr,
                json:
                    #"{"owner": "ana@example.org", "made_on": "2026-01-05", "accountability_partner": "ana@example.org"}"#
            )
            #expect(own.status == 422, "\(own.text)")
            #expect(own.problemFields == ["accountability_partner"], "\(own.problemFields)")
        }
    }

    @Test func aPartnerAgreedInAMeetingIsRecordedWithTheConversationAndAnUnknownOneChangesNothing() async throws {
        let fixture = try await ServerFixture.make("api-partner-recorded")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            _ = try await addStakeholder(client, fixture, name: "Ana Alder", email: "ana@example.org")
            _ = try await addStakeholder(client, fixture, name: "Ben Birch", email: "ben@example.org")
            func record(_ ref: String, partner: String) -> String {
                """
                {"ref": "\(ref)", "occurred_at": "2026-01-05T09:00:00Z", "kind": "one_to_one",
                 "participants": [{"email": "ana@example.org"}, {"email": "ben@example.org"}],
                 "commitments": [{"owner": "ana@example.org", "description": "Ask first at Monday's meeting",
                                  "accountability_partner": "\(partner)"}]}
                """
            }
            let recorded = try await client.send(
                .post, "\(org)/conversations", as: fixture.hr, json: record("m-1", partner: "BEN@example.org"))
            #expect(recorded.status == 201, "\(recorded.text)")
            let commitments = recorded.json["commitments"] as? [[String: Any]]
            #expect(commitments?.first?["accountability_partner"] as? String == "ben@example.org")

            let unknown = try await client.send(
                .post, "\(org)/conversations", as: fixture.hr, json: record("m-2", partner: "zed@example.org"))
            #expect(unknown.status == 422, "\(unknown.text)")
            #expect(unknown.problemFields == ["commitments[0].accountability_partner"], "\(unknown.problemFields)")
            let itself = try await client.send(
                .post, "\(org)/conversations", as: fixture.hr, json: record("m-3", partner: "ana@example.org"))
            #expect(itself.problemFields == ["commitments[0].accountability_partner"], "\(itself.problemFields)")
            let missing = try await client.send(.get, "\(org)/conversations/m-2", as: fixture.hr)
            #expect(missing.status == 404)
        }
    }
}
