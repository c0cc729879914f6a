import Foundation
import Postgres
import RadarDomain
import RadarStore

extension FlagBook {
    enum HistoryQuery {
        static let events = """
            SELECT occurred_at, event, severity, actor, reason, resolution, snoozed_until, evidence, suppressed_by,
                   silence_id
              FROM flag_events
             WHERE flag_id = $1
             ORDER BY occurred_at, id
            """
    }

    /// The flag whose id starts with `prefix` and every change in its life, the oldest first.
    public func history(_ prefix: String) throws -> (flag: Flag, events: [FlagEvent]) {
        let flag = try find(prefix)
        let events = try tx.connection.query(HistoryQuery.events, [flag.id]).map { row in
            FlagEvent(
                occurredAt: try row.decode("occurred_at"),
                kind: FlagEventKind(rawValue: try row.decode("event")) ?? .raised,
                severity: Severity(rawValue: try row.decode("severity")) ?? .info, actor: try row.decode("actor"),
                reason: try row.decode("reason"), resolution: try row.optionalWord("resolution"),
                snoozedUntil: try row.decode("snoozed_until"),
                evidence: try row.decode("evidence", as: JSONB<[String: FactValue]>?.self)?.value,
                suppressedBy: try row.decode("suppressed_by"), silence: try row.decode("silence_id"))
        }
        return (flag, events)
    }
}
