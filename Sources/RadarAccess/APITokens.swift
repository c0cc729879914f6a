import Crypto
import Foundation
import Postgres
import RadarDomain
import RadarStore

/// An API token as listed: never its secret, which is shown once when it is created and stored only hashed.
public struct APITokenRecord: Sendable, Hashable {
    public var id: UUID
    public var userID: UUID
    public var email: String
    public var name: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?
    /// When it stops working, revoked or not.
    public var expiresAt: Date

    public var isRevoked: Bool { revokedAt != nil }

    /// Whether it still works at `now`.
    public func isLive(at now: Date) -> Bool { revokedAt == nil && expiresAt > now }

    /// Whether it still works at `now` but stops within `TokenLifetime.warning`, so its holder should be told.
    public func isExpiringSoon(at now: Date) -> Bool {
        isLive(at: now) && expiresAt.timeIntervalSince(now) <= TokenLifetime.warning
    }

    init(row: Row) throws {
        id = try row.decode("id")
        userID = try row.decode("user_id")
        email = try row.decode("email")
        name = try row.decode("name")
        createdAt = try row.decode("created_at")
        lastUsedAt = try row.decode("last_used_at")
        revokedAt = try row.decode("revoked_at")
        expiresAt = try row.decode("expires_at")
    }
}

/// How long API tokens live.
public enum TokenLifetime {
    /// A token made by logging in to the API: a working day and a half.
    public static let login: TimeInterval = 12 * 60 * 60
    /// A named token made by an admin, unless they choose otherwise.
    public static let named: TimeInterval = 90 * 24 * 60 * 60
    /// The longest an admin may choose.
    public static let maximum: TimeInterval = 365 * 24 * 60 * 60
    /// How long before its end a token is listed as expiring.
    public static let warning: TimeInterval = 14 * 24 * 60 * 60
}

/// Bearer tokens for scripts and tools: 256 random bits, shown once, stored as SHA-256, revocable.
public struct APITokens: Sendable {
    public let database: RadarDatabase

    public init(database: RadarDatabase) {
        self.database = database
    }

    /// Every token starts so, which lets secret scanners and people recognise one.
    public static let prefix = "rdr_"

    enum Query {
        static let owner = "SELECT id, disabled_at FROM users WHERE email = $1"
        static let insert = """
            WITH created AS (
                INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at)
                VALUES ($1, $2, decode($3, 'hex'), $4, $5)
                RETURNING id, user_id, name, created_at, last_used_at, revoked_at, expires_at
            )
            SELECT c.*, u.email FROM created c JOIN users u ON u.id = c.user_id
            """
        static let list = """
            SELECT t.id, t.user_id, u.email, t.name, t.created_at, t.last_used_at, t.revoked_at, t.expires_at
              FROM api_tokens t JOIN users u ON u.id = t.user_id
             WHERE $1::text IS NULL OR u.email = $1
             ORDER BY u.email, t.created_at, t.id
            """
        static let revoke = """
            UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL
            """
        static let byID = """
            SELECT t.id, t.user_id, u.email, t.name, t.created_at, t.last_used_at, t.revoked_at, t.expires_at
              FROM api_tokens t JOIN users u ON u.id = t.user_id
             WHERE t.id = $1
            """
        static let issueOwn = """
            SELECT id, user_id, email, name, created_at, last_used_at, revoked_at, expires_at
              FROM radar_issue_own_api_token($1, $2, $3, $4)
            """
        static let ofMembers = """
            SELECT id, user_id, email, name, created_at, last_used_at, revoked_at, expires_at
              FROM radar_member_api_tokens()
            """
        static let revokeOwnOrMembers = """
            SELECT id, user_id, email, name, created_at, last_used_at, revoked_at, expires_at
              FROM radar_revoke_api_token($1)
            """
        static let authenticate = """
            SELECT token_id, user_id, email, display_name, org_slugs, roles
              FROM radar_authenticate_token($1, $2)
            """
    }

    /// Creates a token for `email` named `name`, made at `now` and working for `lifetime` (at most
    /// `TokenLifetime.maximum`). The secret is returned here and never again.
    public func create(
        email: String, name: String, lifetime: TimeInterval = TokenLifetime.named, now: Date = .now, actor: String
    ) async throws -> (secret: String, token: APITokenRecord) {
        let email = Accounts.normalise(email)
        let name = try Self.checked(name: name, lifetime: lifetime)
        let secret = Self.newSecret()
        let digest = Self.digest(secret)
        let token = try await database.asOwner(actor: actor) { connection in
            guard let owner = try connection.queryRow(Query.owner, [email]) else {
                throw ValidationFailure([
                    ValidationProblem(
                        field: "user", message: "no account has the e-mail \"\(email)\"")
                ])
            }
            guard try owner.decode("disabled_at", as: Date?.self) == nil else {
                throw ValidationFailure([ValidationProblem(field: "user", message: "\(email) is disabled")])
            }
            let ownerID: UUID = try owner.decode("id")
            return try Self.refusingTakenName(name, of: email) {
                try APITokenRecord(row: connection.queryRow(Query.insert, [ownerID, name, digest, now, now + lifetime])!)
            }
        }
        return (secret, token)
    }

    /// Creates a token acting as `principal` themselves (the service's way: at API login and on the tokens page),
    /// made at `now` and working for `lifetime`. The secret is returned here and never again.
    public func issueOwn(
        for principal: Principal, name: String, lifetime: TimeInterval = TokenLifetime.named, now: Date = .now
    ) async throws -> (secret: String, token: APITokenRecord) {
        let name = try Self.checked(name: name, lifetime: lifetime)
        let secret = Self.newSecret()
        let digest = Self.digest(secret)
        let token = try await database.asApplication(actor: principal.actor, settings: Self.acting(principal)) {
            connection in
            try Self.refusingTakenName(name, of: principal.email) {
                guard let row = try connection.queryRow(Query.issueOwn, [name, digest, now, now + lifetime]) else {
                    throw ValidationFailure([
                        ValidationProblem(field: "user", message: "\(principal.email) is disabled")
                    ])
                }
                return try APITokenRecord(row: row)
            }
        }
        return (secret, token)
    }

