import Foundation
import Logging
import Postgres
import RadarDomain
import RadarStore

/// The people who may use the service: their accounts, passwords and memberships. Operators' administration runs
/// as the schema owner (the CLI); the service works as the application role: signing in, a person's own password,
/// and an administrator's members of one organisation (`Accounts+Members`).
public struct Accounts: Sendable {
    public let database: RadarDatabase
    /// Bcrypt's log2 work factor: 12 in production; tests pass the minimum, 4, to stay fast.
    public let passwordCost: UInt8
    public let policy: PasswordPolicy
    public let throttle: LoginThrottle
    public let logger: Logger

    public init(
        database: RadarDatabase, passwordCost: UInt8 = 12, policy: PasswordPolicy = PasswordPolicy(),
        throttle: LoginThrottle = .standard, logger: Logger = Logger(label: "radar.access")
    ) {
        precondition((4...31).contains(passwordCost), "bcrypt cost must be between 4 and 31")
        self.database = database
        self.passwordCost = passwordCost
        self.policy = policy
        self.throttle = throttle
        self.logger = logger
    }

    enum Query {
        static let insertUser = """
            INSERT INTO users (email, display_name, password_hash, must_change_password) VALUES ($1, $2, $3, $4)
            RETURNING id, email, display_name, disabled_at, created_at
            """
        static let user = """
            SELECT u.id, u.email, u.display_name, u.disabled_at, u.created_at,
                   ARRAY(SELECT o.slug FROM memberships m JOIN organisations o ON o.id = m.org_id
                          WHERE m.user_id = u.id ORDER BY o.slug) AS org_slugs,
                   ARRAY(SELECT m.role::text FROM memberships m JOIN organisations o ON o.id = m.org_id
                          WHERE m.user_id = u.id ORDER BY o.slug) AS roles
              FROM users u
             WHERE u.email = $1
            """
        static let list = """
            SELECT u.id, u.email, u.display_name, u.disabled_at, u.created_at,
                   ARRAY(SELECT o.slug FROM memberships m JOIN organisations o ON o.id = m.org_id
                          WHERE m.user_id = u.id ORDER BY o.slug) AS org_slugs,
                   ARRAY(SELECT m.role::text FROM memberships m JOIN organisations o ON o.id = m.org_id
                          WHERE m.user_id = u.id ORDER BY o.slug) AS roles
              FROM users u
             WHERE $1::text IS NULL
                OR EXISTS (SELECT FROM memberships m JOIN organisations o ON o.id = m.org_id
                            WHERE m.user_id = u.id AND o.slug = $1)
             ORDER BY u.email
            """
        static let organisationID = "SELECT id FROM organisations WHERE slug = $1"
        static let grant = """
            INSERT INTO memberships (org_id, user_id, role) VALUES ($1, $2, $3)
            ON CONFLICT (org_id, user_id) DO UPDATE SET role = EXCLUDED.role
             WHERE memberships.role IS DISTINCT FROM EXCLUDED.role
            """
        static let revoke = "DELETE FROM memberships WHERE org_id = $1 AND user_id = $2"
        static let disable = "UPDATE users SET disabled_at = now() WHERE id = $1 AND disabled_at IS NULL"
        static let enable = "UPDATE users SET disabled_at = NULL WHERE id = $1 AND disabled_at IS NOT NULL"
        static let setPassword = "UPDATE users SET password_hash = $2, must_change_password = $3 WHERE id = $1"
        static let forgetAccountFailures = "DELETE FROM login_failures WHERE scope = 'account' AND subject = $1"
        static let revokeTokens = "UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL"
        static let endSessions = "DELETE FROM web_sessions WHERE user_id = $1"
        // The holder's own password, by the function the application role may call (it signs them out everywhere).
        static let changeOwnPassword = "SELECT radar_change_own_password($1)"
    }

    /// Ends every way `userID` is signed in: their API tokens are revoked and their web sessions deleted. Called
    /// when their password is reset, their account disabled or a membership removed, so that nothing issued under
    /// the old terms outlives them (enabling the account again brings none of it back).
    static func signOutEverywhere(_ userID: UUID, on connection: Connection) throws {
        try connection.execute(Query.revokeTokens, [userID])
        try connection.execute(Query.endSessions, [userID])
    }

