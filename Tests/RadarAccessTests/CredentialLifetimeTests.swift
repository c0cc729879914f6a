import Foundation
import RadarAccess
import RadarDomain
import RadarTestSupport
import Testing

@Suite("Credentials that end")
struct CredentialLifetimeTests {
    let start = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("a token works until the instant it expires, and not from then on")
    func aTokenStopsAtItsExpiry() async throws {
        let fixture = try await AccessFixture()
        let person = try await fixture.person("expiring")
        let (secret, token) = try await fixture.tokens.create(
            email: person.email, name: "an hour", lifetime: 3600, now: start, actor: "test")
        #expect(token.expiresAt == start + 3600)
        #expect(try await fixture.tokens.authenticate(bearer: secret, now: start + 3599).userID == person.id)
        await #expect(throws: AccessError.unauthenticated) {
            try await fixture.tokens.authenticate(bearer: secret, now: start + 3600)
        }
        let listed = try #require(try await fixture.tokens.list(email: person.email).first)
        #expect(listed.isLive(at: start + 3599) && !listed.isLive(at: start + 3600))
        #expect(!listed.isRevoked)
    }

    @Test("a token is listed as expiring in its last two weeks")
    func expiringSoonIsTwoWeeks() async throws {
        let fixture = try await AccessFixture()
        let person = try await fixture.person("soon")
        let (_, token) = try await fixture.tokens.create(
            email: person.email, name: "thirty days", lifetime: 30 * 86_400, now: start, actor: "test")
        #expect(!token.isExpiringSoon(at: start + 15 * 86_400))
        #expect(token.isExpiringSoon(at: start + 16 * 86_400 + 1))
        #expect(!token.isExpiringSoon(at: start + 30 * 86_400))
    }

    @Test("an admin may give a token at most a year, and never none")
    func lifetimesAreBounded() async throws {
        let fixture = try await AccessFixture()
        let person = try await fixture.person("bounded")
        for lifetime in [0, -60, TokenLifetime.maximum + 1] {
            let failure = try await #require(throws: ValidationFailure.self) {
                try await fixture.tokens.create(
                    email: person.email, name: "lifetime \(lifetime)", lifetime: lifetime, now: start, actor: "test")
            }
            #expect(failure.problems.map(\.field.description) == ["expires"])
        }
        let (_, longest) = try await fixture.tokens.create(
            email: person.email, name: "a year", lifetime: TokenLifetime.maximum, now: start, actor: "test")
        #expect(longest.expiresAt == start + TokenLifetime.maximum)
        #expect(try await fixture.tokens.list(email: person.email).count == 1)
    }

    @Test("a password reset, a disable and a removed membership each sign the person out everywhere")
    func changesOfTermsEndEveryCredential() async throws {
        let fixture = try await AccessFixture()
        let org = try await TestDatabase.newOrganisation("terms")
        let sessions = WebSessions(database: fixture.database)
        let changes: [(String, (String) async throws -> Void)] = [
            (
                "reset",
                {
                    try await fixture.accounts.resetPassword(
                        email: $0, newPassword: "quiet-meadow-lantern-77", actor: "test")
                }
            ),
            ("disable", { _ = try await fixture.accounts.disable(email: $0, actor: "test") }),
            ("removal", { _ = try await fixture.accounts.revoke(email: $0, organisation: org.slug, actor: "test") }),
        ]
        for (label, change) in changes {
            let person = try await fixture.person("terms-\(label)", memberships: [org.slug: .hr])
            let bystander = try await fixture.person("bystander-\(label)", memberships: [org.slug: .hr])
            let (secret, _) = try await fixture.tokens.create(email: person.email, name: "script", actor: "test")
            let (otherSecret, _) = try await fixture.tokens.create(email: bystander.email, name: "s", actor: "test")
            let principal = try await fixture.tokens.authenticate(bearer: secret, now: .now)
            let session = try await sessions.start(for: principal, organisation: org.slug, now: .now)
            #expect(try await sessions.find(id: session, now: .now) != nil, "\(label)")

            try await change(person.email)

            await #expect(throws: AccessError.unauthenticated, "\(label)") {
                try await fixture.tokens.authenticate(bearer: secret, now: .now)
            }
            #expect(try await sessions.find(id: session, now: .now) == nil, "\(label)")
            #expect(try await fixture.tokens.list(email: person.email).allSatisfy(\.isRevoked), "\(label)")
            #expect(try await fixture.tokens.authenticate(bearer: otherSecret, now: .now).userID == bystander.id)
        }
    }

    @Test("switching password sign-in off ends the members' sessions and password logins, not the admin's own")
    func passwordSignInOffEndsPasswordCredentials() async throws {
        let fixture = try await AccessFixture()
        let org = try await TestDatabase.newOrganisation("password-off")
        let elsewhere = try await TestDatabase.newOrganisation("password-on")
        let sessions = WebSessions(database: fixture.database)
        let admin = try await fixture.person("sso-admin", memberships: [org.slug: .admin])
        let member = try await fixture.person("sso-member", memberships: [org.slug: .hr, elsewhere.slug: .hr])
        let outsider = try await fixture.person("sso-outsider", memberships: [elsewhere.slug: .hr])
        func login(_ person: UserAccount) async throws -> String {
            try await fixture.tokens.create(email: person.email, name: "login 2026-03-01T09:00:00Z ab12cd", actor: "test").0
        }
        let (adminLogin, memberLogin, outsiderLogin) = (try await login(admin), try await login(member), try await login(outsider))
        let (script, _) = try await fixture.tokens.create(email: member.email, name: "nightly export", actor: "test")
        let memberPrincipal = try await fixture.tokens.authenticate(bearer: memberLogin, now: .now)
        let adminPrincipal = try await fixture.tokens.authenticate(bearer: adminLogin, now: .now)
        let memberHere = try await sessions.start(for: memberPrincipal, organisation: org.slug, now: .now)
        let memberThere = try await sessions.start(for: memberPrincipal, organisation: elsewhere.slug, now: .now)
        let adminHere = try await sessions.start(for: adminPrincipal, organisation: org.slug, now: .now)

        let provider = SignOnProvider(
            organisation: org.slug, label: "Contoso", issuer: "https://login.example.com/t/v2.0", clientID: "radar",
            clientSecret: "s3cret-value", emailDomains: ["example.org"], hrGroups: ["HR"], passwordSignIn: false)
        try await SignOnProviders(database: fixture.database)
            .add(provider, replacing: true, actor: "user:\(admin.email)", member: admin.id)

        await #expect(throws: AccessError.unauthenticated) {
            try await fixture.tokens.authenticate(bearer: memberLogin, now: .now)
        }
        #expect(try await sessions.find(id: memberHere, now: .now) == nil)
        // What the change does not reach: the admin who made it, another organisation, a token made for a script.
        #expect(try await sessions.find(id: adminHere, now: .now) != nil)
        #expect(try await sessions.find(id: memberThere, now: .now) != nil)
        #expect(try await fixture.tokens.authenticate(bearer: adminLogin, now: .now).userID == admin.id)
        #expect(try await fixture.tokens.authenticate(bearer: outsiderLogin, now: .now).userID == outsider.id)
        #expect(try await fixture.tokens.authenticate(bearer: script, now: .now).userID == member.id)
    }

    @Test("enabling a disabled account again brings back none of its old tokens")
    func enablingDoesNotRevive() async throws {
        let fixture = try await AccessFixture()
        let person = try await fixture.person("revived")
        let (secret, _) = try await fixture.tokens.create(email: person.email, name: "old", actor: "test")
        _ = try await fixture.accounts.disable(email: person.email, actor: "test")
        _ = try await fixture.accounts.enable(email: person.email, actor: "test")
        await #expect(throws: AccessError.unauthenticated) {
            try await fixture.tokens.authenticate(bearer: secret, now: .now)
        }
        let fresh = try await fixture.accounts.logIn(
            email: person.email, password: AccessFixture.password, address: AccessFixture.address(), now: .now)
        #expect(fresh.userID == person.id)
    }
}

