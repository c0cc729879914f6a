import Foundation
import Postgres
import RadarAccess
import RadarDomain
import RadarStore
import RadarTestSupport
import Testing

/// The service's login to the database (issue 18, item 5): a member of `radar_app` and nothing else, which cannot
/// become the owner, sees one organisation's accounts and one web session at a time, and enters only the
/// organisations its signed-in person belongs to.
@Suite("Least privilege in the database")
struct LeastPrivilegeTests {
    /// One plain connection as the service logs in, outside any transaction the product opens.
    static func asServiceLogin<T>(_ body: (Connection) throws -> T) throws -> T {
        let connection = try Connection.connect(try TestDatabase.serviceURL())
        defer { connection.close() }
        return try body(connection)
    }

    @Test func theServiceLoginIsAMemberOfTheApplicationRoleOnlyAndOwnsNothing() async throws {
        _ = try await TestDatabase.shared()
        let row = try #require(
            try Self.asServiceLogin {
                try $0.queryRow(
                    """
                    SELECT r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb,
                           ARRAY(SELECT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                                  WHERE m.member = r.oid ORDER BY 1) AS member_of,
                           (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid) AS owned,
                           has_schema_privilege('public', 'CREATE') AS may_create
                      FROM pg_roles r WHERE r.rolname = session_user
                    """)
            })
        #expect(try row.decode("rolsuper", as: Bool.self) == false)
        #expect(try row.decode("rolbypassrls", as: Bool.self) == false)
        #expect(try row.decode("rolcreaterole", as: Bool.self) == false)
        #expect(try row.decode("rolcreatedb", as: Bool.self) == false)
        #expect(try row.decode("member_of", as: [String].self) == ["radar_app"])
        #expect(try row.decode("owned", as: Int.self) == 0)
        // Nobody but the owner may create objects in the schema (PUBLIC's CREATE is revoked by `radar setup`).
        #expect(try row.decode("may_create", as: Bool.self) == false)
    }

    @Test func injectedSQLCannotBecomeTheOwner() async throws {
        _ = try await TestDatabase.shared()
        try Self.asServiceLogin { connection in
            #expect(throws: PostgresError.self) { try connection.execute("SET ROLE radar_owner") }
            #expect(throws: PostgresError.self) { try connection.execute("CREATE TABLE planted (x int)") }
        }
    }

    @Test func theServiceSeesTheAccountsOfTheOrganisationItEnteredAndNoOthers() async throws {
        let fixture = try await AccessFixture()
        let here = try await TestDatabase.newOrganisation("lp-here")
        let there = try await TestDatabase.newOrganisation("lp-there")
        let admin = try await fixture.person("lp-admin", memberships: [here.slug: .admin])
        let colleague = try await fixture.person("lp-colleague", memberships: [here.slug: .viewer])
        let stranger = try await fixture.person("lp-stranger", memberships: [there.slug: .hr])
        let service = try await TestDatabase.asService()
        let seen = try await service.inOrganisation(here.slug, actor: "test", member: admin.id) { tx in
            try tx.connection.query("SELECT email FROM users ORDER BY email").map { try $0.decode("email", as: String.self) }
        }
        #expect(Set(seen) == [admin.email, colleague.email])
        #expect(!seen.contains(stranger.email))
        // Outside any organisation, nothing but the person's own account (none set here).
        let outside = try await service.asApplication {
            try $0.queryRow("SELECT count(*) AS n FROM users")!.decode("n", as: Int.self)
        }
        #expect(outside == 0)
    }

    @Test func aMemberEntersOnlyTheirOwnOrganisations() async throws {
        let fixture = try await AccessFixture()
        let here = try await TestDatabase.newOrganisation("lp-enter")
        let there = try await TestDatabase.newOrganisation("lp-other")
        let person = try await fixture.person("lp-member", memberships: [here.slug: .hr])
        let service = try await TestDatabase.asService()
        let entered = try await service.inOrganisation(here.slug, actor: "test", member: person.id) {
            $0.organisation.slug
        }
        #expect(entered == here.slug)
        await #expect(throws: StoreError.self) {
            try await service.inOrganisation(there.slug, actor: "test", member: person.id) { $0.organisation.slug }
        }
    }

    @Test func theServiceReachesOneWebSessionAtATimeByItsDigest() async throws {
        let fixture = try await AccessFixture()
        let org = try await TestDatabase.newOrganisation("lp-web")
        let one = try await fixture.person("lp-one", memberships: [org.slug: .hr])
        let two = try await fixture.person("lp-two", memberships: [org.slug: .hr])
        let service = try await TestDatabase.asService()
        let sessions = WebSessions(database: service)
        let now = Date()
        let first = try await sessions.start(
            for: Principal(userID: one.id, email: one.email, displayName: "One", memberships: [org.slug: .hr]),
            organisation: org.slug, now: now)
        _ = try await sessions.start(
            for: Principal(userID: two.id, email: two.email, displayName: "Two", memberships: [org.slug: .hr]),
            organisation: org.slug, now: now)
        #expect(try await sessions.find(id: first, now: now)?.principal.email == one.email)
        let unnamed = try await service.asApplication {
            try $0.queryRow("SELECT count(*) AS n FROM web_sessions")!.decode("n", as: Int.self)
        }
        #expect(unnamed == 0)
        let named = try await service.asApplication(settings: [("radar.web_session", WebSessions.digest(first))]) {
            try $0.queryRow("SELECT count(*) AS n, min(user_id::text) AS who FROM web_sessions")!
        }
        #expect(try named.decode("n", as: Int.self) == 1)
        #expect(try named.decode("who", as: String.self) == one.id.uuidString.lowercased())
        // Deleting every session is a no-op without the digest; the housekeeping's function still clears expired ones.
        let deleted = try await service.asApplication { try $0.execute("DELETE FROM web_sessions") }
        #expect(deleted == 0)
    }

    @Test func anAdministratorManagesOnlyTheMembersOfTheirOwnOrganisation() async throws {
        let fixture = try await AccessFixture()
        let here = try await TestDatabase.newOrganisation("lp-admin")
        let there = try await TestDatabase.newOrganisation("lp-away")
        let admin = try await fixture.person("lp-boss", memberships: [here.slug: .admin])
        let stranger = try await fixture.person("lp-away", memberships: [there.slug: .viewer])
        let principal = Principal(userID: admin.id, email: admin.email, displayName: "Boss", memberships: [here.slug: .admin])
        let accounts = Accounts(database: try await TestDatabase.asService(), passwordCost: 4)
        let added = try await accounts.addMember(
            email: AccessFixture.email("lp-new"), displayName: "New", password: AccessFixture.password, role: .hr,
            to: here.slug, by: principal)
        #expect(added.memberships == [here.slug: .hr])
        #expect(try await accounts.members(of: here.slug, by: principal).map(\.email).sorted()
            == [added.email, admin.email].sorted())
        #expect(try await accounts.member(stranger.email, of: here.slug, by: principal) == nil)
        await #expect(throws: ValidationFailure.self) {
            try await accounts.setDisabled(true, email: stranger.email, in: here.slug, by: principal)
        }
        // Even called directly, the function refuses someone outside the organisation entered.
        let service = try await TestDatabase.asService()
        await #expect(throws: PostgresError.self) {
            try await service.inOrganisation(here.slug, actor: "test", member: admin.id) { tx in
                try tx.connection.execute("SELECT radar_set_member_disabled($1, true)", [stranger.id])
            }
        }
        #expect(try await fixture.accounts.account(email: stranger.email).isDisabled == false)
    }
}
