import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
@testable import RadarServer
import RadarStore
import RadarTestSupport
import Testing

@Suite("Problem details for every class of error")
struct ProblemDetailsTests {
    /// Every problem is RFC 9457 JSON with type, title, status and detail, and never leaks SQL.
    func expectProblem(_ answer: Answer, _ status: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(answer.status == status, "\(answer.text)", sourceLocation: sourceLocation)
        #expect(answer.contentType == "application/problem+json", sourceLocation: sourceLocation)
        #expect(answer.json["type"] is String, sourceLocation: sourceLocation)
        #expect(answer.json["title"] is String, sourceLocation: sourceLocation)
        #expect(answer.json["status"] as? Int == status, sourceLocation: sourceLocation)
        #expect(answer.json["detail"] is String, sourceLocation: sourceLocation)
        for leak in ["SELECT", "INSERT", "SQLSTATE", "PostgreSQL error", "radar_app", "violates"] {
            #expect(
                !answer.text.contains(leak), "problem leaks \(leak): \(answer.text)", sourceLocation: sourceLocation)
        }
        #expect(answer.headers[.cacheControl] == "no-store", sourceLocation: sourceLocation)
    }

    @Test func unacceptableValuesAre422WithEveryFieldListed() async throws {
        let fixture = try await ServerFixture.make("problem400")
        try await fixture.withClient { client in
            let answer = try await client.send(
                .post, "/api/v1/orgs/\(fixture.org.slug)/stakeholders", as: fixture.hr,
                json: #"{"name": "", "email": "not-an-address", "tier": "top_team", "influence": 9}"#)
            expectProblem(answer, 422)
            #expect(
                Set(answer.problemFields).isSuperset(of: ["name", "email", "influence"]), "\(answer.problemFields)")
        }
    }

    @Test func inputTheDatabaseWouldRefuseIs4xx() async throws {
        let fixture = try await ServerFixture.make("problem4xx")
        try await fixture.withClient { client in
            let path = "/api/v1/orgs/\(fixture.org.slug)/stakeholders"
            let overlong = String(repeating: "x", count: 201)
            // 400: the request cannot be read; 422: it was read, but a value cannot be stored.
            let cases: [(String, String, Int)] = [
                (stakeholderJSON(name: overlong, email: "a@example.org"), "name", 422),
                (#"{"name": "A\u0000B", "email": "b@example.org", "tier": "top_team"}"#, "name", 422),
                (#"{"name": "A", "email": "c@example.org", "tier": "emperor"}"#, "tier", 400),
                // Foundation's decoder refuses a number too large for Int while parsing, before it knows the key.
                (
                    #"{"name": "A", "email": "d@example.org", "tier": "top_team", "influence": 99999999999999999999}"#,
                    "body", 400
                ),
                (#"{"name": "A", "email": "e@example.org", "tier": "top_team""#, "body", 400),
                (#"{"name": "A", "tier": "top_team"}"#, "email", 400),
            ]
            for (body, field, status) in cases {
                let answer = try await client.send(.post, path, as: fixture.hr, json: body)
                expectProblem(answer, status)
                #expect(answer.problemFields.contains(field), "\(body) → \(answer.text)")
            }
            // NUL in a query parameter cannot be sent to PostgreSQL either.
            let nulInQuery = try await client.send(
                .get, "/api/v1/orgs/\(fixture.org.slug)/conversations?participant=A%00B", as: fixture.hr)
            expectProblem(nulInQuery, 422)
            let wrongType = try await client.send(
                .post, path, as: fixture.hr, json: "name=A", contentType: "text/plain")
            expectProblem(wrongType, 415)
            // No body at all has no media type to judge: the operation itself says its body is missing.
            let noBody = try await client.send(.post, path, as: fixture.hr)
            expectProblem(noBody, 400)
        }
    }

    @Test func missingOrUnknownTokensAre401() async throws {
        let fixture = try await ServerFixture.make("problem401")
        try await fixture.withClient { client in
            let path = "/api/v1/orgs/\(fixture.org.slug)/stakeholders"
            expectProblem(try await client.send(.get, path), 401)
            var forged = fixture.hr
            forged.token = "rdr_" + String(repeating: "0", count: 43)
            expectProblem(try await client.send(.get, path, as: forged), 401)
        }
    }

    @Test func aViewerWritingIs403() async throws {
        let fixture = try await ServerFixture.make("problem403")
        try await fixture.withClient { client in
            let answer = try await client.send(
                .post, "/api/v1/orgs/\(fixture.org.slug)/stakeholders", as: fixture.viewer,
                json: stakeholderJSON(name: "Ann", email: "ann@example.org"))
            expectProblem(answer, 403)
        }
    }

    @Test func anotherOrganisationsIdsAndSlugAnswer404LikeIdsThatDoNotExist() async throws {
        let fixture = try await ServerFixture.make("problem404")
        try await fixture.withClient { client in
            let theirs = try await client.send(
                .post, "/api/v1/orgs/\(fixture.other.slug)/stakeholders", as: fixture.outsider,
                json: stakeholderJSON(name: "Bea", email: "bea@example.org"))
            let theirID = try #require(theirs.json["id"] as? String)
            let foreign = try await client.send(
                .get, "/api/v1/orgs/\(fixture.org.slug)/stakeholders/\(theirID)", as: fixture.admin)
            let missing = try await client.send(
                .get, "/api/v1/orgs/\(fixture.org.slug)/stakeholders/\(UUID().uuidString)", as: fixture.admin)
            expectProblem(foreign, 404)
            expectProblem(missing, 404)
            #expect(foreign.json["detail"] as? String == missing.json["detail"] as? String)
            let otherSlug = try await client.send(
                .get, "/api/v1/orgs/\(fixture.other.slug)/stakeholders",
                as: fixture.admin)
            let noSlug = try await client.send(
                .get, "/api/v1/orgs/no-such-org-\(UUID().uuidString.prefix(6))/stakeholders",
                as: fixture.admin)
            expectProblem(otherSlug, 404)
            expectProblem(noSlug, 404)
            #expect(otherSlug.json["detail"] as? String == noSlug.json["detail"] as? String)
            expectProblem(try await client.send(.get, "/api/v1/nothing/here", as: fixture.admin), 404)
        }
    }

    @Test func anUnsupportedMethodIs405WithAllow() async throws {
        let fixture = try await ServerFixture.make("problem405")
        try await fixture.withClient { client in
            let answer = try await client.send(
                .delete, "/api/v1/orgs/\(fixture.org.slug)/stakeholders",
                as: fixture.admin)
            expectProblem(answer, 405)
            let allow = Set(
                (answer.headers[.allow] ?? "").split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces)
                })
            #expect(allow.isSuperset(of: ["GET", "POST"]), "\(allow)")
            #expect(!allow.contains("DELETE"))
        }
    }

    @Test func aStaleVersionIs409() async throws {
        let fixture = try await ServerFixture.make("problem409")
        try await fixture.withClient { client in
            let id = try await addStakeholder(client, fixture, name: "Cy", email: "cy@example.org")
            let path = "/api/v1/orgs/\(fixture.org.slug)/stakeholders/\(id)"
            let first = try await client.send(.patch, path, as: fixture.hr, json: #"{"version": 1, "title": "CFO"}"#)
            #expect(first.status == 200, "\(first.text)")
            #expect(first.json["version"] as? Int == 2)
            let stale = try await client.send(.patch, path, as: fixture.hr, json: #"{"version": 1, "title": "CEO"}"#)
            expectProblem(stale, 409)
            let now = try await client.send(.get, path, as: fixture.hr)
            #expect(now.json["title"] as? String == "CFO")
        }
    }

    @Test func anIdempotencyKeyReusedWithAnotherBodyIs422() async throws {
        let fixture = try await ServerFixture.make("problem422")
        try await fixture.withClient { client in
            let path = "/api/v1/orgs/\(fixture.org.slug)/stakeholders"
            let key: HTTPFields = [.idempotencyKey: "key-\(UUID().uuidString)"]
            let first = try await client.send(
                .post, path, as: fixture.hr,
                json: stakeholderJSON(name: "Di", email: "di@example.org"), headers: key)
            #expect(first.status == 201)
            let replay = try await client.send(
                .post, path, as: fixture.hr,
                json: stakeholderJSON(name: "Di", email: "di@example.org"), headers: key)
            #expect(replay.status == 201)
            #expect(replay.text == first.text)
            let other = try await client.send(
                .post, path, as: fixture.hr,
                json: stakeholderJSON(name: "Ed", email: "ed@example.org"), headers: key)
            expectProblem(other, 422)
        }
    }

    @Test func anUnreachableDatabaseIs503WithRetryAfter() async throws {
        var configuration = ConnectionPoolConfiguration(
            conninfo: "postgresql://radar@127.0.0.1:1/radar?connect_timeout=2", size: 1,
            acquireTimeout: .seconds(2))
        configuration.applicationName = "radar test"
        let down = RadarDatabase(pool: ConnectionPool(configuration: configuration), logger: .init(label: "down"))
        let fixture = try await ServerFixture.make("problem503", database: down)
        try await fixture.withClient { client in
            let answer = try await client.send(.get, "/api/v1/orgs/\(fixture.org.slug)/stakeholders", as: fixture.hr)
            expectProblem(answer, 503)
            #expect(Int(answer.headers[.retryAfter] ?? "") ?? 0 > 0)
            let ready = try await client.send(.get, "/readyz")
            expectProblem(ready, 503)
            let alive = try await client.send(.get, "/healthz")
            #expect(alive.status == 200)
        }
        await down.close()
    }

    @Test("a database nobody has migrated yet, read by the service's own login, is not ready: 503, not 500")
    func anUnmigratedDatabaseIsNotReady() async throws {
        let (fresh, name) = try await TestDatabase.freshDatabase()
        await fresh.close()
        var components = try #require(URLComponents(string: try TestDatabase.serviceURL()))
        components.path = "/" + name
        let empty = RadarDatabase.open(conninfo: try #require(components.string), poolSize: 1)
        let fixture = try await ServerFixture.make("problem-unmigrated", database: empty)
        try await fixture.withClient { client in
            let ready = try await client.send(.get, "/readyz")
            expectProblem(ready, 503)
            #expect(ready.text.contains("radar migrate"), "\(ready.text)")
        }
        await empty.close()
    }

    @Test func requestIDsAreEchoedAndAnswersAreNotCached() async throws {
        let fixture = try await ServerFixture.make("problemid")
        try await fixture.withClient { client in
            let answer = try await client.send(
                .get, "/api/v1/orgs/\(fixture.org.slug)/stakeholders", as: fixture.hr,
                headers: [.requestID: "trace-123"])
            #expect(answer.status == 200)
            #expect(answer.headers[.requestID] == "trace-123")
            #expect(answer.headers[.cacheControl] == "no-store")
        }
    }
}
