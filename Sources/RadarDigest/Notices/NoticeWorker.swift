import Foundation
import Logging
import Postgres
import RadarStore

/// What one worker run did to one owner's notice.
public struct NoticeAttempt: Sendable, Hashable {
    public var noticeID: UUID
    public var owner: String
    public var kind: ChannelKind
    public var result: DeliveryAttempt.Result
    public var attempts: Int
    public var error: String?
}

/// The owners' notices' outbox worker, the digest's `DeliveryWorker` for notices: each pending notice is claimed
/// with a lease in one transaction, sent through the same couriers outside any transaction, and marked in another,
/// so a crash between sending and marking means a resend, never a loss; a failure waits the same back-off.
public struct NoticeWorker: Sendable {
    public var database: RadarDatabase
    public var configuration: DeliveryConfiguration
    public var logger: Logger
    public var batchSize = 20

    public init(
        database: RadarDatabase, configuration: DeliveryConfiguration,
        logger: Logger = Logger(label: "radar.notices")
    ) {
        self.database = database
        self.configuration = configuration
        self.logger = logger
    }

    enum Query {
        static let claim = """
            WITH due AS MATERIALIZED (
                SELECT n.org_id, n.id FROM owner_notices n
                 WHERE n.status = 'pending' AND n.next_attempt_at <= $1
                 ORDER BY n.next_attempt_at, n.id
                 LIMIT $3
                   FOR UPDATE OF n SKIP LOCKED
            )
            UPDATE owner_notices n
               SET attempts = n.attempts + 1, next_attempt_at = $1::timestamptz + make_interval(secs => $2)
              FROM due
             WHERE n.org_id = due.org_id AND n.id = due.id
            RETURNING n.id, n.attempts, n.kind, n.target, n.content::text AS content
            """
        static let sent = Outbox.sent("owner_notices")
        static let failed = Outbox.failed("owner_notices")
    }

    private struct Claim: Sendable {
        var id: UUID
        var attempts: Int
        var kind: ChannelKind
        var target: String
        var notice: OwnerNotice
    }

    /// Sends every due notice of one organisation at `now`; a notice that fails is not tried again in this run.
    public func run(organisation slug: String, now: Date) async throws -> [NoticeAttempt] {
        let couriers = Couriers(configuration: configuration)
        var attempts: [NoticeAttempt] = []
        while true {
            let claims = try await claim(slug, now: now)
            if claims.isEmpty { break }
            var outcomes: [(Claim, String?)] = []
            for claim in claims {
                let parcel = Parcel(
                    deliveryID: claim.id, content: .notice(claim.notice), kind: claim.kind, target: claim.target,
                    now: now)
                do {
                    try await couriers.deliver(parcel)
                    outcomes.append((claim, nil))
                } catch {
                    outcomes.append((claim, DeliveryWorker.describe(error)))
                }
            }
            attempts += try await mark(outcomes, slug: slug, at: now)
            if claims.count < batchSize { break }
        }
        return attempts
    }

    private func claim(_ slug: String, now: Date) async throws -> [Claim] {
        let (lease, limit) = (configuration.lease, batchSize)
        return try await database.inOrganisation(slug, actor: "radar:notices") { tx in
            try tx.connection.query(Query.claim, [now, lease, limit]).map { row in
                Claim(
                    id: try row.decode("id"), attempts: try row.decode("attempts"),
                    kind: try ChannelKind.parse(try row.decode("kind")), target: try row.decode("target"),
                    notice: try OwnerNotice.decoder.decode(
                        OwnerNotice.self, from: Data((try row.decode("content") as String).utf8)))
            }
        }
    }

    private func mark(_ outcomes: [(Claim, String?)], slug: String, at now: Date) async throws -> [NoticeAttempt] {
        let (configuration, logger) = (configuration, logger)
        return try await database.inOrganisation(slug, actor: "radar:notices") { tx in
            try outcomes.map { claim, error -> NoticeAttempt in
                var attempt = NoticeAttempt(
                    noticeID: claim.id, owner: claim.notice.owner, kind: claim.kind, result: .sent,
                    attempts: claim.attempts, error: error)
                let metadata: Logger.Metadata = [
                    "org": "\(slug)", "notice": "\(claim.id)", "channel": "\(claim.kind.rawValue)",
                    "attempt": "\(claim.attempts)",
                ]
                if let error {
                    let next = now.addingTimeInterval(configuration.backOff(afterAttempt: claim.attempts))
                    let status = try tx.connection.queryRow(
                        Query.failed, [claim.id, error, next, configuration.maxAttempts])?.decode("status", as: String.self)
                    attempt.result = status == "failed" ? .failed : .retrying
                    logger.warning("owner notice failed", metadata: metadata.merging(["error": "\(error)"]) { $1 })
                } else {
                    try tx.connection.execute(Query.sent, [claim.id, now])
                    logger.info("owner notice sent", metadata: metadata)
                }
                return attempt
            }
        }
    }
}
