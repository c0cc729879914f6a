import Foundation
import HummingbirdTesting
import Postgres
import RadarAccess
import RadarDomain
import RadarStore
@testable import RadarWeb
import Testing

@Suite("The fears board")
struct FearsBoardTests {
    static let adaFear = "Worried the diaries will never stretch"
    static let benFear = "Afraid the budget line will be cut first"

    /// Ada's open fear about time (voiced 2 March), Ben's fear about cost, being addressed since 1 February, and
    /// Cara's doubt about fit, dismissed on 11 January after ten days.
    static func arrange(_ label: String) async throws -> (WebFixture, ada: UUID, ben: UUID) {
        let fixture = try await WebFixture.make(label)
        try await PageTestData.addPeople(fixture)
        try await PageTestData.recordWithAda(fixture, fear: adaFear, commitment: "A promise", notes: "Notes")
        let ids = try await fixture.inOrganisation { tx in
            let ben = try Fears(tx).add(
                FearDraft(
                    email: PageTestData.ben, category: "cost", statement: benFear, severity: "low",
                    status: "addressing",
                    raisedOn: CalendarDate(year: 2026, month: 2, day: 1), mitigation: "Show the pilot's numbers"))
            try Fears(tx).add(
                FearDraft(
                    email: PageTestData.cara, category: "fit", statement: "Cara's old doubt", severity: "medium",
                    status: "dismissed", raisedOn: CalendarDate(year: 2026, month: 1, day: 1),
                    resolvedOn: CalendarDate(year: 2026, month: 1, day: 11)))
            let ada = try #require(try Fears(tx).list(Fears.Filter(email: PageTestData.ada)).first).id
            return (ada, ben)
        }
        return (fixture, ids.0, ids.1)
    }

    @Test(
        "grouped by status and category with person, severity word, date and age; statements only for HR and admins",
        arguments: AccessRole.allCases)
    func board(role: AccessRole) async throws {
        let (fixture, ada, _) = try await Self.arrange("fears-\(role.rawValue)")
        let browser = try await fixture.signIn(fixture.member(role))
        try await fixture.withClient { client in
            let answer = try await client.page(.get, "/fears", as: browser)
            #expect(answer.status == 200)
            let text = answer.text
            let open = try #require(text.range(of: "id=\"status-open\""))
            let addressing = try #require(text.range(of: "id=\"status-addressing\""))
            #expect(open.lowerBound < addressing.lowerBound, "statuses in their order")
            #expect(!text.contains("id=\"status-resolved\""), "an empty status has no section")
            #expect(text.contains("<h3>time <span class=\"muted\">(1)</span></h3>"))
            #expect(text.contains("<h3>cost <span class=\"muted\">(1)</span></h3>"))
            #expect(text.contains("<span class=\"badge sev-high\">high</span>"))
            #expect(text.contains("<span class=\"badge sev-low\">low</span>"))
            #expect(text.contains("raised 2 March 2026 · open for 2 days"))
            #expect(text.contains("raised 1 February 2026 · open for 31 days"))
            let dismissed = try #require(text.range(of: "id=\"status-dismissed\""))
            #expect(addressing.lowerBound < dismissed.lowerBound)
            #expect(text.contains("raised 1 January 2026 · open for 10 days · closed 11 January 2026"))
            #expect(text.contains(">Ada Lovell</a>"))
            #expect(text.contains(">Ben Osei</a>"))
            for secret in [Self.adaFear, Self.benFear, "Show the pilot"] {
                #expect(text.contains(secret) == (role != .viewer), "\(secret) shown to \(role)?")
            }
            #expect(text.contains("action=\"/fears/\(ada.uuidString.lowercased())/status\"") == (role != .viewer))
            #expect(!text.contains("style="))
        }
    }

