import Foundation
import HTTPTypes
import HummingbirdTesting
import Postgres
import RadarAccess
@testable import RadarServer
import RadarTestSupport
import Testing

@Suite("The audit trail names who wrote through the API")
struct AuditTrailTests {
    /// Every write below is made with `hr`'s API token, so each trail row must carry that principal's actor.
    @Test func everyWriteThroughTheAPIIsAuditedAsTheAuthenticatedPrincipal() async throws {
        let fixture = try await ServerFixture.make("audit")
        let token = try #require(
            try await APITokens(database: try await TestDatabase.shared())
                .list(email: fixture.hr.email).first)
        let principal = Principal(
            userID: token.userID, email: fixture.hr.email, displayName: "Test hr",
            memberships: [fixture.org.slug: .hr], tokenID: token.id)
        let expectedActor = principal.actor
        #expect(expectedActor.hasPrefix("user:\(fixture.hr.email) token:"))

        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            let id = try await addStakeholder(client, fixture, name: "Ida", email: "ida@example.org")
            let patched = try await client.send(
                .patch, "\(org)/stakeholders/\(id)", as: fixture.hr,
                json: #"{"version": 1, "title": "COO"}"#)
            #expect(patched.status == 200, "\(patched.text)")
            let recorded = try await client.send(
                .post, "\(org)/conversations", as: fixture.hr,
                json: RecordingFlowTests.conversationJSON(
                    ref: "c-audit-1", participant: "ida@example.org", owner: "ida@example.org"))
            #expect(recorded.status == 201, "\(recorded.text)")
            let check = try await client.send(
                .post, "\(org)/check", as: fixture.hr,
                json: #"{"as_of": "2026-06-01T00:00:00Z"}"#)
            let flagID = try #require((check.json["flags"] as? [[String: Any]])?.first?["id"] as? String)
            let acknowledged = try await client.send(
                .post, "\(org)/flags/\(flagID)/acknowledge", as: fixture.hr,
                json: #"{"reason": "On it"}"#)
            #expect(acknowledged.status == 200, "\(acknowledged.text)")
        }

        // The superuser reads past row-level security, so nothing written in this organisation can hide.
        let connection = try Connection.connect(try TestDatabase.superuserURL())
        defer { connection.close() }
        let trail = try connection.query(
            "SELECT actor, entity, action FROM audit_events WHERE org_id = $1 ORDER BY id", [fixture.org.id]
        ).map { row in
            (
                actor: try row.decode("actor", as: String.self), entity: try row.decode("entity", as: String.self),
                action: try row.decode("action", as: String.self)
            )
        }
        // The organisation itself and the fixture's memberships were made by the test harness, not through the API.
        let throughAPI = trail.filter { !["membership", "rule", "organisation"].contains($0.entity) }
        let written = Set(throughAPI.map { "\($0.entity):\($0.action)" })
        #expect(
            written.isSuperset(of: [
                "stakeholder:create", "stakeholder:update", "conversation:create", "participant:create",
                "fear:create", "commitment:create",
            ]), "\(written.sorted())")
        #expect(throughAPI.allSatisfy { $0.actor == expectedActor }, "\(throughAPI.map(\.actor))")

        // Flags keep their own trail: the acknowledgement lands in flag_events and on the flag itself.
        let acknowledgements = try connection.query(
            """
            SELECT e.actor, f.acknowledged_by
              FROM flag_events e JOIN flags f ON f.org_id = e.org_id AND f.id = e.flag_id
             WHERE e.org_id = $1 AND e.event = 'acknowledged'
            """, [fixture.org.id]
        ).map { row in
            (
                event: try row.decode("actor", as: String?.self),
                flag: try row.decode("acknowledged_by", as: String?.self)
            )
        }
        #expect(acknowledgements.count == 1)
        #expect(acknowledgements.allSatisfy { $0.event == expectedActor && $0.flag == expectedActor })
    }
}
