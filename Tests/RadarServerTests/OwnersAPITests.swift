import Foundation
import HTTPTypes
import HummingbirdTesting
import RadarAccess
@testable import RadarServer
import RadarTestSupport
import Testing

/// Owners, my radar, notice preferences and actions from flags through the API.
@Suite("Owners and actions through the API")
struct OwnersAPITests {
    @Test func hrSetsOwnersInBulkAndTheOwnerReadsTheirRadar() async throws {
        let fixture = try await ServerFixture.make("ownersapi")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            _ = try await addStakeholder(client, fixture, name: "Maya Lead", email: "maya@example.org")
            _ = try await addStakeholder(client, fixture, name: "Tom Lead", email: "tom@example.org")
            let unknown = try await client.send(
                .put, "\(org)/owners", as: fixture.hr,
                json: #"{"owner_email": "\#(fixture.hr.email)", "people": ["maya@example.org", "ghost@example.org"]}"#)
            #expect(unknown.status == 422, "\(unknown.text)")
            #expect(unknown.problemFields == ["people[1]"], "\(unknown.text)")
            let byViewer = try await client.send(
                .put, "\(org)/owners", as: fixture.viewer,
                json: #"{"owner_email": "\#(fixture.hr.email)", "people": ["maya@example.org"]}"#)
            #expect(byViewer.status == 403)
            let set = try await client.send(
                .put, "\(org)/owners", as: fixture.hr,
                json: #"{"owner_email": "\#(fixture.hr.email)", "people": ["maya@example.org", "tom@example.org"]}"#)
            #expect(set.status == 200, "\(set.text)")
            #expect(set.json["changed"] as? Int == 2)
            let mine = try await client.send(.get, "\(org)/mine?as_of=2026-10-15T12:00:00Z", as: fixture.hr)
            #expect(mine.status == 200, "\(mine.text)")
            let people = try #require(mine.json["people"] as? [[String: Any]])
            #expect(Set(people.compactMap { $0["email"] as? String }) == ["maya@example.org", "tom@example.org"])
            #expect(people.allSatisfy { $0["next_contact_due"] as? String == "2026-10-15" }, "never met: due now")
            // A viewer reads only their own radar; HR stands in for a colleague by naming them.
            let peek = try await client.send(.get, "\(org)/mine?user=\(fixture.hr.email)", as: fixture.viewer)
            #expect(peek.status == 403, "\(peek.text)")
            let own = try await client.send(.get, "\(org)/mine?user=\(fixture.viewer.email)", as: fixture.viewer)
            #expect(own.status == 200, "\(own.text)")
            let standIn = try await client.send(.get, "\(org)/mine?user=\(fixture.hr.email)", as: fixture.admin)
            #expect(standIn.status == 200, "\(standIn.text)")
            let stakeholder = try await client.send(.get, "\(org)/owners", as: fixture.viewer)
            let items = try #require(stakeholder.json["items"] as? [[String: Any]])
            #expect(items.allSatisfy { $0["hr_owner_email"] as? String == fixture.hr.email })
        }
    }

    @Test func anOwnerChoosesWhenAndWhereTheyAreToldAndBadInputNamesTheField() async throws {
        let fixture = try await ServerFixture.make("noticeapi")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            let defaults = try await client.send(.get, "\(org)/mine/notices", as: fixture.hr)
            #expect(defaults.status == 200, "\(defaults.text)")
            #expect(defaults.json["chosen"] as? Bool == false)
            let bad = try await client.send(
                .put, "\(org)/mine/notices", as: fixture.hr, json: #"{"time_zone": "Mars/Olympus", "send_at": "7:30"}"#)
            #expect(bad.status == 422, "\(bad.text)")
            #expect(bad.problemFields == ["time_zone"], "\(bad.text)")
            let saved = try await client.send(
                .put, "\(org)/mine/notices", as: fixture.hr,
                json: #"{"time_zone": "Europe/Paris", "send_at": "07:30", "kind": "slack", "target": "https://hooks.slack.com/services/T0/B0/SECRET"}"#)
            #expect(saved.status == 200, "\(saved.text)")
            #expect(saved.json["send_at"] as? String == "07:30")
            #expect(saved.json["target"] as? String == "https://hooks.slack.com/…", "the secret path is not shown back")
        }
    }
}
