import Foundation
import Postgres
import RadarAccess
import RadarDomain
import RadarStore
import Testing

@Suite("Narratives, tensions and benefits on the pages")
struct NarrativesPageTests {
    @Test("HR records a value, logs a tension against it and records the top team's discussion")
    func tensionsFromThePage() async throws {
        let fixture = try await WebFixture.make("narratives-page")
        try await PageTestData.addPeople(fixture)
        let hr = try await fixture.signIn(fixture.hr)
        let viewer = try await fixture.signIn(fixture.viewer)
        let (value, blank, logged) = try await fixture.withClient { client in
            (
                try await client.page(
                    .post, "/narratives", as: hr,
                    form: [("_csrf", hr.csrf), ("kind", "value"), ("title", "We grow our own")]),
                try await client.page(
                    .post, "/tensions", as: hr,
                    form: [("_csrf", hr.csrf), ("stated_value", "We grow our own"), ("rewarded_behaviour", " ")]),
                try await client.page(
                    .post, "/tensions", as: hr,
                    form: [
                        ("_csrf", hr.csrf), ("stated_value", "We grow our own"),
                        ("rewarded_behaviour", "Senior roles go to outside hires"), ("raised_by", PageTestData.cara),
                        ("raised_on", "2025-11-01"),
                    ])
            )
        }
        #expect(value.status == 303)
        #expect(blank.status == 422)
        #expect(blank.text.contains("id=\"tension-error\""))
        #expect(logged.status == 303)
        let before = try await fixture.withClient { try await $0.page(.get, "/narratives", as: viewer) }
        #expect(before.text.contains("Senior roles go to outside hires"))
        #expect(before.text.contains("by Cara Nyberg"))
        #expect(before.text.contains("days without a top-team discussion"))
        #expect(!before.text.contains("action=\"/tensions\""))
        let id = try await fixture.inOrganisation { try Narratives($0).tensions()[0].id }
        let (discussed, after) = try await fixture.withClient { client in
            (
                try await client.page(
                    .post, "/tensions/discussed", as: hr,
                    form: [
                        ("_csrf", hr.csrf), ("tension", id.uuidString.lowercased()), ("discussed_on", "2025-12-01"),
                    ]),
                try await client.page(.get, "/narratives", as: hr)
            )
        }
        #expect(discussed.status == 303)
        #expect(after.text.contains("discussed by the top team 1 December 2025"))
    }

    @Test("HR registers a benefit on an initiative's page and records a reading shown to the sponsor")
    func benefitsFromTheInitiativePage() async throws {
        let fixture = try await WebFixture.make("benefits-page")
        try await PageTestData.addPeople(fixture)
        let initiative = try await fixture.inOrganisation { tx in
            try Initiatives(tx).add(
                InitiativeDraft(
                    ref: "pilot-1", title: "Finance pilot", kind: "pilot",
                    startsOn: CalendarDate(year: 2026, month: 1, day: 5), status: "running")
            ).id
        }
        let path = "/initiatives/\(initiative.uuidString.lowercased())"
        let hr = try await fixture.signIn(fixture.hr)
        let (bad, registered, read) = try await fixture.withClient { client in
            (
                try await client.page(
                    .post, "\(path)/benefits", as: hr,
                    form: [("_csrf", hr.csrf), ("measure", "Escalations"), ("baseline", "lots")]),
                try await client.page(
                    .post, "\(path)/benefits", as: hr,
                    form: [
                        ("_csrf", hr.csrf), ("measure", "Escalations a month"), ("baseline", "40"),
                        ("baseline_on", "2026-01-05"),
                    ]),
                try await client.page(
                    .post, "\(path)/benefits/readings", as: hr,
                    form: [
                        ("_csrf", hr.csrf), ("measure", "Escalations a month"), ("value", "31,5"),
                        ("measured_on", "2026-03-01"), ("seen_by", PageTestData.ada),
                    ])
            )
        }
        #expect(bad.status == 422)
        #expect(bad.text.contains("id=\"benefit-error\""))
        #expect(registered.status == 303)
        #expect(read.status == 303)
        let shown = try await fixture.withClient { try await $0.page(.get, path, as: hr) }
        #expect(shown.text.contains("<strong>Escalations a month</strong>: 40 on"))
        #expect(shown.text.contains("31.5 on"))
        #expect(shown.text.contains("seen by Ada Lovell"))
    }
}

@Suite("Expectations and strands on the pages")
struct StrategyPagesTests {
    @Test("HR records what a pilot was presented as and the outcome agreed, and a strand of the strategy")
    func presentAgreeAndAStrand() async throws {
        let fixture = try await WebFixture.make("strategy-page")
        try await PageTestData.addPeople(fixture)
        let initiative = try await fixture.inOrganisation { tx in
            try Initiatives(tx).add(
                InitiativeDraft(
                    ref: "pilot-1", title: "Finance pilot", kind: "pilot",
                    startsOn: CalendarDate(year: 2026, month: 1, day: 5), status: "running")
            ).id
        }
        let path = "/initiatives/\(initiative.uuidString.lowercased())"
        let hr = try await fixture.signIn(fixture.hr)
        let (presented, agreed, strand, badStrand) = try await fixture.withClient { client in
            (
                try await client.page(
                    .post, "\(path)/expectation", as: hr,
                    form: [
                        ("_csrf", hr.csrf), ("presented_as", "Coaching managers everywhere"),
                        ("presented_to", "the top team"), ("presented_on", "2026-01-10"),
                    ]),
                try await client.page(
                    .post, "\(path)/expectation/agreement", as: hr,
                    form: [
                        ("_csrf", hr.csrf), ("realistic_outcome", "Two teams by June"), ("agreed_on", "2026-01-20"),
                    ]),
                try await client.page(
                    .post, "/strategy-elements", as: hr,
                    form: [("_csrf", hr.csrf), ("element", "peer_coaching"), ("since", "2026-01-05")]),
                try await client.page(
                    .post, "/strategy-elements", as: hr,
                    form: [("_csrf", hr.csrf), ("element", "posters"), ("since", "2026-01-05")])
            )
        }
        #expect(presented.status == 303)
        #expect(agreed.status == 303)
        #expect(strand.status == 303)
        #expect(badStrand.status == 422)
        #expect(badStrand.text.contains("id=\"strand-error\""))
        let (initiativePage, narratives) = try await fixture.withClient { client in
            (try await client.page(.get, path, as: hr), try await client.page(.get, "/narratives", as: hr))
        }
        #expect(initiativePage.text.contains("Presented to the top team on"))
        #expect(initiativePage.text.contains("Realistic outcome agreed on"))
        #expect(initiativePage.text.contains("Two teams by June"))
        #expect(narratives.text.contains("peer coaching <span class=\"muted\">from 5 January 2026"))
    }
}
