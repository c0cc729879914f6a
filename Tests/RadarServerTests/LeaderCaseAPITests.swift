import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import RadarServer
import RadarTestSupport
import Testing

@Suite("The leader's case over the API")
struct LeaderCaseAPITests {
    @Test func hrRecordsBothSidesAndAViewerSeesTheDatesButNotTheWords() async throws {
        let fixture = try await ServerFixture.make("api-case")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            let id = try await addStakeholder(client, fixture, name: "Ana Alder", email: "ana@example.org")
            let gain = try await client.send(
                .post, "\(org)/stakeholders/\(id)/leader-case", as: fixture.hr,
                json: #"{"aspect": "personal_gain", "in_their_words": "Fridays back", "recorded_on": "2026-01-10"}"#)
            #expect(gain.status == 201, "\(gain.text)")
            let cost = try await client.send(
                .post, "\(org)/stakeholders/\(id)/leader-case", as: fixture.hr,
                json: #"{"aspect": "personal_cost", "in_their_words": "Not the expert", "role_model": "not_yet"}"#)
            #expect(cost.status == 201, "\(cost.text)")
            #expect(cost.json["role_model"] as? String == "not_yet")
            let seen = try await client.send(.get, "\(org)/stakeholders/\(id)/leader-case", as: fixture.viewer)
            #expect(seen.status == 200, "\(seen.text)")
            let items = try #require(seen.json["items"] as? [[String: Any]])
            #expect(items.map { $0["aspect"] as? String } == ["personal_gain", "personal_cost"])
            #expect(!seen.text.contains("Fridays back"))
            let hrView = try await client.send(.get, "\(org)/stakeholders/\(id)/leader-case", as: fixture.hr)
            #expect(hrView.text.contains("Fridays back"))
        }
    }

    @Test func badNotesNameTheirFields() async throws {
        let fixture = try await ServerFixture.make("api-case-bad")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            let id = try await addStakeholder(client, fixture, name: "Ana Alder", email: "ana@example.org")
            let gainReady = try await client.send(
                .post, "\(org)/stakeholders/\(id)/leader-case", as: fixture.hr,
                json: #"{"aspect": "personal_gain", "in_their_words": "x", "role_model": "ready"}"#)
            #expect(gainReady.status == 422, "\(gainReady.text)")
            #expect(gainReady.problemFields == ["role_model"], "\(gainReady.problemFields)")
            let blank = try await client.send(
                .post, "\(org)/stakeholders/\(id)/leader-case", as: fixture.hr,
                json: #"{"aspect": "personal_gain", "in_their_words": "   "}"#)
            #expect(blank.status == 422, "\(blank.text)")
            #expect(blank.problemFields == ["in_their_words"], "\(blank.problemFields)")
            let viewer = try await client.send(
                .post, "\(org)/stakeholders/\(id)/leader-case", as: fixture.viewer,
                json: #"{"aspect": "personal_gain", "in_their_words": "x"}"#)
            #expect(viewer.status == 403)
        }
    }
}
