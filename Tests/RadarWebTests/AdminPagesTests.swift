import Foundation
import HTTPTypes
import Postgres
import RadarAccess
import RadarDomain
import RadarStore
import Testing

/// `/admin/users` and `/admin/tokens`: administrators only, every write through Accounts/APITokens as the admin.
@Suite("Admin pages")
struct AdminPagesTests {
    static func account(_ fixture: WebFixture, _ email: String) async throws -> UserAccount {
        try await Accounts(database: fixture.database, passwordCost: 4).account(email: email)
    }

    @Test(
        "only administrators open the admin pages; others get 403, anonymous visitors the login page",
        arguments: ["/admin/users", "/admin/tokens"])
    func access(path: String) async throws {
        let fixture = try await WebFixture.make("admin-access")
        let admin = try await fixture.signIn(fixture.admin)
        let hr = try await fixture.signIn(fixture.hr)
        let viewer = try await fixture.signIn(fixture.viewer)
        let answers = try await fixture.withClient { client in
            [
                try await client.page(.get, path, as: admin), try await client.page(.get, path, as: hr),
                try await client.page(.get, path, as: viewer), try await client.page(.get, path),
            ]
        }
        #expect(answers.map(\.status) == [200, 403, 403, 303])
        #expect(answers[1].text.contains("Not for your role"))
        #expect(answers[3].location?.hasPrefix("/login?next=") == true)
        // The nav shows the admin links to administrators only.
        #expect(answers[0].text.contains("href=\"/admin/tokens\""))
    }

    @Test("the users page lists this organisation's members with role and status, not other organisations' people")
    func listUsers() async throws {
        let fixture = try await WebFixture.make("admin-list")
        let other = try await WebFixture.make("admin-list-other")
        let admin = try await fixture.signIn(fixture.admin)
        let answer = try await fixture.withClient { client in try await client.page(.get, "/admin/users", as: admin) }
        #expect(answer.status == 200)
        #expect(answer.text.contains(fixture.hr.email))
        #expect(answer.text.contains(fixture.viewer.email))
        #expect(!answer.text.contains(other.hr.email))
        #expect(answer.text.contains("<td data-label=\"Role\">HR</td>"))
        #expect(answer.text.contains("<td data-label=\"Role\">viewer</td>"))
        #expect(answer.text.contains("(you)"))
    }

    @Test("an administrator adds a person; the password policy's errors sit beside the field and keep the rest")
    func addUser() async throws {
        let fixture = try await WebFixture.make("admin-add")
        let admin = try await fixture.signIn(fixture.admin)
        let email = "dora.\(UUID().uuidString.prefix(6).lowercased())@example.org"
        let (weak, added, refused) = try await fixture.withClient { client in
            let weak = try await client.page(
                .post, "/admin/users", as: admin,
                form: [
                    ("_csrf", admin.csrf), ("email", email), ("name", "Dora Quist"), ("role", "hr"),
                    ("password", "short"),
                ])
            let added = try await client.page(
                .post, "/admin/users", as: admin,
                form: [
                    ("_csrf", admin.csrf), ("email", email), ("name", "Dora Quist"), ("role", "hr"),
                    ("password", "a long enough pass phrase 7"),
                ])
            let refused = try await client.page(
                .post, "/admin/users", as: admin,
                form: [
                    ("email", "eve@example.org"), ("name", "Eve"), ("role", "admin"),
                    ("password", "a long enough pass phrase 7"),
                ])
            return (weak, added, refused)
        }
        #expect(weak.status == 422)
        #expect(weak.text.contains("The password must be at least 12 characters long."))
        #expect(weak.text.contains("id=\"new-password-error\""))
        #expect(weak.text.contains("value=\"\(email)\""))
        #expect(weak.text.contains("value=\"Dora Quist\""))
        #expect(weak.text.contains("<option value=\"hr\" selected>"))
        #expect(!weak.text.contains("value=\"short\""))
        #expect(added.status == 303)
        #expect(added.location == "/admin/users")
        let dora = try await Self.account(fixture, email)
        #expect(dora.memberships == [fixture.org.slug: .hr])
        #expect(dora.displayName == "Dora Quist")
        #expect(refused.status == 403)
        await #expect(throws: ValidationFailure.self) { try await Self.account(fixture, "eve@example.org") }
        let actors = try await fixture.database.asOwner(actor: "test") { connection in
            try connection.query(
                "SELECT actor FROM audit_events WHERE entity = 'user' AND entity_id = $1",
                [dora.id.uuidString.lowercased()]
            ).map { try $0.decode("actor", as: String.self) }
        }
        #expect(actors == ["user:\(fixture.admin.email)"])
    }