@Suite("Passwords people choose")
struct PasswordChangeTests {
    let start = Date(timeIntervalSince1970: 1_790_000_000)
    let chosen = "amber-orchard-kettle-58"

    @Test("a password an administrator set must be replaced: sign-in says so until its holder chooses their own")
    func adminPasswordsMustBeReplaced() async throws {
        let fixture = try await AccessFixture()
        let person = try await fixture.person("first-day")
        let address = AccessFixture.address()
        let first = try await fixture.accounts.logIn(
            email: person.email, password: AccessFixture.password, address: address, now: start)
        #expect(first.mustChangePassword)

        try await fixture.accounts.changePassword(
            email: person.email, current: AccessFixture.password, new: chosen, address: address, now: start + 1)
        let after = try await fixture.accounts.logIn(
            email: person.email, password: chosen, address: address, now: start + 2)
        #expect(!after.mustChangePassword)
        await #expect(throws: AccessError.self) {
            try await fixture.accounts.logIn(
                email: person.email, password: AccessFixture.password, address: address, now: start + 3)
        }

        // A reset by an administrator asks for a new choice again.
        try await fixture.accounts.resetPassword(
            email: person.email, newPassword: "lilac-harbour-violin-31", actor: "test")
        let reset = try await fixture.accounts.logIn(
            email: person.email, password: "lilac-harbour-violin-31", address: address, now: start + 4)
        #expect(reset.mustChangePassword)
    }

    @Test(
        "changing a password needs the current one, a new one that passes the rules and differs, and changes nothing otherwise"
    )
    func changesAreChecked() async throws {
        let fixture = try await AccessFixture()
        let person = try await fixture.person("careful")
        let address = AccessFixture.address()
        await #expect(throws: AccessError.invalidCredentials(delay: 0)) {
            try await fixture.accounts.changePassword(
                email: person.email, current: "not-the-current-one", new: chosen, address: address, now: start)
        }
        for (new, message) in [
            ("short", "must be at least 12 characters long"),
            (AccessFixture.password, "must differ from the current one"),
            ("password1234", "is one of the most commonly used passwords; choose another"),
        ] {
            let failure = try await #require(throws: ValidationFailure.self) {
                try await fixture.accounts.changePassword(
                    email: person.email, current: AccessFixture.password, new: new, address: address, now: start)
            }
            #expect(failure.problems.map(\.field.description) == ["newPassword"])
            #expect(failure.problems.map(\.message) == [message])
        }
        let still = try await fixture.accounts.logIn(
            email: person.email, password: AccessFixture.password, address: address, now: start + 1)
        #expect(still.mustChangePassword)
    }

    @Test("a changed password ends every token and web session of its holder")
    func aChangeSignsOutEverywhere() async throws {
        let fixture = try await AccessFixture()
        let org = try await TestDatabase.newOrganisation("change")
        let person = try await fixture.person("mover", memberships: [org.slug: .hr])
        let (secret, _) = try await fixture.tokens.create(email: person.email, name: "laptop", actor: "test")
        let principal = try await fixture.tokens.authenticate(bearer: secret, now: .now)
        let sessions = WebSessions(database: fixture.database)
        let session = try await sessions.start(for: principal, organisation: org.slug, now: .now)
        try await fixture.accounts.changePassword(
            email: person.email, current: AccessFixture.password, new: chosen, address: AccessFixture.address(),
            now: .now)
        await #expect(throws: AccessError.unauthenticated) {
            try await fixture.tokens.authenticate(bearer: secret, now: .now)
        }
        #expect(try await sessions.find(id: session, now: .now) == nil)
        let audited = try await fixture.inspect(
            "SELECT changed_fields FROM audit_events WHERE entity = 'user' AND entity_id = $1 AND action = 'update'",
            [person.id.uuidString.lowercased()])
        #expect(try audited.contains { try $0.decode("changed_fields", as: [String].self).contains("password_hash") })
    }
}
