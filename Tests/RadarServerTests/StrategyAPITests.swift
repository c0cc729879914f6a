import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import RadarServer
import RadarTestSupport
import Testing

@Suite("Expectations and strands over the API")
struct StrategyAPITests {
    /// A fixture whose organisation has the pilot `pilot-1`, created by HR through the API; `body` gets the client
    /// and the organisation's API path.
    static func withPilot(
        _ label: String,
        _ body: @escaping @Sendable (ServerFixture, any TestClientProtocol, String) async throws -> Void
    ) async throws {
        let fixture = try await ServerFixture.make(label)
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            _ = try await client.send(
                .post, "\(org)/initiatives", as: fixture.hr,
                json: #"{"ref": "pilot-1", "title": "Pilot", "kind": "pilot", "starts_on": "2026-01-05"}"#)
            try await body(fixture, client, org)
        }
    }

    @Test func hrPresentsAPilotAgreesAnOutcomeAndRecordsAStrand() async throws {
        try await Self.withPilot("api-strategy") { fixture, client, org in
            let early = try await client.send(
                .post, "\(org)/initiatives/pilot-1/expectation/agreement", as: fixture.hr,
                json: #"{"realistic_outcome": "Two teams"}"#)
            #expect(early.status == 422, "\(early.text)")
            #expect(early.problemFields == ["realistic_outcome"], "\(early.problemFields)")
            let presented = try await client.send(
                .post, "\(org)/initiatives/pilot-1/expectation", as: fixture.hr,
                json:
                    #"{"presented_as": "Managers who coach", "presented_to": "the top team", "presented_on": "2026-01-10"}"#
            )
            #expect(presented.status == 200, "\(presented.text)")
            let agreed = try await client.send(
                .post, "\(org)/initiatives/pilot-1/expectation/agreement", as: fixture.hr,
                json: #"{"realistic_outcome": "Two teams by June", "agreed_on": "2026-01-09"}"#)
            #expect(agreed.status == 422, "\(agreed.text)")
            #expect(agreed.problemFields == ["agreed_on"], "\(agreed.problemFields)")
            let listed = try await client.send(.get, "\(org)/expectations", as: fixture.viewer)
            #expect((listed.json["items"] as? [[String: Any]])?.first?["presented_to"] as? String == "the top team")

            let strand = try await client.send(
                .post, "\(org)/strategy-elements", as: fixture.hr,
                json: #"{"element": "measurement", "since": "2026-01-05"}"#)
            #expect(strand.status == 201, "\(strand.text)")
            let backwards = try await client.send(
                .post, "\(org)/strategy-elements", as: fixture.hr,
                json: #"{"element": "goals", "since": "2026-01-05", "until": "2026-01-01"}"#)
            #expect(backwards.status == 422, "\(backwards.text)")
            #expect(backwards.problemFields == ["until"], "\(backwards.problemFields)")
            let strands = try await client.send(.get, "\(org)/strategy-elements", as: fixture.viewer)
            #expect((strands.json["items"] as? [[String: Any]])?.map { $0["element"] as? String } == ["measurement"])
        }
    }

    @Test("a roll-out names the pilot it spreads; naming a course instead is refused on the pilot field")
    func aRollOutNamesItsPilot() async throws {
        try await Self.withPilot("api-rollout") { fixture, client, org in
            let created = try await client.send(
                .post, "\(org)/initiatives", as: fixture.hr,
                json: #"{"ref": "wide", "title": "Wide", "kind": "training", "starts_on": "2026-03-02", "pilot": "pilot-1"}"#)
            #expect(created.status == 201, "\(created.text)")
            #expect(created.json["pilot"] as? String == "pilot-1")
            let onCourse = try await client.send(
                .post, "\(org)/initiatives", as: fixture.hr,
                json: #"{"ref": "wider", "title": "Wider", "kind": "workshop", "starts_on": "2026-03-02", "pilot": "wide"}"#)
            #expect(onCourse.status == 422, "\(onCourse.text)")
            #expect(onCourse.problemFields == ["pilot"], "\(onCourse.problemFields)")
            let version = try #require(created.json["version"] as? Int)
            let unlinked = try await client.send(
                .patch, "\(org)/initiatives/wide", as: fixture.hr, json: #"{"version": \#(version), "pilot": ""}"#)
            #expect(unlinked.status == 200, "\(unlinked.text)")
            #expect(unlinked.json["pilot"] == nil)
        }
    }
}
