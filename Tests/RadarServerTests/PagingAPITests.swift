import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import RadarServer
import RadarTestSupport
import Testing

@Suite("API lists page by the last item's sort key")
struct PagingAPITests {
    /// Every e-mail of `GET …/stakeholders` read `limit` at a time; `between` runs after each page.
    static func walkStakeholders(
        _ client: any TestClientProtocol, _ fixture: ServerFixture, limit: Int,
        between: (Int) async throws -> Void = { _ in }
    ) async throws -> [String] {
        var cursor: String?
        var seen: [String] = []
        var pages = 0
        repeat {
            let query = cursor.map { "&cursor=\($0)" } ?? ""
            let page = try await client.send(
                .get, "/api/v1/orgs/\(fixture.org.slug)/stakeholders?limit=\(limit)\(query)", as: fixture.viewer)
            #expect(page.status == 200, "\(page.text)")
            let items = page.json["items"] as? [[String: Any]] ?? []
            #expect(items.count <= limit)
            seen += items.compactMap { $0["email"] as? String }
            cursor = page.json["next_cursor"] as? String
            pages += 1
            if cursor != nil { try await between(pages) }
        } while cursor != nil && pages < 50
        return seen
    }

    @Test("walking a list with ties on the name gives everyone once in the whole list's order")
    func walkingWithTiesGivesEveryoneOnce() async throws {
        let fixture = try await ServerFixture.make("paging-ties")
        try await fixture.withClient { client in
            for (index, name) in ["Sam Lee", "Ada Park", "Sam Lee", "Sam Lee", "Ada Park"].enumerated() {
                _ = try await addStakeholder(client, fixture, name: name, email: "p\(9 - index)@example.org")
            }
            let whole = try await client.send(
                .get, "/api/v1/orgs/\(fixture.org.slug)/stakeholders?limit=200", as: fixture.viewer)
            let expected = (whole.json["items"] as? [[String: Any]] ?? []).compactMap { $0["email"] as? String }
            #expect(
                expected == [
                    "p5@example.org", "p8@example.org", "p6@example.org", "p7@example.org",
                    "p9@example.org",
                ])
            #expect(try await Self.walkStakeholders(client, fixture, limit: 2) == expected)
        }
    }

    @Test("someone added before the cursor between two pages repeats no one and skips no one")
    func aStakeholderAddedBeforeTheCursorShiftsNothing() async throws {
        let fixture = try await ServerFixture.make("paging-insert")
        try await fixture.withClient { client in
            for index in 0..<5 {
                _ = try await addStakeholder(client, fixture, name: "Person \(index)", email: "p\(index)@example.org")
            }
            let walked = try await Self.walkStakeholders(client, fixture, limit: 2) { page in
                _ = try await addStakeholder(client, fixture, name: "Aaron \(page)", email: "a\(page)@example.org")
            }
            #expect(walked == (0..<5).map { "p\($0)@example.org" })
        }
    }

    @Test("a forged cursor, or one of another list, is a 422 naming `cursor`; a limit out of range names `limit`")
    func aForgedCursorIsRefused() async throws {
        let fixture = try await ServerFixture.make("paging-forged")
        try await fixture.withClient { client in
            for index in 0..<3 {
                _ = try await addStakeholder(client, fixture, name: "Person \(index)", email: "p\(index)@example.org")
            }
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            let first = try await client.send(.get, "\(org)/stakeholders?limit=1", as: fixture.viewer)
            let cursor = try #require(first.json["next_cursor"] as? String)
            let offsetStyle = Data("o:1".utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
            for path in [
                "stakeholders?cursor=\(offsetStyle)", "stakeholders?cursor=not-a-cursor",
                "conversations?cursor=\(cursor)", "flags?cursor=\(cursor)", "digests?cursor=\(cursor)",
            ] {
                let answer = try await client.send(.get, "\(org)/\(path)", as: fixture.viewer)
                #expect(answer.status == 422, "\(path): \(answer.text)")
                #expect(answer.problemFields == ["cursor"], "\(path)")
            }
            let both = try await client.send(.get, "\(org)/fears?limit=0&cursor=zz", as: fixture.viewer)
            #expect(both.status == 422)
            #expect(both.problemFields == ["limit", "cursor"])
        }
    }
}
