import Foundation
import HummingbirdTesting
import Testing

/// `GET|PUT …/stakeholders/{id}/aliases`: a person's other addresses, as a whole list.
@Suite("Stakeholder aliases over the API")
struct StakeholderAliasesAPITests {
    @Test func aliasesAreReplacedAsAWholeListAndAClashIsA422NamingTheEntry() async throws {
        let fixture = try await ServerFixture.make("api-aliases")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            let ana = try await addStakeholder(client, fixture, name: "Ana Alder", email: "ana@example.org")
            _ = try await addStakeholder(client, fixture, name: "Ben Birch", email: "ben@example.org")
            let set = try await client.send(
                .put, "\(org)/stakeholders/\(ana)/aliases", as: fixture.hr,
                json: #"{"aliases": ["Ana.Alder@Group.example", "ana@old.example"]}"#)
            #expect(set.status == 200, "\(set.text)")
            #expect(set.json["aliases"] as? [String] == ["ana.alder@group.example", "ana@old.example"])

            let clash = try await client.send(
                .put, "\(org)/stakeholders/\(ana)/aliases", as: fixture.hr,
                json: #"{"aliases": ["ana@old.example", "ben@example.org"]}"#)
            #expect(clash.status == 422, "\(clash.text)")
            #expect(clash.problemFields == ["aliases[1]"], "\(clash.problemFields)")

            let read = try await client.send(.get, "\(org)/stakeholders/\(ana)/aliases", as: fixture.viewer)
            #expect(read.status == 200)
            #expect(read.json["aliases"] as? [String] == ["ana.alder@group.example", "ana@old.example"])
            let viewer = try await client.send(
                .put, "\(org)/stakeholders/\(ana)/aliases", as: fixture.viewer, json: #"{"aliases": []}"#)
            #expect(viewer.status == 403)
            let cleared = try await client.send(
                .put, "\(org)/stakeholders/\(ana)/aliases", as: fixture.hr, json: #"{"aliases": []}"#)
            #expect(cleared.json["aliases"] as? [String] == [])
        }
    }
}
