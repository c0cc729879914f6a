import Foundation
import Postgres
import RadarAccess
import RadarDigest
import RadarStore
@testable import RadarWeb
import Testing

/// `/digests`: the archive, one week's digest as its own page under the site's CSP, and making the week's digest.
@Suite("Digest archive pages")
struct DigestsPageTests {
    static let fear = "Coaching will eat the quarter-end close"
    static let commitment = "Open the March board with a coaching story"
    /// The week of the conversation PageTestData records (Monday 2 March 2026).
    static let week = ISOWeek("2026-W10")!

    /// A conversation with a fear and a commitment, and the digest of its week archived (made directly, since that
    /// week has not ended at the fixture's "now").
    static func archiveWeekWithFear(_ fixture: WebFixture) async throws {
        try await PageTestData.addPeople(fixture)
        try await PageTestData.recordWithAda(fixture, fear: fear, commitment: commitment, notes: "private notes")
        try await fixture.inOrganisation { tx in
            let digest = try DigestBuilder.build(in: tx, week: week)
            _ = try DigestArchive(tx).store(digest, asOf: week.end(in: tx.organisation.zone))
        }
    }

    static func archivedWeeks(_ fixture: WebFixture) async throws -> [String] {
        try await fixture.inOrganisation { try DigestArchive($0).list().map(\.week.description) }
    }

    @Test(
        "the archive lists each week as \"Week of\" its Monday; HR and admins are offered this week's digest",
        arguments: [AccessRole.admin, .hr, .viewer])
    func archive(role: AccessRole) async throws {
        let fixture = try await WebFixture.make("digests")
        try await Self.archiveWeekWithFear(fixture)
        let browser = try await fixture.signIn(fixture.member(role))
        let answer = try await fixture.withClient { client in try await client.page(.get, "/digests", as: browser) }
        #expect(answer.status == 200)
        #expect(answer.text.contains("<h1>Digest archive</h1>"))
        #expect(answer.text.contains("<a href=\"/digests/2026-W10\">Week of 2026-03-02</a>"))
        // At Wednesday 4 March the week that has just ended is 2026-W09, not archived yet.
        #expect(answer.text.contains("Make this week") == (role != .viewer))
        #expect(answer.text.contains("week of 2026-02-23") == (role != .viewer))
    }

    @Test(
        "a week's digest: its own page, strict CSP, no inline styles, styles from a same-origin sheet",
        arguments: [AccessRole.admin, .hr])
    func weekForHR(role: AccessRole) async throws {
        let fixture = try await WebFixture.make("digest-week")
        try await Self.archiveWeekWithFear(fixture)
        let browser = try await fixture.signIn(fixture.member(role))
        let (page, sheet) = try await fixture.withClient { client in
            (
                try await client.page(.get, "/digests/2026-W10", as: browser),
                try await client.page(.get, "/digests/2026-W10/digest.css", as: browser)
            )
        }
        #expect(page.status == 200)
        #expect(page.headers[.contentType] == "text/html; charset=utf-8")
        let csp = try #require(page.headers[.contentSecurityPolicy])
        #expect(csp.contains("style-src 'self';"))
        #expect(csp.contains("script-src 'self';"))
        #expect(!csp.contains("unsafe"))
        #expect(page.headers[.cacheControl] == "no-store")
        #expect(page.text.contains(Self.fear))
        #expect(page.text.contains("Weekly risk digest"))
        #expect(page.text.contains("<a href=\"/digests\">Back to the digest archive</a>"))
        #expect(page.text.contains("<link rel=\"stylesheet\" href=\"/digests/2026-W10/digest.css\">"))
        #expect(!page.text.contains(" style=\""))
        #expect(!page.text.contains("<style"))
        #expect(!page.text.contains("<script"))
        #expect(page.text.contains("data-dg=\"0\""))
        #expect(sheet.status == 200)
        #expect(sheet.headers[.contentType] == "text/css; charset=utf-8")
        #expect(sheet.text.contains("[data-dg=\"0\"] {"))
        #expect(sheet.text.contains("@media print"))
        #expect(!sheet.text.contains(Self.fear))
    }

