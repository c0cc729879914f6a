import Foundation
import Postgres
import RadarDomain
import RadarStore

/// Copies of archived digests that already left the service, dealt with after an erasure rewrote those digests:
/// files in a directory channel are written again from the scrubbed digest; e-mails and webhook posts cannot be
/// called back, so they are listed for the operator to follow up.
public struct DeliveredCopies {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    /// One delivered copy and what became of it.
    public struct Copy: Sendable, Hashable {
        public var week: ISOWeek
        public var kind: ChannelKind
        public var target: String
        public var sentAt: Date
        /// True when the copy was written again without the erased text; false when it is out of reach.
        public var rewritten: Bool
        /// Why a directory copy could not be rewritten, or nil.
        public var problem: String?
    }

    enum Query {
        static let sent = """
            SELECT g.content::text AS content, c.kind, c.target, c.audience, x.sent_at
              FROM digest_deliveries x
              JOIN digests g ON g.org_id = x.org_id AND g.id = x.digest_id
              JOIN delivery_channels c ON c.org_id = x.org_id AND c.id = x.channel_id
             WHERE x.status = 'sent' AND x.digest_id = ANY ($1)
             ORDER BY g.week_start, c.kind, c.target
            """
    }

    /// Rewrites the directory copies of the digests `ids` (now scrubbed) as their channels' readers may see them,
    /// and lists every copy sent elsewhere. Run it in the erasure's transaction, after the erasure.
    public func reach(digests ids: [UUID]) throws -> [Copy] {
        guard !ids.isEmpty else { return [] }
        return try tx.connection.query(Query.sent, [ids]).map { row in
            let content: String = try row.decode("content")
            let audience = try ChannelAudience.parse(try row.decode("audience"))
            let digest = audience.view(of: try Digest.decode(Data(content.utf8)))
            let kind = try ChannelKind.parse(try row.decode("kind"))
            var copy = Copy(
                week: digest.week, kind: kind, target: try row.decode("target"), sentAt: try row.decode("sent_at"),
                rewritten: false)
            if kind == .directory {
                do {
                    try Couriers.write(digest, into: copy.target)
                    copy.rewritten = true
                } catch {
                    copy.problem = "\(error)"
                }
            }
            return copy
        }
    }
}
