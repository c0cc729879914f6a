import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import RadarServer
import RadarTestSupport
import Testing

@Suite("Editing priorities and commitments over the API")
struct EditingTests {
    @Test func aPriorityIsEditedAtItsVersionAndBadChangesNameTheirFields() async throws {
        let fixture = try await ServerFixture.make("edit-priority")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            _ = try await addStakeholder(client, fixture, name: "Pia", email: "pia@example.org")
            let created = try await client.send(
                .post, "\(org)/priorities", as: fixture.hr,
                json: #"{"priority": "Grow revenue", "function": "sales", "recorded_on": "2026-03-01"}"#)
            #expect(created.status == 201, "\(created.text)")
            #expect(created.json["version"] as? Int == 1)
            let path = "\(org)/priorities/\(try #require(created.json["id"] as? String))"

            let edited = try await client.send(
                .patch, path, as: fixture.hr,
                json: """
                    {"version": 1, "priority": "Grow recurring revenue", "how_coaching_helps": "Sharper pipeline reviews",
                     "endorsed_by": "pia@example.org"}
                    """)
            #expect(edited.status == 200, "\(edited.text)")
            #expect(edited.json["version"] as? Int == 2)
            #expect(edited.json["priority"] as? String == "Grow recurring revenue")
            #expect(edited.json["function"] as? String == "sales")
            #expect(edited.json["how_coaching_helps"] as? String == "Sharper pipeline reviews")
            #expect(edited.json["endorsed_by"] as? String == "pia@example.org")

            let stale = try await client.send(.patch, path, as: fixture.hr, json: #"{"version": 1, "function": "ops"}"#)
            #expect(stale.status == 409, "\(stale.text)")
            #expect(stale.contentType == "application/problem+json")

            let invalid = try await client.send(
                .patch, path, as: fixture.hr,
                json: #"{"version": 2, "priority": "  ", "endorsed_by": "nobody@example.org", "recorded_on": "soon"}"#)
            #expect(invalid.status == 422, "\(invalid.text)")
            #expect(invalid.problemFields.contains("recorded_on"), "\(invalid.problemFields)")
            let storeChecked = try await client.send(
                .patch, path, as: fixture.hr,
                json: #"{"version": 2, "priority": "  ", "endorsed_by": "nobody@example.org"}"#)
            #expect(storeChecked.status == 422, "\(storeChecked.text)")
            #expect(
                Set(storeChecked.problemFields).isSuperset(of: ["priority", "endorsed_by"]),
                "\(storeChecked.problemFields)")

            let listed = try await client.send(.get, "\(org)/priorities", as: fixture.viewer)
            let only = try #require((listed.json["items"] as? [[String: Any]])?.first)
            #expect(only["function"] as? String == "sales")
            #expect(only["version"] as? Int == 2)
            let refused = try await client.send(.patch, path, as: fixture.viewer, json: #"{"version": 2}"#)
            #expect(refused.status == 403)
        }
    }

    @Test func aCommitmentIsEditedWithinItsStatusRulesAndViewersStillNeverSeeItsDescription() async throws {
        let fixture = try await ServerFixture.make("edit-commitment")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            _ = try await addStakeholder(client, fixture, name: "Ola", email: "ola@example.org")
            _ = try await addStakeholder(client, fixture, name: "Per", email: "per@example.org")
            let created = try await client.send(
                .post, "\(org)/commitments", as: fixture.hr,
                json: """
                    {"owner": "ola@example.org", "description": "Draft the brief", "made_on": "2026-03-02",
                     "due_on": "2026-03-20"}
                    """)
            #expect(created.status == 201, "\(created.text)")
            let path = "\(org)/commitments/\(try #require(created.json["id"] as? String))"

            let edited = try await client.send(
                .patch, path, as: fixture.hr,
                json: """
                    {"version": 1, "description": "Send the pilot brief to the board", "due_on": "2026-04-03",
                     "owner": "per@example.org"}
                    """)
            #expect(edited.status == 200, "\(edited.text)")
            #expect(edited.json["version"] as? Int == 2)
            #expect(edited.json["description"] as? String == "Send the pilot brief to the board")
            #expect(edited.json["due_on"] as? String == "2026-04-03")
            #expect(edited.json["owner_email"] as? String == "per@example.org")
            #expect(edited.json["status"] as? String == "open")

            let stale = try await client.send(
                .patch, path, as: fixture.hr, json: #"{"version": 1, "status": "dropped"}"#)
            #expect(stale.status == 409, "\(stale.text)")

            // The table allows a done date only on a done commitment, and never before the day it was made.
            for (body, field) in [
                (#"{"version": 2, "status": "done"}"#, "done_on"),
                (#"{"version": 2, "status": "done", "done_on": "2026-03-01"}"#, "done_on"),
                (#"{"version": 2, "status": "dropped", "done_on": "2026-03-10"}"#, "done_on"),
                (#"{"version": 2, "owner": "nobody@example.org"}"#, "owner"),
                (#"{"version": 2, "due_on": "next week"}"#, "due_on"),
            ] {
                let refused = try await client.send(.patch, path, as: fixture.hr, json: body)
                #expect(refused.status == 422, "\(body): \(refused.text)")
                #expect(refused.problemFields.contains(field), "\(body): \(refused.problemFields)")
            }

            let done = try await client.send(
                .patch, path, as: fixture.hr,
                json: #"{"version": 2, "status": "done", "done_on": "2026-03-30"}"#)
            #expect(done.status == 200, "\(done.text)")
            #expect(done.json["done_on"] as? String == "2026-03-30")
            let reopened = try await client.send(
                .patch, path, as: fixture.hr, json: #"{"version": 3, "status": "open"}"#)
            #expect(reopened.status == 200, "\(reopened.text)")
            #expect(reopened.json["status"] as? String == "open")
            #expect(reopened.json["done_on"] == nil)
            let dropped = try await client.send(
                .patch, path, as: fixture.hr, json: #"{"version": 4, "status": "dropped"}"#)
            #expect(dropped.json["status"] as? String == "dropped")

            let seenByViewer = try await client.send(.get, "\(org)/commitments?include_closed=true", as: fixture.viewer)
            #expect(seenByViewer.status == 200, "\(seenByViewer.text)")
            let item = try #require((seenByViewer.json["items"] as? [[String: Any]])?.first)
            #expect(item["description"] == nil)
            #expect(!seenByViewer.text.contains("pilot brief"))
            let seenByHR = try await client.send(.get, "\(org)/commitments?include_closed=true", as: fixture.hr)
            #expect(seenByHR.text.contains("Send the pilot brief to the board"))
        }
    }
}
