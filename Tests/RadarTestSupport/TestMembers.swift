import Foundation
import Postgres
import RadarStore

extension TestDatabase {
    /// Adds an account (no password) that belongs to organisation `slug` with `role`, as an administrator would;
    /// returns its id. The e-mail is the test's own, so tests in one database never share an account.
    @discardableResult
    public static func addMember(
        _ email: String, name: String = "Test member", role: String = "hr", to slug: String
    ) async throws -> UUID {
        try await shared().asOwner(actor: "test") { connection in
            let id: UUID = try connection.queryRow(
                """
                INSERT INTO users (email, display_name) VALUES ($1, $2)
                ON CONFLICT (email) DO UPDATE SET display_name = EXCLUDED.display_name RETURNING id
                """, [email.lowercased(), name])!.decode("id")
            // The membership's audit event belongs to the organisation, as when an administrator grants it.
            try connection.execute("SELECT set_config('radar.org_id', radar_org_id($1)::text, true)", [slug])
            try connection.execute(
                """
                INSERT INTO memberships (org_id, user_id, role) VALUES (radar_org_id($1), $2, $3::member_role)
                ON CONFLICT (org_id, user_id) DO UPDATE SET role = EXCLUDED.role
                """, [slug, id, role])
            return id
        }
    }
}
