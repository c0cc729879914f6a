import Foundation
import HummingbirdTesting
import RadarAccess
import RadarDomain
import RadarStore
@testable import RadarWeb
import Testing

@Suite("Recording a conversation with the one form")
struct RecordConversationTests {
    /// A complete form: Ada and Ben met, Ada voiced a fear and made a commitment.
    func fields(_ browser: Browser, formID: String, fear: String = "Coaching eats my calendar") -> [(String, String)] {
        [
            ("_csrf", browser.csrf), ("form_id", formID), ("occurred_on", "2026-03-03"), ("occurred_time", "14:30"),
            ("kind", "one_to_one"), ("initiated_by", PageTestData.ada),
            ("p0_email", PageTestData.ada), ("p0_attendance", "attended"), ("p0_engagement", "supportive"),
            ("p1_email", PageTestData.ben), ("p1_attendance", "attended"), ("p1_engagement", ""),
            ("p2_email", ""), ("guideline", "G04"), ("guideline", "G07"),
            ("f0_email", PageTestData.ada), ("f0_category", "time"), ("f0_statement", fear), ("f0_severity", "high"),
            ("c0_owner", PageTestData.ada), ("c0_description", "Sponsor the pilot"), ("c0_due", "2026-03-31"),
            ("c0_partner", PageTestData.ben), ("notes", "She asked for the evidence first."),
        ]
    }

    func conversations(_ fixture: WebFixture) async throws -> [Conversation] {
        try await fixture.inOrganisation { try Conversations($0).list() }
    }

    @Test(
        "HR and admins get the form with the organisation's people and the guidelines",
        arguments: [AccessRole.admin, .hr])
    func formShows(role: AccessRole) async throws {
        let fixture = try await WebFixture.make("form", timeZone: "Europe/London")
        try await PageTestData.addPeople(fixture)
        let browser = try await fixture.signIn(fixture.member(role))
        try await fixture.withClient { client in
            let answer = try await client.page(.get, "/conversations/new", as: browser)
            #expect(answer.status == 200)
            #expect(answer.text.contains("<option value=\"\(PageTestData.ben)\">Ben Osei, Finance Director</option>"))
            #expect(answer.text.contains("<label for=\"p5_email\">Participant 6</label>"))
            #expect(answer.text.contains("G07"))
            #expect(answer.hidden("_csrf") == browser.csrf)
            #expect((answer.hidden("form_id")?.count ?? 0) >= 16)
            #expect(answer.text.contains("value=\"2026-03-04\""), "today in the organisation's time zone")
            #expect(answer.text.contains("(Europe/London)"))
        }
    }

    @Test("a viewer may not record: the form and its POST are 403 and nothing is written")
    func viewerMayNotRecord() async throws {
        let fixture = try await WebFixture.make("form-viewer")
        try await PageTestData.addPeople(fixture)
        let browser = try await fixture.signIn(fixture.viewer)
        try await fixture.withClient { client in
            #expect(try await client.page(.get, "/conversations/new", as: browser).status == 403)
            let post = try await client.page(
                .post, "/conversations/new", as: browser,
                form: fields(browser, formID: WebSessions.randomToken()))
            #expect(post.status == 403)
            #expect(post.text.contains("Not for your role"))
        }
        #expect(try await conversations(fixture).isEmpty)
    }

    @Test("a complete form records everything in the organisation's time and goes to the first participant")
    func recordsEverything() async throws {
        let fixture = try await WebFixture.make("form-ok", timeZone: "Europe/Berlin")
        try await PageTestData.addPeople(fixture)
        let browser = try await fixture.signIn(fixture.hr)
        let ada = try await fixture.inOrganisation { try Stakeholders($0).find(email: PageTestData.ada) }
        try await fixture.withClient { client in
            let answer = try await client.page(
                .post, "/conversations/new", as: browser,
                form: fields(browser, formID: WebSessions.randomToken()))
            #expect(answer.status == 303)
            #expect(answer.location == "/stakeholders/\(ada.id.uuidString.lowercased())")
            let next = try await client.page(.get, "/", as: browser)
            #expect(next.text.contains("class=\"flash\""))
            #expect(next.text.contains("recorded."))
        }
        let recorded = try #require(try await conversations(fixture).first)
        // 14:30 in Berlin on 3 March (winter time, UTC+1) is 13:30 UTC.
        #expect(recorded.occurredAt == Date(timeIntervalSince1970: 1_772_544_600))
        #expect(recorded.participants.map(\.email).sorted() == [PageTestData.ada, PageTestData.ben])
        #expect(recorded.guidelines.map(\.rawValue) == ["G04", "G07"])
        #expect(recorded.fears.map(\.statement) == ["Coaching eats my calendar"])
        #expect(recorded.commitments.map(\.description) == ["Sponsor the pilot"])
        #expect(recorded.commitments.map(\.partnerEmail) == [PageTestData.ben])
        #expect(recorded.notes == "She asked for the evidence first.")
        let actors = try await fixture.inOrganisation { tx in
            try tx.connection.query("SELECT DISTINCT actor FROM audit_events WHERE entity = 'conversation'")
                .map { try $0.decode("actor", as: String.self) }
        }
        #expect(actors == ["user:\(fixture.hr.email)"])
    }

