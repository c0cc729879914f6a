import Foundation
import Postgres
import RadarCalendar
import RadarDomain
import RadarStore
import RadarTestSupport
import Testing

/// Over random sequences of feed changes (meetings added, moved, cancelled, dropped, brought back, polled again
/// unchanged) and HR dismissing drafts, the queue never holds two drafts of one meeting and never loses one: after
/// every poll, each meeting the feed shows with a tracked person has exactly one draft at its current time, pending
/// unless dismissed, and every pending draft is such a meeting.
@Suite("Calendar drafts over random feed changes")
struct CalendarDraftPropertyTests {
    /// What the feed shows of one meeting, and what HR did with its draft.
    struct Meeting {
        var uid: String
        var occurrence: String
        var start: Date
        var sequence = 0
        var cancelled = false
        var inFeed = true
        var tracked: Bool
        var dismissed = false
    }

    static let window = CalendarWindow(
        start: try! Date("2026-10-01T00:00:00Z", strategy: .iso8601), end: try! Date("2026-12-01T00:00:00Z", strategy: .iso8601))

    static func calendarMeeting(_ meeting: Meeting) -> CalendarMeeting {
        CalendarMeeting(
            uid: meeting.uid, occurrence: meeting.occurrence, sequence: meeting.sequence, cancelled: meeting.cancelled,
            summary: "Meeting \(meeting.uid)", start: meeting.start, end: meeting.start.addingTimeInterval(3600),
            organiser: CalendarPerson(email: "amy.hughes@example.org", reply: .accepted),
            attendees: [CalendarPerson(email: meeting.tracked ? "Owen.Price@example.org" : "guest@else.test", reply: .accepted)])
    }

    @Test(arguments: 1...12)
    func draftsNeitherDuplicateNorGetLost(seed: UInt64) async throws {
        let (org, owner) = try await CalendarFeedTests.organisation("feed-prop-\(seed)")
        let database = try await TestDatabase.shared()
        let feed = try await database.inOrganisation(org.slug, actor: "test") { tx in
            try CalendarFeeds(tx).add(url: "https://calendar.example.org/\(seed).ics", ownerEmail: owner).id
        }
        // The generator synthetic history uses (SplitMix64): a failing sequence replays from its seed.
        var dice = SeededGenerator(seed: seed)
        var meetings: [Meeting] = []
        func randomStart() -> Date {
            Self.window.start.addingTimeInterval(Double(Int.random(in: 0..<(59 * 24), using: &dice)) * 3600)
        }
        for step in 0..<30 {
            let roll = Int.random(in: 0..<100, using: &dice)
            var index = meetings.isEmpty ? nil : Int.random(in: 0..<meetings.count, using: &dice)
            if index == nil || roll < 25 {
                // A new meeting, sometimes one occurrence of a series; a key already in the feed is left as it is.
                let uid = "m\(Int.random(in: 0..<6, using: &dice))@example.org"
                let occurrence =
                    Bool.random(using: &dice) ? "202610\(Int.random(in: 10..<29, using: &dice))T090000Z" : ""
                if !meetings.contains(where: { $0.uid == uid && $0.occurrence == occurrence }) {
                    meetings.append(
                        Meeting(
                            uid: uid, occurrence: occurrence, start: randomStart(),
                            tracked: Int.random(in: 0..<5, using: &dice) > 0))
                }
                index = nil
            }
            if let index {
                switch roll {
                case 25..<45:
                    meetings[index].start = randomStart()
                    meetings[index].sequence += 1
                case 45..<55:
                    meetings[index].cancelled = true
                    meetings[index].sequence += 1
                case 55..<65:
                    meetings[index].inFeed = false
                case 65..<75:
                    meetings[index].inFeed = true
                    if meetings[index].cancelled {
                        meetings[index].cancelled = false
                        meetings[index].sequence += 1
                    }
                case 75..<88:
                    // HR dismisses the draft, if it is waiting.
                    let (uid, occurrence) = (meetings[index].uid, meetings[index].occurrence)
                    let dismissed = try await database.inOrganisation(org.slug, actor: "test") { tx in
                        let drafts = CalendarDrafts(tx)
                        guard let draft = try drafts.list().first(where: { $0.uid == uid && $0.occurrence == occurrence })
                        else { return false }
                        _ = try drafts.dismiss(draft.id.uuidString)
                        return true
                    }
                    if dismissed { meetings[index].dismissed = true }
                default:
                    break  // polled again with nothing changed
                }
            }
            let shown = meetings.filter(\.inFeed).map(Self.calendarMeeting)
            try await database.inOrganisation(org.slug, actor: "test") { tx in
                _ = try CalendarDrafts(tx).take(shown, from: .feed(feed), window: Self.window)
            }
            let drafts = try await database.inOrganisation(org.slug, actor: "test") { tx in
                try CalendarDrafts(tx).list(state: nil)
            }
            let context = "seed \(seed), step \(step)"
            let keys = drafts.map { "\($0.uid)|\($0.occurrence)" }
            #expect(Set(keys).count == keys.count, "a meeting has two drafts (\(context))")
            for meeting in meetings where meeting.inFeed && !meeting.cancelled && meeting.tracked {
                let mine = drafts.filter { $0.uid == meeting.uid && $0.occurrence == meeting.occurrence }
                #expect(mine.count == 1, "a meeting in the feed has no draft (\(context))")
                #expect(mine.first?.state == (meeting.dismissed ? .dismissed : .pending), "\(context)")
                #expect(mine.first?.startsAt == meeting.start, "the draft is not at the meeting's time (\(context))")
            }
            for draft in drafts where draft.state == .pending {
                let meeting = meetings.first { $0.uid == draft.uid && $0.occurrence == draft.occurrence }
                #expect(
                    meeting.map { $0.inFeed && !$0.cancelled && $0.tracked && !$0.dismissed } == true,
                    "a pending draft has no meeting behind it (\(context))")
            }
        }
    }
}
