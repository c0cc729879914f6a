import Foundation
import Postgres
import RadarAccess
import RadarDomain
import RadarStore
import Testing

/// `/initiatives`: the programme's timeline, pilots' outcomes, and recording what an ended pilot showed.
@Suite("Initiatives page")
struct InitiativesPageTests {
    /// An ended pilot with nothing recorded, an ended pilot with its outcome, and a course still to come.
    static func addProgramme(_ fixture: WebFixture) async throws {
        try await PageTestData.addPeople(fixture)
        try await fixture.inOrganisation { tx in
            let initiatives = Initiatives(tx)
            try initiatives.add(
                InitiativeDraft(
                    ref: "pilot-finance", title: "Coaching pilot in finance", kind: "pilot",
                    ownerEmail: PageTestData.ben, startsOn: CalendarDate("2026-01-05"),
                    endsOn: CalendarDate("2026-02-20"),
                    status: "running", successMeasure: "Half the finance leads coach weekly"))
            try initiatives.add(
                InitiativeDraft(
                    ref: "pilot-sales", title: "Coaching pilot in sales", kind: "pilot",
                    startsOn: CalendarDate("2025-10-01"),
                    endsOn: CalendarDate("2026-01-31"), status: "done", outcome: "Fewer cancelled one-to-ones"))
            try initiatives.add(
                InitiativeDraft(
                    ref: "course-spring", title: "Coaching skills course", kind: "peer_coaching",
                    ownerEmail: PageTestData.ada, startsOn: CalendarDate("2026-04-01"), status: "planned"))
        }
    }

    @Test(
        "every role sees the timeline with kinds, owners and outcomes; only HR and admins get the outcome form",
        arguments: [AccessRole.admin, .hr, .viewer])
    func timeline(role: AccessRole) async throws {
        let fixture = try await WebFixture.make("initiatives")
        try await Self.addProgramme(fixture)
        let browser = try await fixture.signIn(fixture.member(role))
        let answer = try await fixture.withClient { client in
            try await client.page(.get, "/initiatives", as: browser)
        }
        #expect(answer.status == 200)
        let text = answer.text
        // In start order: the sales pilot, the finance pilot, then the course.
        let sales = try #require(text.range(of: "Coaching pilot in sales"))
        let finance = try #require(text.range(of: "Coaching pilot in finance"))
        let course = try #require(text.range(of: "Coaching skills course"))
        #expect(sales.lowerBound < finance.lowerBound && finance.lowerBound < course.lowerBound)
        #expect(text.contains("<time datetime=\"2026-01-05\">5 January 2026</time>"))
        #expect(text.contains("peer coaching"))
        #expect(text.contains(">Ben Osei</a>"))
        #expect(text.contains("Half the finance leads coach weekly"))
        #expect(text.contains("Fewer cancelled one-to-ones"))
        // The finance pilot ended on 20 February with nothing written down: the rules' "no outcome".
        #expect(text.components(separatedBy: "Awaiting outcome").count == 2)
        #expect(text.contains("Pilots that have ended without an outcome: 1."))
        // One outcome form, for the finance pilot, and only for those who may record.
        #expect(text.contains("<input type=\"hidden\" name=\"ref\" value=\"pilot-finance\">") == (role != .viewer))
        #expect(text.components(separatedBy: "action=\"/initiatives/outcome\"").count == (role == .viewer ? 1 : 2))
    }

    @Test("anonymous visitors are sent to log in")
    func anonymous() async throws {
        let fixture = try await WebFixture.make("initiatives-anon")
        let answer = try await fixture.withClient { client in try await client.page(.get, "/initiatives") }
        #expect(answer.status == 303)
        #expect(answer.location == "/login?next=%2Finitiatives")
    }

    @Test("HR records an ended pilot's outcome; without the CSRF token, or as a viewer, nothing changes")
    func recordOutcome() async throws {
        let fixture = try await WebFixture.make("initiatives-outcome")
        try await Self.addProgramme(fixture)
        let hr = try await fixture.signIn(fixture.hr)
        let viewer = try await fixture.signIn(fixture.viewer)
        func outcome() async throws -> String? {
            try await fixture.inOrganisation { try Initiatives($0).find(ref: "pilot-finance").outcome }
        }
        let pilot = ("ref", "pilot-finance")
        let (refused, forbidden, blank) = try await fixture.withClient { client in
            (
                try await client.page(
                    .post, "/initiatives/outcome", as: hr,
                    form: [pilot, ("outcome", "Leads coach weekly"), ("version", "1")]),
                try await client.page(
                    .post, "/initiatives/outcome", as: viewer,
                    form: [pilot, ("_csrf", viewer.csrf), ("outcome", "Leads coach weekly")]),
                try await client.page(
                    .post, "/initiatives/outcome", as: hr,
                    form: [pilot, ("_csrf", hr.csrf), ("outcome", "  "), ("evidence", "survey")])
            )
        }
        #expect(refused.status == 403)
        #expect(refused.text.contains("This form could not be accepted"))
        #expect(forbidden.status == 403)
        #expect(blank.status == 422)
        #expect(blank.text.contains("outcome is required"))
        #expect(blank.text.contains("value=\"survey\""))
        #expect(try await outcome() == nil)
        let (recorded, after) = try await fixture.withClient { client in
            (
                try await client.page(
                    .post, "/initiatives/outcome", as: hr,
                    form: [
                        pilot, ("_csrf", hr.csrf), ("outcome", "Leads coach weekly"),
                        ("evidence", "March survey"), ("version", "1"),
                    ]),
                try await client.page(.get, "/initiatives", as: hr)
            )
        }
        #expect(recorded.status == 303)
        #expect(recorded.location == "/initiatives")
        #expect(after.text.contains("outcome is recorded."))
        #expect(after.text.contains("Leads coach weekly"))
        #expect(after.text.contains("Evidence: March survey"))
        #expect(!after.text.contains("Awaiting outcome"))
        #expect(try await outcome() == "Leads coach weekly")
        let actors = try await fixture.inOrganisation { tx in
            try tx.connection.query(
                "SELECT DISTINCT actor FROM audit_events WHERE entity = 'initiative' AND action = 'update'"
            )
            .map { try $0.decode("actor", as: String.self) }
        }
        #expect(actors == ["user:\(fixture.hr.email)"])
    }
}
