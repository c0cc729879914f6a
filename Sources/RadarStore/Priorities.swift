import Foundation
import Postgres
import RadarDomain

/// A business priority and how coaching helps one function with it (G01).
public struct BusinessPriority: Sendable, Hashable, Codable {
    public var id: UUID
    public var priority: String
    public var function: String
    public var howCoachingHelps: String?
    public var endorsedBy: String?
    public var recordedOn: CalendarDate
}

/// Business priorities of one organisation.
public struct Priorities {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    enum Query {
        static let insert = """
            INSERT INTO business_priorities (org_id, priority, function, how_coaching_helps, endorsed_by, recorded_on)
            VALUES (radar_current_org(), $1, $2, $3, $4, $5)
            RETURNING id
            """
        static let list = """
            SELECT p.id, p.priority, p.function, p.how_coaching_helps, s.email AS endorsed_by, p.recorded_on
              FROM business_priorities p LEFT JOIN stakeholders s ON s.id = p.endorsed_by
             WHERE ($1::text IS NULL OR lower(p.function) = lower($1))
             ORDER BY p.function, p.priority
            """
    }

    @discardableResult
    public func add(priority: String, function: String, howCoachingHelps: String?, endorsedBy: String?,
                    recordedOn: CalendarDate) throws -> UUID {
        var checks = Checks()
        let priority = checks.required(priority, field: "priority")
        let function = checks.required(function, field: "function")
        let endorser = try Stakeholders(tx).resolveOptional(checks.optional(endorsedBy), field: "endorsed-by",
                                                            checks: &checks)
        try checks.finish()
        return try mapUniqueViolation(field: "priority", value: "\(priority) / \(function)") {
            try tx.connection.queryRow(Query.insert, [
                priority, function, checks.optional(howCoachingHelps), endorser, recordedOn,
            ])!.decode("id")
        }
    }

    public func list(function: String? = nil) throws -> [BusinessPriority] {
        try tx.connection.query(Query.list, [function]).map { row in
            BusinessPriority(
                id: try row.decode("id"), priority: try row.decode("priority"), function: try row.decode("function"),
                howCoachingHelps: try row.decode("how_coaching_helps"), endorsedBy: try row.decode("endorsed_by"),
                recordedOn: try row.decode("recorded_on"))
        }
    }
}