    /// The tokens of the members of `organisation`, revoked ones included, as its administrator `principal` sees
    /// them.
    public func ofMembers(of organisation: String, by principal: Principal) async throws -> [APITokenRecord] {
        try await database.inOrganisation(organisation, actor: principal.actor, member: principal.userID) { tx in
            try tx.connection.query(Query.ofMembers).map(APITokenRecord.init(row:))
        }
    }

    /// Revokes the token `id` of a member of `organisation` from now on, for its administrator `principal`; nil
    /// when no member of it has that token.
    @discardableResult
    public func revoke(
        id: UUID, of organisation: String, by principal: Principal
    ) async throws -> APITokenRecord? {
        try await database.inOrganisation(organisation, actor: principal.actor, member: principal.userID) { tx in
            try tx.connection.queryRow(Query.revokeOwnOrMembers, [id]).map(APITokenRecord.init(row:))
        }
    }

    /// A token's name, trimmed, and its lifetime, once both pass the checks.
    static func checked(name: String, lifetime: TimeInterval) throws -> String {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty {
            throw ValidationFailure([ValidationProblem(field: "name", message: "is required")])
        }
        if name.count > 100 || name.contains("\u{0}") {
            throw ValidationFailure([ValidationProblem(field: "name", message: "must be at most 100 characters long")])
        }
        guard lifetime > 0, lifetime <= TokenLifetime.maximum else {
            throw ValidationFailure([
                ValidationProblem(
                    field: "expires", message: "a token lives for more than no time and at most a year")
            ])
        }
        return name
    }

    /// Runs `insert`, turning the unique violation of a live token's name into a problem naming it.
    static func refusingTakenName<T>(_ name: String, of email: String, _ insert: () throws -> T) throws -> T {
        try refusingDuplicate(
            ValidationProblem(field: "name", message: "\(email) already has a live token named \"\(name)\""), insert)
    }

    /// The settings that make `principal` the user a transaction acts for (`radar.user_id`).
    static func acting(_ principal: Principal) -> [(String, String)] {
        [("radar.user_id", principal.userID.uuidString.lowercased())]
    }

    /// Every token (or those of one person), revoked ones included, oldest first per person.
    public func list(email: String? = nil) async throws -> [APITokenRecord] {
        let email = email.map(Accounts.normalise)
        return try await database.asOwner(actor: "radar") { connection in
            try connection.query(Query.list, [email]).map(APITokenRecord.init(row:))
        }
    }

    /// Signs `principal` out of the API: revokes the token they called with, and records the sign-out from
    /// `address` in the audit trail.
    public func logOut(id: UUID, principal: Principal, address: String) async throws {
        try await database.asApplication(actor: principal.actor, settings: Self.acting(principal)) { connection in
            _ = try connection.query(Query.revokeOwnOrMembers, [id])
            try connection.execute(Accounts.LogInQuery.audit, ["logout", principal.email, address, "API token revoked"])
        }
    }

    /// Revokes the token `id` from now on; revoking a revoked token changes nothing.
    @discardableResult
    public func revoke(id: UUID, actor: String) async throws -> APITokenRecord {
        try await database.asOwner(actor: actor) { connection in
            try connection.execute(Query.revoke, [id])
            guard let row = try connection.queryRow(Query.byID, [id]) else {
                throw ValidationFailure([
                    ValidationProblem(
                        field: "id", message: "no token has the id \(id.uuidString.lowercased())")
                ])
            }
            return try APITokenRecord(row: row)
        }
    }

    /// The person a bearer token belongs to, recording its use at `now`. Unknown, malformed, revoked and expired
    /// tokens and disabled holders are all `.unauthenticated`, so a caller cannot tell which.
    public func authenticate(bearer: String, now: Date) async throws -> Principal {
        guard Self.looksLikeSecret(bearer) else { throw AccessError.unauthenticated }
        let digest = Self.digest(bearer)
        // One statement, committing on its own, and no actor: the only write, the token's last use, is bookkeeping
        // the audit leaves out, and every API request comes through here, so each round trip counts. The function is
        // SECURITY DEFINER and sets nothing in the session, so the connection goes back without the session reset;
        // whether the login is radar_service or the owner, it runs as its owner.
        let principal: Principal? = try await database.pool.withSessionUntouched { connection in
            guard let row = try connection.queryRow(Query.authenticate, [digest, now], preparing: true) else { return nil }
            return Principal(
                userID: try row.decode("user_id"), email: try row.decode("email"),
                displayName: try row.decode("display_name"), memberships: try UserAccount.memberships(row),
                tokenID: try row.decode("token_id"))
        }
        guard let principal else { throw AccessError.unauthenticated }
        return principal
    }

    /// `rdr_` and 256 random bits in unpadded base64url (43 characters).
    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<4).flatMap { _ in withUnsafeBytes(of: generator.next() as UInt64) { Array($0) } }
        return prefix + base64URL(bytes)
    }

    static func looksLikeSecret(_ text: String) -> Bool {
        text.count == prefix.count + 43 && text.hasPrefix(prefix)
            && text.dropFirst(prefix.count).allSatisfy {
                $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_")
            }
    }

    /// SHA-256 of the whole secret, as lower-case hex (the form the database functions take).
    static func digest(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
