import Foundation
import HummingbirdTesting
import Postgres
import RadarAccess
import RadarDomain
import RadarRules
import RadarStore
@testable import RadarWeb
import Testing

@Suite("The stakeholder pages")
struct StakeholderPageTests {
    static let fear = "Worried the diaries will never stretch"
    static let promise = "Open the next leadership meeting with a coaching moment"
    static let notes = "Spoke candidly about the board"

    /// Ada, Ben and Cara in Tokyo time, a conversation with Ada (fear, commitment, notes, G07) two days before the
    /// fixture's start, and the flags a check raises then.
    static func arrange(_ label: String) async throws -> (WebFixture, ada: String, ben: String) {
        let fixture = try await WebFixture.make(label, timeZone: "Asia/Tokyo")
        try await PageTestData.addPeople(fixture)
        try await PageTestData.recordWithAda(fixture, fear: fear, commitment: promise, notes: notes)
        let ids = try await fixture.inOrganisation { tx in
            try FlagBook(tx).apply(try RuleEngine(tx).findings(asOf: WebFixture.start), asOf: WebFixture.start)
            let people = Stakeholders(tx)
            return (
                try people.find(email: PageTestData.ada).id.uuidString.lowercased(),
                try people.find(email: PageTestData.ben).id.uuidString.lowercased()
            )
        }
        return (fixture, ids.0, ids.1)
    }

