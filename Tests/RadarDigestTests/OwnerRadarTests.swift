import Foundation
import Postgres
import RadarDigest
import RadarDomain
import RadarRules
import RadarStore
import RadarTestSupport
import Testing

@Suite("Owners are users of the organisation, set in bulk, and each has their own radar")
struct OwnerRadarTests {
    @Test("assigning owners in bulk is all or nothing: an unknown person or a viewer as owner changes nobody")
    func bulkAssignIsAllOrNothing() async throws {
        let scenario = try await DigestScenario.make("owners-bulk", rules: [])
        let slug = scenario.org.slug
        let owner = "hr-\(UUID().uuidString.prefix(8).lowercased())@x.test"
        let viewer = "viewer-\(UUID().uuidString.prefix(8).lowercased())@x.test"
        try await TestDatabase.addMember(owner, name: "Olive Owner", to: slug)
        try await TestDatabase.addMember(viewer, name: "Vic Viewer", role: "viewer", to: slug)
        let unknown = await #expect(throws: ValidationFailure.self) {
            try await scenario.write { tx in _ = try HROwners(tx).assign(owner, to: ["cara@x.test", "nobody@x.test"]) }
        }
        #expect(unknown?.problems.map(\.field.description) == ["people[1]"])
        let notHR = await #expect(throws: ValidationFailure.self) {
            try await scenario.write { tx in _ = try HROwners(tx).assign(viewer, to: ["cara@x.test"]) }
        }
        #expect(notHR?.problems.first?.message.contains("no HR user") == true)
        #expect(try await scenario.write { try HROwners($0).assignments().compactMap(\.ownerEmail) }.isEmpty)

        let changed = try await scenario.write { try HROwners($0).assign(owner, to: ["cara@x.test", "dev@x.test"]) }
        #expect(changed == 2)
        let cara = try await scenario.write { try Stakeholders($0).find(email: "cara@x.test") }
        #expect(cara.hrOwnerEmail == owner)
        #expect(cara.hrOwnerName == "Olive Owner")
    }

    @Test("a CSV of e-mails and owners sets them in one go, and a bad line names itself and changes nothing")
    func ownersFromCSV() async throws {
        let scenario = try await DigestScenario.make("owners-csv", rules: [])
        let owner = "hr-\(UUID().uuidString.prefix(8).lowercased())@x.test"
        try await TestDatabase.addMember(owner, to: scenario.org.slug)
        let bad = await #expect(throws: ValidationFailure.self) {
            try await scenario.write { tx in _ = try HROwners(tx).importCSV("email,hr_owner\ncara@x.test,\(owner)\n,\(owner)\n") }
        }
        #expect(bad?.problems.map(\.field.description) == ["line 3"])
        let changed = try await scenario.write { tx in
            try HROwners(tx).importCSV("email,hr_owner\ncara@x.test,\(owner)\n\"chip@x.test\",\(owner.uppercased())\n")
        }
        #expect(changed == 2)
        let mine = try await scenario.write { tx in
            try HROwners(tx).assignments(owner: try HROwners(tx).member(email: owner).id).map(\.email)
        }
        #expect(Set(mine) == ["cara@x.test", "chip@x.test"])
    }

    @Test("my radar ranks my people by risk, with the next contact due from their own rhythm or the threshold")
    func myRadarRanksByRisk() async throws {
        let world = try await OwnerScenario.make("mine")
        let asOf = DigestScenario.at("2026-03-07T08:00:00Z")
        let radar = try await world.scenario.write { tx in
            try MyRadar.read(owner: world.ownerID, ownerEmail: world.owner, asOf: asOf, sensitive: true, in: tx)
        }
        #expect(radar.people.map(\.email) == ["dev@x.test", "cara@x.test"])
        let dev = try #require(radar.people.first)
        #expect(dev.risk != "none")
        #expect(dev.openFlags.map(\.rule) == ["silent-leader"])
        // Dev was met once, on 31 January: no rhythm yet, so the threshold's 30 days give 2 March.
        #expect(dev.fromRhythm == false)
        #expect(dev.nextContactDue == CalendarDate(year: 2026, month: 3, day: 2))
        #expect(dev.contactOverdueDays == 5)
        let cara = try #require(radar.people.last)
        #expect(cara.openFears == 1)
        // Chip and Hana have no owner: they are nobody's radar.
        #expect(!radar.people.contains { $0.email == "chip@x.test" })
    }
}

