import RadarTestSupport
import Foundation
import Postgres
import RadarStore
import Testing

@Suite("Tenant isolation")
struct TenantIsolationTests {
    @Test func everyTableWithAnOrganisationHasRowLevelSecurityEnabledAndForced() async throws {
        let database = try await TestDatabase.shared()
        let tables = try await database.pool.withConnection { connection in
            try connection.query(
                """
                SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
                  FROM pg_class c
                  JOIN pg_namespace n ON n.oid = c.relnamespace
                  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped
                 WHERE n.nspname = 'public' AND c.relkind = 'r'
                """
            ).map { row in
                (
                    try row.decode("relname", as: String.self), try row.decode("relrowsecurity", as: Bool.self),
                    try row.decode("relforcerowsecurity", as: Bool.self)
                )
            }
        }
        #expect(tables.count >= 15)
        for (table, enabled, forced) in tables {
            #expect(enabled && forced, "table \(table) must have row-level security enabled and forced")
        }
    }

    @Test func theApplicationRoleIsPowerlessAndOwnsNothing() async throws {
        let database = try await TestDatabase.shared()
        let (superuser, bypass, owned) = try await database.pool.withConnection { connection in
            let role = try connection.queryRow(
                "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'radar_app'")!
            let owned = try connection.queryRow(
                """
                SELECT count(*) AS owned FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
                 WHERE r.rolname = 'radar_app'
                """)!
            return (
                try role.decode("rolsuper", as: Bool.self), try role.decode("rolbypassrls", as: Bool.self),
                try owned.decode("owned", as: Int.self)
            )
        }
        #expect(!superuser)
        #expect(!bypass)
        #expect(owned == 0)
    }

    @Test func withNoOrganisationSetNoTenantRowIsVisible() async throws {
        let database = try await TestDatabase.shared()
        let org = try await TestDatabase.newOrganisation("blind")
        try await addStakeholder(named: "Ada", to: org)
        let visible = try await database.pool.transaction { connection in
            try connection.execute("SET LOCAL ROLE radar_app")
            return try connection.queryRow("SELECT count(*) AS n FROM stakeholders")!.decode("n", as: Int.self)
        }
        #expect(visible == 0)
    }

    @Test func oneOrganisationCannotSeeOrChangeAnothersRows() async throws {
        let database = try await TestDatabase.shared()
        let alpha = try await TestDatabase.newOrganisation("alpha")
        let beta = try await TestDatabase.newOrganisation("beta")
        try await addStakeholder(named: "Grace", to: alpha)

        let (seen, updated, deleted) = try await database.inOrganisation(beta.slug, actor: "test") { tx in
            let seen = try tx.connection.queryRow("SELECT count(*) AS n FROM stakeholders")!.decode("n", as: Int.self)
            let updated = try tx.connection.execute(
                "UPDATE stakeholders SET title = 'changed' WHERE org_id = $1",
                [alpha.id])
            let deleted = try tx.connection.execute("DELETE FROM stakeholders WHERE org_id = $1", [alpha.id])
            return (seen, updated, deleted)
        }
        #expect(seen == 0)
        #expect(updated == 0)
        #expect(deleted == 0)

        let stillThere = try await database.inOrganisation(alpha.slug, actor: "test") { tx in
            try tx.connection.queryRow("SELECT title FROM stakeholders")!.decode("title", as: String?.self)
        }
        #expect(stillThere == nil)
    }

    @Test func insertingARowForAnotherOrganisationIsRefused() async throws {
        let database = try await TestDatabase.shared()
        let alpha = try await TestDatabase.newOrganisation("victim")
        let beta = try await TestDatabase.newOrganisation("intruder")
        await #expect {
            try await database.inOrganisation(beta.slug, actor: "test") { tx in
                try tx.connection.execute(
                    """
                    INSERT INTO stakeholders (org_id, name, email, tier) VALUES ($1, 'Mallory', 'm@example.org', 'hr')
                    """, [alpha.id])
            }
        } throws: { error in
            (error as? PostgresError)?.code == .insufficientPrivilege
        }
    }

    @Test func anUnknownOrganisationIsNamedInTheError() async throws {
        let database = try await TestDatabase.shared()
        await #expect(throws: StoreError.organisationNotFound(slug: "no-such-org")) {
            try await database.inOrganisation("no-such-org", actor: "test") { _ in 0 }
        }
    }

    private func addStakeholder(named name: String, to org: Organisation) async throws {
        let database = try await TestDatabase.shared()
        try await database.inOrganisation(org.slug, actor: "test") { tx in
            try tx.connection.execute(
                """
                INSERT INTO stakeholders (org_id, name, email, tier) VALUES (radar_current_org(), $1, $2, 'top_team')
                """, [name, name.lowercased() + "@example.org"])
        }
    }
}
