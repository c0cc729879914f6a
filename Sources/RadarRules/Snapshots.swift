import Foundation
import Postgres
import RadarDomain
import RadarStore

/// Weekly engagement snapshots: one score per stakeholder per ISO week, so a trend can be read. They are a cache of
/// the record: a week without one is computed from the record as it stood at the week's end (`backfill`).
public struct Snapshots {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    enum Query {
        // Idempotent: taking the week's snapshot again replaces it with the score as of the newer instant.
        static let take = """
            INSERT INTO engagement_snapshots (org_id, stakeholder_id, week_start, score, components)
            SELECT org_id, stakeholder_id, $1::date, score,
                   jsonb_build_object('days_since_contact', days_since_contact, 'contacts_30d', contacts_30d,
                                      'monthly_average_90d', monthly_average_90d,
                                      'engagement_latest', engagement_latest, 'initiated_90d', initiated_90d,
                                      'declines_60d', declines_60d, 'overdue_commitments', overdue_commitments)
              FROM facts_stakeholder
            ON CONFLICT (org_id, stakeholder_id, week_start)
            DO UPDATE SET score = EXCLUDED.score, components = EXCLUDED.components, computed_at = now()
            """
        static let weeksTaken = """
            SELECT DISTINCT week_start FROM engagement_snapshots WHERE week_start BETWEEN $1 AND $2
            """
        // One person's score as the record stood at the transaction's instant, read for them alone.
        static let personScore = """
            SELECT round(score)::integer AS score FROM facts_stakeholder_of(ARRAY[$1::uuid]) WHERE stakeholder_id = $1
            """
        static let scores = """
            SELECT stakeholder_id, week_start, round(score)::integer AS score
              FROM engagement_snapshots
             WHERE week_start BETWEEN $1 AND $2
            """
    }

    /// The Monday starting the ISO week that holds `instant` in the organisation's time zone.
    public func weekStart(of instant: Date) -> CalendarDate {
        Self.weekStart(of: instant, in: tx.organisation.zone)
    }

    /// The Monday starting the ISO week that holds `instant` in `zone`: the local day decides, not the UTC one.
    public static func weekStart(of instant: Date, in zone: TimeZone) -> CalendarDate {
        ISOWeek(containing: instant, in: zone).monday
    }

    /// The scores taken for the weeks starting `first` … `last`, rounded, by stakeholder and week start; a week
    /// without a snapshot is absent.
    public func scores(from first: CalendarDate, to last: CalendarDate) throws -> [UUID: [CalendarDate: Int]] {
        var scores: [UUID: [CalendarDate: Int]] = [:]
        for row in try tx.connection.query(Query.scores, [first, last]) {
            let id: UUID = try row.decode("stakeholder_id")
            scores[id, default: [:]][try row.decode("week_start")] = try row.decode("score", as: Int?.self)
        }
        return scores
    }

    /// Computes, from the record as it stood at each week's last instant, the scores of the `weeks` that ended by
    /// `asOf` and have none stored (an imported history, or weeks in which no snapshot ran); answers how many weeks
    /// were filled. Leaves the transaction's views reading as of the last week filled: set them again after.
    @discardableResult
    public func backfill(_ weeks: [ISOWeek], asOf: Date) throws -> Int {
        let zone = tx.organisation.zone
        let ended = weeks.filter { $0.end(in: zone) <= asOf }.sorted()
        guard let first = ended.first, let last = ended.last else { return 0 }
        let taken = Set(
            try tx.connection.query(Query.weeksTaken, [first.monday, last.monday]).map {
                try $0.decode("week_start", as: CalendarDate.self)
            })
        var filled = 0
        for week in ended where !taken.contains(week.monday) {
            try take(asOf: week.end(in: zone).addingTimeInterval(-0.001))
            filled += 1
        }
        return filled
    }

    /// One person's scores for those of `weeks` that ended by `asOf`, computed from the record as it stood at each
    /// week's last instant, without storing anything (a page fills the gaps of its sparkline so). Leaves the
    /// transaction's views reading as of the last week computed: set them again after.
    public func computed(for person: UUID, weeks: [ISOWeek], asOf: Date) throws -> [CalendarDate: Int] {
        let zone = tx.organisation.zone
        var scores: [CalendarDate: Int] = [:]
        for week in weeks.sorted() where week.end(in: zone) <= asOf {
            try tx.readViews(asOf: week.end(in: zone).addingTimeInterval(-0.001))
            if let score = try tx.connection.queryRow(Query.personScore, [person])?.decode("score", as: Int?.self) {
                scores[week.monday] = score
            }
        }
        return scores
    }

    /// Stores every active stakeholder's score for the week of `asOf`; returns how many were stored.
    @discardableResult
    public func take(asOf: Date) throws -> Int {
        try tx.readViews(asOf: asOf)
        return try tx.connection.execute(Query.take, [weekStart(of: asOf)])
    }
}