    @Test(
        "the profile, history, timeline, fears, commitments and guidelines, sensitive text only for HR and admins",
        arguments: AccessRole.allCases)
    func profile(role: AccessRole) async throws {
        let (fixture, ada, _) = try await Self.arrange("person-\(role.rawValue)")
        // An earlier group meeting Ben called, where Ada seemed resistant: 20 February 10:00 UTC, 19:00 in Tokyo.
        _ = try await fixture.inOrganisation { tx in
            try Conversations(tx).record(
                ConversationDraft(
                    occurredAt: Date(timeIntervalSince1970: 1_771_581_600), kind: "group",
                    initiatedBy: PageTestData.ben,
                    participants: [
                        .init(email: PageTestData.ada, engagement: "resistant"),
                        .init(email: PageTestData.ben, engagement: "neutral"),
                    ],
                    guidelines: ["G01"], notes: nil, fears: [], commitments: []), now: WebFixture.start)
        }
        let browser = try await fixture.signIn(fixture.member(role))
        try await fixture.withClient { client in
            let answer = try await client.page(.get, "/stakeholders/\(ada)", as: browser)
            #expect(answer.status == 200)
            let text = answer.text
            #expect(text.contains("<h1>Ada Lovell</h1>"))
            #expect(text.contains("<dd>Chief Executive</dd>"))
            #expect(
                text.contains(
                    "now <span class=\"badge eng-supportive\">supportive</span> → wanted "
                        + "<span class=\"badge eng-leading\">leading</span> <span class=\"muted\">(one step to go)</span>"
                ))
            #expect(text.contains("<dt>Since last contact</dt><dd>2 days</dd>"))
            // Two conversations are no rhythm yet: the next is due 30 days after the last, on 2 March in Tokyo.
            #expect(text.contains("<dt>Next contact due</dt><dd>1 April 2026</dd>"))
            #expect(text.contains("<polyline class=\"spark\""))
            // No digest ever ran here, so no snapshot is stored: last week's score is computed as the record stood
            // at that week's end, not left as a gap.
            #expect(text.contains("<li>1 week ago: ") && !text.contains("<li>1 week ago: –</li>"), "\(text)")
            // 2 March 10:00 UTC is 19:00 in Tokyo: the timeline speaks the organisation's time.
            #expect(text.contains("2 March 2026, 19:00 · one to one"))
            #expect(text.contains("Ada Lovell: attended"))
            #expect(text.contains("G07 "))
            for id in ["id=\"timeline\"", "id=\"fears\"", "id=\"commitments\"", "id=\"flags\"", "id=\"guidelines\""] {
                #expect(text.contains(id))
            }
            // All twelve guidelines listed, G07 marked covered with a word, the rest "not yet".
            #expect(text.contains("2 of 12 covered"))
            #expect(text.components(separatedBy: "<span class=\"guideline-mark\">not yet</span>").count - 1 == 10)
            // The timeline, newest first, with who called the meeting and who else came.
            let recent = try #require(text.range(of: "2 March 2026, 19:00 · one to one"))
            let earlier = try #require(text.range(of: "20 February 2026, 19:00 · group"))
            #expect(recent.lowerBound < earlier.lowerBound)
            #expect(text.contains("Initiated by: Ben Osei"))
            #expect(text.contains("Initiated by: not recorded"))
            #expect(text.contains("<span class=\"with\">Ben Osei (attended)</span>"))
            // Observed engagement, oldest first: resistant, then supportive, drawn and written.
            #expect(text.contains("<svg class=\"observed-chart\""))
            #expect(
                text.contains(
                    "<circle class=\"grid-dot eng-resistant\" cx=\"5.0\" cy=\"42.5\" r=\"4\"><title>resistant</title>"))
            let resistant = try #require(
                text.range(
                    of:
                        "<span class=\"muted\">20 February 2026</span> <span class=\"badge eng-resistant\">resistant</span>"
                ))
            let supportive = try #require(
                text.range(
                    of:
                        "<span class=\"muted\">2 March 2026</span> <span class=\"badge eng-supportive\">supportive</span>"
                ))
            #expect(resistant.lowerBound < supportive.lowerBound)
            for code in ["G01", "G07"] {
                #expect(text.contains("<span class=\"guideline-mark\">covered</span>\n    <strong>\(code) "))
            }
            #expect(text.contains("<span class=\"guideline-mark\">not yet</span>\n    <strong>G02 "))
            #expect(text.contains("(last on 2 March 2026)"))
            #expect(text.contains("(last on 20 February 2026)"))
            // The fear and the commitment, with words for their colours.
            #expect(text.contains("<span class=\"badge sev-high\">high</span> <strong>time</strong>"))
            #expect(text.contains("raised 2 March 2026 (2 days ago)"))
            for secret in [Self.fear, Self.promise, Self.notes] {
                #expect(text.contains(secret) == (role != .viewer), "\(secret) shown to \(role)?")
            }
            #expect(!text.contains("style="))
        }
    }

    @Test("a leader never spoken to shows their open flags with words, and no conversations yet")
    func flagsOnThePage() async throws {
        let (fixture, _, ben) = try await Self.arrange("person-flags")
        let open = try await fixture.inOrganisation { tx in
            try FlagBook(tx).all().filter { $0.subject == PageTestData.ben && $0.status == .open }
        }
        #expect(!open.isEmpty, "a top-team member never contacted raises a flag")
        let browser = try await fixture.signIn(fixture.hr)
        try await fixture.withClient { client in
            let text = try await client.page(.get, "/stakeholders/\(ben)", as: browser).text
            #expect(text.contains("No conversations with Ben Osei recorded yet."))
            #expect(text.contains("0 of 12 covered"))
            #expect(text.contains("no contact yet"))
            for flag in open {
                #expect(
                    text.contains(flag.message.replacingOccurrences(of: "'", with: "&#39;"))
                        || text.contains(flag.message))
                #expect(
                    text.contains(
                        "<span class=\"badge sev-\(flag.severity.rawValue)\">\(flag.severity.rawValue)</span>"))
            }
        }
    }

    @Test(
        "the list links to every active stakeholder with tier, role, engagement and silence",
        arguments: AccessRole.allCases)
    func list(role: AccessRole) async throws {
        let (fixture, ada, ben) = try await Self.arrange("people-\(role.rawValue)")
        let browser = try await fixture.signIn(fixture.member(role))
        try await fixture.withClient { client in
            let answer = try await client.page(.get, "/stakeholders", as: browser)
            #expect(answer.status == 200)
            let text = answer.text
            #expect(
                text.contains(
                    "<a href=\"/stakeholders/\(ada)\">Ada Lovell</a><br><span class=\"muted\">Chief Executive</span>"))
            #expect(text.contains("<a href=\"/stakeholders/\(ben)\">Ben Osei</a>"))
            #expect(text.contains("<td>top team</td>"))
            #expect(text.contains("<td>potential champion</td>") == false)
            #expect(text.contains("<td>champion</td>"))
            #expect(text.contains("<td>2 days</td>"))
            #expect(text.contains("<td>no contact yet</td>"))
            #expect(text.contains("<a href=\"/stakeholders\" aria-current=\"page\">Stakeholders</a>"))
            // Cara's title is unset: the page title must not leak into her row.
            #expect(!text.contains("<span class=\"muted\">Stakeholders</span>"))
        }
    }

    @Test("anonymous visitors go to the login page; unknown and malformed ids are 404")
    func anonymousAndMissing() async throws {
        let (fixture, ada, _) = try await Self.arrange("person-anon")
        let browser = try await fixture.signIn(fixture.viewer)
        try await fixture.withClient { client in
            let anonymous = try await client.page(.get, "/stakeholders/\(ada)")
            #expect(anonymous.status == 303)
            #expect(
                anonymous.location == "/login?next=%2Fstakeholders%2F\(ada.replacingOccurrences(of: "-", with: "%2D"))"
                    || anonymous.location?.hasPrefix("/login?next=%2Fstakeholders") == true)
            let list = try await client.page(.get, "/stakeholders")
            #expect(list.status == 303)
            #expect(list.location?.hasPrefix("/login") == true)
            #expect(
                try await client.page(.get, "/stakeholders/\(UUID().uuidString.lowercased())", as: browser).status
                    == 404)
            #expect(try await client.page(.get, "/stakeholders/not-an-id", as: browser).status == 404)
        }
    }

    @Test("another organisation's stakeholder is not found")
    func otherOrganisation() async throws {
        let (_, ada, _) = try await Self.arrange("person-mine")
        let other = try await WebFixture.make("person-theirs")
        let browser = try await other.signIn(other.admin)
        try await other.withClient { client in
            let answer = try await client.page(.get, "/stakeholders/\(ada)", as: browser)
            #expect(answer.status == 404)
        }
    }
}