    @Test("the same form sent twice records once, and the second answer says so")
    func doubleSubmitRecordsOnce() async throws {
        let fixture = try await WebFixture.make("form-twice")
        try await PageTestData.addPeople(fixture)
        let browser = try await fixture.signIn(fixture.hr)
        let formID = WebSessions.randomToken()
        try await fixture.withClient { client in
            async let first = client.page(
                .post, "/conversations/new", as: browser, form: fields(browser, formID: formID))
            async let second = client.page(
                .post, "/conversations/new", as: browser, form: fields(browser, formID: formID))
            let answers = try await [first, second]
            #expect(answers.map(\.status) == [303, 303])
            #expect(answers[0].location == answers[1].location)
            let third = try await client.page(
                .post, "/conversations/new", as: browser, form: fields(browser, formID: formID))
            #expect(third.status == 303)
            let shown = try await client.page(.get, "/", as: browser)
            #expect(shown.text.contains("already recorded"))
        }
        #expect(try await conversations(fixture).count == 1)
    }

    @Test("a form without its CSRF token is refused and records nothing")
    func csrfRefusalChangesNothing() async throws {
        let fixture = try await WebFixture.make("form-csrf")
        try await PageTestData.addPeople(fixture)
        let browser = try await fixture.signIn(fixture.hr)
        try await fixture.withClient { client in
            var forged = fields(browser, formID: WebSessions.randomToken())
            forged.removeFirst()
            let missing = try await client.page(.post, "/conversations/new", as: browser, form: forged)
            #expect(missing.status == 403)
            let wrong = try await client.page(
                .post, "/conversations/new", as: browser,
                form: [("_csrf", String(repeating: "x", count: 43))] + forged)
            #expect(wrong.status == 403)
            #expect(wrong.text.contains("nothing was saved"))
        }
        #expect(try await conversations(fixture).isEmpty)
    }

    @Test("problems are shown beside their fields and every value typed is kept")
    func validationKeepsValues() async throws {
        let fixture = try await WebFixture.make("form-bad")
        try await PageTestData.addPeople(fixture)
        let browser = try await fixture.signIn(fixture.hr)
        try await fixture.withClient { client in
            var bad = fields(browser, formID: WebSessions.randomToken(), fear: "")
            bad[2] = ("occurred_on", "3rd of March")
            bad.append(("c1_description", "Owner forgotten <b>here</b>"))
            let answer = try await client.page(.post, "/conversations/new", as: browser, form: bad)
            #expect(answer.status == 422)
            #expect(answer.text.contains("enter a date such as"))
            #expect(answer.text.contains("write down the fear"))
            #expect(answer.text.contains("say who made this commitment"))
            #expect(answer.text.contains("value=\"3rd of March\""))
            #expect(answer.text.contains("value=\"Owner forgotten &lt;b&gt;here&lt;/b&gt;\""))
            #expect(answer.text.contains(">She asked for the evidence first.</textarea>"))
            #expect(answer.text.contains("<option value=\"\(PageTestData.ben)\" selected>"))
            #expect(answer.text.contains("value=\"G07\" checked"))

            // A problem only the store can find (a date far in the future) is shown too, with the values kept.
            var future = fields(browser, formID: WebSessions.randomToken())
            future[2] = ("occurred_on", "2027-01-01")
            let late = try await client.page(.post, "/conversations/new", as: browser, form: future)
            #expect(late.status == 422)
            #expect(late.text.contains("in the future"))
            #expect(late.text.contains("Coaching eats my calendar</textarea>"))

            // A partner who is the commitment's owner is shown beside the partner's choice, which is kept.
            var ownPartner = fields(browser, formID: WebSessions.randomToken())
            ownPartner[ownPartner.firstIndex { $0.0 == "c0_partner" }!] = ("c0_partner", PageTestData.ada)
            let own = try await client.page(.post, "/conversations/new", as: browser, form: ownPartner)
            #expect(own.status == 422)
            #expect(own.text.contains("class=\"field field-error\">\n        <label for=\"c0_partner\">"), "\(own.text)")
            #expect(own.text.contains("is the owner; name someone else"))
        }
        #expect(try await conversations(fixture).isEmpty)
    }
}
