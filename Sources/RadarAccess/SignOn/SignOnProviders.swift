import Foundation
import Postgres
import RadarDomain
import RadarStore

/// Each organisation's sign-on provider: set up, listed and removed by administrators; found by the sign-in pages.
public struct SignOnProviders: Sendable {
    public let database: RadarDatabase

    public init(database: RadarDatabase) {
        self.database = database
    }

    enum Query {
        static let columns = """
            o.slug AS org_slug, p.label, p.issuer, p.client_id, p.client_secret, p.email_domains, p.group_claim,
            p.admin_groups, p.hr_groups, p.viewer_groups, p.password_sign_in
            """
        static let insert = """
            INSERT INTO sign_on_providers (org_id, label, issuer, client_id, client_secret, email_domains, group_claim,
                                           admin_groups, hr_groups, viewer_groups, password_sign_in)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            """
        static let replace = """
            \(insert)
            ON CONFLICT (org_id) DO UPDATE SET
                label = EXCLUDED.label, issuer = EXCLUDED.issuer, client_id = EXCLUDED.client_id,
                client_secret = EXCLUDED.client_secret, email_domains = EXCLUDED.email_domains,
                group_claim = EXCLUDED.group_claim, admin_groups = EXCLUDED.admin_groups,
                hr_groups = EXCLUDED.hr_groups,
                viewer_groups = EXCLUDED.viewer_groups, password_sign_in = EXCLUDED.password_sign_in
            """
        static let delete = "DELETE FROM sign_on_providers WHERE org_id = $1"
        static let list = """
            SELECT \(columns) FROM sign_on_providers p JOIN organisations o ON o.id = p.org_id
             WHERE $1::text IS NULL OR o.slug = $1 ORDER BY o.slug
            """
        static let byDomain = """
            SELECT \(columns) FROM sign_on_providers p JOIN organisations o ON o.id = p.org_id
             WHERE p.email_domains @> ARRAY[$1::text] ORDER BY o.slug
            """
    }

    /// Sets up `provider` for its organisation, which must not have one yet (or, `replacing`, whatever it had).
    /// Checks every field first.
    @discardableResult
    public func add(_ provider: SignOnProvider, replacing: Bool = false, actor: String) async throws -> SignOnProvider {
        var provider = provider
        try provider.validate()
        let checked = provider
        try await database.asOwner(actor: actor) { connection in
            let orgID = try Accounts.enterOrganisation(checked.organisation, on: connection)
            do {
                try connection.execute(
                    replacing ? Query.replace : Query.insert,
                    [
                        orgID, checked.label, checked.issuer, checked.clientID, checked.clientSecret,
                        checked.emailDomains, checked.groupClaim, checked.adminGroups, checked.hrGroups,
                        checked.viewerGroups, checked.passwordSignIn,
                    ])
            } catch let error as PostgresError where error.code == .uniqueViolation {
                throw ValidationFailure([
                    ValidationProblem(
                        field: "org",
                        message: "\"\(checked.organisation)\" already has a sign-on provider; remove it first")
                ])
            }
        }
        return checked
    }

    /// Removes the organisation's provider: its members sign in with passwords again.
    public func remove(organisation: String, actor: String) async throws {
        try await database.asOwner(actor: actor) { connection in
            let orgID = try Accounts.enterOrganisation(organisation, on: connection)
            guard try connection.execute(Query.delete, [orgID]) == 1 else {
                throw ValidationFailure([
                    ValidationProblem(field: "org", message: "\"\(organisation)\" has no sign-on provider")
                ])
            }
        }
    }

    /// Every organisation's provider, or one organisation's (an unknown slug is an error).
    public func list(organisation: String? = nil) async throws -> [SignOnProvider] {
        try await database.asOwner(actor: "radar") { connection in
            if let organisation { _ = try Accounts.organisationID(organisation, on: connection) }
            return try connection.query(Query.list, [organisation]).map(SignOnProvider.init(row:))
        }
    }

    /// The provider of the organisation `slug`, if it has one.
    public func provider(organisation slug: String) async throws -> SignOnProvider? {
        try await database.asOwner(actor: "radar") { connection in
            try connection.queryRow(Query.list, [slug]).map(SignOnProvider.init(row:))
        }
    }

    /// The providers vouching for the domain of `email` (usually one).
    public func providers(forEmail email: String) async throws -> [SignOnProvider] {
        guard let at = email.lastIndex(of: "@") else { return [] }
        let domain = String(email[email.index(after: at)...]).trimmingCharacters(in: .whitespaces).lowercased()
        guard !domain.isEmpty, domain.count <= 253 else { return [] }
        return try await database.asOwner(actor: "radar") { connection in
            try connection.query(Query.byDomain, [domain]).map(SignOnProvider.init(row:))
        }
    }
}
