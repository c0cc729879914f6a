import Foundation
import HummingbirdTesting
import Postgres
import RadarAccess
import RadarDomain
import RadarRules
import RadarStore
@testable import RadarWeb
import Testing

@Suite("Flag triage")
struct FlagTriageTests {
    /// The three people and a conversation with Ada; no check run yet.
    static func arrange(_ label: String) async throws -> WebFixture {
        let fixture = try await WebFixture.make(label)
        try await PageTestData.addPeople(fixture)
        try await PageTestData.recordWithAda(fixture, fear: "A fear", commitment: "A promise", notes: "Notes")
        return fixture
    }

    /// Runs the rule engine as of the fixture's start and returns one open flag about Ben.
    static func check(_ fixture: WebFixture) async throws -> Flag {
        try await fixture.inOrganisation { tx in
            try FlagBook(tx).apply(try RuleEngine(tx).findings(asOf: WebFixture.start), asOf: WebFixture.start)
            return try #require(try FlagBook(tx).all().first { $0.subject == PageTestData.ben && $0.status == .open })
        }
    }

    static func flag(_ fixture: WebFixture, _ id: UUID) async throws -> Flag {
        try await fixture.inOrganisation { try FlagBook($0).find(id.uuidString) }
    }

    @Test(
        "“Run a check now” runs the rules as of the page's now and reports the counts", arguments: AccessRole.allCases)
    func runCheck(role: AccessRole) async throws {
        let fixture = try await Self.arrange("check-\(role.rawValue)")
        let browser = try await fixture.signIn(fixture.member(role))
        let expected = try await fixture.inOrganisation { try RuleEngine($0).findings(asOf: WebFixture.start).count }
        #expect(expected > 0)
        try await fixture.withClient { client in
            let list = try await client.page(.get, "/flags", as: browser)
            #expect(list.status == 200)
            #expect(list.text.contains("No flags here."))
            #expect(list.text.contains("Run a check now") == (role != .viewer))
            let post = try await client.page(.post, "/flags/check", as: browser, form: [("_csrf", browser.csrf)])
            if role == .viewer {
                #expect(post.status == 403)
                return
            }
            #expect(post.status == 303)
            #expect(post.location == "/flags")
            let after = try await client.page(.get, "/flags", as: browser).text
            #expect(
                after.contains(
                    "Check run as of 4 March 2026, 10:00: \(expected) raised, 0 reopened, 0 still open, 0 resolved."))
            #expect(!after.contains("No flags here."))
        }
        let stored = try await fixture.inOrganisation { try FlagBook($0).all() }
        #expect(stored.count == (role == .viewer ? 0 : expected))
        if role != .viewer { #expect(stored.allSatisfy { $0.firstRaisedAt == WebFixture.start }) }
    }

    @Test(
        "each flag shows rule, guideline with its name, severity word, subject, evidence and next step",
        arguments: AccessRole.allCases)
    func listing(role: AccessRole) async throws {
        let fixture = try await Self.arrange("flags-\(role.rawValue)")
        let flag = try await Self.check(fixture)
        let browser = try await fixture.signIn(fixture.member(role))
        let (guidelineName, benID) = try await fixture.inOrganisation { tx in
            (
                try GuidelineCatalogue.all(tx).name(of: flag.guideline),
                try Stakeholders(tx).find(email: PageTestData.ben).id.uuidString.lowercased()
            )
        }
        try await fixture.withClient { client in
            let answer = try await client.page(.get, "/flags", as: browser)
            #expect(answer.status == 200)
            let text = answer.text
            let id = flag.id.uuidString.lowercased()
            let start = try #require(text.range(of: "id=\"flag-\(id)\""))
            let card = String(text[start.lowerBound...].prefix { _ in true }.components(separatedBy: "</li>")[0])
            #expect(
                card.contains("<span class=\"badge sev-\(flag.severity.rawValue)\">\(flag.severity.rawValue)</span>"))
            #expect(card.contains("<dd>\(flag.guideline) \(guidelineName)</dd>"))
            #expect(card.contains("<code>\(flag.rule)</code>"))
            #expect(card.contains("<a href=\"/stakeholders/\(benID)\">Ben Osei</a>"))
            #expect(card.contains("Evidence: the facts that made it fire"))
            #expect(!flag.evidence.isEmpty)
            for fact in flag.evidence.keys { #expect(card.contains("<dt>\(Words.readable(fact))</dt>")) }
            #expect(card.contains("<strong>Next step:</strong>"))
            #expect(card.contains(">Acknowledge</button>") == (role != .viewer))
            #expect(card.contains("<label for=\"until-\(id)\">Snooze until</label>") == (role != .viewer))
            #expect(card.contains("<label for=\"reason-\(id)\">Reason</label>") == (role != .viewer))
            #expect(text.contains("id=\"flags\""))
            #expect(!text.contains("style="))
            let anonymous = try await client.page(.get, "/flags")
            #expect(anonymous.status == 303)
            #expect(anonymous.location == "/login?next=%2Fflags")
        }
    }

