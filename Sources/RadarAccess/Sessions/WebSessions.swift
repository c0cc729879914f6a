import Crypto
import Foundation
import Postgres
import RadarStore

/// Sign-in sessions of the web pages, stored server-side by the SHA-256 digest of a random 256-bit id.
public struct WebSessions: Sendable {
    public let database: RadarDatabase
    public let policy: SessionPolicy

    public init(database: RadarDatabase, policy: SessionPolicy = SessionPolicy()) {
        self.database = database
        self.policy = policy
    }

    enum Query {
        static let find = """
            SELECT user_id, email, display_name, org_slug, csrf_token, created_at, last_seen_at, flash, org_slugs, roles,
                   org_names
              FROM radar_web_session(decode($1, 'hex'))
            """
        static let insert = """
            INSERT INTO web_sessions (digest, user_id, org_slug, csrf_token, created_at, last_seen_at)
            VALUES (decode($1, 'hex'), $2, $3, $4, $5, $5)
            """
        static let touch =
            "UPDATE web_sessions SET last_seen_at = $2 WHERE digest = decode($1, 'hex') AND last_seen_at < $2"
        static let delete = "DELETE FROM web_sessions WHERE digest = decode($1, 'hex')"
        static let takeFlash =
            "UPDATE web_sessions SET flash = NULL WHERE digest = decode($1, 'hex') AND flash IS NOT NULL"
        static let setFlash = "UPDATE web_sessions SET flash = $2 WHERE digest = decode($1, 'hex')"
        static let switchOrganisation = "UPDATE web_sessions SET org_slug = $2 WHERE digest = decode($1, 'hex')"
        static let expire = "SELECT radar_expire_web_sessions($1, $2) AS gone"
    }

    /// Runs `body` as the application role for the session with `digest`: row security lets the transaction reach
    /// that session's row and no other (`radar.web_session`).
    private func inSession<T: Sendable>(
        _ digest: String, actor: String, _ body: @escaping @Sendable (Connection) throws -> T
    ) async throws -> T {
        try await database.asApplication(actor: actor, settings: [("radar.web_session", digest)], body)
    }

    /// A new session for `principal` working in `organisation`; answers the id to put in the cookie.
    public func start(for principal: Principal, organisation: String, now: Date) async throws -> String {
        let id = Self.randomToken()
        let csrf = Self.randomToken()
        let digest = Self.digest(id)
        try await inSession(digest, actor: principal.actor) { connection in
            try connection.execute(Query.insert, [digest, principal.userID, organisation, csrf, now])
        }
        return id
    }

    /// The person signed in with session `id` at `now`, or nil when the id is unknown, expired (the row is then
    /// deleted) or its account disabled or without any membership. Refreshes the idle timer and takes the flash.
    public func find(id: String, now: Date) async throws -> SignedIn? {
        guard Self.isWellFormed(id) else { return nil }
        let digest = Self.digest(id)
        let policy = self.policy
        return try await inSession(digest, actor: "web-session") { connection -> SignedIn? in
            guard let row = try connection.queryRow(Query.find, [digest]) else { return nil }
            let created: Date = try row.decode("created_at")
            let lastSeen: Date = try row.decode("last_seen_at")
            guard policy.isAlive(created: created, lastSeen: lastSeen, now: now) else {
                try connection.execute(Query.delete, [digest])
                return nil
            }
            if now.timeIntervalSince(lastSeen) >= policy.touchInterval {
                try connection.execute(Query.touch, [digest, now])
            }
            let flash: String? = try row.decode("flash")
            if flash != nil { try connection.execute(Query.takeFlash, [digest]) }
            let slugs: [String] = try row.decode("org_slugs")
            let roles: [String] = try row.decode("roles")
            let names: [String] = try row.decode("org_names")
            var memberships: [String: AccessRole] = [:]
            for (slug, role) in zip(slugs, roles) { memberships[slug] = AccessRole(rawValue: role) }
            var organisation: String = try row.decode("org_slug")
            // A membership revoked since sign-in moves the session to another, or ends it.
            if memberships[organisation] == nil {
                guard let first = slugs.first else { return nil }
                organisation = first
                try connection.execute(Query.switchOrganisation, [digest, organisation])
            }
            let principal = Principal(
                userID: try row.decode("user_id"), email: try row.decode("email"),
                displayName: try row.decode("display_name"), memberships: memberships)
            return SignedIn(
                principal: principal, organisation: organisation, role: memberships[organisation]!,
                csrfToken: try row.decode("csrf_token"), sessionDigest: digest, flash: flash,
                organisations: zip(slugs, names).map { SignedIn.Membership(slug: $0, name: $1) })
        }
    }

    /// Ends the session: the row goes, so the cookie no longer opens anything even if a copy survives. The audit
    /// trail records the sign-out, from `address`.
    public func end(_ signedIn: SignedIn, address: String) async throws {
        try await inSession(signedIn.sessionDigest, actor: signedIn.actor) { connection in
            try connection.execute(Query.delete, [signedIn.sessionDigest])
            try connection.execute(
                Accounts.LogInQuery.audit, ["logout", signedIn.principal.email, address, "web session ended"])
        }
    }

    /// Ends the session with this cookie id, if any (at sign-in, so an old id never survives a new sign-in).
    package func end(id: String) async throws {
        guard Self.isWellFormed(id) else { return }
        let digest = Self.digest(id)
        try await inSession(digest, actor: "web-session") { connection in
            try connection.execute(Query.delete, [digest])
        }
    }

    /// Leaves `message` for the next page this session shows.
    public func flash(_ message: String, for signedIn: SignedIn) async throws {
        try await inSession(signedIn.sessionDigest, actor: signedIn.actor) { connection in
            try connection.execute(Query.setFlash, [signedIn.sessionDigest, String(message.prefix(500))])
        }
    }

    /// Moves the session to another of the person's organisations.
    public func switchOrganisation(to slug: String, for signedIn: SignedIn) async throws {
        try await inSession(signedIn.sessionDigest, actor: signedIn.actor) { connection in
            try connection.execute(Query.switchOrganisation, [signedIn.sessionDigest, slug])
        }
    }

    /// Deletes every session expired at `now`; answers how many went.
    @discardableResult
    public func purgeExpired(now: Date) async throws -> Int {
        let idleCutoff = now.addingTimeInterval(-policy.idle)
        let absoluteCutoff = now.addingTimeInterval(-policy.absolute)
        return try await database.asApplication(actor: "radar") { connection in
            try connection.queryRow(Query.expire, [idleCutoff, absoluteCutoff])!.decode("gone", as: Int.self)
        }
    }

    /// 32 random bytes as unpadded base64url: 43 characters, safe in a cookie and a form field.
    package static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    package static func isWellFormed(_ id: String) -> Bool {
        id.utf8.count == 43 && id.utf8.allSatisfy { $0.isBase64URL }
    }

    /// The SHA-256 of the id, in hex (bound as text and decoded to bytea by the queries).
    package static func digest(_ id: String) -> String {
        SHA256.hash(data: Data(id.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

extension UInt8 {
    fileprivate var isBase64URL: Bool {
        (0x30...0x39).contains(self) || (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self)
            || self == 0x2D || self == 0x5F
    }
}
