import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import RadarServer
import RadarTestSupport
import Testing

@Suite("Narratives, tensions and benefits over the API")
struct NarrativesAPITests {
    @Test func hrRecordsAValueATensionItsDiscussionAndABenefitWithAReading() async throws {
        let fixture = try await ServerFixture.make("api-narratives")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            _ = try await addStakeholder(client, fixture, name: "Ana Alder", email: "ana@example.org")
            let value = try await client.send(
                .post, "\(org)/narratives", as: fixture.hr, json: #"{"kind": "value", "title": "We grow our own"}"#)
            #expect(value.status == 201, "\(value.text)")
            let tension = try await client.send(
                .post, "\(org)/tensions", as: fixture.hr,
                json: """
                    {"stated_value": "We grow our own", "rewarded_behaviour": "Outside hires get promoted",
                     "raised_by": "ana@example.org", "raised_on": "2026-01-10"}
                    """)
            #expect(tension.status == 201, "\(tension.text)")
            let id = try #require(tension.json["id"] as? String)
            let discussed = try await client.send(
                .post, "\(org)/tensions/\(id)/discussed", as: fixture.hr, json: #"{"discussed_on": "2026-02-01"}"#)
            #expect(discussed.status == 200, "\(discussed.text)")
            #expect(discussed.json["discussed_on"] as? String == "2026-02-01")
            let listed = try await client.send(.get, "\(org)/tensions", as: fixture.viewer)
            #expect((listed.json["items"] as? [[String: Any]])?.first?["raised_by"] as? String == "ana@example.org")

            _ = try await client.send(
                .post, "\(org)/initiatives", as: fixture.hr,
                json: #"{"ref": "pilot-1", "title": "Pilot", "kind": "pilot", "starts_on": "2026-01-05"}"#)
            let benefit = try await client.send(
                .post, "\(org)/initiatives/pilot-1/benefits", as: fixture.hr,
                json: #"{"measure": "Escalations a month", "baseline": 40, "baseline_on": "2026-01-05"}"#)
            #expect(benefit.status == 201, "\(benefit.text)")
            let reading = try await client.send(
                .post, "\(org)/initiatives/pilot-1/benefits/readings", as: fixture.hr,
                json: """
                    {"measure": "Escalations a month", "value": 31.5, "measured_on": "2026-03-01",
                     "seen_by": ["ana@example.org"]}
                    """)
            #expect(reading.status == 201, "\(reading.text)")
            let readings = try #require(reading.json["readings"] as? [[String: Any]])
            #expect(readings.first?["value"] as? Double == 31.5)
            #expect(readings.first?["seen_by"] as? [String] == ["ana@example.org"])
        }
    }

    @Test func badRequestsNameTheirFields() async throws {
        let fixture = try await ServerFixture.make("api-narratives-bad")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            let early = try await client.send(
                .post, "\(org)/tensions", as: fixture.hr,
                json: """
                    {"stated_value": "A", "rewarded_behaviour": "B", "raised_on": "2026-02-01",
                     "discussed_on": "2026-01-01"}
                    """)
            #expect(early.status == 422, "\(early.text)")
            #expect(early.problemFields == ["discussed_on"], "\(early.problemFields)")
            let unknown = try await client.send(
                .post, "\(org)/tensions/\(UUID().uuidString)/discussed", as: fixture.hr, json: "{}")
            #expect(unknown.status == 404, "\(unknown.text)")
            _ = try await client.send(
                .post, "\(org)/initiatives", as: fixture.hr,
                json: #"{"ref": "pilot-1", "title": "Pilot", "kind": "pilot", "starts_on": "2026-01-05"}"#)
            let noBenefit = try await client.send(
                .post, "\(org)/initiatives/pilot-1/benefits/readings", as: fixture.hr,
                json: #"{"measure": "Nothing", "value": 1}"#)
            #expect(noBenefit.status == 404, "\(noBenefit.text)")
            // Just past the largest value the document allows: refused naming the field, nothing registered.
            let huge = try await client.send(
                .post, "\(org)/initiatives/pilot-1/benefits", as: fixture.hr,
                json: #"{"measure": "Too big", "baseline": -1000000000000001}"#)
            #expect(huge.status == 422, "\(huge.text)")
            #expect(huge.problemFields == ["baseline"], "\(huge.problemFields)")
            let none = try await client.send(.get, "\(org)/initiatives/pilot-1/benefits", as: fixture.hr)
            #expect((none.json["items"] as? [[String: Any]])?.isEmpty == true, "\(none.text)")
            let twice = try await client.send(
                .post, "\(org)/narratives", as: fixture.hr, json: #"{"kind": "story", "title": "Flood"}"#)
            #expect(twice.status == 201)
            let again = try await client.send(
                .post, "\(org)/narratives", as: fixture.hr, json: #"{"kind": "value", "title": "Flood"}"#)
            #expect(again.status == 422, "\(again.text)")
            #expect(again.problemFields == ["title"], "\(again.problemFields)")
            let viewer = try await client.send(
                .post, "\(org)/narratives", as: fixture.viewer, json: #"{"kind": "story", "title": "X"}"#)
            #expect(viewer.status == 403)
        }
    }
}
