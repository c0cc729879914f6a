import Foundation
import HummingbirdTesting
import Postgres
import RadarAccess
import RadarStore
import RadarTestSupport
@testable import RadarWeb
import Testing

/// One organisation whose people sign in through a real OpenID Connect provider started for the test.
struct SignOnScenario: Sendable {
    let fixture: WebFixture
    let provider: OpenIDTestProvider

    static let label = "Test Provider"

    /// A domain only this scenario's organisation claims (every scenario also claims example.org).
    var ownDomain: String { "\(fixture.org.slug).example" }

    /// Sets up the provider for the fixture's organisation: example.org addresses, groups mapped to the three roles.
    func configure(passwordSignIn: Bool = true) async throws {
        try await SignOnProviders(database: fixture.database).add(
            SignOnProvider(
                organisation: fixture.org.slug, label: Self.label, issuer: provider.issuer,
                clientID: provider.clientID, clientSecret: provider.clientSecret,
                emailDomains: ["example.org", ownDomain],
                adminGroups: ["radar-admins"], hrGroups: ["radar-hr"], viewerGroups: ["radar-viewers"],
                passwordSignIn: passwordSignIn),
            actor: "test")
        try await provider.setClock(fixture.clock.now)
    }

    /// A new person at example.org with `groups`, whom the provider signs in next.
    func person(groups: [String], domain: String = "example.org") async throws -> String {
        let email = "sso-\(UUID().uuidString.prefix(8).lowercased())@\(domain)"
        try await provider.signInAs(["sub": email, "email": email, "name": "Pat Example", "groups": groups])
        return email
    }

    /// One browser's trip: `/sso/start` for the organisation, the provider's approval, and the callback.
    func signIn(_ client: any TestClientProtocol) async throws -> Trip {
        let start = try await client.page(.get, "/sso/start?org=\(fixture.org.slug)&next=%2Fflags")
        #expect(start.status == 302)
        let state = try #require(start.cookieValue(WebSite.signOnCookie))
        let back = try await provider.approve(try #require(start.location))
        let callback = back.path + "?" + (back.query ?? "")
        let cookie = "\(WebSite.signOnCookie)=\(state)"
        return Trip(
            callbackPath: callback, stateCookie: cookie,
            answer: try await client.page(.get, callback, cookie: cookie))
    }

    /// What one trip came back with.
    struct Trip: Sendable {
        var callbackPath: String
        var stateCookie: String
        var answer: PageAnswer

        var session: String? { answer.cookieValue(WebSite.sessionCookie) }
    }

    /// The person's roles, by organisation.
    func roles(of email: String) async throws -> [String: AccessRole] {
        try await Accounts(database: fixture.database, passwordCost: 4).account(email: email).memberships
    }

    static func run(
        _ label: String, passwordSignIn: Bool = true,
        _ body: @Sendable @escaping (SignOnScenario, any TestClientProtocol) async throws -> Void
    ) async throws {
        let fixture = try await WebFixture.make(label)
        try await OpenIDTestProvider.with { provider in
            let scenario = SignOnScenario(fixture: fixture, provider: provider)
            try await scenario.configure(passwordSignIn: passwordSignIn)
            try await fixture.withClient { client in try await body(scenario, client) }
        }
    }
}

@Suite("Signing in through the organisation's OpenID Connect provider")
struct SignOnTests {
    @Test("a first sign-in creates the person with the role their group maps to, and lands on the page they asked for")
    func firstSignInCreatesThePerson() async throws {
        try await SignOnScenario.run("sso-happy") { scenario, client in
            let email = try await scenario.person(groups: ["radar-hr", "unrelated"])
            let trip = try await scenario.signIn(client)
            #expect(trip.answer.status == 303)
            #expect(trip.answer.location == "/flags")
            let session = try #require(trip.session)
            let radar = try await client.page(.get, "/", cookie: "\(WebSite.sessionCookie)=\(session)")
            #expect(radar.status == 200)
            #expect(radar.text.contains(scenario.fixture.org.name))
            #expect(radar.text.contains("(HR)"))
            #expect(try await scenario.roles(of: email) == [scenario.fixture.org.slug: .hr])
            // The sign-in is in the audit trail as a sign-in, the way a password sign-in is.
            let signIns = try await scenario.fixture.database.pool.withConnection { connection in
                try connection.query(
                    """
                    SELECT action, details->>'reason' AS reason FROM audit_events WHERE entity = 'user' AND actor = $1
                    """,
                    [email]
                ).map {
                    "\(try $0.decode("action", as: String.self)): \(try $0.decode("reason", as: String?.self) ?? "")"
                }
            }
            #expect(signIns == ["login: single sign-on"])
        }
    }