    @Test("filters by status and by category from the query string")
    func filters() async throws {
        let (fixture, _, _) = try await Self.arrange("fears-filter")
        let browser = try await fixture.signIn(fixture.hr)
        try await fixture.withClient { client in
            let addressing = try await client.page(.get, "/fears?status=addressing", as: browser).text
            #expect(addressing.contains(Self.benFear))
            #expect(!addressing.contains(Self.adaFear))
            #expect(addressing.contains("<option value=\"addressing\" selected>"))
            let time = try await client.page(.get, "/fears?category=time", as: browser).text
            #expect(time.contains(Self.adaFear))
            #expect(!time.contains(Self.benFear))
            #expect(time.contains("1 fear(s) shown."))
            let nothing = try await client.page(.get, "/fears?status=resolved", as: browser).text
            #expect(nothing.contains("No fears match."))
        }
    }

    @Test(
        "HR resolves a fear through the board: stored, dated today, audited as the person",
        arguments: [AccessRole.hr, .admin])
    func changeStatus(role: AccessRole) async throws {
        let (fixture, ada, _) = try await Self.arrange("fears-change-\(role.rawValue)")
        let member = fixture.member(role)
        let browser = try await fixture.signIn(member)
        let id = ada.uuidString.lowercased()
        try await fixture.withClient { client in
            let post = try await client.page(
                .post, "/fears/\(id)/status", as: browser,
                form: [
                    ("_csrf", browser.csrf), ("status", "resolved"), ("version", "1"),
                    ("filter_status", ""), ("filter_category", "time"),
                ])
            #expect(post.status == 303)
            #expect(post.location == "/fears?category=time")
            let after = try await client.page(.get, post.location ?? "/fears", as: browser).text
            #expect(after.contains("Fear of Ada Lovell (time) is now resolved."))
            #expect(after.contains("id=\"status-resolved\""))
            #expect(after.contains("closed 4 March 2026"))
        }
        let (fear, actors) = try await fixture.inOrganisation { tx in
            (
                try Fears(tx).find(id),
                try tx.connection.query(
                    "SELECT actor FROM audit_events WHERE entity = 'fear' AND entity_id = $1 AND action = 'update'",
                    [id]
                ).map { try $0.decode("actor", as: String.self) }
            )
        }
        #expect(fear.status == .resolved)
        #expect(fear.resolvedOn == CalendarDate(year: 2026, month: 3, day: 4))
        #expect(actors == ["user:\(member.email)"])
    }

    @Test("a stale version, an unknown status, a missing token and a viewer change nothing")
    func refusals() async throws {
        let (fixture, ada, _) = try await Self.arrange("fears-refuse")
        let hr = try await fixture.signIn(fixture.hr)
        let viewer = try await fixture.signIn(fixture.viewer)
        let id = ada.uuidString.lowercased()
        try await fixture.withClient { client in
            let forged = try await client.page(
                .post, "/fears/\(id)/status", as: hr,
                form: [("status", "resolved"), ("version", "1")])
            #expect(forged.status == 403)
            #expect(forged.text.contains("This form could not be accepted"))
            let wrong = try await client.page(
                .post, "/fears/\(id)/status", as: hr,
                form: [("_csrf", "nope"), ("status", "resolved"), ("version", "1")])
            #expect(wrong.status == 403)
            let byViewer = try await client.page(
                .post, "/fears/\(id)/status", as: viewer,
                form: [("_csrf", viewer.csrf), ("status", "resolved"), ("version", "1")])
            #expect(byViewer.status == 403)
            let bogus = try await client.page(
                .post, "/fears/\(id)/status", as: hr,
                form: [("_csrf", hr.csrf), ("status", "forgotten"), ("version", "1")])
            #expect(bogus.status == 422)
            #expect(bogus.text.contains("id=\"fear-status-\(id)-error\""))
            #expect(bogus.text.contains(Self.adaFear), "the board is shown again around the error")
            let stale = try await client.page(
                .post, "/fears/\(id)/status", as: hr,
                form: [("_csrf", hr.csrf), ("status", "resolved"), ("version", "7")])
            #expect(stale.status == 303)
            let after = try await client.page(.get, "/fears", as: hr).text
            #expect(after.contains("changed by someone else"))
            let anonymous = try await client.page(.get, "/fears")
            #expect(anonymous.status == 303)
            #expect(anonymous.location == "/login?next=%2Ffears")
        }
        let fear = try await fixture.inOrganisation { try Fears($0).find(id) }
        #expect(fear.status == .open)
        #expect(fear.version == 1)
    }
}
