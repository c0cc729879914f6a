import Foundation
import Postgres
import RadarDomain

/// How the organisation judges silence. However often someone is usually met, a silence is not judged long before
/// `floorDays` nor allowed past `ceilingDays` (settings `silence_floor_days` and `silence_ceiling_days`, 14 and 60
/// unless an admin set them); and a meeting from a calendar still waiting in the review queue counts as contact
/// unless `pendingMeetingsCount` was turned off (setting `pending_drafts_count_as_contact`).
public struct SilenceBounds: Sendable, Hashable, Codable {
    public var floorDays: Int
    public var ceilingDays: Int
    public var pendingMeetingsCount: Bool

    public static let standard = SilenceBounds(floorDays: 14, ceilingDays: 60)
    /// The widest bounds an admin may set.
    public static let limits = 1...365

    public init(floorDays: Int, ceilingDays: Int, pendingMeetingsCount: Bool = true) {
        self.floorDays = floorDays
        self.ceilingDays = ceilingDays
        self.pendingMeetingsCount = pendingMeetingsCount
    }

    enum Query {
        static let read = """
            SELECT COALESCE((settings ->> 'silence_floor_days')::integer, 14) AS floor_days,
                   COALESCE((settings ->> 'silence_ceiling_days')::integer, 60) AS ceiling_days,
                   COALESCE((settings ->> 'pending_drafts_count_as_contact')::boolean, true) AS pending_count
              FROM organisations WHERE id = radar_current_org()
            """
        static let write = """
            UPDATE organisations
               SET settings = settings || jsonb_build_object('silence_floor_days', $1::integer,
                                                             'silence_ceiling_days', $2::integer,
                                                             'pending_drafts_count_as_contact', $3::boolean)
             WHERE id = radar_current_org()
            """
        // The organisations table has no audit trigger; the change is recorded here, values included (not sensitive).
        static let audit = """
            INSERT INTO audit_events (org_id, actor, action, entity, entity_id, changed_fields, details)
            VALUES (radar_current_org(), $1, 'update', 'organisation', radar_current_org()::text,
                    ARRAY['settings'], jsonb_build_object('silence_floor_days', $2::integer,
                                                          'silence_ceiling_days', $3::integer,
                                                          'pending_drafts_count_as_contact', $4::boolean))
            """
    }

    /// The bounds the organisation of `tx` uses now.
    public static func read(in tx: TenantTransaction) throws -> SilenceBounds {
        let row = try tx.connection.queryRow(Query.read)!
        return SilenceBounds(
            floorDays: try row.decode("floor_days"), ceilingDays: try row.decode("ceiling_days"),
            pendingMeetingsCount: try row.decode("pending_count"))
    }

    /// Changes the bounds, keeping whatever is not given; both must lie in 1…365 days and the floor may not exceed
    /// the ceiling. Returns the bounds now in force.
    @discardableResult
    public static func set(
        floorDays: Int?, ceilingDays: Int?, pendingMeetingsCount: Bool? = nil, in tx: TenantTransaction
    ) throws -> SilenceBounds {
        let current = try read(in: tx)
        let bounds = SilenceBounds(
            floorDays: floorDays ?? current.floorDays, ceilingDays: ceilingDays ?? current.ceilingDays,
            pendingMeetingsCount: pendingMeetingsCount ?? current.pendingMeetingsCount)
        var problems: [ValidationProblem] = []
        if let floorDays, !limits.contains(floorDays) {
            problems.append(ValidationProblem(field: "silenceFloorDays", message: "must be 1–365 days"))
        }
        if let ceilingDays, !limits.contains(ceilingDays) {
            problems.append(ValidationProblem(field: "silenceCeilingDays", message: "must be 1–365 days"))
        }
        if problems.isEmpty, bounds.floorDays > bounds.ceilingDays {
            problems.append(
                ValidationProblem(
                    field: floorDays != nil ? "silenceFloorDays" : "silenceCeilingDays",
                    message:
                        "the floor (\(bounds.floorDays) days) may not exceed the ceiling (\(bounds.ceilingDays) days)"))
        }
        if !problems.isEmpty { throw ValidationFailure(problems) }
        let values: [(any PostgresEncodable)?] = [bounds.floorDays, bounds.ceilingDays, bounds.pendingMeetingsCount]
        try tx.connection.execute(Query.write, values)
        try tx.connection.execute(Query.audit, [tx.actor as (any PostgresEncodable)?] + values)
        return bounds
    }
}
