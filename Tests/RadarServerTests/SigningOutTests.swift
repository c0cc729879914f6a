import Foundation
import HTTPTypes
import HummingbirdTesting
import RadarAccess
@testable import RadarServer
import RadarTestSupport
import Testing

@Suite("Signing out of the API")
struct SigningOutTests {
    @Test("a login's token says when it ends, twelve hours on, and logging out revokes it at once")
    func loginTokensEndAndLogOutRevokes() async throws {
        let fixture = try await ServerFixture.make("sign-out")
        try await fixture.withClient { client in
            let before = Date.now
            let body = #"{"email": "\#(fixture.hr.email)", "password": "\#(ServerFixture.password)"}"#
            let login = try await client.send(.post, "/api/v1/login", json: body)
            #expect(login.status == 200)
            let token = try #require(login.json["token"] as? String)
            let expires = try #require(
                (login.json["expires_at"] as? String).flatMap { try? Date($0, strategy: .iso8601) })
            #expect(abs(expires.timeIntervalSince(before) - 12 * 3600) < 60)

            let member = Member(email: fixture.hr.email, token: token, role: fixture.hr.role)
            let path = "/api/v1/orgs/\(fixture.org.slug)/stakeholders"
            #expect(try await client.send(.get, path, as: member).status == 200)
            let out = try await client.send(.post, "/api/v1/logout", as: member)
            #expect(out.status == 204)
            let after = try await client.send(.get, path, as: member)
            #expect(after.status == 401)
            #expect(after.contentType.hasPrefix("application/problem+json"))
            // Another token of the same person is untouched.
            #expect(try await client.send(.get, path, as: fixture.hr).status == 200)
        }
    }

    @Test("logging out needs a token")
    func logOutWithoutATokenIsUnauthenticated() async throws {
        let fixture = try await ServerFixture.make("sign-out-anonymous")
        try await fixture.withClient { client in
            let answer = try await client.send(.post, "/api/v1/logout")
            #expect(answer.status == 401)
        }
    }

    @Test("a password an administrator set opens no token: its holder replaces it through the API, then logs in")
    func adminPasswordsAreReplacedBeforeTheFirstToken() async throws {
        let fixture = try await ServerFixture.make("first-password")
        let email = "newcomer-\(UUID().uuidString.prefix(8).lowercased())@example.org"
        try await Accounts(database: try await TestDatabase.shared(), passwordCost: 4).addUser(
            email: email, displayName: "Newcomer", password: ServerFixture.password,
            memberships: [fixture.org.slug: .hr], actor: "test")
        let chosen = "copper-meadow-lantern-64"
        try await fixture.withClient { client in
            let login = #"{"email": "\#(email)", "password": "\#(ServerFixture.password)"}"#
            let refused = try await client.send(.post, "/api/v1/login", json: login)
            #expect(refused.status == 403)
            #expect(refused.text.contains("/api/v1/password"))
            #expect(refused.json["token"] == nil)

            // (A wrong current password is refused as a failed sign-in: see "Passwords people choose". It is not
            // tried here, where every in-process request shares one client address and its throttle counter.)
            let weak = try await client.send(
                .post, "/api/v1/password",
                json:
                    #"{"email": "\#(email)", "current_password": "\#(ServerFixture.password)", "new_password": "short"}"#
            )
            #expect(weak.status == 422)
            #expect(weak.problemFields == ["new_password"])

            let changed = try await client.send(
                .post, "/api/v1/password",
                json:
                    #"{"email": "\#(email)", "current_password": "\#(ServerFixture.password)", "new_password": "\#(chosen)"}"#
            )
            #expect(changed.status == 204)
            let old = try await client.send(.post, "/api/v1/login", json: login)
            #expect(old.status == 401)
            let fresh = try await client.send(
                .post, "/api/v1/login", json: #"{"email": "\#(email)", "password": "\#(chosen)"}"#)
            #expect(fresh.status == 200)
            #expect(fresh.json["token"] is String)
        }
    }
}
