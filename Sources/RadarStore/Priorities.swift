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
    public var version: Int
}

/// Changes to a business priority; nil leaves a field as it is, an empty text clears an optional one.
public struct PriorityChanges: Sendable, Hashable {
    public var priority: String?
    public var function: String?
    public var howCoachingHelps: String?
    /// E-mail of the stakeholder who endorsed the link.
    public var endorsedBy: String?
    public var recordedOn: CalendarDate?

    public init(
        priority: String? = nil, function: String? = nil, howCoachingHelps: String? = nil, endorsedBy: String? = nil,
        recordedOn: CalendarDate? = nil
    ) {
        self.priority = priority
        self.function = function
        self.howCoachingHelps = howCoachingHelps
        self.endorsedBy = endorsedBy
        self.recordedOn = recordedOn
    }
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
        static let columns = """
            p.id, p.priority, p.function, p.how_coaching_helps, s.email AS endorsed_by, p.recorded_on, p.version
            """
        static let from = " FROM business_priorities p LEFT JOIN stakeholders s ON s.id = p.endorsed_by"
        static let select = "SELECT \(columns)" + from
        static let matching = " WHERE ($1::text IS NULL OR lower(p.function) = lower($1))"
        static let list = select + matching + " ORDER BY p.function, p.priority"
        // `list`'s order, the id last to make the key unique; $2 is the key to read after, NULL on the first page.
        static let page =
            "SELECT \(columns), ARRAY[p.function, p.priority, p.id::text] AS page_key" + from
            + matching + """
                   AND ($2::text[] IS NULL OR (p.function, p.priority, p.id) > ($2[1], $2[2], $2[3]::uuid))
                 ORDER BY p.function, p.priority, p.id
                 LIMIT $3
                """
        static let keyset = Keyset(.text, .text, .uuid)
        static let byID = select + " WHERE p.id = $1"
        static let update = """
            UPDATE business_priorities
               SET priority = $3, function = $4, how_coaching_helps = $5, endorsed_by = $6, recorded_on = $7
             WHERE id = $1 AND version = $2
            """
    }

    @discardableResult
    public func add(
        priority: String, function: String, howCoachingHelps: String?, endorsedBy: String?,
        recordedOn: CalendarDate
    ) throws -> UUID {
        var checks = Checks()
        let priority = checks.required(priority, field: "priority")
        let function = checks.required(function, field: "function")
        let endorserEmail = checks.optional(endorsedBy, field: "endorsedBy", max: TextLimit.email)
        let endorser = try Stakeholders(tx).resolveOptional(endorserEmail, field: "endorsedBy", checks: &checks)
        let help = checks.optional(howCoachingHelps, field: "howCoachingHelps", max: TextLimit.paragraph)
        try checks.finish()
        return try mapUniqueViolation(field: "priority", value: "\(priority) / \(function)") {
            try tx.connection.queryRow(
                Query.insert,
                [
                    priority, function, help, endorser, recordedOn,
                ])!.decode("id")
        }
    }

    public func list(function: String? = nil) throws -> [BusinessPriority] {
        try tx.connection.query(Query.list, [function]).map(Self.decode)
    }

    /// One page of `list`, read after the request's cursor in the same order.
    public func list(function: String? = nil, page request: PageRequest) throws -> Page<BusinessPriority> {
        let (after, limit) = try Query.keyset.bounds(request)
        let rows = try tx.connection.query(Query.page, [function, after, limit]).rows
        return try Query.keyset.page(rows, request, item: Self.decode)
    }

    /// The priority with this id, or `StoreError.notFound`.
    public func find(id: UUID) throws -> BusinessPriority {
        guard let row = try tx.connection.queryRow(Query.byID, [id]) else {
            throw StoreError.notFound(entity: "priority", key: id.uuidString.lowercased())
        }
        return try Self.decode(row)
    }

    /// Applies `changes` if the priority is still at `expectedVersion`; a stale version is refused.
    @discardableResult
    public func update(id: UUID, expectedVersion: Int?, _ changes: PriorityChanges) throws -> BusinessPriority {
        let current = try find(id: id)
        var checks = Checks()
        let priority = changes.priority.map { checks.required($0, field: "priority") } ?? current.priority
        let function = changes.function.map { checks.required($0, field: "function") } ?? current.function
        let help =
            changes.howCoachingHelps.map {
                checks.optional($0, field: "howCoachingHelps", max: TextLimit.paragraph)
            } ?? current.howCoachingHelps
        let endorserEmail =
            changes.endorsedBy.map { checks.optional($0, field: "endorsedBy", max: TextLimit.email) }
            ?? current.endorsedBy
        let endorser = try Stakeholders(tx).resolveOptional(endorserEmail, field: "endorsedBy", checks: &checks)
        try checks.finish()

        let version = expectedVersion ?? current.version
        let updated = try mapUniqueViolation(field: "priority", value: "\(priority) / \(function)") {
            try tx.connection.execute(
                Query.update,
                [
                    current.id, version, priority, function, help, endorser, changes.recordedOn ?? current.recordedOn,
                ])
        }
        guard updated == 1 else {
            throw StoreError.staleVersion(
                entity: "priority", key: current.id.uuidString.lowercased(),
                expected: version, current: current.version)
        }
        return try find(id: current.id)
    }

    static func decode(_ row: Row) throws -> BusinessPriority {
        BusinessPriority(
            id: try row.decode("id"), priority: try row.decode("priority"), function: try row.decode("function"),
            howCoachingHelps: try row.decode("how_coaching_helps"), endorsedBy: try row.decode("endorsed_by"),
            recordedOn: try row.decode("recorded_on"), version: try row.decode("version"))
    }
}
