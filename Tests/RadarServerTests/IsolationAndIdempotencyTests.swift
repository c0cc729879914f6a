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

    /// Recording checks its token in one statement that leaves the session as it found it, and the service's
    /// connections go from one organisation to the other between borrows: none may carry a tenant's state (its
    /// organisation, actor, member or role) into the next request.
    @Test func aThousandInterleavedRecordingsOnTheServiceLoginNeverCrossOrganisations() async throws {
        let service = RadarDatabase.open(conninfo: try TestDatabase.serviceURL(), poolSize: 2)
        let fixture = try await ServerFixture.make("rec-mix", database: service)
        let sides = [
            (path: "/api/v1/orgs/\(fixture.org.slug)", member: fixture.hr, domain: "@alpha.test"),
            (path: "/api/v1/orgs/\(fixture.other.slug)", member: fixture.outsider, domain: "@beta.test"),
        ]
        try await fixture.withClient { client in
            for side in sides {
                for index in 0..<3 {
                    let added = try await client.send(
                        .post, "\(side.path)/stakeholders", as: side.member,
                        json: stakeholderJSON(name: "Person \(index)", email: "p\(index)\(side.domain)"))
                    #expect(added.status == 201, "\(added.text)")
                }
            }
            /// One request of the mix: recording a conversation of the side's people (every tenth names a person of
            /// the other side, which must not be found), or listing the side's conversations.
            @Sendable func request(_ number: Int) async throws -> (Int, Answer, Bool) {
                let side = sides[number % 2]
                let foreign = sides[(number + 1) % 2].domain
                let names = number % 10 == 4 ? ["p0\(side.domain)", "p1\(foreign)"] : ["p0\(side.domain)", "p2\(side.domain)"]
                if number % 4 < 2 || number % 10 == 4 {
                    let body = """
                        {"ref": "mix-\(number)", "occurred_at": "2026-05-20T10:00:00Z", "kind": "group",
                         "participants": [{"email": "\(names[0])"}, {"email": "\(names[1])", "attendance": "declined"}],
                         "guidelines": ["G04", "G01"],
                         "fears": [{"email": "\(names[0])", "category": "time", "statement": "Fear \(number)"}]}
                        """
                    return (number, try await client.send(.post, "\(side.path)/conversations", as: side.member, json: body), true)
                }
                return (number, try await client.send(.get, "\(side.path)/conversations?limit=5", as: side.member), false)
            }
            var answered = 0
            var foreignEmails = 0
            var recorded = 0
            for batch in 0..<50 {
                let results = try await withThrowingTaskGroup(of: (Int, Answer, Bool).self) { group in
                    for index in 0..<20 { group.addTask { try await request(batch * 20 + index) } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                for (number, answer, isRecording) in results {
                    answered += 1
                    let side = sides[number % 2]
                    let conversations = isRecording ? [answer.json] : answer.json["items"] as? [[String: Any]] ?? []
                    if number % 10 == 4 {
                        #expect(answer.status == 422, "\(number): \(answer.text)")
                        continue
                    }
                    #expect(answer.status == (isRecording ? 201 : 200), "\(number): \(answer.text)")
                    if isRecording {
                        recorded += 1
                        #expect(answer.json["ref"] as? String == "mix-\(number)")
                        #expect(answer.json["guidelines"] as? [String] == ["G01", "G04"])
                    }
                    for conversation in conversations {
                        let people = conversation["participants"] as? [[String: Any]] ?? []
                        let fears = conversation["fears"] as? [[String: Any]] ?? []
                        #expect(people.count == 2 && fears.count == 1, "\(number): \(conversation)")
                        foreignEmails += (people + fears).compactMap { $0["email"] as? String }
                            .filter { !$0.hasSuffix(side.domain) }.count
                    }
                }
            }
            #expect(answered == 1000)
            #expect(recorded == 450)
            #expect(foreignEmails == 0)
            // Each recording is in its own organisation and nowhere else: 200 in the first (the requests naming a
            // foreign person recorded nothing), 250 in the second.
            for (side, expected) in zip(sides, [200, 250]) {
                var refs: [String] = []
                var cursor: String?
                repeat {
                    let page = try await client.send(
                        .get, "\(side.path)/conversations?limit=200" + (cursor.map { "&cursor=\($0)" } ?? ""),
                        as: side.member)
                    refs += (page.json["items"] as? [[String: Any]] ?? []).compactMap { $0["ref"] as? String }
                    cursor = page.json["next_cursor"] as? String
                } while cursor != nil
                #expect(refs.count == expected)
                #expect(refs.compactMap { Int($0.dropFirst("mix-".count)) }.allSatisfy { sides[$0 % 2].path == side.path })
            }
        }
        await service.close()
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

    @Test("the answer kept for a retry is sealed: the table holds neither the key nor the fear, and the retry gets both back")
    func storedAnswersAreSealed() async throws {
        let fixture = try await ServerFixture.make("idem-sealed")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)"
            _ = try await addStakeholder(client, fixture, name: "Ivy", email: "ivy@example.org")
            let fear = "Worried that coaching \(UUID().uuidString) exposes the team"
            let body = """
                {"occurred_at": "2026-03-02T10:00:00Z", "kind": "one_to_one", "participants": [{"email": "ivy@example.org"}],
                 "fears": [{"email": "ivy@example.org", "category": "exposure", "statement": "\(fear)"}]}
                """
            let raw = "sealed-\(UUID().uuidString)"
            let key: HTTPFields = [.idempotencyKey: raw]
            let first = try await client.send(.post, "\(org)/conversations", as: fixture.hr, json: body, headers: key)
            #expect(first.status == 201, "\(first.text)")
            #expect(first.text.contains(fear))

            let database = try await TestDatabase.shared()
            let rows = try await database.pool.withConnection { connection in
                try connection.query(
                    """
                    SELECT k.key, k.body FROM idempotency_keys k JOIN users u ON u.id = k.user_id WHERE u.email = $1
                    """, [fixture.hr.email]
                ).map { (try $0.decode("key", as: String.self), try $0.decode("body", as: String?.self) ?? "") }
            }
            #expect(rows.count == 1)
            for (stored, answer) in rows {
                #expect(!stored.contains(raw), "the key is kept only as its hash")
                let bytes = Data(base64Encoded: answer) ?? Data()
                #expect(!bytes.isEmpty)
                #expect(bytes.range(of: Data(fear.utf8)) == nil, "the fear is not readable in the table")
                #expect(bytes.range(of: Data("exposure".utf8)) == nil)
            }

            let retry = try await client.send(.post, "\(org)/conversations", as: fixture.hr, json: body, headers: key)
            #expect(retry.status == 201)
            #expect(retry.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(retry.text == first.text)
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
