import Foundation
import RadarDomain
import RadarStore
import Testing

@Suite("The brief page")
struct BriefPageTests {
    @Test("the stakeholder page links to a printable brief; viewers see it without notes")
    func briefPage() async throws {
        let fixture = try await WebFixture.make("brief-page")
        try await PageTestData.addPeople(fixture)
        let id = try await fixture.inOrganisation { tx in
            _ = try Conversations(tx).record(
                ConversationDraft(
                    occurredAt: WebFixture.start.addingTimeInterval(-7 * 86_400), kind: "one_to_one",
                    participants: [.init(email: PageTestData.ada)], guidelines: ["G06"],
                    notes: "Asked about her first mentor."),
                now: WebFixture.start)
            return try Stakeholders(tx).find(email: PageTestData.ada).id.uuidString.lowercased()
        }
        let hr = try await fixture.signIn(fixture.hr)
        let viewer = try await fixture.signIn(fixture.viewer)
        let (profile, brief, viewersBrief) = try await fixture.withClient { client in
            (
                try await client.page(.get, "/stakeholders/\(id)", as: hr),
                try await client.page(.get, "/stakeholders/\(id)/brief", as: hr),
                try await client.page(.get, "/stakeholders/\(id)/brief", as: viewer)
            )
        }
        #expect(profile.text.contains("href=\"/stakeholders/\(id)/brief\""))
        #expect(brief.status == 200)
        #expect(brief.text.contains("Suggested agenda"))
        #expect(brief.text.contains("Asked about her first mentor."))
        #expect(viewersBrief.status == 200)
        #expect(!viewersBrief.text.contains("first mentor"))
    }
}
