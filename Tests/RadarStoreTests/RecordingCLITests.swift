import RadarDomain
import RadarTestSupport
import Foundation
import Postgres
import RadarStore
import Testing

@Suite("Recording from the command line")
struct RecordingCLITests {
    @Test func anHRPartnerCreatesAnOrganisationAndSeesItListed() async throws {
        _ = try await TestDatabase.shared()
        let slug = "acme-" + UUID().uuidString.prefix(6).lowercased()
        let created = try await radar("org", "create", slug, "--name", "Acme Ltd", "--time-zone", "Europe/London")
        #expect(created.exitCode == 0, "\(created.err)")
        let listed = try await radar("org", "list", "--format", "csv")
        #expect(listed.out.contains("\(slug),Acme Ltd,Europe/London"))
    }

    @Test func aBusinessPriorityIsChangedAtTheVersionItWasReadAt() async throws {
        let org = try await TestDatabase.newOrganisation("prio")
        let added = try await radar(
            "priority", "add", "--priority", "Grow revenue", "--function", "sales",
            "--on", "2026-03-01", "--format", "csv", org: org.slug)
        #expect(added.exitCode == 0, "\(added.err)")
        let row = try #require(added.out.split(separator: "\r\n").dropFirst().first)
        let id = String(try #require(row.split(separator: ",").first))
        let updated = try await radar(
            "priority", "update", id, "--version", "1", "--how-coaching-helps",
            "Sharper pipeline reviews", "--format", "csv", org: org.slug)
        #expect(updated.exitCode == 0, "\(updated.err)")
        #expect(updated.out.contains("\(id),sales,Grow revenue,Sharper pipeline reviews,,2026-03-01,2"))
        let stale = try await radar("priority", "update", id, "--version", "1", "--function", "ops", org: org.slug)
        #expect(stale.exitCode == 1)
        #expect(stale.err.contains("was changed by someone else"))
        let blank = try await radar("priority", "update", id, "--priority", " ", org: org.slug)
        #expect(blank.exitCode == 2)
        #expect(blank.err.contains("priority: is required"), "\(blank.err)")
        let listed = try await radar("priority", "list", "--format", "csv", org: org.slug)
        #expect(listed.out.contains("sales,Grow revenue,Sharper pipeline reviews"))
    }

    @Test func aListAsATableLinesUpEveryColumnWhateverTheNamesAndLeavesNoTrailingSpaces() async throws {
        let org = try await TestDatabase.newOrganisation("table")
        for (name, email) in [
            ("Zoë Ångström", "zoe@x.test"), ("Al", "al@x.test"), ("Bartholomew Featherstone", "b@x.test"),
        ] {
            let added = try await radar(
                "stakeholder", "add", "--name", name, "--email", email, "--tier", "top_team",
                org: org.slug)
            #expect(added.exitCode == 0, "\(added.err)")
        }
        let listed = try await radar("stakeholder", "list", org: org.slug)
        #expect(listed.exitCode == 0, "\(listed.err)")
        let lines = listed.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "header, rule and three people: \(listed.out)")
        #expect(lines.allSatisfy { $0.last != " " }, "no line ends in spaces")
        // The e-mail column starts at the same character in the header and on every person's line.
        let emailColumn = try #require(lines[0].range(of: "email")).lowerBound.utf16Offset(in: lines[0])
        #expect(emailColumn == "Bartholomew Featherstone  ".count)
        for line in lines.dropFirst(2) {
            let start = line.index(line.startIndex, offsetBy: emailColumn)
            #expect(
                line[start...].hasPrefix("zoe@") || line[start...].hasPrefix("al@") || line[start...].hasPrefix("b@"),
                "\(line)")
        }
        #expect(lines[1].hasPrefix(String(repeating: "-", count: "Bartholomew Featherstone".count) + "  -----"))
    }

    @Test func anUnknownTimeZoneIsRefusedWithTheFieldNamed() async throws {
        _ = try await TestDatabase.shared()
        let run = try await radar(
            "org", "create", "zone-" + UUID().uuidString.prefix(6).lowercased(),
            "--name", "Z", "--time-zone", "Mars/Olympus")
        #expect(run.exitCode == 2)
        #expect(run.err.contains("time-zone: \"Mars/Olympus\" is not an IANA time zone"))
    }

    @Test func aStakeholderWithSeveralBadFieldsGetsOneLinePerProblemAndNothingIsAdded() async throws {
        let org = try await TestDatabase.newOrganisation("bad")
        let run = try await radar(
            "stakeholder", "add", "--name", "Ann", "--email", "not-an-email",
            "--tier", "board", "--influence", "9", org: org.slug)
        #expect(run.exitCode == 2)
        let lines = run.err.split(separator: "\n")
        #expect(lines.contains { $0.contains("email: \"not-an-email\" is not an e-mail address") })
        #expect(lines.contains { $0.contains("tier: \"board\" is not a valid tier") })
        #expect(lines.contains { $0.contains("influence: 9 is outside the scale 1 to 5") })
        let listed = try await radar("stakeholder", "list", "--format", "csv", org: org.slug)
        #expect(listed.out.split(separator: "\r\n").count == 1)
    }

    @Test func aDuplicateEmailIsRefusedInTheSameOrganisationButAllowedInAnother() async throws {
        let first = try await TestDatabase.newOrganisation("dup")
        let second = try await TestDatabase.newOrganisation("dup2")
        let add = ["stakeholder", "add", "--name", "Ann Lee", "--email", "Ann@Example.org", "--tier", "top_team"]
        #expect(try await radar(add, org: first.slug).exitCode == 0)
        let again = try await radar(add, org: first.slug)
        #expect(again.exitCode == 2)
        #expect(again.err.contains("email: \"ann@example.org\" is already used in this organisation"))
        #expect(try await radar(add, org: second.slug).exitCode == 0)
    }

    @Test func aWholeConversationIsRecordedInOneCommand() async throws {
        let org = try await TestDatabase.newOrganisation("rec", timeZone: "Europe/London")
        try await addPeople(to: org)
        let run = try await radar(
            "conversation", "record", "--ref", "offsite-1", "--at", "2026-03-02T09:30", "--kind", "one_to_one",
            "--initiated-by", "hr@acme.test", "--participant", "ceo@acme.test:attended:supportive",
            "--participant", "cfo@acme.test:declined", "--guideline", "G06", "--guideline", "g07",
            "--notes", "Talked about her own mentor",
            "--fear", "ceo@acme.test:time:high:No hours left in the week: none at all",
            "--commitment", "ceo@acme.test:2026-03-20:Open the offsite with it", org: org.slug)
        #expect(run.exitCode == 0, "\(run.err)")
        #expect(run.out.contains("2 participants, 2 guidelines, 1 fears, 1 commitments"))

        let database = try await TestDatabase.shared()
        let conversation = try await database.inOrganisation(org.slug, actor: "test") {
            try Conversations($0).show(ref: "offsite-1")
        }
        // 09:30 in London in March is 09:30 UTC (no summer time yet).
        #expect(conversation.occurredAt == ISO8601DateFormatter().date(from: "2026-03-02T09:30:00Z"))
        #expect(conversation.guidelines.map(\.rawValue) == ["G06", "G07"])
        #expect(conversation.fears.first?.statement == "No hours left in the week: none at all")
        #expect(conversation.fears.first?.raisedOn == CalendarDate(year: 2026, month: 3, day: 2))
        #expect(conversation.commitments.first?.dueOn == CalendarDate(year: 2026, month: 3, day: 20))
        #expect(conversation.participants.first { $0.email == "cfo@acme.test" }?.attendance == .declined)
    }

    @Test func aConversationWithAnUnknownParticipantRecordsNothing() async throws {
        let org = try await TestDatabase.newOrganisation("atomic")
        try await addPeople(to: org)
        let run = try await radar(
            "conversation", "record", "--ref", "c-1", "--at", "2026-03-02T09:30:00Z", "--kind", "group",
            "--participant", "ceo@acme.test", "--participant", "ghost@acme.test",
            "--fear", "ceo@acme.test:cost::Budget", "--guideline", "G99", org: org.slug)
        #expect(run.exitCode == 2)
        #expect(run.err.contains("participant: no stakeholder with e-mail \"ghost@acme.test\""))
        #expect(run.err.contains("guideline: \"G99\" is not a guideline code"))
        let listed = try await radar("conversation", "list", "--format", "csv", org: org.slug)
        #expect(listed.out.split(separator: "\r\n").count == 1)
        let fears = try await radar("fear", "list", "--all", "--format", "csv", org: org.slug)
        #expect(fears.out.split(separator: "\r\n").count == 1)
    }

    @Test func aConversationMoreThanADayAheadIsRefused() async throws {
        let org = try await TestDatabase.newOrganisation("future")
        try await addPeople(to: org)
        let future = Date.now.addingTimeInterval(3 * 24 * 3600).formatted(.iso8601)
        let run = try await radar(
            "conversation", "record", "--at", future, "--kind", "email",
            "--participant", "ceo@acme.test", org: org.slug)
        #expect(run.exitCode == 2)
        #expect(run.err.contains("radar: at:"))
        #expect(run.err.contains("more than a day in the future"))
    }

    @Test func aStaleUpdateIsRefusedAndSaysSo() async throws {
        let org = try await TestDatabase.newOrganisation("stale")
        try await addPeople(to: org)
        let first = try await radar(
            "stakeholder", "update", "ceo@acme.test", "--version", "1", "--title", "CEO",
            org: org.slug)
        #expect(first.exitCode == 0, "\(first.err)")
        let second = try await radar(
            "stakeholder", "update", "ceo@acme.test", "--version", "1", "--title", "Chief",
            org: org.slug)
        #expect(second.exitCode == 1)
        #expect(second.err.contains("was changed by someone else (you edited version 1, it is now at version 2)"))
    }

    @Test func writesAreAuditedWithoutTheTextOfNotesOrFears() async throws {
        let org = try await TestDatabase.newOrganisation("audit")
        try await addPeople(to: org)
        let secret = "canary-\(UUID().uuidString)"
        let run = try await radar(
            "conversation", "record", "--at", "2026-03-02T09:30:00Z", "--kind", "one_to_one",
            "--participant", "ceo@acme.test", "--notes", secret, "--fear", "ceo@acme.test:exposure:low:\(secret)",
            org: org.slug)
        #expect(run.exitCode == 0, "\(run.err)")
        let database = try await TestDatabase.shared()
        let (events, leaks) = try await database.inOrganisation(org.slug, actor: "test") { tx in
            let events = try tx.connection.query(
                "SELECT entity, action, changed_fields::text AS fields FROM audit_events ORDER BY id"
            ).map { "\(try $0.decode("entity", as: String.self)):\(try $0.decode("action", as: String.self))" }
            let leaks = try tx.connection.queryRow(
                "SELECT count(*) AS n FROM audit_events a WHERE to_jsonb(a)::text LIKE '%' || $1 || '%'", [secret]
            )!.decode("n", as: Int.self)
            return (events, leaks)
        }
        #expect(events.contains("conversation:create"))
        #expect(events.contains("fear:create"))
        #expect(events.contains("participant:create"))
        #expect(leaks == 0)
    }

    private func addPeople(to org: Organisation) async throws {
        for (name, email, tier, role) in [
            ("Chris Executive", "ceo@acme.test", "top_team", "sponsor"),
            ("Fran Finance", "cfo@acme.test", "top_team", "stakeholder"),
            ("Harper HR", "hr@acme.test", "hr", "stakeholder"),
        ] {
            let run = try await radar(
                "stakeholder", "add", "--name", name, "--email", email, "--tier", tier,
                "--role", role, org: org.slug)
            #expect(run.exitCode == 0, "\(run.err)")
        }
    }
}

/// Runs `radar` with an argument array (for commands built in a variable).
func radar(_ arguments: [String], org: String? = nil) async throws -> RadarRun {
    try await radarArray(arguments, org: org)
}
