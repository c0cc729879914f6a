import Foundation
import Logging
import Postgres
import RadarStore

/// What one worker run did to one outbox row.
public struct DeliveryAttempt: Sendable, Hashable {
    public enum Result: String, Sendable {
        case sent
        /// Failed this time; the outbox tries again after a back-off.
        case retrying
        /// Failed for the last allowed time.
        case failed
    }

    public var deliveryID: UUID
    public var week: ISOWeek
    public var kind: ChannelKind
    public var result: Result
    /// Worker runs this row has had, this one included.
    public var attempts: Int
    public var error: String?
}

/// The outbox worker: sends each due delivery at least once and marks it sent. A row is claimed (leased) in one
/// transaction, sent outside any transaction, and marked in another; a crash between sending and marking only
/// lets the lease run out, so the row is sent again: at most a resend, never a loss.
public struct DeliveryWorker: Sendable {
    public var database: RadarDatabase
    public var configuration: DeliveryConfiguration
    public var logger: Logger
    /// Rows claimed per transaction.
    public var batchSize = 20

    public init(
        database: RadarDatabase, configuration: DeliveryConfiguration,
        logger: Logger = Logger(label: "radar.delivery")
    ) {
        self.database = database
        self.configuration = configuration
        self.logger = logger
    }

    enum Query {
        // Due rows of enabled channels, skipping rows another worker holds; a claimed row's next attempt moves a
        // lease ahead, so no other worker picks it up while it is being sent.
        static let claim = """
            WITH due AS MATERIALIZED (
                SELECT x.org_id, x.id
                  FROM digest_deliveries x
                  JOIN delivery_channels c ON c.org_id = x.org_id AND c.id = x.channel_id AND c.enabled
                 WHERE x.status = 'pending' AND x.next_attempt_at <= $1
                 ORDER BY x.next_attempt_at, x.id
                 LIMIT $3
                   FOR UPDATE OF x SKIP LOCKED
            )
            UPDATE digest_deliveries d
               SET attempts = d.attempts + 1, next_attempt_at = $1::timestamptz + make_interval(secs => $2)
              FROM due, digests g, delivery_channels c
             WHERE d.org_id = due.org_id AND d.id = due.id
               AND g.org_id = d.org_id AND g.id = d.digest_id
               AND c.org_id = d.org_id AND c.id = d.channel_id
            RETURNING d.id, d.attempts, c.kind, c.target, c.audience, g.content::text AS content
            """
        static let sent = Outbox.sent("digest_deliveries")
        static let failed = Outbox.failed("digest_deliveries")
    }

    /// A claimed row with what sending it needs.
    private struct Claim: Sendable {
        var id: UUID
        var attempts: Int
        var kind: ChannelKind
        var target: String
        var digest: Digest
    }

    /// Sends every due delivery of one organisation, batch after batch, until none is due; `now` defaults to the
    /// database's clock. A row that fails is not tried again in the same run.
    public func run(organisation slug: String, now: Date? = nil) async throws -> [DeliveryAttempt] {
        let couriers = Couriers(configuration: configuration)
        var attempts: [DeliveryAttempt] = []
        while true {
            let (claims, instant) = try await claim(slug, now: now)
            if claims.isEmpty { break }
            var outcomes: [(Claim, (any Error)?)] = []
            for claim in claims {
                let parcel = Parcel(
                    deliveryID: claim.id, digest: claim.digest, kind: claim.kind,
                    target: claim.target, now: instant)
                do {
                    try await couriers.deliver(parcel)
                    outcomes.append((claim, nil))
                } catch {
                    outcomes.append((claim, error))
                }
            }
            attempts += try await mark(outcomes, slug: slug, at: instant)
            if claims.count < batchSize { break }
        }
        return attempts
    }

    private func claim(_ slug: String, now: Date?) async throws -> ([Claim], Date) {
        let lease = configuration.lease
        let limit = batchSize
        return try await database.inOrganisation(slug, actor: "radar:delivery") { tx in
            let instant = try now ?? DigestPublisher(tx).databaseNow()
            let claims = try tx.connection.query(Query.claim, [instant, lease, limit]).map { row in
                let kind: String = try row.decode("kind")
                let content: String = try row.decode("content")
                // What leaves the service is only what the channel's readers may see.
                let audience = try ChannelAudience.parse(try row.decode("audience"))
                return Claim(
                    id: try row.decode("id"), attempts: try row.decode("attempts"),
                    kind: try ChannelKind.parse(kind), target: try row.decode("target"),
                    digest: audience.view(of: try Digest.decode(Data(content.utf8))))
            }
            return (claims, instant)
        }
    }

    private func mark(
        _ outcomes: [(Claim, (any Error)?)], slug: String, at instant: Date
    ) async throws
        -> [DeliveryAttempt]
    {
        let configuration = configuration
        let logger = logger
        let results = outcomes.map { claim, error in (claim, error.map(Self.describe)) }
        return try await database.inOrganisation(slug, actor: "radar:delivery") { tx in
            try results.map { claim, error -> DeliveryAttempt in
                var attempt = DeliveryAttempt(
                    deliveryID: claim.id, week: claim.digest.week, kind: claim.kind,
                    result: .sent, attempts: claim.attempts, error: error)
                let metadata: Logger.Metadata = [
                    "org": "\(slug)", "week": "\(claim.digest.week)", "channel": "\(claim.kind.rawValue)",
                    "delivery": "\(claim.id)", "attempt": "\(claim.attempts)",
                ]
                if let error {
                    let next = instant.addingTimeInterval(configuration.backOff(afterAttempt: claim.attempts))
                    let parameters: [(any PostgresEncodable)?] = [claim.id, error, next, configuration.maxAttempts]
                    let status = try tx.connection.queryRow(Query.failed, parameters)?
                        .decode("status", as: String.self)
                    attempt.result = status == "failed" ? .failed : .retrying
                    logger.warning(
                        "digest delivery failed",
                        metadata: metadata.merging(
                            ["error": "\(error)", "result": "\(attempt.result.rawValue)"]) { $1 })
                } else {
                    try tx.connection.execute(Query.sent, [claim.id, instant])
                    logger.info("digest delivered", metadata: metadata)
                }
                return attempt
            }
        }
    }

    /// The error as stored in `last_error`: one line, bounded.
    static func describe(_ error: any Error) -> String {
        let text = (error as? DeliveryFailure)?.description ?? String(describing: error)
        return String(text.replacingOccurrences(of: "\n", with: " ").prefix(500))
    }
}
