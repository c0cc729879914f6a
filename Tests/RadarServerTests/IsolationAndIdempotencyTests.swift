import Foundation
import HTTPTypes
import HummingbirdTesting
import RadarAccess
@testable import RadarServer
import RadarStore
import RadarTestSupport
import Testing

@Suite("Tenant isolation per request and idempotent retries")
struct IsolationAndIdempotencyTests {
    @Test func aThousandInterleavedRequestsOnOneConnectionNeverSeeAForeignRow() async throws {
        let single = RadarDatabase.open(conninfo: try TestDatabase.superuserURL(), poolSize: 1)
        let fixture = try await ServerFixture.make("one-conn", database: single)
        try await fixture.withClient { client in
            let alpha = "/api/v1/orgs/\(fixture.org.slug)/stakeholders"
            let beta = "/api/v1/orgs/\(fixture.other.slug)/stakeholders"
            for index in 0..<3 {
                let a = try await client.send(
                    .post, alpha, as: fixture.hr,
                    json: stakeholderJSON(name: "Alpha \(index)", email: "a\(index)@alpha.test"))
                let b = try await client.send(
                    .post, beta, as: fixture.outsider,
                    json: stakeholderJSON(name: "Beta \(index)", email: "b\(index)@beta.test"))
                #expect(a.status == 201 && b.status == 201)
            }
            var foreign = 0
            var answered = 0
            for batch in 0..<50 {
                let results = try await withThrowingTaskGroup(of: (Bool, Answer).self) { group in
                    for index in 0..<20 {
                        let isAlpha = (batch * 20 + index) % 2 == 0
                        group.addTask {
                            (
                                isAlpha,
                                try await client.send(
                                    .get, isAlpha ? alpha : beta,
                                    as: isAlpha ? fixture.hr : fixture.outsider)
                            )
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                for (isAlpha, answer) in results {
                    #expect(answer.status == 200, "\(answer.text)")
                    answered += 1
                    let emails = (answer.json["items"] as? [[String: Any]] ?? []).compactMap { $0["email"] as? String }
                    #expect(emails.count == 3)
                    foreign += emails.filter { $0.hasSuffix(isAlpha ? "@beta.test" : "@alpha.test") }.count
                }
            }
            #expect(answered == 1000)
            #expect(foreign == 0)
        }
        await single.close()
    }

    @Test func tenConcurrentPostsWithOneKeyRecordOneConversation() async throws {
        let fixture = try await ServerFixture.make("idem")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            _ = try await addStakeholder(client, fixture, name: "Ivy", email: "ivy@example.org")
            let body = """
                {"occurred_at": "2026-03-02T10:00:00Z", "kind": "one_to_one", "participants": [{"email": "ivy@example.org"}]}
                """
            let key: HTTPFields = [.idempotencyKey: "conv-\(UUID().uuidString)"]
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        try await client.send(.post, "\(org)/conversations", as: fixture.hr, json: body, headers: key)
                            .status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 201 || $0 == 409 }, "\(statuses)")
            #expect(statuses.contains(201))
            let listed = try await client.send(.get, "\(org)/conversations", as: fixture.hr)
            #expect((listed.json["items"] as? [[String: Any]])?.count == 1, "\(listed.text)")
            let retry = try await client.send(.post, "\(org)/conversations", as: fixture.hr, json: body, headers: key)
            #expect(retry.status == 201)
            #expect(retry.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
        }
    }

    @Test func oneKeyNamesOneRequestPerEndpointAndAnotherBodyThereIsRefused() async throws {
        let fixture = try await ServerFixture.make("idem-scope")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            let key: HTTPFields = [.idempotencyKey: "shared-\(UUID().uuidString)"]
            let first = try await client.send(
                .post, "\(org)/stakeholders", as: fixture.hr,
                json: #"{"name": "Uma", "email": "uma@example.org", "tier": "top_team"}"#, headers: key)
            #expect(first.status == 201, "\(first.text)")
            // The same key on another endpoint is another request.
            let elsewhere = try await client.send(
                .post, "\(org)/fears", as: fixture.hr,
                json:
                    #"{"email": "uma@example.org", "category": "time", "statement": "No room in the diary", "raised_on": "2026-03-02"}"#,
                headers: key)
            #expect(elsewhere.status == 201, "\(elsewhere.text)")
            // On the first endpoint, another body with that key is refused and records nothing.
            let reused = try await client.send(
                .post, "\(org)/stakeholders", as: fixture.hr,
                json: #"{"name": "Vic", "email": "vic@example.org", "tier": "top_team"}"#, headers: key)
            #expect(reused.status == 422)
            let vic = try await client.send(.get, "\(org)/stakeholders?limit=200", as: fixture.hr)
            #expect(!vic.text.contains("vic@example.org"))
        }
    }

    @Test func aRetryAfterTheCallerLostTheRightToWriteIsRefusedNotReplayed() async throws {
        let fixture = try await ServerFixture.make("idem-role")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            let key: HTTPFields = [.idempotencyKey: "demoted-\(UUID().uuidString)"]
            let body = stakeholderJSON(name: "Wes", email: "wes@example.org")
            let first = try await client.send(.post, "\(org)/stakeholders", as: fixture.hr, json: body, headers: key)
            #expect(first.status == 201, "\(first.text)")
            // While they may still write, the retry is the stored answer.
            let replayed = try await client.send(.post, "\(org)/stakeholders", as: fixture.hr, json: body, headers: key)
            #expect(replayed.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            try await Accounts(database: TestDatabase.shared(), passwordCost: 4).grant(
                email: fixture.hr.email, organisation: fixture.org.slug, role: .viewer, actor: "test")
            let demoted = try await client.send(.post, "\(org)/stakeholders", as: fixture.hr, json: body, headers: key)
            #expect(demoted.status == 403, "\(demoted.text)")
            #expect(demoted.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
            #expect(!demoted.text.contains("wes@example.org"))
        }
    }
}
