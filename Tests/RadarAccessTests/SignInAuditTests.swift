import Foundation
import RadarAccess
import Testing

@Suite("Sign-ins, failed sign-ins and sign-outs are in the audit trail")
struct SignInAuditTests {
    /// The audit events of no organisation whose actor is `email`: action and reason, oldest first.
    func trail(of email: String, _ fixture: AccessFixture) async throws -> [(action: String, reason: String?)] {
        try await fixture.inspect(
            """
            SELECT action, details ->> 'reason' AS reason, details ->> 'address' AS address FROM audit_events
             WHERE org_id IS NULL AND actor = $1 AND action IN ('login', 'login_failed', 'logout') ORDER BY id
            """, [email]
        ).map { (try $0.decode("action"), try $0.decode("reason", as: String?.self)) }
    }

    @Test("a wrong password, an unknown e-mail, a sign-in and an API sign-out each leave one event, never a password")
    func eachAttemptIsRecorded() async throws {
        let fixture = try await AccessFixture()
        let person = try await fixture.person("audited")
        let address = AccessFixture.address()
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        await #expect(throws: AccessError.self) {
            try await fixture.accounts.logIn(
                email: person.email, password: "not-the-password-9", address: address, now: now)
        }
        let principal = try await fixture.accounts.logIn(
            email: person.email, password: AccessFixture.password, address: address, now: now + 1)
        let (secret, _) = try await fixture.tokens.create(email: person.email, name: "cli", actor: "test")
        let caller = try await fixture.tokens.authenticate(bearer: secret, now: now + 2)
        try await fixture.tokens.logOut(id: try #require(caller.tokenID), principal: principal, address: address)

        let events = try await trail(of: person.email, fixture)
        #expect(events.map(\.action) == ["login_failed", "login", "logout"])
        #expect(events.first?.reason == "wrong password")
        let stranger = "nobody-\(UUID().uuidString.prefix(8).lowercased())@example.org"
        await #expect(throws: AccessError.self) {
            try await fixture.accounts.logIn(email: stranger, password: "guess-guess-1", address: address, now: now)
        }
        #expect(try await trail(of: stranger, fixture).map(\.reason) == ["unknown account"])
        let stored = try await fixture.inspect(
            "SELECT count(*)::int AS n FROM audit_events WHERE details::text ~ $1 OR actor ~ $1",
            ["not-the-password-9|guess-guess-1|" + AccessFixture.password])
        #expect(try stored.first?.decode("n", as: Int.self) == 0)
    }

    @Test("a sign-in refused by the throttle is recorded as failed, saying so")
    func throttledAttemptsAreRecorded() async throws {
        let fixture = try await AccessFixture(throttle: LoginThrottle(freeFailures: 1, accountLimit: 2))
        let person = try await fixture.person("locked")
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        for attempt in 0..<3 {
            _ = try? await fixture.accounts.logIn(
                email: person.email, password: "wrong-\(attempt)-password", address: AccessFixture.address(),
                now: now)
        }
        let reasons = try await trail(of: person.email, fixture).compactMap(\.reason)
        #expect(reasons.contains("throttled by account"), "\(reasons)")
    }
}
