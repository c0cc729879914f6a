import Foundation
import Postgres
import RadarDomain
import RadarStore

/// An administrator's work on the members of one organisation, done by the service as the application role: each
/// step is a database function confined to the organisation entered, which the administrator must belong to.
extension Accounts {
    enum MemberQuery {
        static let members = """
            SELECT id, email, display_name, disabled_at, created_at, org_slugs, roles FROM radar_member_accounts()
            """
        static let member = """
            SELECT id, email, display_name, disabled_at, created_at, org_slugs, roles FROM radar_member_accounts($1)
            """
        static let add = "SELECT radar_add_member($1, $2, $3, true, $4) AS id"
        static let setRole = "SELECT radar_set_member_role($1, $2) AS changed"
        static let setDisabled = "SELECT radar_set_member_disabled($1, $2)"
    }

    /// Runs `body` in `organisation` as `principal`, who must be one of its members.
    private func asMember<T: Sendable>(
        of organisation: String, _ principal: Principal, _ body: @escaping @Sendable (TenantTransaction) throws -> T
    ) async throws -> T {
        try await database.inOrganisation(organisation, actor: principal.actor, member: principal.userID, body)
    }

    /// The members of `organisation`, each with every organisation they belong to, ordered by e-mail.
    public func members(of organisation: String, by principal: Principal) async throws -> [UserAccount] {
        try await asMember(of: organisation, principal) { tx in
            try tx.connection.query(MemberQuery.members).map(UserAccount.init(row:))
        }
    }

    /// The member of `organisation` with `email`, or nil when nobody there has it.
    public func member(_ email: String, of organisation: String, by principal: Principal) async throws -> UserAccount? {
        let email = Self.normalise(email)
        return try await asMember(of: organisation, principal) { tx in
            try tx.connection.queryRow(MemberQuery.member, [email]).map(UserAccount.init(row:))
        }
    }

    /// Creates an account whose holder must replace the administrator's password at first sign-in, as a member of
    /// `organisation` with `role`, in one transaction.
    @discardableResult
    public func addMember(
        email: String, displayName: String, password: String, role: AccessRole, to organisation: String,
        by principal: Principal
    ) async throws -> UserAccount {
        let (email, displayName, hash) = try await newAccount(email: email, displayName: displayName, password: password)
        return try await asMember(of: organisation, principal) { tx in
            _ = try Self.refusingTakenEmail(email) {
                try tx.connection.queryRow(MemberQuery.add, [email, displayName, hash, role.rawValue])
            }
            return try Self.member(email, in: tx)
        }
    }

    /// Gives the member `email` of `organisation` the role `role` there.
    @discardableResult
    public func setRole(
        _ role: AccessRole, of email: String, in organisation: String, by principal: Principal
    ) async throws -> UserAccount {
        let email = Self.normalise(email)
        return try await asMember(of: organisation, principal) { tx in
            try tx.connection.execute(MemberQuery.setRole, [try Self.member(email, in: tx).id, role.rawValue])
            return try Self.member(email, in: tx)
        }
    }

    /// Disables the member `email` of `organisation` (their tokens revoked, their sessions ended) or enables them.
    @discardableResult
    public func setDisabled(
        _ disabled: Bool, email: String, in organisation: String, by principal: Principal
    ) async throws -> UserAccount {
        let email = Self.normalise(email)
        return try await asMember(of: organisation, principal) { tx in
            try tx.connection.execute(MemberQuery.setDisabled, [try Self.member(email, in: tx).id, disabled])
            return try Self.member(email, in: tx)
        }
    }

    /// The member with `email` of the organisation `tx` entered; a problem naming the e-mail otherwise.
    static func member(_ email: String, in tx: TenantTransaction) throws -> UserAccount {
        guard let row = try tx.connection.queryRow(MemberQuery.member, [email]) else {
            throw ValidationFailure([
                ValidationProblem(field: "email", message: "\"\(email)\" is not a member of \(tx.organisation.slug)")
            ])
        }
        return try UserAccount(row: row)
    }
}
