import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import RadarServer
import RadarTestSupport
import Testing

@Suite("Members and sessions of an initiative over the API")
struct InitiativeMembersAPITests {
    @Test func hrEnrolsAMemberRecordsASessionAndReadsAttendanceAndTheNextSessionDue() async throws {
        let fixture = try await ServerFixture.make("api-members")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            _ = try await addStakeholder(client, fixture, name: "Ana Alder", email: "ana@example.org")
            _ = try await addStakeholder(client, fixture, name: "Ben Birch", email: "ben@example.org")
            let set = try await client.send(
                .post, "\(org)/initiatives", as: fixture.hr,
                json: """
                    {"ref": "als-1", "title": "Learning set", "kind": "action_learning_set",
                     "starts_on": "2026-01-05", "cadence_days": 60}
                    """)
            #expect(set.status == 201, "\(set.text)")
            #expect(set.json["cadence_days"] as? Int == 60)
            for email in ["ana@example.org", "ben@example.org"] {
                let enrolled = try await client.send(
                    .post, "\(org)/initiatives/als-1/members", as: fixture.hr,
                    json: #"{"email": "\#(email)", "role": "participant"}"#)
                #expect(enrolled.status == 201, "\(enrolled.text)")
                #expect(enrolled.json["enrolled_on"] as? String == "2026-01-05")
            }
            let session = try await client.send(
                .post, "\(org)/conversations", as: fixture.hr,
                json: """
                    {"ref": "als-1-s1", "occurred_at": "2026-02-02T10:00:00Z", "kind": "group",
                     "participants": [{"email": "ana@example.org"}], "initiative": "als-1"}
                    """)
            #expect(session.status == 201, "\(session.text)")
            #expect(session.json["initiative"] as? String == "als-1")

            let members = try await client.send(
                .get, "\(org)/initiatives/als-1/members?as_of=2026-02-10T00:00:00Z", as: fixture.viewer)
            #expect(members.status == 200, "\(members.text)")
            let items = try #require(members.json["items"] as? [[String: Any]])
            #expect(items.map { $0["email"] as? String } == ["ana@example.org", "ben@example.org"])
            #expect(items.map { $0["attended"] as? Int } == [1, 0])
            #expect(items.map { $0["missed_in_row"] as? Int } == [0, 1])

            let sessions = try await client.send(
                .get, "\(org)/initiatives/als-1/sessions?as_of=2026-02-10T00:00:00Z", as: fixture.viewer)
            #expect(sessions.status == 200, "\(sessions.text)")
            #expect(sessions.json["sessions_held"] as? Int == 1)
            #expect(sessions.json["next_session_due"] as? String == "2026-04-03")
            let first = try #require((sessions.json["items"] as? [[String: Any]])?.first)
            #expect(first["attended"] as? [String] == ["ana@example.org"])
            #expect(first["missed"] as? [String] == ["ben@example.org"])
        }
    }

    @Test func badEnrolmentsAndUnknownInitiativesAreRefusedNamingTheField() async throws {
        let fixture = try await ServerFixture.make("api-members-bad")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            _ = try await addStakeholder(client, fixture, name: "Ana Alder", email: "ana@example.org")
            let set = try await client.send(
                .post, "\(org)/initiatives", as: fixture.hr,
                json:
                    #"{"ref": "als-1", "title": "Learning set", "kind": "action_learning_set", "starts_on": "2026-01-05"}"#
            )
            #expect(set.status == 201, "\(set.text)")
            let cadence = try await client.send(
                .patch, "\(org)/initiatives/als-1", as: fixture.hr, json: #"{"version": 1, "cadence_days": 400}"#)
            #expect(cadence.status == 422 || cadence.status == 400, "\(cadence.text)")
            let stranger = try await client.send(
                .post, "\(org)/initiatives/als-1/members", as: fixture.hr, json: #"{"email": "zed@example.org"}"#)
            #expect(stranger.status == 422, "\(stranger.text)")
            #expect(stranger.problemFields == ["email"], "\(stranger.problemFields)")
            let badDay = try await client.send(
                .post, "\(org)/initiatives/als-1/members", as: fixture.hr,
                json: #"{"email": "ana@example.org", "enrolled_on": "2026-02-30"}"#)
            #expect(badDay.status == 422, "\(badDay.text)")
            #expect(badDay.problemFields == ["enrolled_on"], "\(badDay.problemFields)")
            let missing = try await client.send(.get, "\(org)/initiatives/nope/sessions", as: fixture.hr)
            #expect(missing.status == 404, "\(missing.text)")
            let unknown = try await client.send(
                .post, "\(org)/conversations", as: fixture.hr,
                json: """
                    {"occurred_at": "2026-02-02T10:00:00Z", "kind": "group",
                     "participants": [{"email": "ana@example.org"}], "initiative": "nope"}
                    """)
            #expect(unknown.status == 422, "\(unknown.text)")
            #expect(unknown.problemFields == ["initiative"], "\(unknown.problemFields)")
            let viewer = try await client.send(
                .post, "\(org)/initiatives/als-1/members", as: fixture.viewer, json: #"{"email": "ana@example.org"}"#)
            #expect(viewer.status == 403)
            let members = try await client.send(.get, "\(org)/initiatives/als-1/members", as: fixture.hr)
            #expect((members.json["items"] as? [Any])?.isEmpty == true, "\(members.text)")
        }
    }
}
