import Foundation
import HummingbirdTesting
@testable import RadarServer
import RadarTestSupport
import Testing

@Suite("The API names a refused field by its JSON name")
struct FieldNamesAPITests {
    @Test("a conversation's unknown initiator, participant and commitment owner are named as the document names them")
    func aRefusedConversationNamesItsJSONFields() async throws {
        let fixture = try await ServerFixture.make("api-fields")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            let added = try await client.send(
                .post, "\(org)/stakeholders", as: fixture.hr,
                json: stakeholderJSON(name: "Fay", email: "fay@example.org"))
            #expect(added.status == 201, "\(added.text)")
            let refused = try await client.send(
                .post, "\(org)/conversations", as: fixture.hr,
                json: """
                    {"occurred_at": "2026-03-02T10:00:00Z", "kind": "one_to_one", "initiated_by": "ghost@example.org",
                     "participants": [{"email": "fay@example.org"}, {"email": "nobody@example.org"}],
                     "commitments": [{"owner": "nobody@example.org", "description": "Send the brief"}]}
                    """)
            #expect(refused.status == 422, "\(refused.text)")
            #expect(
                Set(refused.problemFields) == ["initiated_by", "participants[1].email", "commitments[0].owner"],
                "\(refused.problemFields)")
            let detail = try #require(refused.json["detail"] as? String)
            #expect(detail.contains("initiated_by") && !detail.contains("initiated-by"), "\(detail)")
        }
    }

    @Test("a stakeholder's unknown HR owner is named hr_owner_email, as in the document")
    func aRefusedStakeholderNamesItsJSONFields() async throws {
        let fixture = try await ServerFixture.make("api-fields-s")
        try await fixture.withClient { client in
            let refused = try await client.send(
                .post, "/api/v1/orgs/\(fixture.org.slug)/stakeholders", as: fixture.hr,
                json:
                    #"{"name": "Fay", "email": "fay@example.org", "tier": "top_team", "hr_owner_email": "ghost@example.org"}"#
            )
            #expect(refused.status == 422, "\(refused.text)")
            #expect(refused.problemFields == ["hr_owner_email"], "\(refused.text)")
        }
    }
}