@Suite("Actions from flags: an owner, a due day, on the flag's history, and counted for P00")
struct FlagActionTests {
    @Test("an action made from a flag's next step is on its history when added and when done")
    func actionOnTheFlagsHistory() async throws {
        let world = try await OwnerScenario.make("action-history")
        let flag = try await world.scenario.flagID("silent-leader", "dev@x.test")
        let at = DigestScenario.at("2026-03-07T09:00:00Z")
        let action = try await world.scenario.write { tx in
            try FlagActions(tx).add(flag: flag, owner: "cara@x.test", due: CalendarDate("2026-03-14"), at: at)
        }
        #expect(action.ownerEmail == "cara@x.test")
        #expect(action.ownerIsUser == false)
        let nextStep = try await world.scenario.write { try FlagBook($0).find(flag).nextStep }
        #expect(action.step == nextStep, "the flag's next step is the action by default")
        let done = try await world.scenario.write { tx in
            try FlagActions(tx).done(action.id.uuidString, at: DigestScenario.at("2026-03-10T09:00:00Z"))
        }
        #expect(done.doneAt != nil)
        let events = try await world.scenario.write { try FlagBook($0).history(flag).events.map(\.kind) }
        #expect(events.suffix(2) == [.actionAdded, .actionDone])
        await #expect(throws: StoreError.self) {
            try await world.scenario.write { tx in _ = try FlagActions(tx).done(action.id.uuidString, at: at) }
        }
    }

    @Test("an owner who is neither a leader nor an HR user, or no due day, is refused by name")
    func badOwnerRefused() async throws {
        let world = try await OwnerScenario.make("action-refused")
        let flag = try await world.scenario.flagID("silent-leader", "dev@x.test")
        let failure = await #expect(throws: ValidationFailure.self) {
            try await world.scenario.write { tx in
                _ = try FlagActions(tx).add(flag: flag, owner: "chip@x.test", due: nil, at: .distantPast)
            }
        }
        #expect(Set(failure?.problems.map(\.field.description) ?? []) == ["owner", "due"])
    }

    @Test("leaders owning actions count as the leadership carrying the programme for P00; HR users' count as HR's")
    func actionsCountForP00() async throws {
        let world = try await OwnerScenario.make("action-p00")
        let flag = try await world.scenario.flagID("silent-leader", "dev@x.test")
        let at = DigestScenario.at("2026-03-07T09:00:00Z")
        func share(_ instant: String) async throws -> (Int, Int) {
            let asOf = DigestScenario.at(instant)
            return try await world.scenario.write { tx in
                try tx.readViews(asOf: asOf)
                let row = try tx.connection.queryRow("SELECT open_commitments, hr_commitments FROM facts_organisation")!
                return (try row.decode("open_commitments"), try row.decode("hr_commitments"))
            }
        }
        try await world.scenario.write { tx in
            _ = try FlagActions(tx).add(flag: flag, owner: world.owner, due: CalendarDate("2026-03-14"), at: at)
            _ = try FlagActions(tx).add(flag: flag, owner: "dev@x.test", due: CalendarDate("2026-03-14"), at: at)
        }
        let before = try await share("2026-03-07T08:00:00Z")
        #expect(before.0 == 0)
        let after = try await share("2026-03-08T08:00:00Z")
        #expect(after.0 == 2)
        #expect(after.1 == 1, "the HR user's action is HR's, the leader's is the leadership's")
    }

    @Test("an action gone past its due day appears in its owner's next notice")
    func overdueActionInTheNotice() async throws {
        let world = try await OwnerScenario.make("action-notice")
        try await world.prefer("email", nil)
        let flag = try await world.scenario.flagID("silent-leader", "dev@x.test")
        try await world.scenario.write { tx in
            _ = try FlagActions(tx).add(
                flag: flag, owner: world.owner, due: CalendarDate("2026-03-07"), step: "Call Dev about the offsite",
                at: DigestScenario.at("2026-03-06T13:00:00Z"))
        }
        try await world.writeDue("2026-03-07T08:00:00Z")
        let next = try #require(try await world.writeDue("2026-03-08T08:00:00Z").first)
        let notice = try await world.notice(next.id)
        let change = try #require(notice.people.flatMap(\.changes).first)
        #expect(change.kind == .actionOverdue)
        #expect(change.line.contains("Call Dev about the offsite"))
        #expect(notice.text.contains("action overdue"))
    }
}
