import Foundation
import RadarAccess
import RadarDomain
import Testing

@Suite("Idempotency keys")
struct IdempotencyKeyTests {
    let start = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("ten concurrent requests with one key: exactly one proceeds")
    func tenConcurrentCallersOneProceeds() async throws {
        let fixture = try await AccessFixture()
        let person = try await fixture.person("racer")
        let keys = fixture.keys
        let start = start
        let decisions = try await withThrowingTaskGroup(of: IdempotencyKeys.Decision.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    try await keys.begin(userID: person.id, key: "race-1", requestHash: "h1", now: start)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(decisions.filter { $0 == .proceed }.count == 1)
        #expect(decisions.filter { $0 == .inProgress }.count == 9)
    }

    @Test("a completed request is replayed; another body with the same key is a mismatch")
    func replayAndMismatch() async throws {
        let fixture = try await AccessFixture()
        let person = try await fixture.person("retrier")
        #expect(try await fixture.keys.begin(userID: person.id, key: "k", requestHash: "h1", now: start) == .proceed)
        let body = Data(#"{"id":"c-1"}"#.utf8)
        let headers = ["Content-Type": "application/json", "Location": "/api/v1/acme/conversations/c-1"]
        try await fixture.keys.complete(
            userID: person.id, key: "k", status: 201, headers: headers, body: body, now: start + 1)
        #expect(
            try await fixture.keys.begin(userID: person.id, key: "k", requestHash: "h1", now: start + 60)
                == .replay(status: 201, headers: headers, body: body))
        #expect(
            try await fixture.keys.begin(userID: person.id, key: "k", requestHash: "h2", now: start + 60) == .mismatch)
        // Keys are per user: someone else's "k" is theirs alone.
        let other = try await fixture.person("other")
        #expect(try await fixture.keys.begin(userID: other.id, key: "k", requestHash: "h2", now: start) == .proceed)
    }

    @Test("a key whose write committed outlives a failure after it: a retry is told so and never runs it again")
    func aCommittedWriteKeepsItsKey() async throws {
        let fixture = try await AccessFixture()
        let person = try await fixture.person("dropped")
        let keys = fixture.keys
        let claim = IdempotencyKeys.Claim(userID: person.id, key: "w")
        let asThem = [("radar.user_id", person.id.uuidString.lowercased())]
        #expect(try await keys.begin(userID: person.id, key: "w", requestHash: "h1", now: start) == .proceed)
        // Its transaction only read: marking changes nothing, and the failure gives the key up for a retry.
        try await keys.database.asApplication(settings: asThem) { try IdempotencyKeys.markWritten(claim, on: $0) }
        try await keys.release(userID: person.id, key: "w")
        #expect(try await keys.begin(userID: person.id, key: "w", requestHash: "h1", now: start + 1) == .proceed)
        // This time its transaction wrote (it holds a transaction id) and committed; then the answer was lost.
        try await keys.database.asApplication(settings: asThem) { connection in
            _ = try connection.queryRow("SELECT txid_current()")
            try IdempotencyKeys.markWritten(claim, on: connection)
        }
        try await keys.release(userID: person.id, key: "w")
        #expect(try await keys.begin(userID: person.id, key: "w", requestHash: "h1", now: start + 60) == .carriedOut)
        #expect(
            try await keys.begin(userID: person.id, key: "w", requestHash: "h1", now: start + keys.lease + 60)
                == .carriedOut, "a committed write is never taken over when the lease lapses")
    }

    @Test("a key whose request never finished is refused during its lease, then a retry takes it over")
    func anUnfinishedClaimLapses() async throws {
        let fixture = try await AccessFixture()
        let person = try await fixture.person("crashed")
        let keys = fixture.keys
        #expect(try await keys.begin(userID: person.id, key: "c", requestHash: "h1", now: start) == .proceed)
        // The instance that claimed it died; a retry within the lease still waits for it.
        let waiting = try await keys.begin(userID: person.id, key: "c", requestHash: "h1", now: start + 60)
        #expect(waiting == .inProgress)
        #expect(
            try await keys.begin(userID: person.id, key: "c", requestHash: "h2", now: start + keys.lease + 1)
                == .mismatch, "another request with the key is still refused")
        let retry = try await keys.begin(userID: person.id, key: "c", requestHash: "h1", now: start + keys.lease + 1)
        #expect(retry == .proceed)
        // The retry now holds the key, with a lease of its own.
        let another = try await keys.begin(userID: person.id, key: "c", requestHash: "h1", now: start + keys.lease + 2)
        #expect(another == .inProgress)
        let body = Data("{}".utf8)
        try await keys.complete(userID: person.id, key: "c", status: 201, headers: [:], body: body, now: start + 200)
        #expect(
            try await keys.begin(userID: person.id, key: "c", requestHash: "h1", now: start + 10 * keys.lease)
                == .replay(status: 201, headers: [:], body: body), "a finished answer never lapses within the day")
    }

    @Test("a released key lets a retry proceed")
    func releaseLetsARetryProceed() async throws {
        let fixture = try await AccessFixture()
        let person = try await fixture.person("failer")
        #expect(try await fixture.keys.begin(userID: person.id, key: "k", requestHash: "h1", now: start) == .proceed)
        #expect(try await fixture.keys.begin(userID: person.id, key: "k", requestHash: "h1", now: start) == .inProgress)
        try await fixture.keys.release(userID: person.id, key: "k")
        #expect(try await fixture.keys.begin(userID: person.id, key: "k", requestHash: "h1", now: start) == .proceed)
    }

    @Test("keys expire after 24 hours and are purged")
    func keysExpireAfterADay() async throws {
        let fixture = try await AccessFixture()
        let person = try await fixture.person("slow")
        // Ten days before the other tests' keys, so purging these never touches theirs.
        let start = start - 10 * 24 * 3600
        #expect(try await fixture.keys.begin(userID: person.id, key: "k", requestHash: "h1", now: start) == .proceed)
        try await fixture.keys.complete(
            userID: person.id, key: "k", status: 201, headers: [:], body: Data(), now: start)
        let almost = start + 24 * 3600 - 1
        #expect(try await fixture.keys.begin(userID: person.id, key: "k", requestHash: "h2", now: almost) == .mismatch)
        let after = start + 24 * 3600
        #expect(try await fixture.keys.begin(userID: person.id, key: "k", requestHash: "h2", now: after) == .proceed)

        #expect(try await fixture.keys.begin(userID: person.id, key: "old", requestHash: "h", now: start) == .proceed)
        #expect(try await fixture.keys.purgeExpired(now: start + 2 * 24 * 3600) >= 2)
        #expect(
            try await fixture.inspect(
                "SELECT 1 FROM idempotency_keys WHERE user_id = $1", [person.id]
            ).isEmpty)
    }

    @Test("an empty or overlong key is refused, naming the header")
    func badKeyIsRefused() async throws {
        let fixture = try await AccessFixture()
        let person = try await fixture.person("typo")
        for key in ["", String(repeating: "k", count: 256)] {
            let failure = try await #require(throws: ValidationFailure.self) {
                try await fixture.keys.begin(userID: person.id, key: key, requestHash: "h", now: start)
            }
            #expect(failure.problems.map(\.field) == ["Idempotency-Key"])
        }
    }
}
