import Foundation
import Postgres
import RadarStore

/// The web pages' clearing up, for the service's scheduler: sign-in sessions that have ended, and one-time form ids
/// nobody can send again.
public struct WebHousekeeping: Sendable {
    public let sessions: WebSessions

    public init(database: RadarDatabase, policy: SessionPolicy = SessionPolicy()) {
        sessions = WebSessions(database: database, policy: policy)
    }

    /// What one round cleared.
    public struct Cleared: Sendable, Hashable {
        public var sessions: Int
        public var formIDs: Int
    }

    enum Query {
        static let organisations = "SELECT id FROM organisations ORDER BY id"
        static let setOrganisation = "SELECT set_config('radar.org_id', $1, true)"
        static let oldFormIDs = "DELETE FROM web_form_submissions WHERE claimed_at < $1"
    }

    /// Deletes the sessions ended at `now` and the form ids claimed longer ago than a session can last: a form can
    /// only be sent again from the session that showed it (its CSRF token), so an older claim guards nothing.
    @discardableResult
    public func run(now: Date) async throws -> Cleared {
        let ended = try await sessions.purgeExpired(now: now)
        let cutoff = now.addingTimeInterval(-sessions.policy.absolute)
        // The table's row security admits one organisation at a time, even to its owner: visit each in turn, in
        // one transaction.
        let forms = try await sessions.database.asOwner(actor: "radar") { connection in
            var deleted = 0
            for row in try connection.query(Query.organisations) {
                let id: UUID = try row.decode("id")
                try connection.execute(Query.setOrganisation, [id.uuidString.lowercased()])
                deleted += try connection.execute(Query.oldFormIDs, [cutoff])
            }
            return deleted
        }
        return Cleared(sessions: ended, formIDs: forms)
    }
}
