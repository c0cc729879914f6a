import Foundation
import Postgres
import RadarDomain
import RadarFeeds
import RadarStore
import RadarTestSupport
import Testing

/// Subscribed calendars polled from a real HTTP server on loopback: the secret address never shown back, conditional
/// GETs, meetings leaving the feed withdrawn, back-off after failures, and one poll however many instances.
@Suite("Calendar feeds polled over HTTP")
struct CalendarFeedTests {
    /// An organisation tracking Owen, with an HR member who owns the feed.
    static func organisation(_ label: String) async throws -> (Organisation, String) {
        let org = try await CalendarCLITests.organisation(label, tracking: [("owen.price@example.org", "Owen Price")])
        let owner = "hr-\(UUID().uuidString.prefix(8).lowercased())@example.org"
        let added = try await radar("user", "add", owner, "--name", "Amy Hughes", "--role", "hr", org: org.slug)
        #expect(added.exitCode == 0, "\(added.err)")
        return (org, owner)
    }

    static func poll(_ org: Organisation, at time: String) async throws -> RadarRun {
        try await radar("calendar", "feed", "poll", "--as-of", time, org: org.slug)
    }

    static var weekly: String {
        get throws { try String(contentsOfFile: CalendarCLITests.fixture("google-weekly-one-to-one"), encoding: .utf8) }
    }

    @Test func feedIsPolledConditionallyAndMeetingsThatLeaveItAreWithdrawn() async throws {
        let (org, owner) = try await Self.organisation("feed-poll")
        let server = try CalendarFeedServer()
        defer { server.stop() }
        try server.serve(try Self.weekly, as: "basic.ics")
        let secret = "private-7f3c9a1b2e4d6f80"
        let url = "http://127.0.0.1:\(server.port)/calendar/ical/amy/\(secret)/basic.ics"
        let added = try await radar("calendar", "feed", "add", url, "--owner", owner, org: org.slug)
        #expect(added.exitCode == 0, "\(added.err)")
        #expect(added.out.contains("http://127.0.0.1:\(server.port)/…"), "\(added.out)")
        #expect(!added.out.contains(secret) && !added.err.contains(secret))

        let first = try await Self.poll(org, at: "2026-11-15T12:00:00Z")
        #expect(first.exitCode == 0, "\(first.err)")
        #expect(first.out.contains("read: 5 added"), "\(first.out)")
        #expect(try await CalendarCLITests.drafts(org).count == 5)
        // Not due again for 15 minutes; then a conditional GET that the server answers 304.
        let early = try await Self.poll(org, at: "2026-11-15T12:10:00Z")
        #expect(early.exitCode == 0 && !early.out.contains("read") && !early.out.contains("unchanged"), "\(early.out)")
        let second = try await Self.poll(org, at: "2026-11-15T12:16:00Z")
        #expect(second.out.contains("unchanged"), "\(second.out)")
        let requests = try server.requests()
        #expect(requests.map(\.status) == [200, 304])
        #expect(requests[0].ifNoneMatch == nil)
        #expect(requests[1].ifNoneMatch?.hasPrefix("\"") == true)
        #expect(requests[1].ifModifiedSince != nil)

        // The series is cut short to three weeks and the moved occurrence dropped: three drafts leave the queue.
        let shorter = try Self.weekly.replacingOccurrences(of: "COUNT=6", with: "COUNT=3")
        let cut = shorter.range(of: "BEGIN:VEVENT", options: .backwards)!.lowerBound
        try server.serve(String(shorter[..<cut]) + "END:VCALENDAR\r\n", as: "basic.ics")
        let third = try await Self.poll(org, at: "2026-11-15T12:32:00Z")
        #expect(third.out.contains("0 added, 0 updated, 3 withdrawn"), "\(third.out)")
        #expect(try await CalendarCLITests.drafts(org).count == 2)
        #expect(try await CalendarCLITests.drafts(org, state: "withdrawn").count == 3)

        let listed = try await radar("calendar", "feed", "list", "--format", "csv", org: org.slug)
        #expect(!listed.out.contains(secret))
        #expect(listed.out.contains(",\(owner),2026-11-15T12:32:00"), "\(listed.out)")
    }

