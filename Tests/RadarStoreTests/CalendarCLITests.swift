import Foundation
import Postgres
import RadarDomain
import RadarStore
import RadarTestSupport
import Testing

/// The review queue of meetings captured from calendar files, from the command line: what enters it, what a
/// re-import, a move or a cancellation does, confirming and dismissing.
@Suite("Calendar drafts from the command line")
struct CalendarCLITests {
    /// A fixture file of the calendar reader's tests (real-world exports), by name.
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("RadarCalendarTests/Fixtures/\(name).ics").path
    }

    /// An organisation in Berlin's zone tracking the given people (e-mail, name).
    static func organisation(_ label: String, tracking people: [(String, String)]) async throws -> Organisation {
        let org = try await TestDatabase.newOrganisation(label, timeZone: "Europe/Berlin")
        for (email, name) in people {
            let added = try await radar(
                "stakeholder", "add", "--name", name, "--email", email, "--tier", "top_team", org: org.slug)
            #expect(added.exitCode == 0, "\(added.err)")
        }
        return org
    }

    /// Imports a file as of mid-November 2026, when every fixture meeting is in the window.
    static func importFile(_ path: String, org: Organisation) async throws -> RadarRun {
        try await radar("calendar", "import", path, "--as-of", "2026-11-15T12:00:00Z", org: org.slug)
    }

    /// The drafts of a state as CSV lines, header left out.
    static func drafts(_ org: Organisation, state: String = "pending") async throws -> [String] {
        let run = try await radar("calendar", "drafts", "--state", state, "--format", "csv", org: org.slug)
        #expect(run.exitCode == 0, "\(run.err)")
        return run.out.split(separator: "\r\n").dropFirst().map(String.init)
    }

    /// Writes `text` to a temporary .ics file.
    static func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cal-\(UUID().uuidString).ics").path
        try text.replacingOccurrences(of: "\n", with: "\r\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func weeklyOneToOneBecomesOneDraftPerOccurrenceAndAReimportAddsNothing() async throws {
        let org = try await Self.organisation("cal-weekly", tracking: [("owen.price@example.org", "Owen Price")])
        let first = try await Self.importFile(Self.fixture("google-weekly-one-to-one"), org: org)
        #expect(first.exitCode == 0, "\(first.err)")
        // Six occurrences, one cancelled by EXDATE: five drafts.
        #expect(first.out.contains("5 added, 0 updated, 0 withdrawn, 0 unchanged, 1 without a tracked person"), "\(first.out)")
        let drafts = try await Self.drafts(org)
        #expect(drafts.count == 5)
        #expect(drafts.allSatisfy { $0.contains(",one_to_one,") && $0.contains(",amy.hughes@example.org,") })
        // The moved occurrence (29 October, 16:00 London) has no answer from Owen yet.
        #expect(drafts[2].contains("2026-10-29T16:00:00Z"), "\(drafts[2])")
        #expect(drafts[2].contains("owen.price@example.org:unknown"), "\(drafts[2])")
        #expect(drafts[0].contains("owen.price@example.org:attended"), "\(drafts[0])")
        let again = try await Self.importFile(Self.fixture("google-weekly-one-to-one"), org: org)
        #expect(again.out.contains("0 added, 0 updated, 0 withdrawn, 5 unchanged"), "\(again.out)")
        #expect(try await Self.drafts(org).count == 5)
    }

    @Test func outlookExportMatchesTrackedPeopleWhateverTheCaseOfTheirAddress() async throws {
        let org = try await Self.organisation("cal-outlook", tracking: [("dieter.maas@example.org", "Dieter Maas")])
        let run = try await Self.importFile(Self.fixture("outlook-windows-zone"), org: org)
        #expect(run.exitCode == 0, "\(run.err)")
        let drafts = try await Self.drafts(org)
        #expect(drafts.count == 2)
        // 09:00 W. Europe summer time; the meeting room is not a person, so Hanna and Dieter make a one-to-one.
        #expect(drafts[0].contains("2026-10-14T07:00:00"), "\(drafts[0])")
        #expect(drafts[0].contains(",one_to_one,Mentoring pilot: first findings,hanna.berg@example.org,"))
        #expect(drafts[0].contains("dieter.maas@example.org:attended,1,pending,file"), "\(drafts[0])")
        #expect(drafts[1].contains(",group,"))
        #expect(drafts[1].contains("dieter.maas@example.org:declined,3,pending,file"), "\(drafts[1])")
    }

    @Test func townHallWithFortyPeopleIsAGroupDraftAndAnAllDayEventADay() async throws {
        let org = try await Self.organisation(
            "cal-forty",
            tracking: [("aisha.adams@example.org", "Aisha Adams"), ("chloe.adams@example.org", "Chloe Adams"),
                       ("owen.price@example.org", "Owen Price")])
        #expect(try await Self.importFile(Self.fixture("forty-attendees"), org: org).exitCode == 0)
        #expect(try await Self.importFile(Self.fixture("all-day"), org: org).exitCode == 0)
        let drafts = try await Self.drafts(org)
        #expect(drafts.count == 2)
        // Midnight in Berlin on 10 November.
        #expect(drafts[0].contains("2026-11-09T23:00:00"), "\(drafts[0])")
        #expect(drafts[0].contains("owen.price@example.org:attended"))
        #expect(drafts[1].contains(",group,Town hall: why coaching, and why now,hanna.berg@example.org,") || drafts[1].contains("\"Town hall: why coaching, and why now\""), "\(drafts[1])")
        #expect(drafts[1].contains("aisha.adams@example.org:attended;chloe.adams@example.org:declined,39,pending"), "\(drafts[1])")
    }

    @Test func malformedFileIsRefusedNamingLineAndPropertyAndNothingIsTaken() async throws {
        let org = try await Self.organisation("cal-bad", tracking: [("dieter.maas@example.org", "Dieter Maas")])
        let run = try await Self.importFile(Self.fixture("malformed"), org: org)
        #expect(run.exitCode == 2)
        #expect(run.err.contains("line 14, DTSTART: the value is not a valid DATE-TIME"), "\(run.err)")
        #expect(try await Self.drafts(org, state: "all").isEmpty)
    }

    @Test func confirmedDraftIsAConversationFromTheCalendarAndDismissedOnesStayDismissed() async throws {
        let org = try await Self.organisation("cal-confirm", tracking: [("owen.price@example.org", "Owen Price")])
        _ = try await Self.importFile(Self.fixture("google-weekly-one-to-one"), org: org)
        let ids = try await Self.drafts(org).map { String($0.prefix(8)) }
        let confirmed = try await radar(
            "calendar", "confirm", ids[0], ids[1], "--guideline", "G06", "--engagement",
            "Owen.Price@example.org:supportive", "--notes", "Talked about his own mentor.", org: org.slug)
        #expect(confirmed.exitCode == 0, "\(confirmed.err)")
        #expect(confirmed.out.contains("confirmed \(ids[0]) as conversation"), "\(confirmed.out)")
        let recorded = try await TestDatabase.shared().inOrganisation(org.slug, actor: "test") { tx in
            try tx.connection.query(
                """
                SELECT c.source, c.kind, c.notes, p.attendance, p.engagement,
                       (SELECT count(*) FROM conversation_guidelines g WHERE g.conversation_id = c.id) AS guidelines
                  FROM conversations c JOIN conversation_participants p ON p.conversation_id = c.id
                 ORDER BY c.occurred_at
                """
            ).rows.map { row in
                [try row.decode("source", as: String.self), try row.decode("kind"), try row.decode("attendance"),
                 try row.decode("engagement", as: String?.self) ?? "", String(try row.decode("guidelines", as: Int.self))]
            }
        }
        #expect(recorded == [
            ["calendar", "one_to_one", "attended", "supportive", "1"], ["calendar", "one_to_one", "attended", "supportive", "1"],
        ])
        let twice = try await radar("calendar", "confirm", ids[0], org: org.slug)
        #expect(twice.exitCode != 0)
        #expect(twice.err.contains("already confirmed"), "\(twice.err)")
        let dismissed = try await radar("calendar", "dismiss", ids[2], org: org.slug)
        #expect(dismissed.exitCode == 0, "\(dismissed.err)")
        _ = try await Self.importFile(Self.fixture("google-weekly-one-to-one"), org: org)
        #expect(try await Self.drafts(org).count == 2)
        #expect(try await Self.drafts(org, state: "dismissed").map { String($0.prefix(8)) } == [ids[2]])
        #expect(try await Self.drafts(org, state: "confirmed").count == 2)
        // A bad word in the confirmation names its field and records nothing.
        let bad = try await radar("calendar", "confirm", ids[3], "--guideline", "G99", org: org.slug)
        #expect(bad.exitCode == 2)
        #expect(bad.err.contains("guideline: \"G99\" is not a guideline code"), "\(bad.err)")
        #expect(try await Self.drafts(org).count == 2)
    }

    static func meeting(sequence: Int, start: String, status: String = "CONFIRMED", attendee: String = "owen.price@example.org") -> String {
        """
        BEGIN:VCALENDAR
        VERSION:2.0
        PRODID:-//Test//Radar//EN
        BEGIN:VEVENT
        UID:quarterly-review@example.org
        SEQUENCE:\(sequence)
        STATUS:\(status)
        DTSTART:\(start)
        DURATION:PT1H
        ORGANIZER:mailto:amy.hughes@example.org
        ATTENDEE;PARTSTAT=ACCEPTED:mailto:\(attendee)
        SUMMARY:Quarterly review
        END:VEVENT
        END:VCALENDAR
        """
    }

    @Test func movedCancelledAndStaleVersionsUpdateOrWithdrawTheOneDraft() async throws {
        let org = try await Self.organisation("cal-moves", tracking: [("owen.price@example.org", "Owen Price")])
        func step(_ text: String) async throws -> String {
            try await Self.importFile(try Self.file(text), org: org).out
        }
        #expect(try await step(Self.meeting(sequence: 0, start: "20261102T090000Z")).contains("1 added"))
        #expect(try await step(Self.meeting(sequence: 1, start: "20261103T100000Z")).contains("1 updated"))
        // An older version arriving late changes nothing.
        #expect(try await step(Self.meeting(sequence: 0, start: "20261102T090000Z")).contains("1 unchanged"))
        var drafts = try await Self.drafts(org)
        #expect(drafts.count == 1)
        #expect(drafts[0].contains("2026-11-03T10:00:00"), "\(drafts[0])")
        #expect(try await step(Self.meeting(sequence: 2, start: "20261103T100000Z", status: "CANCELLED")).contains("1 withdrawn"))
        #expect(try await Self.drafts(org).isEmpty)
        #expect(try await Self.drafts(org, state: "withdrawn").count == 1)
        // Rescheduled after all: the same draft comes back.
        #expect(try await step(Self.meeting(sequence: 3, start: "20261104T100000Z")).contains("1 updated"))
        drafts = try await Self.drafts(org, state: "all")
        #expect(drafts.count == 1)
        #expect(drafts[0].contains(",pending,"))
        // Nobody tracked on it any more: withdrawn.
        #expect(try await step(Self.meeting(sequence: 4, start: "20261104T100000Z", attendee: "someone@else.test")).contains("1 withdrawn"))
    }
}
