import Foundation
import Postgres
import RadarStore

/// The web pages' clearing up, for the service's scheduler: sign-in sessions that have ended, one-time form ids
/// nobody can send again, and single sign-on attempts past their expiry.
public struct WebHousekeeping: Sendable {
    public let sessions: WebSessions

    public init(database: RadarDatabase, policy: SessionPolicy = SessionPolicy()) {
        sessions = WebSessions(database: database, policy: policy)
    }

    /// What one round cleared.
    public struct Cleared: Sendable, Hashable {
        public var sessions: Int
        public var formIDs: Int
        /// Single sign-on attempts nobody came back from in time.
        public var signOnAttempts = 0
    }

    /// Deletes the sessions ended at `now` and the form ids claimed longer ago than a session can last: a form can
    /// only be sent again from the session that showed it (its CSRF token), so an older claim guards nothing.
    @discardableResult
    public func run(now: Date) async throws -> Cleared {
        let ended = try await sessions.purgeExpired(now: now)
        let cutoff = now.addingTimeInterval(-sessions.policy.absolute)
        // The table's row security admits one organisation at a time: visit each in turn, the one way in.
        var forms = 0
        for organisation in try await Organisations(database: sessions.database).list() {
            forms += try await sessions.database.inOrganisation(organisation.slug, actor: "radar") { tx in
                try FormSubmissions(tx).forget(claimedBefore: cutoff)
            }
        }
        let attempts = try await SignOn.forgetExpiredAttempts(in: sessions.database, now: now)
        return Cleared(sessions: ended, formIDs: forms, signOnAttempts: attempts)
    }
}
