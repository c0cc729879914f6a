import Foundation
import RadarDomain
import RadarStore
import Testing

@Suite("Who influences whom on the pages")
struct InfluencePageTests {
    @Test("HR links a champion to the director she reports to; the map shows it with his engagement; HR ends it")
    func linksFromThePage() async throws {
        let fixture = try await WebFixture.make("influence-page")
        try await PageTestData.addPeople(fixture)
        let hr = try await fixture.signIn(fixture.hr)
        let viewer = try await fixture.signIn(fixture.viewer)
        let (linked, herself, byViewer) = try await fixture.withClient { client in
            (
                try await client.page(
                    .post, "/influence", as: hr,
                    form: [
                        ("_csrf", hr.csrf), ("person", PageTestData.cara), ("kind", "reports_to"),
                        ("other", PageTestData.ben), ("since", "2026-01-05"),
                    ]),
                try await client.page(
                    .post, "/influence", as: hr,
                    form: [
                        ("_csrf", hr.csrf), ("person", PageTestData.cara), ("kind", "peers_with"),
                        ("other", PageTestData.cara),
                    ]),
                try await client.page(
                    .post, "/influence", as: viewer,
                    form: [
                        ("_csrf", viewer.csrf), ("person", PageTestData.ada), ("kind", "listens_to"),
                        ("other", PageTestData.ben),
                    ])
            )
        }
        #expect(linked.status == 303)
        #expect(herself.status == 422)
        #expect(herself.text.contains("id=\"link-error\""))
        #expect(herself.text.contains("same person"))
        #expect(byViewer.status == 403)
        let links = try await fixture.inOrganisation { try InfluenceLinks($0).links() }
        #expect(links.map { "\($0.person.email) \($0.kind.rawValue) \($0.other.email)" }
            == ["\(PageTestData.cara) reports_to \(PageTestData.ben)"])
        let map = try await fixture.withClient { try await $0.page(.get, "/influence", as: viewer) }
        #expect(map.status == 200)
        #expect(map.text.contains("reports to"))
        #expect(map.text.contains("Ben Osei</a> <span class=\"badge eng-resistant\">resistant</span>"))
        #expect(!map.text.contains("action=\"/influence\""))
        let ended = try await fixture.withClient { client in
            try await client.page(
                .post, "/influence/end", as: hr,
                form: [("_csrf", hr.csrf), ("link", links[0].id.uuidString.lowercased())])
        }
        #expect(ended.status == 303)
        let after = try await fixture.inOrganisation { try InfluenceLinks($0).links()[0] }
        #expect(after.until != nil)
    }
}
