import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import RadarServer
import RadarTestSupport
import Testing

@Suite("Leaders' coaching over the API")
struct CoachingAPITests {
    @Test func hrSetsAndObservesAGoalAndAViewerReadsItWithoutTheNotes() async throws {
        let fixture = try await ServerFixture.make("api-coaching")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            let id = try await addStakeholder(client, fixture, name: "Ana Alder", email: "ana@example.org")
            let goal = try await client.send(
                .post, "\(org)/stakeholders/\(id)/coaching-goals", as: fixture.hr,
                json: #"{"behaviour": "input_before_concluding", "set_on": "2026-01-10", "review_on": "2026-04-10"}"#)
            #expect(goal.status == 201, "\(goal.text)")
            let goalID = try #require(goal.json["id"] as? String)
            let observed = try await client.send(
                .post, "\(org)/stakeholders/\(id)/coaching-goals/\(goalID)/observations", as: fixture.hr,
                json: #"{"note": "Asked the room first", "observed_on": "2026-02-01"}"#)
            #expect(observed.status == 201, "\(observed.text)")
            #expect(observed.json["last_reviewed_on"] as? String == "2026-02-01")
            let period = try await client.send(
                .post, "\(org)/stakeholders/\(id)/coaching-periods", as: fixture.hr,
                json: #"{"kind": "coached", "since": "2026-01-01"}"#)
            #expect(period.status == 201, "\(period.text)")

            let seen = try await client.send(.get, "\(org)/stakeholders/\(id)/coaching", as: fixture.viewer)
            #expect(seen.status == 200, "\(seen.text)")
            #expect(!seen.text.contains("Asked the room first"))
            let goals = try #require(seen.json["goals"] as? [[String: Any]])
            #expect(goals.first?["behaviour"] as? String == "input_before_concluding")
            #expect((seen.json["coaching"] as? [[String: Any]])?.first?["kind"] as? String == "coached")
            let hrView = try await client.send(.get, "\(org)/stakeholders/\(id)/coaching", as: fixture.hr)
            #expect(hrView.text.contains("Asked the room first"))
        }
    }

    @Test func badCoachingRequestsNameTheirFields() async throws {
        let fixture = try await ServerFixture.make("api-coaching-bad")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            let id = try await addStakeholder(client, fixture, name: "Ana Alder", email: "ana@example.org")
            let other = try await client.send(
                .post, "\(org)/stakeholders/\(id)/coaching-goals", as: fixture.hr, json: #"{"behaviour": "other"}"#)
            #expect(other.status == 422, "\(other.text)")
            #expect(other.problemFields == ["description"], "\(other.problemFields)")
            let until = try await client.send(
                .post, "\(org)/stakeholders/\(id)/coaching-periods", as: fixture.hr,
                json: #"{"kind": "coached", "since": "2026-03-01", "until": "2026-02-01"}"#)
            #expect(until.status == 422, "\(until.text)")
            #expect(until.problemFields == ["until"], "\(until.problemFields)")
            let unknownGoal = try await client.send(
                .post, "\(org)/stakeholders/\(id)/coaching-goals/\(UUID().uuidString)/observations", as: fixture.hr,
                json: #"{"note": "Seen"}"#)
            #expect(unknownGoal.status == 404, "\(unknownGoal.text)")
            let viewer = try await client.send(
                .post, "\(org)/stakeholders/\(id)/coaching-goals", as: fixture.viewer,
                json: #"{"behaviour": "input_before_concluding"}"#)
            #expect(viewer.status == 403)
            let seen = try await client.send(.get, "\(org)/stakeholders/\(id)/coaching", as: fixture.hr)
            #expect((seen.json["goals"] as? [Any])?.isEmpty == true)
        }
    }
}
