import Foundation
import HummingbirdTesting
import Postgres
import RadarAccess
import RadarDigest
import RadarDomain
import RadarRules
import RadarStore
@testable import RadarWeb
import Testing

@Suite("Owners, my radar and actions on the pages")
struct OwnerPagesTests {
    @Test("HR gives people an owner on /owners; the owner sees them on /mine, on their pages and on the radar's mine filter")
    func ownersAndMyRadar() async throws {
        let fixture = try await WebFixture.make("owner-pages")
        try await PageTestData.addPeople(fixture)
        let hr = fixture.member(.hr)
        let browser = try await fixture.signIn(hr)
        let viewer = try await fixture.signIn(fixture.member(.viewer))
        try await fixture.withClient { client in
            let refused = try await client.page(
                .post, "/owners", as: viewer,
                form: [("_csrf", viewer.csrf), ("people", PageTestData.ada), ("owner", hr.email)])
            #expect(refused.status == 403)
            let unknown = try await client.page(
                .post, "/owners", as: browser,
                form: [("_csrf", browser.csrf), ("people", PageTestData.ada), ("people", "ghost@example.org"),
                       ("owner", hr.email)])
            #expect(unknown.status == 422)
            #expect(unknown.text.contains("Nobody was changed"))
            let set = try await client.page(
                .post, "/owners", as: browser,
                form: [("_csrf", browser.csrf), ("people", PageTestData.ada), ("people", PageTestData.ben),
                       ("owner", hr.email)])
            #expect(set.status == 303, "\(set.text)")
            let mine = try await client.page(.get, "/mine", as: browser)
            #expect(mine.status == 200)
            #expect(mine.text.contains("Ada Lovell") && mine.text.contains("Ben Osei"), "\(mine.text)")
            #expect(mine.text.contains("Next contact due"))
            let filtered = try await client.page(.get, "/?show=mine", as: browser)
            #expect(filtered.text.contains("<strong aria-current=\"page\">mine</strong>"))
            let adaID = try await fixture.inOrganisation { try Stakeholders($0).find(email: PageTestData.ada).id }
            let page = try await client.page(.get, "/stakeholders/\(adaID.uuidString.lowercased())", as: browser)
            #expect(page.text.contains(hr.email), "the person's page names their HR owner")
            let saved = try await client.page(
                .post, "/mine/notices", as: browser,
                form: [("_csrf", browser.csrf), ("sendAt", "07:15"), ("timeZone", "Europe/Berlin"), ("kind", "email"),
                       ("target", ""), ("enabled", "on")])
            #expect(saved.status == 303, "\(saved.text)")
            let directory = try await client.page(
                .post, "/mine/notices", as: browser,
                form: [("_csrf", browser.csrf), ("sendAt", "07:15"), ("timeZone", "Europe/Berlin"),
                       ("kind", "directory"), ("target", "/tmp/x"), ("enabled", "on")])
            #expect(directory.status == 422, "a directory on the server is not for an HR user's own notices")
        }
        let preference = try await fixture.inOrganisation { tx in
            try NoticePreferences(tx).all().first { $0.email == hr.email }
        }
        #expect(preference?.sendAt == "07:15")
        #expect(preference?.timeZone == "Europe/Berlin")
        #expect(preference?.target == hr.email)
    }

    @Test("a flag's next step becomes an action in one click, and its Done is on the flag's history")
    func actionFromTheFlagPage() async throws {
        let fixture = try await FlagTriageTests.arrange("action-page")
        let flag = try await FlagTriageTests.check(fixture)
        let hr = fixture.member(.hr)
        let browser = try await fixture.signIn(hr)
        let id = flag.id.uuidString.lowercased()
        try await fixture.withClient { client in
            let added = try await client.page(
                .post, "/flags/\(id)/actions", as: browser,
                form: [("_csrf", browser.csrf), ("step", flag.nextStep), ("owner", hr.email), ("due", "2026-03-20")])
            #expect(added.status == 303, "\(added.text)")
            let page = try await client.page(.get, "/flags/\(id)", as: browser)
            #expect(page.text.contains("action_added"))
            let actionID = try await fixture.inOrganisation { try FlagActions($0).of(flag: flag.id, today: CalendarDate("2026-03-04")!).first!.id }
            let done = try await client.page(
                .post, "/flags/\(id)/actions/\(actionID.uuidString.lowercased())/done", as: browser,
                form: [("_csrf", browser.csrf)])
            #expect(done.status == 303)
            let after = try await client.page(.get, "/flags/\(id)", as: browser)
            #expect(after.text.contains("action_done"))
            let noDue = try await client.page(
                .post, "/flags/\(id)/actions", as: browser,
                form: [("_csrf", browser.csrf), ("owner", hr.email), ("due", "")])
            #expect(noDue.status == 422)
        }
    }
}