    @Test func failingFeedBacksOffAndSaysWhyWithoutItsAddress() async throws {
        let (org, owner) = try await Self.organisation("feed-fail")
        let server = try CalendarFeedServer()
        defer { server.stop() }
        try server.answer(503)
        let secret = "owa-secret-0a9b8c7d"
        _ = try await radar(
            "calendar", "feed", "add", "http://localhost:\(server.port)/\(secret)/calendar.ics", "--owner", owner,
            org: org.slug)
        let first = try await Self.poll(org, at: "2026-11-15T12:00:00Z")
        #expect(first.exitCode == 1)
        #expect(first.out.contains("failed: the calendar answered 503"), "\(first.out)")
        var listed = try await radar("calendar", "feed", "list", "--format", "csv", org: org.slug)
        // The first failure waits the usual 15 minutes, the second 30.
        #expect(listed.out.contains(",2026-11-15T12:15:00Z,1,the calendar answered 503"), "\(listed.out)")
        _ = try await Self.poll(org, at: "2026-11-15T12:15:00Z")
        listed = try await radar("calendar", "feed", "list", "--format", "csv", org: org.slug)
        #expect(listed.out.contains(",2026-11-15T12:45:00Z,2,"), "\(listed.out)")
        #expect(!listed.out.contains(secret))
        // Not due in between: no request.
        _ = try await Self.poll(org, at: "2026-11-15T12:40:00Z")
        #expect(try server.requests().count == 2)
        // Healthy again: read, and the count of failures starts over.
        try server.answer(nil)
        try server.serve(try Self.weekly, as: "calendar.ics")
        let healthy = try await Self.poll(org, at: "2026-11-15T12:45:00Z")
        #expect(healthy.exitCode == 0, "\(healthy.out)")
        listed = try await radar("calendar", "feed", "list", "--format", "csv", org: org.slug)
        #expect(listed.out.contains(",2026-11-15T13:00:00Z,0,"), "\(listed.out)")
    }

    @Test func twoInstancesPollingAtOnceFetchTheFeedOnce() async throws {
        let (org, owner) = try await Self.organisation("feed-once")
        let server = try CalendarFeedServer()
        defer { server.stop() }
        try server.serve(try Self.weekly, as: "basic.ics")
        _ = try await radar(
            "calendar", "feed", "add", "http://127.0.0.1:\(server.port)/basic.ics", "--owner", owner, org: org.slug)
        let database = try await TestDatabase.shared()
        let now = try Date("2026-11-15T12:00:00Z", strategy: .iso8601)
        let one = CalendarFeedPoller(database: database, organisations: [org.slug])
        let other = CalendarFeedPoller(database: database, organisations: [org.slug])
        async let a = one.tick(now: now)
        async let b = other.tick(now: now)
        let outcomes = try await a + b
        #expect(outcomes.count == 1)
        #expect(try server.requests().count == 1)
        #expect(try await CalendarCLITests.drafts(org).count == 5)
    }

    @Test func badFeedAddressesAndOwnersAreRefusedNamingTheField() async throws {
        let (org, owner) = try await Self.organisation("feed-bad")
        let plain = try await radar("calendar", "feed", "add", "http://calendar.example.org/x.ics", "--owner", owner, org: org.slug)
        #expect(plain.exitCode == 2)
        #expect(plain.err.contains("url: must be an https address"), "\(plain.err)")
        #expect(!plain.err.contains("calendar.example.org/x.ics"))
        let stranger = try await radar(
            "calendar", "feed", "add", "webcal://calendar.example.org/x.ics", "--owner", "nobody@example.org", org: org.slug)
        #expect(stranger.exitCode == 2)
        #expect(stranger.err.contains("owner: nobody@example.org is not a member of this organisation"), "\(stranger.err)")
        let listed = try await radar("calendar", "feed", "list", "--format", "csv", org: org.slug)
        #expect(listed.out.split(separator: "\r\n").count == 1)
    }
}
