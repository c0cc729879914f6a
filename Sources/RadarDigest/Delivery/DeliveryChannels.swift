import Foundation
import Postgres
import RadarDomain
import RadarStore

/// The delivery channels of one organisation: added, listed, switched on and off, removed.
public struct DeliveryChannels {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    enum Query {
        static let columns = "id, kind, target, audience, enabled, created_at"
        static let insert = """
            INSERT INTO delivery_channels (org_id, kind, target, audience) VALUES (radar_current_org(), $1, $2, $3)
            RETURNING \(columns)
            """
        static let all = "SELECT \(columns) FROM delivery_channels ORDER BY created_at, kind, target"
        static let byIDPrefix = "SELECT \(columns) FROM delivery_channels WHERE id::text LIKE $1 || '%' LIMIT 2"
        static let setEnabled = "UPDATE delivery_channels SET enabled = $2 WHERE id = $1 RETURNING \(columns)"
        static let delete = "DELETE FROM delivery_channels WHERE id = $1"
    }

    /// Adds a channel after checking its kind, target and audience (viewer unless HR is named: the safer
    /// mistake); a channel already configured is refused.
    public func add(kind: String, target: String, audience: String = ChannelAudience.viewer.rawValue) throws
        -> DeliveryChannel
    {
        var problems: [ValidationProblem] = []
        var parsed: (ChannelKind, String)?
        do {
            let kind = try ChannelKind.parse(kind)
            parsed = (kind, try kind.normalisedTarget(target))
        } catch let failure as ValidationFailure {
            problems += failure.problems
        }
        var reader: ChannelAudience?
        do { reader = try ChannelAudience.parse(audience) } catch let failure as ValidationFailure {
            problems += failure.problems
        }
        guard let (kind, target) = parsed, let reader, problems.isEmpty else { throw ValidationFailure(problems) }
        do {
            return try DeliveryChannel(
                row: tx.connection.queryRow(Query.insert, [kind.rawValue, target, reader.rawValue])!)
        } catch let error as PostgresError where error.code == .uniqueViolation {
            throw ValidationFailure([
                ValidationProblem(
                    field: "target", message: "\"\(target)\" is already a \(kind.rawValue) channel of this organisation"
                )
            ])
        }
    }

    public func all() throws -> [DeliveryChannel] {
        try tx.connection.query(Query.all).map(DeliveryChannel.init(row:))
    }

    /// The channel whose id starts with `prefix` (at least four characters).
    public func find(_ prefix: String) throws -> DeliveryChannel {
        try DeliveryChannel(row: uniqueRow(Query.byIDPrefix, prefix: prefix, entity: "delivery channel", in: tx))
    }

    /// Switches a channel on or off; deliveries queued for a switched-off channel wait until it is on again.
    public func setEnabled(_ prefix: String, _ enabled: Bool) throws -> DeliveryChannel {
        let channel = try find(prefix)
        return try DeliveryChannel(row: tx.connection.queryRow(Query.setEnabled, [channel.id, enabled])!)
    }

    /// Removes a channel together with its deliveries, sent or not.
    public func remove(_ prefix: String) throws -> DeliveryChannel {
        let channel = try find(prefix)
        try tx.connection.execute(Query.delete, [channel.id])
        return channel
    }
}
