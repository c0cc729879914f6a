import Foundation
import Postgres
import RadarAccess
import RadarDomain
import RadarTestSupport
import Testing

@Suite("API tokens")
struct APITokenTests {
    let start = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("a token's secret is shown once and only its SHA-256 is stored")
    func onlyTheHashIsStored() async throws {
        let fixture = try await AccessFixture()
        let person = try await fixture.person("scripter")
        let (secret, token) = try await fixture.tokens.create(
            email: person.email, name: "nightly export", actor: "test")
        #expect(secret.hasPrefix("rdr_"))
        #expect(secret.count == 47)
        let body = try #require(Data(base64Encoded: base64(String(secret.dropFirst(4)))))
        #expect(body.count == 32)

        let rows = try await fixture.inspect(
            """
            SELECT token_hash = sha256(convert_to($2, 'UTF8')) AS is_digest, to_jsonb(t)::text AS whole
              FROM api_tokens t WHERE id = $1
            """, [token.id, secret])
        let row = try #require(rows.first)
        #expect(try row.decode("is_digest", as: Bool.self))
        #expect(!(try row.decode("whole", as: String.self)).contains(String(secret.dropFirst(4))))
        let listed = try await fixture.tokens.list(email: person.email)
        #expect(listed.map(\.id) == [token.id])
        #expect(listed.first?.lastUsedAt == nil)
    }

    @Test("a token authenticates its holder with their memberships and records its last use")
    func authenticateRecordsLastUse() async throws {
        let fixture = try await AccessFixture()
        let org = try await TestDatabase.newOrganisation("tok")
        let person = try await fixture.person("bearer", memberships: [org.slug: .viewer])
        let (secret, token) = try await fixture.tokens.create(email: person.email, name: "ci", actor: "test")
        let principal = try await fixture.tokens.authenticate(bearer: secret, now: start)
        #expect(principal.userID == person.id)
        #expect(principal.email == person.email)
        #expect(principal.tokenID == token.id)
        #expect(principal.role(in: org.slug) == .viewer)
        _ = try await fixture.tokens.authenticate(bearer: secret, now: start + 3600)
        let used = try #require(try await fixture.tokens.list(email: person.email).first?.lastUsedAt)
        #expect(abs(used.timeIntervalSince(start + 3600)) < 0.001)
        // Recording a use is bookkeeping, not an audited write.
        let updates = try await fixture.inspect(
            "SELECT 1 FROM audit_events WHERE entity = 'api_token' AND entity_id = $1 AND action = 'update'",
            [token.id.uuidString.lowercased()])
        #expect(updates.isEmpty)
    }

    @Test("uses within a minute of the recorded one leave it be, so busy tokens do not queue on one row")
    func lastUseIsWrittenAtMostOnceAMinute() async throws {
        let fixture = try await AccessFixture()
        let person = try await fixture.person("busy")
        let (secret, _) = try await fixture.tokens.create(email: person.email, name: "script", actor: "test")
        _ = try await fixture.tokens.authenticate(bearer: secret, now: start)
        _ = try await fixture.tokens.authenticate(bearer: secret, now: start + 59)
        let first = try #require(try await fixture.tokens.list(email: person.email).first?.lastUsedAt)
        #expect(abs(first.timeIntervalSince(start)) < 0.001)
        let principal = try await fixture.tokens.authenticate(bearer: secret, now: start + 60)
        #expect(principal.email == person.email)
        let later = try #require(try await fixture.tokens.list(email: person.email).first?.lastUsedAt)
        #expect(abs(later.timeIntervalSince(start + 60)) < 0.001)
    }

    @Test("revoked tokens, disabled holders and made-up tokens are all simply unauthenticated")
    func refusedTokensLookAlike() async throws {
        let fixture = try await AccessFixture()
        let person = try await fixture.person("revoker")
        let (revokedSecret, revoked) = try await fixture.tokens.create(email: person.email, name: "old", actor: "test")
        let (liveSecret, _) = try await fixture.tokens.create(email: person.email, name: "new", actor: "test")
        let record = try await fixture.tokens.revoke(id: revoked.id, actor: "cli:lead")
        #expect(record.isRevoked)
        await #expect(throws: AccessError.unauthenticated) {
            try await fixture.tokens.authenticate(bearer: revokedSecret, now: start)
        }
        #expect(try await fixture.tokens.authenticate(bearer: liveSecret, now: start).userID == person.id)
        try await fixture.accounts.disable(email: person.email, actor: "test")
        await #expect(throws: AccessError.unauthenticated) {
            try await fixture.tokens.authenticate(bearer: liveSecret, now: start)
        }
        for bogus in [
            "", "rdr_", "Bearer x", "rdr_" + String(repeating: "A", count: 43), String(liveSecret.dropLast()),
        ] {
            await #expect(throws: AccessError.unauthenticated) {
                try await fixture.tokens.authenticate(bearer: bogus, now: start)
            }
        }
        let revocations = try await fixture.inspect(
            """
            SELECT changed_fields FROM audit_events
             WHERE entity = 'api_token' AND entity_id = $1 AND action = 'update' AND actor = 'cli:lead'
            """, [revoked.id.uuidString.lowercased()])
        #expect(try revocations.map { try $0.decode("changed_fields", as: [String].self) } == [["revoked_at"]])
    }

    @Test("a token needs a name, an existing active holder, and a name not already in use")
    func tokenCreationIsValidated() async throws {
        let fixture = try await AccessFixture()
        let person = try await fixture.person("named")
        _ = try await fixture.tokens.create(email: person.email, name: "ci", actor: "test")
        let cases: [(String, String, String)] = [
            (person.email, "  ", "name"), (person.email, "ci", "name"), ("nobody@example.org", "ci", "user"),
        ]
        for (email, name, field) in cases {
            let failure = try await #require(throws: ValidationFailure.self) {
                try await fixture.tokens.create(email: email, name: name, actor: "test")
            }
            #expect(failure.problems.map(\.field.description) == [field])
        }
    }

    @Test("the application role cannot read token hashes")
    func applicationRoleCannotReadTokenHashes() async throws {
        let fixture = try await AccessFixture()
        let error = try await #require(throws: PostgresError.self) {
            try await fixture.database.pool.transaction { connection in
                try connection.execute("SET LOCAL ROLE radar_app")
                return try connection.query("SELECT token_hash FROM api_tokens").count
            }
        }
        #expect(error.code == .insufficientPrivilege)
    }

    private func base64(_ url: String) -> String {
        let plain = url.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        return plain + String(repeating: "=", count: (4 - plain.count % 4) % 4)
    }
}
