import Foundation
import Postgres
import RadarAccess
import RadarDomain
import RadarStore
import RadarTestSupport
import Testing

@Suite("Accounts and signing in")
struct AccountTests {
    let start = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("a password survives the bcrypt round trip, and only its hash is stored")
    func bcryptRoundTrip() async throws {
        let fixture = try await AccessFixture()
        let org = try await TestDatabase.newOrganisation("acct")
        let person = try await fixture.person("ada", memberships: [org.slug: .hr])
        let principal = try await fixture.accounts.logIn(
            email: person.email.uppercased(), password: AccessFixture.password, address: AccessFixture.address(),
            now: start)
        #expect(principal.userID == person.id)
        #expect(principal.memberships == [org.slug: .hr])
        #expect(principal.tokenID == nil)
        let stored = try #require(
            try await fixture.inspect(
                "SELECT password_hash FROM users WHERE id = $1", [person.id]
            ).first?.decode("password_hash", as: String.self))
        #expect(stored.hasPrefix("$2b$04$"))
        #expect(!stored.contains(AccessFixture.password))
    }

    @Test("a bad password is refused when the account is added, naming the field")
    func addRefusesABadPassword() async throws {
        let fixture = try await AccessFixture()
        let email = AccessFixture.email("grace")
        let failure = try await #require(throws: ValidationFailure.self) {
            try await fixture.accounts.addUser(
                email: email, displayName: "Grace", password: "password1234", actor: "test")
        }
        #expect(failure.problems.map(\.field) == ["password"])
        #expect(try await fixture.inspect("SELECT 1 FROM users WHERE email = $1", [email]).isEmpty)
    }

    @Test("a second account with the same e-mail is refused")
    func duplicateEmailIsRefused() async throws {
        let fixture = try await AccessFixture()
        let person = try await fixture.person("dup")
        let failure = try await #require(throws: ValidationFailure.self) {
            try await fixture.accounts.addUser(
                email: person.email, displayName: "Again", password: AccessFixture.password, actor: "test")
        }
        #expect(failure.problems.map(\.field) == ["email"])
    }

    @Test("a membership in an unknown organisation leaves no half-made account")
    func unknownOrganisationLeavesNothing() async throws {
        let fixture = try await AccessFixture()
        let email = AccessFixture.email("half")
        await #expect(throws: StoreError.organisationNotFound(slug: "no-such-org")) {
            try await fixture.accounts.addUser(
                email: email, displayName: "Half", password: AccessFixture.password,
                memberships: ["no-such-org": .admin], actor: "test")
        }
        #expect(try await fixture.inspect("SELECT 1 FROM users WHERE email = $1", [email]).isEmpty)
    }

    @Test("a disabled account cannot sign in, even with the right password")
    func disabledAccountIsRefused() async throws {
        let fixture = try await AccessFixture()
        let person = try await fixture.person("gone")
        let disabled = try await fixture.accounts.disable(email: person.email, actor: "test")
        #expect(disabled.isDisabled)
        await #expect(throws: AccessError.invalidCredentials(delay: 0)) {
            try await fixture.accounts.logIn(
                email: person.email, password: AccessFixture.password, address: AccessFixture.address(), now: start)
        }
        try await fixture.accounts.enable(email: person.email, actor: "test")
        let principal = try await fixture.accounts.logIn(
            email: person.email, password: AccessFixture.password, address: AccessFixture.address(), now: start)
        #expect(principal.userID == person.id)
    }

    @Test("grant, revoke and list keep memberships per organisation, audited with the actor")
    func membershipsAreAudited() async throws {
        let fixture = try await AccessFixture()
        let acme = try await TestDatabase.newOrganisation("acme")
        let beta = try await TestDatabase.newOrganisation("beta")
        let person = try await fixture.person("member", memberships: [acme.slug: .viewer])
        try await fixture.accounts.grant(email: person.email, organisation: beta.slug, role: .admin, actor: "cli:lead")
        try await fixture.accounts.grant(email: person.email, organisation: acme.slug, role: .hr, actor: "cli:lead")
        let inBeta = try await fixture.accounts.list(organisation: beta.slug)
        #expect(inBeta.map(\.email) == [person.email])
        #expect(inBeta.first?.memberships == [acme.slug: .hr, beta.slug: .admin])

        let revoked = try await fixture.accounts.revoke(email: person.email, organisation: beta.slug, actor: "cli:lead")
        #expect(revoked.memberships == [acme.slug: .hr])
        #expect(try await fixture.accounts.list(organisation: beta.slug).isEmpty)
        let again = try await #require(throws: ValidationFailure.self) {
            try await fixture.accounts.revoke(email: person.email, organisation: beta.slug, actor: "cli:lead")
        }
        #expect(again.problems.map(\.field) == ["org"])

        let events = try await fixture.inspect(
            """
            SELECT o.slug, a.action FROM audit_events a JOIN organisations o ON o.id = a.org_id
             WHERE a.entity = 'membership' AND a.entity_id = $1 AND a.actor = 'cli:lead' ORDER BY a.id
            """, [person.id.uuidString.lowercased()])
        let trail = try events.map {
            "\(try $0.decode("slug", as: String.self)) \(try $0.decode("action", as: String.self))"
        }
        #expect(trail == ["\(beta.slug) create", "\(acme.slug) update", "\(beta.slug) delete"])
    }

    @Test("creating, disabling and resetting an account is audited without the hash's value")
    func accountWritesAreAudited() async throws {
        let fixture = try await AccessFixture()
        let person = try await fixture.person("audited")
        try await fixture.accounts.disable(email: person.email, actor: "cli:lead")
        try await fixture.accounts.resetPassword(
            email: person.email, newPassword: "second-harbour-lantern-7", actor: "cli:lead")
        let rows = try await fixture.inspect(
            """
            SELECT actor, action, changed_fields, details::text AS details, org_id IS NULL AS global FROM audit_events
             WHERE entity = 'user' AND entity_id = $1 ORDER BY id
            """, [person.id.uuidString.lowercased()])
        let events = try rows.map { row in
            "\(try row.decode("actor", as: String.self)) \(try row.decode("action", as: String.self)) "
                + (try row.decode("changed_fields", as: [String].self)).joined(separator: ",")
        }
        #expect(
            events == [
                "test create display_name,email,must_change_password,password_hash",
                "cli:lead update disabled_at",
                "cli:lead update password_hash",
            ])
        #expect(try rows.allSatisfy { try $0.decode("global", as: Bool.self) })
        #expect(try rows.allSatisfy { !(try $0.decode("details", as: String.self)).contains("$2b$") })
    }

    @Test("the application role cannot read password hashes")
    func applicationRoleCannotReadHashes() async throws {
        let fixture = try await AccessFixture()
        let error = try await #require(throws: PostgresError.self) {
            try await fixture.database.pool.transaction { connection in
                try connection.execute("SET LOCAL ROLE radar_app")
                return try connection.query("SELECT password_hash FROM users").count
            }
        }
        #expect(error.code == .insufficientPrivilege)
    }
}
