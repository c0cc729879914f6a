import Foundation
import HTTPTypes
import HummingbirdTesting
import RadarAccess
@testable import RadarServer
import RadarTestSupport
import Testing

/// Silences and a flag's history through the API: admins silence by matcher, bad input is a problem naming the
/// field, viewers never receive free-text reasons, and every change of a flag is in its history.
@Suite("Flag life through the API")
struct FlagLifeAPITests {
    @Test func anAdminSilencesByMatcherAndViewersDoNotSeeTheReason() async throws {
        let fixture = try await ServerFixture.make("silenceapi")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            _ = try await addStakeholder(client, fixture, name: "Maya Lead", email: "maya@example.org")
            let bad = try await client.send(
                .post, "\(org)/silences", as: fixture.admin,
                json: #"{"guideline": "G11", "subject": "nobody@example.org", "until": "2026-13-01", "reason": "x"}"#)
            #expect(bad.status == 422, "\(bad.text)")
            #expect(bad.contentType.hasPrefix("application/problem+json"))
            #expect(bad.problemFields.contains("until"), "\(bad.text)")
            let unknown = try await client.send(
                .post, "\(org)/silences", as: fixture.admin,
                json: #"{"guideline": "G11", "subject": "nobody@example.org", "until": "2026-11-01", "reason": "x"}"#)
            #expect(unknown.status == 422, "\(unknown.text)")
            #expect(unknown.problemFields == ["subject"], "\(unknown.text)")
            let byHR = try await client.send(
                .post, "\(org)/silences", as: fixture.hr,
                json: #"{"guideline": "G11", "until": "2026-11-01", "reason": "sabbatical"}"#)
            #expect(byHR.status == 403, "\(byHR.text)")
            let added = try await client.send(
                .post, "\(org)/silences", as: fixture.admin,
                json:
                    #"{"guideline": "G11", "subject": "maya@example.org", "until": "2026-11-01", "reason": "sabbatical"}"#
            )
            #expect(added.status == 201, "\(added.text)")
            let id = try #require(added.json["id"] as? String)
            let check = try await client.send(
                .post, "\(org)/check", as: fixture.hr, json: #"{"as_of": "2026-10-15T12:00:00Z"}"#)
            #expect(check.status == 200, "\(check.text)")
            let flags = try #require(check.json["flags"] as? [[String: Any]])
            let silenced = flags.filter { $0["status"] as? String == "silenced" }
            #expect(!silenced.isEmpty, "\(check.text)")
            #expect(check.json["silenced"] as? Int == silenced.count)
            #expect(silenced.allSatisfy { $0["guideline"] as? String == "G11" && $0["silence_id"] as? String == id })
            #expect(silenced.allSatisfy { $0["silence_reason"] as? String == "sabbatical" })
            let asViewer = try await client.send(.get, "\(org)/flags?status=silenced", as: fixture.viewer)
            let seen = try #require(asViewer.json["items"] as? [[String: Any]])
            #expect(!seen.isEmpty)
            #expect(seen.allSatisfy { $0["silence_reason"] == nil && $0["silence_id"] != nil })
            let listed = try await client.send(.get, "\(org)/silences", as: fixture.viewer)
            let items = try #require(listed.json["items"] as? [[String: Any]])
            #expect(items.count == 1)
            #expect(items.first?["reason"] == nil)
            #expect(items.first?["subject"] as? String == "maya@example.org")
            let ended = try await client.send(.post, "\(org)/silences/\(id)/end", as: fixture.admin)
            #expect(ended.status == 200, "\(ended.text)")
            #expect(ended.json["state"] as? String == "ended")
            let again = try await client.send(.post, "\(org)/silences/\(id)/end", as: fixture.admin)
            #expect(again.status == 409, "\(again.text)")
            // Another organisation's admin cannot see or end it.
            let outside = try await client.send(
                .post, "/api/v1/orgs/\(fixture.other.slug)/silences/\(id)/end", as: fixture.outsider)
            #expect(outside.status == 404, "\(outside.text)")
        }
    }

    @Test func anAdminChangesARulesPendingPeriodAndWhatItSuppresses() async throws {
        let fixture = try await ServerFixture.make("forapi")
        try await fixture.withClient { client in
            let rule = "/api/v1/orgs/\(fixture.org.slug)/rules/silent-leader"
            let read = try await client.send(.get, rule, as: fixture.viewer)
            #expect(read.json["for_days"] as? Int == 3)
            #expect(read.json["suppresses"] as? [String] == ["fading-contact", "score-decline", "engagement-gap", "slowing-rhythm"])
            let version = try #require(read.json["version"] as? Int)
            let bad = try await client.send(
                .patch, rule, as: fixture.admin, json: #"{"version": \#(version), "suppresses": ["no-such-rule"]}"#)
            #expect(bad.status == 422, "\(bad.text)")
            #expect(bad.problemFields == ["suppresses"], "\(bad.text)")
            let changed = try await client.send(
                .patch, rule, as: fixture.admin,
                json: #"{"version": \#(version), "for_days": 5, "suppresses": ["fading-contact"]}"#)
            #expect(changed.status == 200, "\(changed.text)")
            #expect(changed.json["for_days"] as? Int == 5)
            #expect(changed.json["suppresses"] as? [String] == ["fading-contact"])
        }
    }

    @Test func aFlagsHistoryListsItsChangesWithFactsAndHidesReasonsFromViewers() async throws {
        let fixture = try await ServerFixture.make("historyapi")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            _ = try await addStakeholder(client, fixture, name: "Ida Lead", email: "ida@example.org")
            let check = try await client.send(
                .post, "\(org)/check", as: fixture.hr, json: #"{"as_of": "2026-06-01T00:00:00Z"}"#)
            let flags = try #require(check.json["flags"] as? [[String: Any]])
            let flag = try #require(flags.first { $0["status"] as? String == "open" })
            let flagID = try #require(flag["id"] as? String)
            let acknowledged = try await client.send(
                .post, "\(org)/flags/\(flagID)/acknowledge", as: fixture.hr, json: #"{"reason": "On it"}"#)
            #expect(acknowledged.status == 200, "\(acknowledged.text)")
            let history = try await client.send(.get, "\(org)/flags/\(flagID)/history", as: fixture.hr)
            #expect(history.status == 200, "\(history.text)")
            let events = try #require(history.json["events"] as? [[String: Any]])
            #expect(events.map { $0["event"] as? String } == ["raised", "acknowledged"])
            #expect(events.first?["evidence"] is [String: Any])
            #expect(events.last?["reason"] as? String == "On it")
            let asViewer = try await client.send(.get, "\(org)/flags/\(flagID)/history", as: fixture.viewer)
            let viewed = try #require(asViewer.json["events"] as? [[String: Any]])
            #expect(viewed.count == 2)
            #expect(viewed.last?["reason"] == nil)
            let missing = try await client.send(
                .get, "\(org)/flags/00000000-0000-0000-0000-000000000000/history", as: fixture.hr)
            #expect(missing.status == 404)
        }
    }
}
