import Foundation
import Postgres
import RadarDomain
import RadarStore

/// Remembers the response to each POST carrying an `Idempotency-Key`, per user, so a retry gets the same answer
/// instead of a second write. Keys live for 24 hours; a claim whose request never finished (its instance crashed)
/// lapses after a short lease, so a retry is not refused for the rest of the day, unless its write had committed:
/// the request's own transaction marks the key (`markWritten`), and a marked key is never given up.
public struct IdempotencyKeys: Sendable {
    public let database: RadarDatabase
    public let lifetime: TimeInterval
    /// How long a request may hold its key unfinished before a retry may take the key over.
    public let lease: TimeInterval

    public init(database: RadarDatabase, lifetime: TimeInterval = 24 * 60 * 60, lease: TimeInterval = 120) {
        self.database = database
        self.lifetime = lifetime
        self.lease = lease
    }

    /// What to do with a request carrying a key.
    public enum Decision: Sendable, Equatable {
        /// The first request with this key: run it, then `complete` (or `release` if it failed).
        case proceed
        /// The same request already finished: answer with its stored response.
        case replay(status: Int, headers: [String: String], body: Data)
        /// The first request with this key is still running (409).
        case inProgress
        /// The key was used for a different request (422).
        case mismatch
        /// The first request's write committed but its answer was never stored (it failed afterwards): running it
        /// again would write twice (409).
        case carriedOut
    }

    /// The key a request holds while it runs, for the transaction of its write to mark (`markWritten`).
    public struct Claim: Sendable, Hashable {
        public var userID: UUID
        public var key: String

        public init(userID: UUID, key: String) {
            self.userID = userID
            self.key = key
        }

        /// The claim of the request this task serves, if it carries a key.
        @TaskLocal public static var current: Claim?
    }

    enum Query {
        static let expireOwn = "DELETE FROM idempotency_keys WHERE user_id = $1 AND created_at <= $2"
        static let claim = """
            INSERT INTO idempotency_keys (user_id, key, request_hash, created_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (user_id, key) DO NOTHING
            RETURNING key
            """
        static let existing = """
            SELECT request_hash, completed_at IS NOT NULL AS completed, written_at IS NOT NULL AS written, status,
                   headers::text AS headers, body
              FROM idempotency_keys WHERE user_id = $1 AND key = $2
            """
        // Only in a transaction that wrote something (one that only read gets no transaction id).
        static let markWritten = """
            UPDATE idempotency_keys SET written_at = now()
             WHERE user_id = $1 AND key = $2 AND completed_at IS NULL AND txid_current_if_assigned() IS NOT NULL
            """
        static let complete = """
            UPDATE idempotency_keys SET completed_at = $3, status = $4, headers = $5::jsonb, body = $6
             WHERE user_id = $1 AND key = $2 AND completed_at IS NULL
            """
        // Only an unfinished claim older than the lease whose write never committed: a finished answer or a
        // committed write is never taken over.
        static let takeOver = """
            UPDATE idempotency_keys SET created_at = $3
             WHERE user_id = $1 AND key = $2 AND completed_at IS NULL AND written_at IS NULL AND created_at <= $4
            RETURNING key
            """
        static let release = """
            DELETE FROM idempotency_keys
             WHERE user_id = $1 AND key = $2 AND completed_at IS NULL AND written_at IS NULL
            """
        static let purge = "SELECT radar_purge_idempotency_keys($1) AS purged"
    }

    /// Claims `key` for `userID`'s request whose method, path and body hash to `requestHash`. Of any number of
    /// concurrent callers with one key exactly one is told to proceed.
    public func begin(userID: UUID, key: String, requestHash: String, now: Date) async throws -> Decision {
        guard (1...255).contains(key.utf8.count), !key.contains("\u{0}") else {
            throw ValidationFailure([
                ValidationProblem(
                    field: "Idempotency-Key", message: "must be 1 to 255 characters")
            ])
        }
        let cutoff = now.addingTimeInterval(-lifetime)
        return try await database.asApplication(
            actor: "user:\(userID.uuidString.lowercased())",
            settings: Self.settings(userID)
        ) { connection in
            try connection.execute(Query.expireOwn, [userID, cutoff])
            if try connection.queryRow(Query.claim, [userID, key, requestHash, now]) != nil {
                return .proceed
            }
            // The conflicting claim committed before ON CONFLICT gave way, so it is visible to this statement.
            guard let row = try connection.queryRow(Query.existing, [userID, key]) else { return .inProgress }
            guard try row.decode("request_hash", as: String.self) == requestHash else { return .mismatch }
            guard try row.decode("completed", as: Bool.self) else {
                if try row.decode("written", as: Bool.self) { return .carriedOut }
                let lapsed = now.addingTimeInterval(-lease)
                return try connection.queryRow(Query.takeOver, [userID, key, now, lapsed]) != nil
                    ? .proceed : .inProgress
            }
            let headersJSON: String = try row.decode("headers", as: String?.self) ?? "{}"
            let headers = try JSONDecoder().decode([String: String].self, from: Data(headersJSON.utf8))
            // An answer erasure took away stays a request carried out: a retry must not write again.
            guard let stored = try row.decode("body", as: String?.self), let body = Data(base64Encoded: stored) else {
                return .carriedOut
            }
            return .replay(status: try row.decode("status"), headers: headers, body: body)
        }
    }

    /// Stores the response to the request that was told to proceed, for replays.
    public func complete(
        userID: UUID, key: String, status: Int, headers: [String: String], body: Data, now: Date
    ) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let headersJSON = String(decoding: try encoder.encode(headers), as: UTF8.self)
        try await database.asApplication(
            actor: "user:\(userID.uuidString.lowercased())",
            settings: Self.settings(userID)
        ) { connection in
            try connection.execute(
                Query.complete, [userID, key, now, status, headersJSON, body.base64EncodedString()])
        }
    }

    /// Marks `claim` as carried out, in the transaction of the write it guards: if that transaction commits, the key
    /// is kept even when the request fails afterwards. Does nothing in a transaction that wrote nothing.
    public static func markWritten(_ claim: Claim, on connection: Connection) throws {
        try connection.execute(Query.markWritten, [claim.userID, claim.key])
    }

    /// `markWritten` in the organisation transaction `tx` of the request's write.
    public static func markWritten(_ claim: Claim, in tx: TenantTransaction) throws {
        try markWritten(claim, on: tx.connection)
    }

    /// Gives up a claim whose request failed without a response worth replaying, so a retry may proceed; a claim
    /// whose write committed is kept.
    public func release(userID: UUID, key: String) async throws {
        try await database.asApplication(
            actor: "user:\(userID.uuidString.lowercased())",
            settings: Self.settings(userID)
        ) { connection in
            try connection.execute(Query.release, [userID, key])
        }
    }

    /// Forgets every user's keys older than the lifetime; answers how many went. For the scheduler.
    @discardableResult
    public func purgeExpired(now: Date) async throws -> Int {
        let cutoff = now.addingTimeInterval(-lifetime)
        return try await database.asApplication(actor: "radar") { connection in
            try connection.queryRow(Query.purge, [cutoff])!.decode("purged")
        }
    }

    private static func settings(_ userID: UUID) -> [(String, String)] {
        [("radar.user_id", userID.uuidString.lowercased())]
    }
}