    @Test("an address the provider says is not verified is refused")
    func unverifiedAddressIsRefused() async throws {
        try await SignOnScenario.run("sso-unverified") { scenario, client in
            let email = "sso-\(UUID().uuidString.prefix(8).lowercased())@example.org"
            try await scenario.provider.signInAs([
                "sub": email, "email": email, "email_verified": false, "groups": ["radar-hr"],
            ])
            let trip = try await scenario.signIn(client)
            #expect(trip.answer.status == 403)
            #expect(trip.answer.text.contains("did not give a verified e-mail address"))
            await #expect(throws: (any Error).self) { try await scenario.roles(of: email) }
        }
    }

    @Test("the provider's own name for a person binds their account: another identity with that e-mail is refused, and a changed e-mail still signs in to the same account")
    func identityNotEmailNamesThePerson() async throws {
        try await SignOnScenario.run("sso-identity") { scenario, client in
            let email = try await scenario.person(groups: ["radar-hr"])
            #expect(try await scenario.signIn(client).answer.status == 303)

            // Someone else at the provider now presents the same address (say it was given to a newcomer).
            try await scenario.provider.signInAs([
                "sub": "newcomer-\(UUID().uuidString.prefix(8))", "email": email, "groups": ["radar-admins"],
            ])
            let impostor = try await scenario.signIn(client)
            #expect(impostor.answer.status == 403)
            #expect(impostor.answer.text.contains("signs in as someone else"), "\(impostor.answer.text)")
            #expect(impostor.session == nil)
            #expect(try await scenario.roles(of: email) == [scenario.fixture.org.slug: .hr], "the role did not change")

            // The person themselves, whose address changed at the provider, reaches the account they had.
            let renamed = "renamed-\(UUID().uuidString.prefix(8).lowercased())@example.org"
            try await scenario.provider.signInAs(["sub": email, "email": renamed, "groups": ["radar-hr"]])
            let back = try await scenario.signIn(client)
            #expect(back.answer.status == 303)
            #expect(back.session != nil)
            await #expect(throws: (any Error).self) { try await scenario.roles(of: renamed) }
        }
    }

    @Test("the role follows the provider's groups at every sign-in")
    func roleFollowsTheGroups() async throws {
        try await SignOnScenario.run("sso-role") { scenario, client in
            let email = try await scenario.person(groups: ["radar-viewers"])
            _ = try await scenario.signIn(client)
            #expect(try await scenario.roles(of: email) == [scenario.fixture.org.slug: .viewer])
            try await scenario.provider.signInAs(["sub": email, "email": email, "groups": ["radar-admins"]])
            let again = try await scenario.signIn(client)
            #expect(again.answer.status == 303)
            #expect(try await scenario.roles(of: email) == [scenario.fixture.org.slug: .admin])
        }
    }

    @Test("a person whose group claim was removed is refused, loses their role and their open session")
    func removedGroupLosesAccess() async throws {
        try await SignOnScenario.run("sso-gone") { scenario, client in
            let email = try await scenario.person(groups: ["radar-hr"])
            let first = try await scenario.signIn(client)
            let session = try #require(first.session)
            try await scenario.provider.signInAs(["sub": email, "email": email, "groups": [String]()])
            let refused = try await scenario.signIn(client)
            #expect(refused.answer.status == 403)
            #expect(refused.answer.text.contains("give you no role in \(scenario.fixture.org.slug) any more"))
            #expect(refused.session == nil)
            #expect(try await scenario.roles(of: email).isEmpty)
            let old = try await client.page(.get, "/", cookie: "\(WebSite.sessionCookie)=\(session)")
            #expect(old.status == 303)
            #expect(old.location?.hasPrefix("/login") == true)
        }
    }

    @Test("an ID token issued for another client is refused")
    func wrongAudienceIsRefused() async throws {
        try await SignOnScenario.run("sso-aud") { scenario, client in
            let email = try await scenario.person(groups: ["radar-hr"])
            try await scenario.provider.nextToken(["aud": "some-other-application"])
            let trip = try await scenario.signIn(client)
            #expect(trip.answer.status == 401)
            #expect(trip.answer.text.contains("issued for another client"))
            #expect(trip.session == nil)
            await #expect(throws: (any Error).self) { try await scenario.roles(of: email) }
        }
    }

    @Test("an expired ID token is refused")
    func expiredTokenIsRefused() async throws {
        try await SignOnScenario.run("sso-exp") { scenario, client in
            _ = try await scenario.person(groups: ["radar-hr"])
            try await scenario.provider.nextToken(["exp_offset": -3600])
            let trip = try await scenario.signIn(client)
            #expect(trip.answer.status == 401)
            #expect(trip.answer.text.contains("it expired at"))
            #expect(trip.session == nil)
        }
    }

