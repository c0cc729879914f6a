import Foundation
import Postgres
import RadarAccess
import RadarDomain
import RadarStore
import Testing

@Suite("Stakeholder page: the leader's case")
struct LeaderCasePageTests {
    @Test("HR records a cost with readiness from the page; a viewer sees that it was said, not what")
    func recordACost() async throws {
        let fixture = try await WebFixture.make("case-page")
        try await PageTestData.addPeople(fixture)
        let id = try await fixture.inOrganisation { try Stakeholders($0).find(email: PageTestData.ben).id }
        let path = "/stakeholders/\(id.uuidString.lowercased())"
        let hr = try await fixture.signIn(fixture.hr)
        let viewer = try await fixture.signIn(fixture.viewer)
        let (blank, recorded) = try await fixture.withClient { client in
            (
                try await client.page(
                    .post, "\(path)/leader-case", as: hr,
                    form: [
                        ("_csrf", hr.csrf), ("aspect", "personal_cost"), ("in_their_words", " "),
                        ("recorded_on", "2026-03-01"),
                    ]),
                try await client.page(
                    .post, "\(path)/leader-case", as: hr,
                    form: [
                        ("_csrf", hr.csrf), ("aspect", "personal_cost"),
                        ("in_their_words", "Budgets will slip while people learn"), ("role_model", "not_yet"),
                        ("recorded_on", "2026-03-01"),
                    ])
            )
        }
        #expect(blank.status == 422)
        #expect(blank.text.contains("id=\"leader-case-error\""))
        #expect(recorded.status == 303)
        let (hrPage, viewerPage) = try await fixture.withClient { client in
            (try await client.page(.get, path, as: hr), try await client.page(.get, path, as: viewer))
        }
        #expect(hrPage.text.contains("Budgets will slip while people learn"))
        #expect(hrPage.text.contains("not ready to role-model it yet"))
        #expect(hrPage.text.contains("Nothing recorded yet about what they would gain personally."))
        #expect(viewerPage.text.contains("1 March 2026"))
        #expect(!viewerPage.text.contains("Budgets will slip"))
    }
}
