import Foundation
import Postgres
import RadarDomain
import RadarStore

/// Where one active stakeholder stands at the instant the fact views are read for: their headline facts and score,
/// as the dashboard lists them.
public struct Standing: Sendable {
    public var id: UUID
    public var name: String
    public var title: String?
    public var isLeader: Bool
    public var daysSinceContact: Int?
    /// The engagement score, rounded; `nil` when the facts give none.
    public var score: Int?
    public var engagement: EngagementLevel?
    public var desiredEngagement: EngagementLevel?
    public var influence: Int?
    public var interest: Int?
    /// Their usual interval between attended conversations (the last 180 days), when they have a rhythm yet.
    public var usualIntervalDays: Double?
    /// The local day by which their own rhythm expects the next conversation; nil when never met.
    public var nextContactDue: CalendarDate?

    enum Query {
        static let all = """
            SELECT f.stakeholder_id, s.name, s.title, f.is_leader, f.days_since_contact,
                   round(f.score)::integer AS score, f.engagement, f.desired_engagement, s.influence, s.interest,
                   f.usual_interval_days::float8 AS usual_interval_days, f.next_contact_due::date AS next_contact_due
              FROM facts_stakeholder f JOIN stakeholders s ON s.id = f.stakeholder_id
             ORDER BY s.name, s.email
            """
    }

    /// Every active stakeholder by name; the caller has readied the views for its instant (`readViews(asOf:)`).
    public static func all(_ tx: TenantTransaction) throws -> [Standing] {
        try tx.connection.query(Query.all).map { row in
            Standing(
                id: try row.decode("stakeholder_id"), name: try row.decode("name"), title: try row.decode("title"),
                isLeader: try row.decode("is_leader"), daysSinceContact: try row.decode("days_since_contact"),
                score: try row.decode("score"),
                engagement: (try row.decode("engagement", as: String?.self)).flatMap(EngagementLevel.init(rawValue:)),
                desiredEngagement: (try row.decode("desired_engagement", as: String?.self))
                    .flatMap(EngagementLevel.init(rawValue:)),
                influence: try row.decode("influence"), interest: try row.decode("interest"),
                usualIntervalDays: try row.decode("usual_interval_days"),
                nextContactDue: try row.decode("next_contact_due"))
        }
    }
}
