import Foundation
import Postgres
import RadarAccess
import RadarDomain
import RadarStore
import Testing

/// `/initiatives/:id`: one initiative's members, attendance grid and next session due, and its two forms.
@Suite("Initiative page: members, sessions and attendance")
struct InitiativePageTests {
    /// A learning set that meets every 30 days from 5 January 2026, with nobody enrolled yet; its id.
    static func addSet(_ fixture: WebFixture) async throws -> String {
        try await PageTestData.addPeople(fixture)
        return try await fixture.inOrganisation { tx in
            try Initiatives(tx).add(
                InitiativeDraft(
                    ref: "als-1", title: "Directors' learning set", kind: "action_learning_set",
                    startsOn: CalendarDate("2026-01-05"), status: "running", cadenceDays: 30)
            ).id.uuidString.lowercased()
        }
    }

    @Test("HR enrols two people and records a session from the page; the grid shows who came and who did not")
    func enrolAndRecord() async throws {
        let fixture = try await WebFixture.make("initiative-page")
        let id = try await Self.addSet(fixture)
        let hr = try await fixture.signIn(fixture.hr)
        let path = "/initiatives/\(id)"
        let (enrolAda, enrolBen, session, again, page) = try await fixture.withClient { client in
            (
                try await client.page(
                    .post, "\(path)/members", as: hr,
                    form: [
                        ("_csrf", hr.csrf), ("email", PageTestData.ada), ("role", "facilitator"),
                        ("enrolled_on", "2026-01-05"),
                    ]),
                try await client.page(
                    .post, "\(path)/members", as: hr,
                    form: [
                        ("_csrf", hr.csrf), ("email", PageTestData.ben), ("role", "participant"),
                        ("enrolled_on", "2026-01-05"),
                    ]),
                try await client.page(
                    .post, "\(path)/sessions", as: hr,
                    form: [
                        ("_csrf", hr.csrf), ("occurred_on", "2026-02-02"), ("occurred_time", "10:00"),
                        ("kind", "group"), ("attended", PageTestData.ada),
                    ]),
                try await client.page(
                    .post, "\(path)/sessions", as: hr,
                    form: [
                        ("_csrf", hr.csrf), ("occurred_on", "2026-02-02"), ("occurred_time", "10:00"),
                        ("kind", "group"), ("attended", PageTestData.ada),
                    ]),
                try await client.page(.get, path, as: hr)
            )
        }
        #expect(enrolAda.status == 303)
        #expect(enrolAda.location == path)
        #expect(enrolBen.status == 303)
        #expect(session.status == 303)
        #expect(again.status == 303)
        #expect(page.status == 200)
        let text = page.text
        #expect(text.contains("That session was already recorded."))
        #expect(text.contains("Directors&#39; learning set") || text.contains("Directors' learning set"))
        #expect(text.contains("every 30 days"))
        #expect(text.contains("<time datetime=\"2026-02-02\">2 February 2026</time>"))
        #expect(text.components(separatedBy: "class=\"attended\"").count == 2, "one tick, Ada's")
        #expect(text.components(separatedBy: "class=\"missed\"").count == 2, "one cross, Ben's")
        // Next due 30 days after 2 February: 4 March, the fixture's today, so not overdue yet.
        #expect(text.contains("4 March 2026"))
        #expect(!text.contains("days overdue"))
        // The session form offers today at the time it is now there (10:00 UTC), never a time still ahead.
        #expect(text.contains(#"name="occurred_time" type="time" value="10:00""#), "\(text)")
        let sessions = try await fixture.inOrganisation { tx in
            try InitiativeMembers(tx).roster(initiative: "als-1", asOf: Date(timeIntervalSince1970: 2_000_000_000))
        }
        #expect(sessions.sessions.count == 1)
        #expect(sessions.sessions.first?.attendance[PageTestData.ben] == .noShow)
    }

    @Test("a set that has not met within its rhythm shows how overdue it is; viewers see no forms and cannot post")
    func overdueAndViewer() async throws {
        let fixture = try await WebFixture.make("initiative-page-viewer")
        let id = try await Self.addSet(fixture)
        try await fixture.inOrganisation { tx in
            try InitiativeMembers(tx).enrol(initiative: "als-1", EnrolmentDraft(email: PageTestData.ada))
        }
        let viewer = try await fixture.signIn(fixture.viewer)
        let path = "/initiatives/\(id)"
        let (page, post, missing) = try await fixture.withClient { client in
            (
                try await client.page(.get, path, as: viewer),
                try await client.page(
                    .post, "\(path)/members", as: viewer,
                    form: [("_csrf", viewer.csrf), ("email", PageTestData.ben), ("enrolled_on", "2026-01-05")]),
                try await client.page(.get, "/initiatives/\(UUID().uuidString.lowercased())", as: viewer)
            )
        }
        #expect(page.status == 200)
        // No session since the start on 5 January: due 4 February, 28 days before 4 March.
        #expect(page.text.contains("28 days overdue"))
        #expect(!page.text.contains("action=\"\(path)/sessions\""))
        #expect(post.status == 403)
        #expect(missing.status == 404)
        let members = try await fixture.inOrganisation { tx in
            try InitiativeMembers(tx).members(of: try Initiatives(tx).find(ref: "als-1"))
        }
        #expect(members.map(\.email) == [PageTestData.ada])
    }

    @Test("a session without a day is refused beside its form, and nothing is recorded")
    func badSession() async throws {
        let fixture = try await WebFixture.make("initiative-page-bad")
        let id = try await Self.addSet(fixture)
        try await fixture.inOrganisation { tx in
            try InitiativeMembers(tx).enrol(initiative: "als-1", EnrolmentDraft(email: PageTestData.ada))
        }
        let hr = try await fixture.signIn(fixture.hr)
        let answer = try await fixture.withClient { client in
            try await client.page(
                .post, "/initiatives/\(id)/sessions", as: hr,
                form: [("_csrf", hr.csrf), ("occurred_on", "someday"), ("occurred_time", "10:00"), ("kind", "group")])
        }
        #expect(answer.status == 422)
        #expect(answer.text.contains("id=\"session-error\""))
        #expect(answer.text.contains("enter a date such as"))
        let count = try await fixture.inOrganisation { try Conversations($0).list().count }
        #expect(count == 0)
    }
}