    @Test("a viewer's digest withholds fear statements and commitment descriptions")
    func weekForViewer() async throws {
        let fixture = try await WebFixture.make("digest-viewer")
        try await Self.archiveWeekWithFear(fixture)
        let admin = try await fixture.signIn(fixture.admin)
        let viewer = try await fixture.signIn(fixture.viewer)
        let (adminPage, viewerPage) = try await fixture.withClient { client in
            (
                try await client.page(.get, "/digests/2026-W10", as: admin),
                try await client.page(.get, "/digests/2026-W10", as: viewer)
            )
        }
        #expect(adminPage.text.contains(Self.fear))
        #expect(viewerPage.status == 200)
        #expect(!viewerPage.text.contains(Self.fear))
        #expect(!viewerPage.text.contains(Self.commitment))
        #expect(!viewerPage.text.contains("private notes"))
        #expect(viewerPage.text.contains("withheld for your role"))
    }

    @Test("unknown or malformed weeks are 404; anonymous visitors are sent to log in")
    func missing() async throws {
        let fixture = try await WebFixture.make("digest-missing")
        let browser = try await fixture.signIn(fixture.hr)
        let (unknown, malformed, anonymous, anonymousSheet) = try await fixture.withClient { client in
            (
                try await client.page(.get, "/digests/2026-W01", as: browser),
                try await client.page(.get, "/digests/not-a-week", as: browser),
                try await client.page(.get, "/digests/2026-W10"),
                try await client.page(.get, "/digests/2026-W10/digest.css")
            )
        }
        #expect(unknown.status == 404)
        #expect(malformed.status == 404)
        #expect(anonymous.status == 303)
        #expect(anonymous.location?.hasPrefix("/login?next=") == true)
        #expect(anonymousSheet.status == 303)
    }

    @Test("HR makes the week's digest once; without CSRF, or as a viewer, nothing is archived")
    func make() async throws {
        let fixture = try await WebFixture.make("digest-make")
        try await PageTestData.addPeople(fixture)
        let hr = try await fixture.signIn(fixture.hr)
        let viewer = try await fixture.signIn(fixture.viewer)
        let (refused, forbidden) = try await fixture.withClient { client in
            (
                try await client.page(.post, "/digests", as: hr, form: [("_csrf", "wrong")]),
                try await client.page(.post, "/digests", as: viewer, form: [("_csrf", viewer.csrf)])
            )
        }
        #expect(refused.status == 403)
        #expect(forbidden.status == 403)
        #expect(try await Self.archivedWeeks(fixture).isEmpty)
        let (made, again, list) = try await fixture.withClient { client in
            (
                try await client.page(.post, "/digests", as: hr, form: [("_csrf", hr.csrf)]),
                try await client.page(.post, "/digests", as: hr, form: [("_csrf", hr.csrf)]),
                try await client.page(.get, "/digests", as: hr)
            )
        }
        #expect(made.status == 303)
        #expect(made.location == "/digests/2026-W09")
        #expect(again.status == 303)
        #expect(list.text.contains("already archived"))
        #expect(list.text.contains("<a href=\"/digests/2026-W09\">Week of 2026-02-23</a>"))
        #expect(!list.text.contains("Make this week"))
        #expect(try await Self.archivedWeeks(fixture) == ["2026-W09"])
    }

    @Test("the split keeps every inline style as a rule and leaves the text alone")
    func styleSplit() {
        let html = """
            <html><head><style>
            .page { color: red !important; }
            </style></head><body style="margin:0"><p style="color:#111">a &quot;b&quot; style=&quot;x&quot;</p>\
            <p style="margin:0">c</p></body></html>
            """
        let split = DigestStyles(html: html)
        #expect(
            split.body == """
                <html><head></head><body data-dg="0"><p data-dg="1">a &quot;b&quot; style=&quot;x&quot;</p>\
                <p data-dg="0">c</p></body></html>
                """)
        #expect(split.css.contains("[data-dg=\"0\"] { margin:0 }"))
        #expect(split.css.contains("[data-dg=\"1\"] { color:#111 }"))
        #expect(split.css.contains(".page { color: red !important; }"))
    }
}