    @Test("an administrator changes a role and disables and enables an account; CSRF-less posts change nothing")
    func roleAndStatus() async throws {
        let fixture = try await WebFixture.make("admin-role")
        let admin = try await fixture.signIn(fixture.admin)
        let hrEmail = fixture.hr.email
        let (noToken, demoted) = try await fixture.withClient { client in
            (
                try await client.page(
                    .post, "/admin/users/status", as: admin,
                    form: [("email", hrEmail), ("action", "disable")]),
                try await client.page(
                    .post, "/admin/users/role", as: admin,
                    form: [("_csrf", admin.csrf), ("email", hrEmail), ("role", "viewer")])
            )
        }
        #expect(noToken.status == 403)
        #expect(noToken.text.contains("This form could not be accepted"))
        var hr = try await Self.account(fixture, hrEmail)
        #expect(!hr.isDisabled)
        #expect(demoted.status == 303)
        #expect(hr.memberships[fixture.org.slug] == .viewer)
        let disabled = try await fixture.withClient { client in
            try await client.page(
                .post, "/admin/users/status", as: admin,
                form: [("_csrf", admin.csrf), ("email", hrEmail), ("action", "disable")])
        }
        #expect(disabled.status == 303)
        hr = try await Self.account(fixture, hrEmail)
        #expect(hr.isDisabled)
        let (enabled, listing) = try await fixture.withClient { client in
            (
                try await client.page(
                    .post, "/admin/users/status", as: admin,
                    form: [("_csrf", admin.csrf), ("email", hrEmail), ("action", "enable")]),
                try await client.page(.get, "/admin/users", as: admin)
            )
        }
        #expect(enabled.status == 303)
        #expect(try await !Self.account(fixture, hrEmail).isDisabled)
        #expect(listing.text.contains("can sign in again"))
        let hrID = hr.id.uuidString.lowercased()
        let actors = try await fixture.database.asOwner(actor: "test") { connection in
            try connection.query(
                "SELECT DISTINCT actor FROM audit_events WHERE entity = 'user' AND entity_id = $1 AND action = 'update'",
                [hrID]
            ).map { try $0.decode("actor", as: String.self) }
        }
        #expect(actors == ["user:\(fixture.admin.email)"])
    }

    @Test("people of another organisation, and the administrator themselves, cannot be changed from here")
    func outsideAndSelf() async throws {
        let fixture = try await WebFixture.make("admin-outside")
        let other = try await WebFixture.make("admin-outside-other")
        let admin = try await fixture.signIn(fixture.admin)
        let (outside, selfDisable) = try await fixture.withClient { client in
            (
                try await client.page(
                    .post, "/admin/users/status", as: admin,
                    form: [("_csrf", admin.csrf), ("email", other.hr.email), ("action", "disable")]),
                try await client.page(
                    .post, "/admin/users/status", as: admin,
                    form: [("_csrf", admin.csrf), ("email", fixture.admin.email), ("action", "disable")])
            )
        }
        #expect(outside.status == 404)
        #expect(try await !Self.account(other, other.hr.email).isDisabled)
        #expect(selfDisable.status == 303)
        #expect(try await !Self.account(fixture, fixture.admin.email).isDisabled)
    }

