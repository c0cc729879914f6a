import Foundation
import RadarDomain
import RadarStore
import RadarTestSupport
import Testing

/// `radar brief`: what HR reads before meeting a leader, from the record as it stands.
@Suite("The brief before a meeting")
struct BriefCLITests {
    @Test func briefNamesTheLastConversationsWhatIsOpenAndAnAgenda() async throws {
        let org = try await TestDatabase.newOrganisation("brief")
        let added = try await radar(
            "stakeholder", "add", "--name", "Rosa Lind", "--email", "rosa@x.test", "--tier", "top_team", org: org.slug)
        #expect(added.exitCode == 0, "\(added.err)")
        for (day, guideline, notes) in [
            ("2026-01-12T10:00", "G06", "Talked about her mentor at the last firm."),
            ("2026-02-09T10:00", "G07", "Worried about time."),
            ("2026-03-02T10:00", "G04", "Sees what is in it for her team."),
            ("2026-03-23T10:00", "G04", "Wants a pilot in finance."),
        ] {
            let recorded = try await radar(
                "conversation", "record", "--at", day, "--kind", "one_to_one", "--participant", "rosa@x.test",
                "--guideline", guideline, "--notes", notes, org: org.slug)
            #expect(recorded.exitCode == 0, "\(recorded.err)")
        }
        let feared = try await radar(
            "conversation", "record", "--at", "2026-03-30T10:00", "--kind", "one_to_one", "--participant",
            "rosa@x.test", "--fear", "rosa@x.test:time:high:No hours left in the quarter",
            "--commitment", "rosa@x.test:2026-04-03:Name two pilot coaches", org: org.slug)
        #expect(feared.exitCode == 0, "\(feared.err)")

        let brief = try await radar("brief", "rosa@x.test", "--as-of", "2026-04-10T09:00", org: org.slug)
        #expect(brief.exitCode == 0, "\(brief.err)")
        #expect(brief.out.hasPrefix("# Brief: Rosa Lind"), "\(brief.out)")
        #expect(brief.out.contains("## Suggested agenda"))
        #expect(brief.out.contains("Ask Rosa how their commitment due 2026-04-03 is going; it is overdue."), "\(brief.out)")
        #expect(brief.out.contains("Come back to their time fear (raised 2026-03-30, open)."), "\(brief.out)")
        #expect(brief.out.contains("time, high, raised 2026-03-30, open: No hours left in the quarter"))
        #expect(brief.out.contains("Wants a pilot in finance."))
        // Three conversations at most: the oldest is left out.
        #expect(!brief.out.contains("mentor at the last firm"))

        let json = try await radar("brief", "rosa@x.test", "--as-of", "2026-04-10T09:00", "--format", "json", org: org.slug)
        let value = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect((value["last_conversations"] as? [Any])?.count == 3)
        let never = try #require(value["guidelines_never_covered"] as? [String])
        #expect(!never.contains { $0.hasPrefix("G06") || $0.hasPrefix("G07") || $0.hasPrefix("G04") })
        #expect(never.contains { $0.hasPrefix("G01") })
        // As of before the last two conversations, they are not in it.
        let earlier = try await radar("brief", "rosa@x.test", "--as-of", "2026-03-10T09:00", org: org.slug)
        #expect(!earlier.out.contains("Wants a pilot in finance."), "\(earlier.out)")

        // After the brief's day the commitment is done and the fear resolved: the brief as of then is unchanged.
        let database = try await TestDatabase.shared()
        try await database.inOrganisation(org.slug, actor: "test") { tx in
            let later = CalendarDate(year: 2026, month: 4, day: 20)
            let commitment = try #require(try Commitments(tx).list(Commitments.Filter(ownerEmail: "rosa@x.test")).first)
            try Commitments(tx).markDone(commitment.id.uuidString, on: later)
            let fear = try #require(try Fears(tx).list(Fears.Filter(email: "rosa@x.test")).first)
            try Fears(tx).update(fear.id.uuidString, expectedVersion: nil, status: "resolved", resolvedOn: later)
        }
        let again = try await radar("brief", "rosa@x.test", "--as-of", "2026-04-10T09:00", org: org.slug)
        #expect(again.out == brief.out)
        let afterwards = try await radar("brief", "rosa@x.test", "--as-of", "2026-04-21T09:00", org: org.slug)
        #expect(!afterwards.out.contains("No hours left in the quarter"), "\(afterwards.out)")
        #expect(!afterwards.out.contains("it is overdue"), "\(afterwards.out)")

        let unknown = try await radar("brief", "nobody@x.test", org: org.slug)
        #expect(unknown.exitCode != 0)
        #expect(unknown.err.contains("nobody@x.test"), "\(unknown.err)")
    }
}