    /// Creates an account with a password that passes the policy, and optionally its first memberships, in one
    /// transaction. The password is the administrator's, so by default its holder must replace it at first sign-in;
    /// `mustChangePassword: false` is for accounts run by scripts, whose password nobody else has seen.
    @discardableResult
    public func addUser(
        email: String, displayName: String, password: String, memberships: [String: AccessRole] = [:],
        mustChangePassword: Bool = true, actor: String
    ) async throws -> UserAccount {
        let (email, displayName, hash) = try await newAccount(email: email, displayName: displayName, password: password)
        return try await database.asOwner(actor: actor) { connection in
            let created = try Self.refusingTakenEmail(email) {
                try connection.queryRow(Query.insertUser, [email, displayName, hash, mustChangePassword])!
            }
            let id: UUID = try created.decode("id")
            for (slug, role) in memberships.sorted(by: { $0.key < $1.key }) {
                try Self.grant(role, in: slug, to: id, on: connection)
            }
            return try Self.account(email, on: connection)
        }
    }

    /// Gives `email` the role `role` in the organisation `organisation`, replacing any role they had there.
    @discardableResult
    public func grant(
        email: String, organisation: String, role: AccessRole, actor: String
    ) async throws -> UserAccount {
        let email = Self.normalise(email)
        return try await database.asOwner(actor: actor) { connection in
            let account = try Self.account(email, on: connection)
            try Self.grant(role, in: organisation, to: account.id, on: connection)
            return try Self.account(email, on: connection)
        }
    }

    /// Removes `email`'s membership of `organisation`, and signs them out everywhere.
    @discardableResult
    public func revoke(email: String, organisation: String, actor: String) async throws -> UserAccount {
        let email = Self.normalise(email)
        return try await database.asOwner(actor: actor) { connection in
            let account = try Self.account(email, on: connection)
            let orgID = try Self.enterOrganisation(organisation, on: connection)
            guard try connection.execute(Query.revoke, [orgID, account.id]) == 1 else {
                throw ValidationFailure([
                    ValidationProblem(
                        field: "org", message: "\(email) is not a member of \"\(organisation)\"")
                ])
            }
            try Self.signOutEverywhere(account.id, on: connection)
            return try Self.account(email, on: connection)
        }
    }

    /// Every account (or the members of one organisation), with their memberships, ordered by e-mail.
    public func list(organisation: String? = nil) async throws -> [UserAccount] {
        try await database.asOwner(actor: "radar") { connection in
            if let organisation {
                _ = try Self.organisationID(organisation, on: connection)
            }
            return try connection.query(Query.list, [organisation]).map(UserAccount.init(row:))
        }
    }

    /// The account for `email`.
    public func account(email: String) async throws -> UserAccount {
        let email = Self.normalise(email)
        return try await database.asOwner(actor: "radar") { try Self.account(email, on: $0) }
    }

    /// Stops `email` signing in, revokes their API tokens and ends their web sessions; their record stays.
    @discardableResult
    public func disable(email: String, actor: String) async throws -> UserAccount {
        let email = Self.normalise(email)
        return try await database.asOwner(actor: actor) { connection in
            let account = try Self.account(email, on: connection)
            try connection.execute(Query.disable, [account.id])
            try Self.signOutEverywhere(account.id, on: connection)
            return try Self.account(email, on: connection)
        }
    }

    /// Lets a disabled account sign in again.
    @discardableResult
    public func enable(email: String, actor: String) async throws -> UserAccount {
        let email = Self.normalise(email)
        return try await database.asOwner(actor: actor) { connection in
            let account = try Self.account(email, on: connection)
            try connection.execute(Query.enable, [account.id])
            return try Self.account(email, on: connection)
        }
    }

    /// Sets a new password (checked against the policy), which its holder must replace at their next sign-in,
    /// forgets the account's failed logins and signs the person out everywhere: whoever held their old password
    /// holds nothing after the reset.
    public func resetPassword(email: String, newPassword: String, actor: String) async throws {
        let email = Self.normalise(email)
        try policy.check(password: newPassword, email: email)
        let hash = await PasswordHashing.hash(newPassword, cost: passwordCost)
        try await database.asOwner(actor: actor) { connection in
            let account = try Self.account(email, on: connection)
            try connection.execute(Query.setPassword, [account.id, hash, true])
            try connection.execute(Query.forgetAccountFailures, [email])
            try Self.signOutEverywhere(account.id, on: connection)
        }
    }

