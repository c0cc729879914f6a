import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import RadarServer
import RadarTestSupport
import Testing

@Suite("Calendar drafts and feeds over the API")
struct CalendarAPITests {
    static let weekly = """
        BEGIN:VCALENDAR\\r\\nVERSION:2.0\\r\\nPRODID:-//Test//EN\\r\\nBEGIN:VEVENT\\r\\nUID:weekly-1@example.org\\r\\n\
        DTSTART:20261006T083000Z\\r\\nDURATION:PT30M\\r\\nRRULE:FREQ=WEEKLY;COUNT=3\\r\\n\
        ORGANIZER:mailto:amy.hughes@example.org\\r\\nATTENDEE;PARTSTAT=ACCEPTED:mailto:Ana@Example.org\\r\\n\
        SUMMARY:Ana / Amy\\r\\nEND:VEVENT\\r\\nEND:VCALENDAR\\r\\n
        """

    @Test func hrUploadsAFileConfirmsOneDraftAndDismissesAnother() async throws {
        let fixture = try await ServerFixture.make("api-calendar")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            _ = try await addStakeholder(client, fixture, name: "Ana Alder", email: "ana@example.org")
            let upload = try await client.send(
                .post, "\(org)/calendar/imports", as: fixture.hr,
                json: #"{"content": "\#(Self.weekly)", "as_of": "2026-11-01T00:00:00Z"}"#)
            #expect(upload.status == 200, "\(upload.text)")
            #expect(upload.json["added"] as? Int == 3)
            let listed = try await client.send(.get, "\(org)/calendar/drafts", as: fixture.viewer)
            #expect(listed.status == 200, "\(listed.text)")
            let items = try #require(listed.json["items"] as? [[String: Any]])
            #expect(items.count == 3)
            #expect(items.first?["kind"] as? String == "one_to_one")
            let people = try #require(items.first?["people"] as? [[String: Any]])
            #expect(people.map { $0["tracked"] as? Bool } == [false, true])
            #expect(people.last?["attendance"] as? String == "attended")
            let ids = items.compactMap { $0["id"] as? String }
            let confirmed = try await client.send(
                .post, "\(org)/calendar/drafts/\(ids[0].prefix(8))/confirm", as: fixture.hr,
                json: #"{"guidelines": ["G06"], "participants": [{"email": "ana@example.org", "engagement": "supportive"}]}"#)
            #expect(confirmed.status == 201, "\(confirmed.text)")
            #expect(confirmed.json["kind"] as? String == "one_to_one")
            let again = try await client.send(
                .post, "\(org)/calendar/drafts/\(ids[0])/confirm", as: fixture.hr, json: "{}")
            #expect(again.status == 409, "\(again.text)")
            let dismissed = try await client.send(.post, "\(org)/calendar/drafts/\(ids[1])/dismiss", as: fixture.hr)
            #expect(dismissed.status == 200, "\(dismissed.text)")
            #expect(dismissed.json["state"] as? String == "dismissed")
            let viewer = try await client.send(.post, "\(org)/calendar/drafts/\(ids[2])/dismiss", as: fixture.viewer)
            #expect(viewer.status == 403)
            let pending = try await client.send(.get, "\(org)/calendar/drafts?state=pending", as: fixture.hr)
            #expect((pending.json["items"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test func brokenFileAndFeedAddressesAreRefusedNamingTheField() async throws {
        let fixture = try await ServerFixture.make("api-calendar-bad")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            let broken = try await client.send(
                .post, "\(org)/calendar/imports", as: fixture.hr,
                json: #"{"content": "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:2026\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"}"#)
            #expect(broken.status == 422, "\(broken.text)")
            #expect(broken.text.contains("line 4, DTSTART"), "\(broken.text)")
            let secret = "https://calendar.example.org/private-0f1e2d3c/basic.ics"
            let feed = try await client.send(
                .post, "\(org)/calendar/feeds", as: fixture.admin,
                json: #"{"url": "\#(secret)", "owner": "\#(fixture.hr.email)"}"#)
            #expect(feed.status == 201, "\(feed.text)")
            #expect(feed.json["address"] as? String == "https://calendar.example.org/…")
            #expect(!feed.text.contains("private-0f1e2d3c"))
            let twice = try await client.send(
                .post, "\(org)/calendar/feeds", as: fixture.admin,
                json: #"{"url": "\#(secret)", "owner": "\#(fixture.hr.email)"}"#)
            #expect(twice.status == 422, "\(twice.text)")
            #expect(twice.problemFields == ["url"])
            let byHR = try await client.send(.get, "\(org)/calendar/feeds", as: fixture.hr)
            #expect(byHR.status == 403)
            let id = try #require(feed.json["id"] as? String)
            let removed = try await client.send(.delete, "\(org)/calendar/feeds/\(id)", as: fixture.admin)
            #expect(removed.status == 200, "\(removed.text)")
        }
    }
}