    @Test("a new token's secret shows once and works against the API; revoked, it gets 401")
    func tokens() async throws {
        let fixture = try await WebFixture.make("admin-tokens")
        let admin = try await fixture.signIn(fixture.admin)
        let hrEmail = fixture.admin.email
        let slug = fixture.org.slug
        let result = try await fixture.withClient {
            client -> (PageAnswer, PageAnswer, PageAnswer, Int, PageAnswer, Int, PageAnswer) in
            let noToken = try await client.page(
                .post, "/admin/tokens", as: admin,
                form: [("owner", hrEmail), ("name", "nightly export")])
            let created = try await client.page(
                .post, "/admin/tokens", as: admin,
                form: [("_csrf", admin.csrf), ("owner", hrEmail), ("name", "nightly export")])
            let listing = try await client.page(.get, "/admin/tokens", as: admin)
            let secret =
                created.text.range(of: "value=\"rdr_").map {
                    "rdr_" + created.text[$0.upperBound...].prefix { $0 != "\"" }
                } ?? ""
            let api = try await client.execute(
                uri: "/api/v1/orgs/\(slug)/stakeholders", method: .get, headers: [.authorization: "Bearer \(secret)"],
                body: nil)
            let tokenID = try await APITokens(database: fixture.database).list(email: hrEmail).first?.id
            let revoked = try await client.page(
                .post, "/admin/tokens/\(tokenID?.uuidString.lowercased() ?? "none")/revoke", as: admin,
                form: [("_csrf", admin.csrf)])
            let after = try await client.execute(
                uri: "/api/v1/orgs/\(slug)/stakeholders", method: .get, headers: [.authorization: "Bearer \(secret)"],
                body: nil)
            let listingAfter = try await client.page(.get, "/admin/tokens", as: admin)
            return (noToken, created, listing, Int(api.status.code), revoked, Int(after.status.code), listingAfter)
        }
        let (noToken, created, listing, apiStatus, revoked, afterStatus, listingAfter) = result
        #expect(noToken.status == 403)
        #expect(created.status == 200)
        #expect(created.headers[.cacheControl] == "no-store")
        let secret = try #require(
            created.text.range(of: "value=\"rdr_").map {
                "rdr_" + created.text[$0.upperBound...].prefix { $0 != "\"" }
            })
        #expect(secret.count == 47)
        #expect(created.text.contains("only time its secret is shown"))
        #expect(listing.status == 200)
        #expect(listing.text.contains("nightly export"))
        #expect(listing.text.contains(hrEmail))
        #expect(!listing.text.contains(secret))
        #expect(!listing.text.contains("rdr_"))
        #expect(apiStatus == 200)
        #expect(revoked.status == 303)
        #expect(afterStatus == 401)
        #expect(!listingAfter.text.contains(secret))
        #expect(listingAfter.text.contains("is revoked and refused from now on"))
        let tokens = try await APITokens(database: fixture.database).list(email: hrEmail)
        #expect(tokens.count == 1)
        #expect(tokens.first?.isRevoked == true)
        #expect(tokens.first?.lastUsedAt != nil)
    }

    @Test("a token needs a name and acts as the administrator who makes it, never as another member")
    func tokenProblems() async throws {
        let fixture = try await WebFixture.make("admin-token-problems")
        let other = try await WebFixture.make("admin-token-other")
        let admin = try await fixture.signIn(fixture.admin)
        let (unnamed, colleague, outsider) = try await fixture.withClient { client in
            (
                try await client.page(
                    .post, "/admin/tokens", as: admin,
                    form: [("_csrf", admin.csrf), ("owner", fixture.admin.email), ("name", " ")]),
                try await client.page(
                    .post, "/admin/tokens", as: admin,
                    form: [("_csrf", admin.csrf), ("owner", fixture.hr.email), ("name", "act as hr")]),
                try await client.page(
                    .post, "/admin/tokens", as: admin,
                    form: [("_csrf", admin.csrf), ("owner", other.hr.email), ("name", "sneaky")])
            )
        }
        #expect(unnamed.status == 422)
        #expect(unnamed.text.contains("id=\"token-name-error\""))
        #expect(unnamed.text.contains("<option value=\"\(fixture.admin.email)\" selected>"))
        #expect(!unnamed.text.contains("<option value=\"\(fixture.hr.email)\""), "only the admin can be chosen")
        #expect(!unnamed.text.contains("rdr_"))
        for refused in [colleague, outsider] {
            #expect(refused.status == 422)
            #expect(refused.text.contains("acts as you"))
            #expect(!refused.text.contains("rdr_"))
        }
        for email in [fixture.hr.email, other.hr.email, fixture.admin.email] {
            #expect(try await APITokens(database: fixture.database).list(email: email).isEmpty)
        }
    }
}

/// An account and its tokens reach every organisation it belongs to: an administrator of one cannot take it over.
@Suite("Admin pages across organisations")
struct AdminAcrossOrganisationsTests {
    @Test("a member who administers another organisation cannot be disabled or given a token from this one")
    func beyond() async throws {
        let fixture = try await WebFixture.make("admin-beyond")
        let other = try await WebFixture.make("admin-beyond-other")
        try await Accounts(database: fixture.database, passwordCost: 4)
            .grant(email: other.admin.email, organisation: fixture.org.slug, role: .viewer, actor: "test")
        let admin = try await fixture.signIn(fixture.admin)
        let target = other.admin.email
        // The listing straight after the refusal: the flash shows on the next page only.
        let (disable, listing, token) = try await fixture.withClient { client in
            (
                try await client.page(
                    .post, "/admin/users/status", as: admin,
                    form: [("_csrf", admin.csrf), ("email", target), ("action", "disable")]),
                try await client.page(.get, "/admin/users", as: admin),
                try await client.page(
                    .post, "/admin/tokens", as: admin,
                    form: [("_csrf", admin.csrf), ("owner", target), ("name", "takeover")])
            )
        }
        #expect(disable.status == 303)
        #expect(listing.text.contains("you do not administer"))
        #expect(try await !AdminPagesTests.account(fixture, target).isDisabled)
        #expect(token.status == 422)
        #expect(!token.text.contains("rdr_"))
        #expect(try await APITokens(database: fixture.database).list(email: target).isEmpty)
        // Their role here is this organisation's business alone.
        let role = try await fixture.withClient { client in
            try await client.page(
                .post, "/admin/users/role", as: admin,
                form: [("_csrf", admin.csrf), ("email", target), ("role", "hr")])
        }
        #expect(role.status == 303)
        #expect(try await AdminPagesTests.account(fixture, target).memberships[fixture.org.slug] == .hr)
    }
}