    @Test("an ID token signed with a key the provider never published is refused")
    func badSignatureIsRefused() async throws {
        try await SignOnScenario.run("sso-sig") { scenario, client in
            _ = try await scenario.person(groups: ["radar-hr"])
            try await scenario.provider.nextToken(["sign_with": "rogue"])
            let trip = try await scenario.signIn(client)
            #expect(trip.answer.status == 401)
            #expect(trip.answer.text.contains("signature does not match"))
            #expect(trip.session == nil)
        }
    }

    @Test("an ID token whose nonce is not this sign-in's is refused")
    func foreignNonceIsRefused() async throws {
        try await SignOnScenario.run("sso-nonce") { scenario, client in
            _ = try await scenario.person(groups: ["radar-hr"])
            try await scenario.provider.nextToken(["nonce": "a-nonce-from-another-sign-in"])
            let trip = try await scenario.signIn(client)
            #expect(trip.answer.status == 401)
            #expect(trip.answer.text.contains("nonce"))
        }
    }

    @Test("after the provider rotates its signing key, the new key is fetched and sign-in goes on working")
    func rotatedKeyIsFollowed() async throws {
        try await SignOnScenario.run("sso-rotate") { scenario, client in
            _ = try await scenario.person(groups: ["radar-hr"])
            let before = try await scenario.signIn(client)
            #expect(before.answer.status == 303)
            try await scenario.provider.rotateKey()
            let after = try await scenario.signIn(client)
            #expect(after.answer.status == 303)
            #expect(after.session != nil)
        }
    }

    @Test("a state is used once: replaying the callback, or arriving without the browser's cookie, is refused")
    func replayedStateIsRefused() async throws {
        try await SignOnScenario.run("sso-replay") { scenario, client in
            _ = try await scenario.person(groups: ["radar-hr"])
            let trip = try await scenario.signIn(client)
            #expect(trip.answer.status == 303)
            let replay = try await client.page(.get, trip.callbackPath, cookie: trip.stateCookie)
            #expect(replay.status == 400)
            #expect(replay.text.contains("already completed or has expired"))
            #expect(replay.setCookie(WebSite.sessionCookie) == nil)
            let start = try await client.page(.get, "/sso/start?org=\(scenario.fixture.org.slug)")
            let back = try await scenario.provider.approve(try #require(start.location))
            let planted = try await client.page(.get, back.path + "?" + (back.query ?? ""))
            #expect(planted.status == 400)
            #expect(planted.text.contains("did not start in this browser"))
        }
    }

    @Test("an address outside the organisation's e-mail domains is refused and no account is made")
    func foreignDomainIsRefused() async throws {
        try await SignOnScenario.run("sso-domain") { scenario, client in
            let email = try await scenario.person(groups: ["radar-admins"], domain: "elsewhere.test")
            let trip = try await scenario.signIn(client)
            #expect(trip.answer.status == 403)
            #expect(trip.answer.text.contains("addresses at elsewhere.test may not sign in"))
            await #expect(throws: (any Error).self) { try await scenario.roles(of: email) }
        }
    }

    @Test("with password sign-in switched off, a right password is refused and the page offers the provider")
    func passwordSignInSwitchedOff() async throws {
        try await SignOnScenario.run("sso-nopass", passwordSignIn: false) { scenario, client in
            let answer = try await client.logIn(email: scenario.fixture.hr.email, password: WebFixture.password)
            #expect(answer.status == 403)
            #expect(answer.text.contains("switched password sign-in off"))
            #expect(answer.setCookie(WebSite.sessionCookie) == nil)
            let page = try await client.page(.get, "/login?org=\(scenario.fixture.org.slug)")
            #expect(page.text.contains("Sign in with \(SignOnScenario.label)"))
            let byEmail = try await client.page(.get, "/sso/start?email=someone%40\(scenario.ownDomain)")
            #expect(byEmail.status == 302)
            #expect(byEmail.location?.hasPrefix(scenario.provider.issuer + "/authorize?") == true)
            // A second organisation claiming the scenario's own domain makes the address choose nothing.
            let other = try await TestDatabase.newOrganisation("sso-other")
            try await SignOnProviders(database: scenario.fixture.database).add(
                SignOnProvider(
                    organisation: other.slug, label: "Other", issuer: scenario.provider.issuer, clientID: "other",
                    clientSecret: "other-secret", emailDomains: [scenario.ownDomain], viewerGroups: ["everyone"]),
                actor: "test")
            let shared = try await client.page(.get, "/sso/start?email=someone%40\(scenario.ownDomain)")
            #expect(shared.status == 409)
            #expect(shared.text.contains("Several organisations sign in with that e-mail domain"))
        }
    }
}