    /// Replaces `email`'s password with one they chose. The current password must sign them in (the throttle
    /// counts it like any sign-in); the new one must pass the policy and differ from it. Afterwards they are signed
    /// out everywhere, every token revoked, and sign in again with the new password.
    public func changePassword(
        email: String, current: String, new: String, address: String, now: Date
    ) async throws {
        let principal = try await logIn(email: email, password: current, address: address, now: now)
        var problems = policy.problems(password: new, email: principal.email).map {
            ValidationProblem(field: "newPassword", message: $0.message)
        }
        if new == current {
            problems.append(ValidationProblem(field: "newPassword", message: "must differ from the current one"))
        }
        if !problems.isEmpty { throw ValidationFailure(problems) }
        let hash = await PasswordHashing.hash(new, cost: passwordCost)
        try await database.asApplication(
            actor: principal.actor, settings: [("radar.user_id", principal.userID.uuidString.lowercased())]
        ) { connection in
            try connection.execute(Query.changeOwnPassword, [hash])
        }
        logger.info("password changed by its holder", metadata: ["email": "\(principal.email)"])
    }

    /// The e-mail and name of a new account as stored, and its password's hash, once all three pass the checks.
    func newAccount(
        email: String, displayName: String, password: String
    ) async throws -> (email: String, displayName: String, hash: String) {
        let email = Self.normalise(email)
        let displayName = CleanText.oneLine(displayName).trimmingCharacters(in: .whitespacesAndNewlines)
        var problems = Self.emailProblems(email)
        if displayName.isEmpty {
            problems.append(ValidationProblem(field: "name", message: "is required"))
        } else if displayName.count > 200 {
            problems.append(ValidationProblem(field: "name", message: "must be at most 200 characters long"))
        }
        problems += policy.problems(password: password, email: email)
        if !problems.isEmpty { throw ValidationFailure(problems) }
        return (email, displayName, await PasswordHashing.hash(password, cost: passwordCost))
    }

    /// Runs `insert`, turning the unique violation of an e-mail that already has an account into a problem naming it.
    static func refusingTakenEmail<T>(_ email: String, _ insert: () throws -> T) throws -> T {
        try refusingDuplicate(ValidationProblem(field: "email", message: "\"\(email)\" already has an account"), insert)
    }

    static func normalise(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    static func emailProblems(_ email: String) -> [ValidationProblem] {
        if email.isEmpty { return [ValidationProblem(field: "email", message: "is required")] }
        if email.count > 254 || email.range(of: #"^[^@\s]+@[^@\s]+$"#, options: .regularExpression) == nil {
            return [ValidationProblem(field: "email", message: "\"\(email)\" is not an e-mail address")]
        }
        return []
    }

    static func account(_ email: String, on connection: Connection) throws -> UserAccount {
        guard let row = try connection.queryRow(Query.user, [email]) else {
            throw ValidationFailure([
                ValidationProblem(
                    field: "email", message: "no account has the e-mail \"\(email)\"")
            ])
        }
        return try UserAccount(row: row)
    }

    static func organisationID(_ slug: String, on connection: Connection) throws -> UUID {
        guard let id = try connection.queryRow(Query.organisationID, [slug])?.decode("id", as: UUID.self) else {
            throw StoreError.organisationNotFound(slug: slug)
        }
        return id
    }

    /// Resolves `slug` and sets it as the transaction's organisation, so the membership audit lands in it.
    static func enterOrganisation(_ slug: String, on connection: Connection) throws -> UUID {
        let id = try organisationID(slug, on: connection)
        try connection.execute(RadarDatabase.AccessQuery.setOrganisation, [id.uuidString.lowercased()])
        return id
    }

    static func grant(_ role: AccessRole, in slug: String, to userID: UUID, on connection: Connection) throws {
        let orgID = try enterOrganisation(slug, on: connection)
        try connection.execute(Query.grant, [orgID, userID, role.rawValue])
    }
}
