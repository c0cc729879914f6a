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
        static let endPasswordSignIns = "SELECT radar_end_password_sign_ins() AS ended"
        static let passwordSignIn = "SELECT password_sign_in FROM sign_on_providers WHERE org_id = $1"
        // Through the definer function: the sign-in pages read providers before anyone is inside an organisation.
        static let find = """
            SELECT org_slug, label, issuer, client_id, client_secret, email_domains, group_claim, admin_groups,
                   hr_groups, viewer_groups, password_sign_in
              FROM radar_sign_on_providers($1, $2)
            """
    }

    /// Sets up `provider` for its organisation, which must not have one yet (or, `replacing`, whatever it had).
    /// Checks every field first. When password sign-in goes off, the members' web sessions in the organisation and
    /// their password login tokens end at once (not those of `member`, who makes the change).
    @discardableResult
    public func add(
        _ provider: SignOnProvider, replacing: Bool = false, actor: String, member: UUID? = nil
    ) async throws -> SignOnProvider {
        var provider = provider
        try provider.validate()
        let checked = provider
        try await database.inOrganisation(checked.organisation, actor: actor, member: member) { tx in
            let (connection, orgID) = (tx.connection, tx.organisation.id)
            let passwordsWereAllowed =
                try connection.queryRow(Query.passwordSignIn, [orgID])?.decode("password_sign_in", as: Bool.self) ?? true
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
            if passwordsWereAllowed, !checked.passwordSignIn { try connection.execute(Query.endPasswordSignIns) }
        }
        return checked
    }

    /// Removes the organisation's provider: its members sign in with passwords again.
    public func remove(organisation: String, actor: String) async throws {
        try await database.inOrganisation(organisation, actor: actor) { tx in
            guard try tx.connection.execute(Query.delete, [tx.organisation.id]) == 1 else {
                throw ValidationFailure([
                    ValidationProblem(field: "org", message: "\"\(organisation)\" has no sign-on provider")
                ])
            }
        }
    }

    /// Every organisation's provider, or one organisation's (an unknown slug is an error).
    public func list(organisation: String? = nil) async throws -> [SignOnProvider] {
        if let organisation { _ = try await database.inOrganisation(organisation, actor: "radar") { _ in true } }
        return try await find(organisation: organisation, domain: nil)
    }

    /// The provider of the organisation `slug`, if it has one.
    public func provider(organisation slug: String) async throws -> SignOnProvider? {
        try await find(organisation: slug, domain: nil).first
    }

    /// The providers vouching for the domain of `email` (usually one).
    public func providers(forEmail email: String) async throws -> [SignOnProvider] {
        guard let at = email.lastIndex(of: "@") else { return [] }
        let domain = String(email[email.index(after: at)...]).trimmingCharacters(in: .whitespaces).lowercased()
        guard !domain.isEmpty, domain.count <= 253 else { return [] }
        return try await find(organisation: nil, domain: domain)
    }

    private func find(organisation: String?, domain: String?) async throws -> [SignOnProvider] {
        try await database.asApplication(settings: []) { connection in
            try connection.query(Query.find, [organisation, domain]).map(SignOnProvider.init(row:))
        }
    }
}
