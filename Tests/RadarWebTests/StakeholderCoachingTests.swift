import Foundation
import Postgres
import RadarAccess
import RadarDomain
import RadarStore
import Testing

@Suite("Stakeholder page: their own coaching")
struct StakeholderCoachingTests {
    @Test("HR sets a goal and records an observation from the page; a viewer sees the goal but not the note")
    func setAndObserve() async throws {
        let fixture = try await WebFixture.make("coaching-page")
        try await PageTestData.addPeople(fixture)
        let id = try await fixture.inOrganisation { try Stakeholders($0).find(email: PageTestData.ada).id }
        let path = "/stakeholders/\(id.uuidString.lowercased())"
        let hr = try await fixture.signIn(fixture.hr)
        let viewer = try await fixture.signIn(fixture.viewer)
        let (blank, set) = try await fixture.withClient { client in
            (
                try await client.page(
                    .post, "\(path)/coaching-goals", as: hr,
                    form: [("_csrf", hr.csrf), ("behaviour", "other"), ("description", " ")]),
                try await client.page(
                    .post, "\(path)/coaching-goals", as: hr,
                    form: [
                        ("_csrf", hr.csrf), ("behaviour", "questions_before_advice"),
                        ("observed_how", "Her direct reports"), ("review_on", "2026-06-01"),
                    ])
            )
        }
        #expect(blank.status == 422)
        #expect(blank.text.contains("id=\"coaching-error\""))
        #expect(set.status == 303)
        let goal = try await fixture.inOrganisation { try CoachingGoals($0).goals(email: PageTestData.ada)[0].id }
        let (observed, hrPage, viewerPage) = try await fixture.withClient { client in
            (
                try await client.page(
                    .post, "\(path)/coaching-goals/observations", as: hr,
                    form: [
                        ("_csrf", hr.csrf), ("goal", goal.uuidString.lowercased()),
                        ("note", "Asked three questions before advising"), ("observed_on", "2026-03-04"),
                    ]),
                try await client.page(.get, path, as: hr),
                try await client.page(.get, path, as: viewer)
            )
        }
        #expect(observed.status == 303)
        #expect(hrPage.text.contains("asks questions before giving advice"))
        #expect(hrPage.text.contains("Asked three questions before advising"))
        #expect(hrPage.text.contains("last looked at 4 March 2026"))
        #expect(viewerPage.text.contains("asks questions before giving advice"))
        #expect(!viewerPage.text.contains("Asked three questions before advising"))
        #expect(!viewerPage.text.contains("action=\"\(path)/coaching-goals\""))
    }
}
