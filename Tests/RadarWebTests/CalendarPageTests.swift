import Foundation
import Postgres
import RadarCalendar
import RadarDomain
import RadarStore
import Testing

@Suite("The review queue of meetings from calendars")
struct CalendarPageTests {
    /// Three February meetings with Ada, Ben and both, before the tests' "now" (4 March 2026).
    static let file = """
        BEGIN:VCALENDAR\r
        VERSION:2.0\r
        PRODID:-//Test//EN\r
        BEGIN:VEVENT\r
        UID:ada-1@example.org\r
        DTSTART:20260202T090000Z\r
        DTEND:20260202T093000Z\r
        ORGANIZER:mailto:hr@example.org\r
        ATTENDEE;PARTSTAT=ACCEPTED:mailto:\(PageTestData.ada)\r
        SUMMARY:Ada one-to-one\r
        END:VEVENT\r
        BEGIN:VEVENT\r
        UID:ben-1@example.org\r
        DTSTART:20260203T090000Z\r
        DTEND:20260203T093000Z\r
        ORGANIZER:mailto:hr@example.org\r
        ATTENDEE;PARTSTAT=DECLINED:mailto:\(PageTestData.ben)\r
        SUMMARY:Ben one-to-one\r
        END:VEVENT\r
        BEGIN:VEVENT\r
        UID:both-1@example.org\r
        DTSTART:20260210T140000Z\r
        DTEND:20260210T150000Z\r
        ORGANIZER:mailto:hr@example.org\r
        ATTENDEE;PARTSTAT=ACCEPTED:mailto:\(PageTestData.ada)\r
        ATTENDEE:mailto:\(PageTestData.ben)\r
        SUMMARY:Leadership sounding\r
        END:VEVENT\r
        END:VCALENDAR\r

        """

    @Test("the dashboard lists the coming week's meetings with tracked people, each with a link to their brief")
    func meetingsThisWeekLinkToBriefs() async throws {
        let fixture = try await WebFixture.make("calendar-week")
        try await PageTestData.addPeople(fixture)
        func meeting(_ uid: String, _ start: String, _ summary: String) throws -> CalendarMeeting {
            let at = try Date(start, strategy: .iso8601)
            return CalendarMeeting(
                uid: uid, summary: summary, start: at, end: at.addingTimeInterval(1800),
                organiser: CalendarPerson(email: "hr@example.org", reply: .accepted),
                attendees: [CalendarPerson(email: PageTestData.ada, reply: .accepted)])
        }
        // Before the page's now (4 March 2026), within the week after it, and beyond it.
        let meetings = [
            try meeting("past@example.org", "2026-03-02T09:00:00Z", "Last week's catch-up"),
            try meeting("soon@example.org", "2026-03-06T10:00:00Z", "Budget sounding"),
            try meeting("later@example.org", "2026-03-20T10:00:00Z", "Quarterly review"),
        ]
        let ada = try await fixture.inOrganisation { tx in
            _ = try CalendarDrafts(tx).take(meetings, from: .file)
            return try Stakeholders(tx).find(email: PageTestData.ada).id.uuidString.lowercased()
        }
        let viewer = try await fixture.signIn(fixture.viewer)
        let dashboard = try await fixture.withClient { client in try await client.page(.get, "/", as: viewer) }
        #expect(dashboard.text.contains("Meetings this week"), "\(dashboard.text)")
        #expect(dashboard.text.contains("Budget sounding"))
        #expect(dashboard.text.contains("href=\"/stakeholders/\(ada)/brief\""))
        #expect(!dashboard.text.contains("Quarterly review"))
        #expect(!dashboard.text.contains("Last week's catch-up"))
    }

    @Test("HR pastes a file, ticks three meetings and confirms them in one step with a guideline; the queue empties")
    func confirmThreeAtOnce() async throws {
        let fixture = try await WebFixture.make("calendar-page")
        try await PageTestData.addPeople(fixture)
        let hr = try await fixture.signIn(fixture.hr)
        let viewer = try await fixture.signIn(fixture.viewer)
        let (imported, queue, forbidden) = try await fixture.withClient { client in
            (
                try await client.page(
                    .post, "/calendar/import", as: hr, form: [("_csrf", hr.csrf), ("content", Self.file)]),
                try await client.page(.get, "/calendar", as: hr),
                try await client.page(.get, "/calendar", as: viewer)
            )
        }
        #expect(imported.status == 303, "\(imported.text)")
        #expect(queue.status == 200)
        #expect(queue.text.contains("Waiting (3)"))
        #expect(queue.text.contains("Ben Osei (declined)") || queue.text.contains("(declined)"), "\(queue.text)")
        #expect(forbidden.status == 403)
        let (dashboard, viewersDashboard) = try await fixture.withClient { client in
            (try await client.page(.get, "/", as: hr), try await client.page(.get, "/", as: viewer))
        }
        #expect(dashboard.text.contains("3 meetings from calendars wait for review</a>, the oldest since"), "\(dashboard.text)")
        #expect(!viewersDashboard.text.contains("draft-queue"))
        let ids = try await fixture.inOrganisation { try CalendarDrafts($0).list().map { $0.id.uuidString.lowercased() } }
        #expect(ids.count == 3)
        let (confirmed, after) = try await fixture.withClient { client in
            (
                try await client.page(
                    .post, "/calendar/confirm", as: hr,
                    form: [("_csrf", hr.csrf)] + ids.map { ("draft", $0) } + [("guideline", "G06")]),
                try await client.page(.get, "/calendar", as: hr)
            )
        }
        #expect(confirmed.status == 303, "\(confirmed.text)")
        #expect(after.text.contains("Recorded 3 conversations from the calendar."), "\(after.text)")
        #expect(after.text.contains("No meeting waits for review."))
        let recorded = try await fixture.inOrganisation { tx in
            try tx.connection.query(
                """
                SELECT c.kind, c.source, (SELECT count(*) FROM conversation_guidelines g WHERE g.conversation_id = c.id) AS g
                  FROM conversations c ORDER BY c.occurred_at
                """
            ).rows.map { "\(try $0.decode("kind", as: String.self)) \(try $0.decode("source", as: String.self)) \(try $0.decode("g", as: Int.self))" }
        }
        #expect(recorded == ["one_to_one calendar 1", "one_to_one calendar 1", "group calendar 1"])
    }

    @Test("a broken file is answered on the page with its line and property, and nothing joins the queue")
    func brokenFile() async throws {
        let fixture = try await WebFixture.make("calendar-page-bad")
        let hr = try await fixture.signIn(fixture.hr)
        let answer = try await fixture.withClient { client in
            try await client.page(
                .post, "/calendar/import", as: hr,
                form: [("_csrf", hr.csrf), ("content", Self.file.replacingOccurrences(of: "20260203T090000Z", with: "2026"))])
        }
        #expect(answer.status == 422)
        #expect(answer.text.contains("line 14, DTSTART"), "\(answer.text)")
        #expect(try await fixture.inOrganisation { try CalendarDrafts($0).list(state: nil) }.isEmpty)
    }
}