    @Test(
        "a flag acknowledged on the page is acknowledged in the FlagBook, by the person",
        arguments: [AccessRole.hr, .admin])
    func acknowledge(role: AccessRole) async throws {
        let fixture = try await Self.arrange("ack-\(role.rawValue)")
        let flag = try await Self.check(fixture)
        let member = fixture.member(role)
        // An hour after the check (a new session: the idle expiry is shorter than that).
        fixture.clock.advance(by: 3600)
        let browser = try await fixture.signIn(member)
        let id = flag.id.uuidString.lowercased()
        try await fixture.withClient { client in
            let post = try await client.page(
                .post, "/flags/\(id)/acknowledge", as: browser,
                form: [("_csrf", browser.csrf), ("show", "open")])
            #expect(post.status == 303)
            #expect(post.location == "/flags")
            let after = try await client.page(.get, "/flags", as: browser).text
            #expect(after.contains("Flag acknowledged: "))
            let start = try #require(after.range(of: "id=\"flag-\(id)\""))
            let card = after[start.lowerBound...].components(separatedBy: "</li>")[0]
            #expect(
                card.contains(
                    "<span class=\"badge status\">acknowledged</span> <span class=\"muted\">by user:\(member.email)</span>"
                ))
            #expect(!card.contains(">Acknowledge</button>"), "an acknowledged flag is not acknowledged twice")
        }
        let stored = try await Self.flag(fixture, flag.id)
        #expect(stored.status == .acknowledged)
        #expect(stored.acknowledgedBy == "user:\(member.email)")
        let event = try await fixture.inOrganisation { tx in
            try tx.connection.queryRow(
                "SELECT actor, occurred_at FROM flag_events WHERE flag_id = $1 AND event = 'acknowledged'", [flag.id])
        }
        #expect(try event?.decode("actor", as: String.self) == "user:\(member.email)")
        #expect(try event?.decode("occurred_at", as: Date.self) == WebFixture.start.addingTimeInterval(3600))
    }

    @Test("a snooze lands with its date and reason, shows under Snoozed, and unsnoozing opens it again")
    func snoozeAndUnsnooze() async throws {
        let fixture = try await Self.arrange("snooze")
        let flag = try await Self.check(fixture)
        let browser = try await fixture.signIn(fixture.hr)
        let id = flag.id.uuidString.lowercased()
        try await fixture.withClient { client in
            let post = try await client.page(
                .post, "/flags/\(id)/snooze", as: browser,
                form: [
                    ("_csrf", browser.csrf), ("show", "open"), ("until", "2026-03-20"),
                    ("reason", "Ben is on leave until the 19th"),
                ])
            #expect(post.status == 303)
            #expect(post.location == "/flags")
            let open = try await client.page(.get, "/flags", as: browser).text
            #expect(open.contains("Flag snoozed until 20 March 2026"))
            #expect(!open.contains("id=\"flag-\(id)\""), "a snoozed flag leaves the list needing attention")
            let snoozed = try await client.page(.get, "/flags?show=snoozed", as: browser).text
            #expect(snoozed.contains("id=\"flag-\(id)\""))
            #expect(snoozed.contains("snoozed until 20 March 2026"))
            #expect(snoozed.contains("Ben is on leave until the 19th"))
            #expect(snoozed.contains(">Unsnooze</button>"))
        }
        let stored = try await Self.flag(fixture, flag.id)
        #expect(stored.status == .snoozed)
        #expect(stored.snoozedUntil == CalendarDate(year: 2026, month: 3, day: 20))
        #expect(stored.statusReason == "Ben is on leave until the 19th")
        try await fixture.withClient { client in
            let post = try await client.page(
                .post, "/flags/\(id)/unsnooze", as: browser,
                form: [("_csrf", browser.csrf), ("show", "snoozed")])
            #expect(post.status == 303)
            #expect(post.location == "/flags?show=snoozed")
        }
        let reopened = try await Self.flag(fixture, flag.id)
        #expect(reopened.status == .open)
        #expect(reopened.snoozedUntil == nil)
    }

    @Test(
        "a snooze without a reason or with a bad date shows the errors beside the fields, keeps the values, saves nothing",
        arguments: [
            ("", "Waiting for the board", "until"), ("2026-13-45", "Waiting for the board", "until"),
            ("2026-03-01", "Waiting for the board", "until"), ("2026-03-20", "   ", "reason"),
        ])
    func snoozeValidation(until: String, reason: String, field: String) async throws {
        let fixture = try await Self.arrange("snooze-bad")
        let flag = try await Self.check(fixture)
        let browser = try await fixture.signIn(fixture.hr)
        let id = flag.id.uuidString.lowercased()
        try await fixture.withClient { client in
            let answer = try await client.page(
                .post, "/flags/\(id)/snooze", as: browser,
                form: [
                    ("_csrf", browser.csrf), ("show", "open"), ("until", until), ("reason", reason),
                ])
            #expect(answer.status == 422)
            let text = answer.text
            #expect(text.contains("<p class=\"error\" id=\"\(field)-\(id)-error\">"))
            #expect(text.contains("id=\"until-\(id)\" name=\"until\" value=\"\(until)\""))
            #expect(text.contains("id=\"reason-\(id)\" name=\"reason\" value=\"\(reason)\""))
            #expect(text.contains("<details class=\"snooze\" open>"))
        }
        let stored = try await Self.flag(fixture, flag.id)
        #expect(stored.status == .open)
        #expect(stored.statusReason == nil)
    }

    @Test("triage without the CSRF token, or by a viewer, changes nothing")
    func refusals() async throws {
        let fixture = try await Self.arrange("triage-refuse")
        let flag = try await Self.check(fixture)
        let hr = try await fixture.signIn(fixture.hr)
        let viewer = try await fixture.signIn(fixture.viewer)
        let id = flag.id.uuidString.lowercased()
        try await fixture.withClient { client in
            let forged = try await client.page(.post, "/flags/\(id)/acknowledge", as: hr, form: [("show", "open")])
            #expect(forged.status == 403)
            #expect(forged.text.contains("nothing was saved"))
            let snooze = try await client.page(
                .post, "/flags/\(id)/snooze", as: hr,
                form: [
                    ("_csrf", viewer.csrf), ("until", "2026-03-20"), ("reason", "Someone else's token"),
                ])
            #expect(snooze.status == 403)
            let check = try await client.page(.post, "/flags/check", as: hr, form: [])
            #expect(check.status == 403)
            let byViewer = try await client.page(
                .post, "/flags/\(id)/acknowledge", as: viewer,
                form: [("_csrf", viewer.csrf)])
            #expect(byViewer.status == 403)
            let unknown = try await client.page(
                .post, "/flags/\(UUID().uuidString.lowercased())/acknowledge", as: hr,
                form: [("_csrf", hr.csrf)])
            #expect(unknown.status == 404)
        }
        let stored = try await Self.flag(fixture, flag.id)
        #expect(stored.status == .open)
        let events = try await fixture.inOrganisation { tx in
            try tx.connection.query("SELECT event FROM flag_events WHERE flag_id = $1", [flag.id])
                .map { try $0.decode("event", as: String.self) }
        }
        #expect(events == ["raised"])
    }
}
