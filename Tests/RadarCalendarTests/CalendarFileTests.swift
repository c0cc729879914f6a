import Foundation
import RadarCalendar
import Testing

/// Reading real-world calendar exports: zones, series with moved and cancelled occurrences, all-day events, big
/// meetings, and a broken file refused with its line and property.
@Suite struct CalendarFileTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    /// Wide enough for every fixture, which all fall in autumn 2026.
    static let autumn2026 = CalendarWindow(start: instant("2026-09-01T00:00:00Z"), end: instant("2027-01-01T00:00:00Z"))

    static func instant(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    static func read(_ fixture: String, window: CalendarWindow = autumn2026) throws -> [CalendarMeeting] {
        let url = Bundle.module.url(forResource: "Fixtures/\(fixture)", withExtension: "ics")!
        return try CalendarFile(text: String(contentsOf: url, encoding: .utf8), floatingZone: berlin)
            .meetings(in: window)
    }

    @Test func outlookWindowsZoneNameIsReadFromTheFilesOwnTimeZone() throws {
        let meetings = try Self.read("outlook-windows-zone")
        #expect(meetings.count == 2)
        let pilot = meetings[0]
        // 09:00 in W. Europe summer time is 07:00 UTC; 14:00 after the October change is 13:00 UTC.
        #expect(pilot.start == Self.instant("2026-10-14T07:00:00Z"))
        #expect(pilot.end == Self.instant("2026-10-14T08:00:00Z"))
        #expect(meetings[1].start == Self.instant("2026-11-03T13:00:00Z"))
        #expect(pilot.sequence == 2)
        #expect(pilot.occurrence == "")
        #expect(pilot.organiser?.email == "hanna.berg@example.org")
        // The meeting room is a resource, not a person.
        #expect(pilot.people.map { $0.email.lowercased() } == ["hanna.berg@example.org", "dieter.maas@example.org"])
        #expect(pilot.attendees.first?.reply == .accepted)
        let replies = meetings[1].attendees.map(\.reply)
        #expect(replies == [.declined, .noAnswer, .tentative])
    }

    @Test func weeklyOneToOneExpandsWithItsMovedAndCancelledOccurrences() throws {
        let meetings = try Self.read("google-weekly-one-to-one")
        #expect(meetings.count == 6)
        #expect(Set(meetings.map(\.uid)).count == 1)
        // In order of when they take place; the occurrence of 27 October, moved to the 29th, keeps its name.
        #expect(
            meetings.map(\.occurrence) == [
                "20261006T073000Z", "20261013T073000Z", "20261020T073000Z", "20261027T083000Z", "20261103T083000Z",
                "20261110T083000Z",
            ])
        let cancelled = meetings.filter(\.cancelled)
        #expect(cancelled.map(\.occurrence) == ["20261020T073000Z"])
        let moved = try #require(meetings.first { $0.occurrence == "20261027T083000Z" })
        #expect(moved.start == Self.instant("2026-10-29T16:00:00Z"))
        #expect(moved.summary == "Owen / Amy 1:1 (moved)")
        #expect(moved.sequence == 1)
        #expect(moved.attendees.first { $0.email == "owen.price@example.org" }?.reply == .noAnswer)
        // After the clocks go back on 25 October, 08:30 London is 08:30 UTC.
        #expect(meetings.last?.start == Self.instant("2026-11-10T08:30:00Z"))
    }

    @Test func aSeriesIsExpandedOnlyInsideTheWindow() throws {
        let window = CalendarWindow(start: Self.instant("2026-10-12T00:00:00Z"), end: Self.instant("2026-10-19T00:00:00Z"))
        let meetings = try Self.read("google-weekly-one-to-one", window: window)
        #expect(meetings.map(\.occurrence) == ["20261013T073000Z"])
    }

    @Test func allDayEventIsADayInTheReadersZone() throws {
        let meeting = try #require(try Self.read("all-day").first)
        #expect(meeting.allDay)
        #expect(meeting.start == Self.instant("2026-11-09T23:00:00Z"))
        #expect(meeting.end == Self.instant("2026-11-10T23:00:00Z"))
        #expect(meeting.occurrence == "")
    }

    @Test func fortyAttendeesAreAllReadWithTheirReplies() throws {
        let meeting = try #require(try Self.read("forty-attendees").first)
        #expect(meeting.attendees.count == 40)
        #expect(meeting.people.count == 41)
        #expect(meeting.attendees.filter { $0.reply == .accepted }.count == 16)
        #expect(meeting.attendees.filter { $0.reply == .declined }.count == 8)
        #expect(meeting.attendees[1].name == "Ben Adams")
        #expect(meeting.summary == "Town hall: why coaching, and why now")
    }

    @Test func malformedStartIsRefusedNamingItsLineAndProperty() throws {
        let error = #expect(throws: CalendarFileError.self) { try Self.read("malformed") }
        #expect(error?.line == 14)
        #expect(error?.property == "DTSTART")
        #expect(error?.description.contains("not a valid DATE-TIME") == true)
    }

    @Test(arguments: [
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART:20261105T090000Z\nEND:VCALENDAR\n", 5, "END"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART:20261105T090000Z\n", 2, "BEGIN"),
        ("hello\n", 1, "HELLO"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART;TZID=Mars/Olympus:20261105T090000\nEND:VEVENT\nEND:VCALENDAR\n",
         4, "DTSTART"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART:20261105T090000Z\nRRULE:FREQ=SOMETIMES\nEND:VEVENT\nEND:VCALENDAR\n",
         5, "RRULE"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261105T090000Z\nEND:VEVENT\nEND:VCALENDAR\n", 2, "UID"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART:20261105T090000Z\nNOT A PROPERTY\nEND:VEVENT\nEND:VCALENDAR\n",
         5, "NOT A PROPERTY"),
    ])
    func brokenFilesAreRefusedWithTheLineAtFault(text: String, line: Int, property: String) {
        let error = #expect(throws: CalendarFileError.self) {
            try CalendarFile(text: text, floatingZone: Self.berlin).meetings(in: Self.autumn2026)
        }
        #expect(error?.line == line)
        #expect(error?.property == property)
    }

    @Test func floatingTimeIsReadInTheGivenZoneAndCancelledFileCancelsItsEvents() throws {
        let text = """
            BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nBEGIN:VEVENT\r\nUID:f\r\nSEQUENCE:3\r\nDTSTART:20261105T090000\r\n\
            DURATION:PT45M\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n
            """
        let meeting = try #require(try CalendarFile(text: text, floatingZone: Self.berlin).meetings(in: Self.autumn2026).first)
        #expect(meeting.start == Self.instant("2026-11-05T08:00:00Z"))
        #expect(meeting.end == Self.instant("2026-11-05T08:45:00Z"))
        #expect(meeting.cancelled)
        #expect(meeting.sequence == 3)
    }
}
