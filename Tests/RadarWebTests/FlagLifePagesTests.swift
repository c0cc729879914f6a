import Foundation
import HummingbirdTesting
import RadarAccess
import RadarDomain
import RadarRules
import RadarStore
@testable import RadarWeb
import Testing

/// The web's side of a flag's life: a flag's page with its timeline, and the administrators' silences page.
@Suite("Flag history and silences pages")
struct FlagLifePagesTests {
    @Test func aFlagsPageShowsItsTimelineAndHidesTheReasonFromViewers() async throws {
        let fixture = try await FlagTriageTests.arrange("flaghistory")
        let flag = try await FlagTriageTests.check(fixture)
        _ = try await fixture.inOrganisation { tx in
            try FlagBook(tx).acknowledge(flag.id.uuidString, reason: "Lunch booked with Ben", at: WebFixture.start)
        }
        let hr = try await fixture.signIn(fixture.member(.hr))
        let viewer = try await fixture.signIn(fixture.member(.viewer))
        try await fixture.withClient { client in
            let page = try await client.page(.get, "/flags/\(flag.id.uuidString.lowercased())", as: hr)
            #expect(page.status == 200)
            #expect(page.text.contains(">raised<") && page.text.contains(">acknowledged<"), "\(page.text)")
            #expect(page.text.contains("Lunch booked with Ben"))
            #expect(page.text.contains("The facts at that moment"))
            let viewed = try await client.page(.get, "/flags/\(flag.id.uuidString.lowercased())", as: viewer)
            #expect(viewed.status == 200)
            #expect(viewed.text.contains(">acknowledged<"))
            #expect(!viewed.text.contains("Lunch booked with Ben"))
            let list = try await client.page(.get, "/flags", as: hr)
            #expect(list.text.contains("/flags/\(flag.id.uuidString.lowercased())\">History"))
        }
    }

    @Test func anAdminSilencesFlagsFromTheSilencesPageAndOthersMayNot() async throws {
        let fixture = try await FlagTriageTests.arrange("silencepage")
        let admin = try await fixture.signIn(fixture.member(.admin))
        let hr = try await fixture.signIn(fixture.member(.hr))
        try await fixture.withClient { client in
            #expect(try await client.page(.get, "/admin/silences", as: hr).status == 403)
            let empty = try await client.page(.get, "/admin/silences", as: admin)
            #expect(empty.status == 200)
            #expect(empty.text.contains("Nothing is silenced."))
            let refused = try await client.page(
                .post, "/admin/silences", as: admin,
                form: [
                    ("_csrf", admin.csrf), ("guideline", "G11"), ("subject", PageTestData.ben), ("until", "2026-11-01"),
                    ("reason", " "),
                ])
            #expect(refused.status == 422)
            #expect(refused.text.contains("Is required to silence flags."), "\(refused.text)")
            let added = try await client.page(
                .post, "/admin/silences", as: admin,
                form: [
                    ("_csrf", admin.csrf), ("guideline", "G11"), ("subject", PageTestData.ben), ("until", "2026-11-01"),
                    ("reason", "sabbatical"),
                ])
            #expect(added.status == 303)
            let listed = try await client.page(.get, "/admin/silences", as: admin)
            #expect(listed.text.contains("guideline G11, \(PageTestData.ben)"))
            #expect(listed.text.contains("sabbatical"))
        }
        let silences = try await fixture.inOrganisation { try Silences($0).all() }
        #expect(silences.count == 1)
        _ = try await fixture.inOrganisation { try FlagBook($0).check(asOf: WebFixture.start) }
        let flags = try await fixture.inOrganisation { try FlagBook($0).all() }
        let bens = flags.filter { $0.subject == PageTestData.ben }
        // Each G11 flag about Ben carries the silence (one still pending shows as pending over it).
        let g11 = bens.filter { $0.guideline == "G11" && $0.status != .resolved }
        #expect(!g11.isEmpty)
        #expect(g11.allSatisfy { $0.silence == silences.first?.id })
        #expect(bens.filter { $0.guideline != "G11" }.allSatisfy { $0.silence == nil && $0.status != .silenced })
    }
}
