import Foundation
import Postgres
import RadarAccess
import RadarDomain
import RadarStore
import Testing

@Suite("Peer groups on the initiative's page and on the stakeholder's page")
struct PeerGroupPageTests {
    @Test("HR forms a pair from the initiative's page; both members' pages show it, a bad form is answered beside it")
    func formAPair() async throws {
        let fixture = try await WebFixture.make("peer-page")
        try await PageTestData.addPeople(fixture)
        let (initiative, ada) = try await fixture.inOrganisation { tx in
            let initiative = try Initiatives(tx).add(
                InitiativeDraft(
                    ref: "peer-1", title: "Peer coaching for leaders", kind: "peer_coaching",
                    startsOn: CalendarDate(year: 2026, month: 1, day: 5), status: "running"))
            return (initiative.id, try Stakeholders(tx).find(email: PageTestData.ada).id)
        }
        let path = "/initiatives/\(initiative.uuidString.lowercased())"
        let hr = try await fixture.signIn(fixture.hr)
        let viewer = try await fixture.signIn(fixture.viewer)
        let (empty, alone, formed) = try await fixture.withClient { client in
            (
                try await client.page(.get, path, as: hr),
                try await client.page(
                    .post, "\(path)/peer-groups", as: hr,
                    form: [
                        ("_csrf", hr.csrf), ("name", "Ada and Ben"), ("members", PageTestData.ada),
                        ("rhythm_days", "14"), ("starts_on", "2026-01-12"),
                    ]),
                try await client.page(
                    .post, "\(path)/peer-groups", as: hr,
                    form: [
                        ("_csrf", hr.csrf), ("name", "Ada and Ben"), ("members", PageTestData.ada),
                        ("members", PageTestData.ben), ("rhythm_days", "14"), ("starts_on", "2026-01-12"),
                    ])
            )
        }
        #expect(empty.text.contains("Nobody is paired yet."))
        #expect(alone.status == 422)
        #expect(alone.text.contains("id=\"peer-group-error\""))
        #expect(alone.text.contains("two or three members"))
        #expect(formed.status == 303)
        let (initiativePage, adaPage, viewerPage) = try await fixture.withClient { client in
            (
                try await client.page(.get, path, as: hr),
                try await client.page(.get, "/stakeholders/\(ada.uuidString.lowercased())", as: hr),
                try await client.page(.get, path, as: viewer)
            )
        }
        #expect(initiativePage.text.contains("<strong>Ada and Ben</strong>: Ada Lovell, Ben Osei"))
        #expect(initiativePage.text.contains("meets every 14 days · 0 meetings"))
        #expect(adaPage.text.contains("<strong>Ada and Ben</strong> with Ben Osei"))
        #expect(viewerPage.text.contains("Ada and Ben"))
        #expect(!viewerPage.text.contains("action=\"\(path)/peer-groups\""))
    }

    @Test("A commitment's accountability partner shows on its owner's page")
    func partnerOnTheOwnersPage() async throws {
        let fixture = try await WebFixture.make("partner-page")
        try await PageTestData.addPeople(fixture)
        let ada = try await fixture.inOrganisation { tx in
            try Commitments(tx).add(
                CommitmentDraft(
                    ownerEmail: PageTestData.ada, description: "Ask first", madeOn: CalendarDate("2026-02-01"),
                    partnerEmail: PageTestData.cara))
            return try Stakeholders(tx).find(email: PageTestData.ada).id
        }
        let hr = try await fixture.signIn(fixture.hr)
        let page = try await fixture.withClient {
            try await $0.page(.get, "/stakeholders/\(ada.uuidString.lowercased())", as: hr)
        }
        #expect(page.text.contains("accountability partner \(PageTestData.cara)"))
    }
}
