import Foundation
import Postgres
import RadarCalendar
import RadarDomain
import RadarStore
import RadarTestSupport
import Testing

/// A stakeholder's other addresses: a meeting naming one is theirs; an alias is nobody else's; erasure takes them.
@Suite("Stakeholder aliases")
struct StakeholderAliasTests {
    static let owen = "owen.price@example.org", rosa = "rosa.lind@example.org"

    static func organisation(_ label: String) async throws -> Organisation {
        try await CalendarCLITests.organisation(label, tracking: [(owen, "Owen Price"), (rosa, "Rosa Lind")])
    }

    @Test func aMeetingInvitingSomeoneByTheirAliasBecomesTheirDraftAndIsRecordedUnderTheirMainAddress() async throws {
        let org = try await Self.organisation("alias-match")
        let set = try await radar(
            "stakeholder", "aliases", Self.owen, "--add", "O.Price@Group.example", "--add", "owen@old.example",
            "--format", "csv", org: org.slug)
        #expect(set.exitCode == 0, "\(set.err)")
        #expect(set.out.contains("o.price@group.example") && set.out.contains("owen@old.example"), "\(set.out)")

        let start = try Date("2026-11-10T09:00:00Z", strategy: .iso8601)
        let meeting = CalendarMeeting(
            uid: "merger-sync@example.org", summary: "Sync", start: start, end: start.addingTimeInterval(1800),
            organiser: CalendarPerson(email: "hr@example.org", reply: .accepted),
            attendees: [CalendarPerson(email: "O.PRICE@group.example", name: "Owen P.", reply: .accepted)])
        let database = try await TestDatabase.shared()
        let recorded = try await database.inOrganisation(org.slug, actor: "test") { tx -> Conversation in
            let intake = try CalendarDrafts(tx).take([meeting], from: .file)
            #expect(intake.ignored == 0)
            let draft = try #require(try CalendarDrafts(tx).list().first)
            #expect(draft.participants.map(\.email) == [Self.owen])
            return try CalendarDrafts(tx).confirm(
                draft.id.uuidString, CalendarConfirmation(guidelines: [], engagement: [:], attendance: [:]),
                now: start.addingTimeInterval(86_400))
        }
        #expect(recorded.participants.map(\.email) == [Self.owen])

        let removed = try await radar(
            "stakeholder", "aliases", Self.owen, "--remove", "OWEN@old.example", "--format", "csv", org: org.slug)
        #expect(removed.out.split(separator: "\r\n").dropFirst() == ["o.price@group.example"], "\(removed.out)")
    }

    @Test func anAliasThatIsTheirOwnOrSomebodyElsesAddressIsRefusedNamingItAndNothingChanges() async throws {
        let org = try await Self.organisation("alias-refused")
        let database = try await TestDatabase.shared()
        try await database.inOrganisation(org.slug, actor: "test") { tx in
            _ = try StakeholderAliases(tx).replace(of: Self.rosa, with: ["rosa@home.example"])
        }
        let failure = try await #require(throws: ValidationFailure.self) {
            try await database.inOrganisation(org.slug, actor: "test") { tx in
                try StakeholderAliases(tx).replace(
                    of: Self.owen, with: ["owen@new.example", Self.owen, "ROSA@home.example", Self.rosa, "not-an-address"])
            }
        }
        #expect(
            Set(failure.problems.map(\.field)) == ["aliases[1]", "aliases[2]", "aliases[3]", "aliases[4]"],
            "\(failure.problems)")
        #expect(failure.problems.contains { $0.message == "rosa@home.example is already \(Self.rosa)'s address" })
        #expect(failure.problems.contains { $0.message == "is their main address already" })
        let kept = try await database.inOrganisation(org.slug, actor: "test") { tx in
            (try StakeholderAliases(tx).aliases(of: Self.owen), try StakeholderAliases(tx).aliases(of: Self.rosa))
        }
        #expect(kept.0.isEmpty && kept.1 == ["rosa@home.example"])
        let unknown = try await radar("stakeholder", "aliases", "nobody@example.org", "--add", "x@y.example", org: org.slug)
        #expect(unknown.exitCode != 0)
        #expect(unknown.err.contains("nobody@example.org"), "\(unknown.err)")
    }

    @Test func personalDataListsTheAliasesAndErasureRemovesThemAndTheirMentions() async throws {
        let org = try await Self.organisation("alias-gdpr")
        let database = try await TestDatabase.shared()
        try await database.inOrganisation(org.slug, actor: "test") { tx in
            _ = try StakeholderAliases(tx).replace(of: Self.rosa, with: ["canary.rosa@private.example"])
        }
        let exported = try await radar("gdpr", "export", Self.rosa, org: org.slug)
        #expect(exported.exitCode == 0, "\(exported.err)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(exported.out.utf8)) as? [String: Any])
        #expect(document["aliases"] as? [String] == ["canary.rosa@private.example"])

        let erased = try await radar("gdpr", "erase", Self.rosa, "--confirm", org: org.slug)
        #expect(erased.exitCode == 0, "\(erased.err)")
        let left = try await database.inOrganisation(org.slug, actor: "test") { tx in
            try tx.connection.queryRow(
                """
                SELECT (SELECT count(*) FROM stakeholder_aliases) AS aliases,
                       (SELECT count(*) FROM audit_events WHERE details::text LIKE '%canary.rosa%'
                                                             OR actor LIKE '%canary.rosa%') AS mentions
                """)!
        }
        #expect(try left.decode("aliases", as: Int.self) == 0)
        #expect(try left.decode("mentions", as: Int.self) == 0)
    }
}
