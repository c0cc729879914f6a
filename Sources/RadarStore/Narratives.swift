import Foundation
import Postgres
import RadarDomain

/// An organisation's narratives and the tensions logged against its stated values (G02).
public struct Narratives {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    enum Query {
        static let insertNarrative = """
            INSERT INTO narratives (org_id, kind, title, statement, recorded_on)
            VALUES (radar_current_org(), $1, $2, $3, $4)
            """
        static let narratives = """
            SELECT id, kind, title, statement, recorded_on FROM narratives ORDER BY kind, title
            """
        static let insertTension = """
            INSERT INTO tensions (org_id, stated_value, rewarded_behaviour, raised_by, raised_on, discussed_on)
            VALUES (radar_current_org(), $1, $2, $3, $4, $5)
            RETURNING id
            """
        static let tensions = """
            SELECT t.id, t.stated_value, t.rewarded_behaviour, s.email AS raised_by, t.raised_on, t.discussed_on,
                   t.version
              FROM tensions t
              LEFT JOIN stakeholders s ON s.org_id = t.org_id AND s.id = t.raised_by
             WHERE ($1::uuid IS NULL OR t.id = $1)
             ORDER BY t.raised_on, t.id
            """
        static let discuss = "UPDATE tensions SET discussed_on = $2 WHERE id = $1"
    }

    /// Records a story or value the programme is framed against.
    @discardableResult
    public func addNarrative(
        kind: String?, title: String?, statement: String?, on day: CalendarDate
    ) throws -> Narrative {
        var checks = Checks()
        let kind = checks.word(checks.required(kind, field: "kind"), NarrativeKind.self, field: "kind")
        let title = checks.required(title, field: "title", max: TextLimit.line)
        let statement = checks.optional(statement, field: "statement", max: TextLimit.paragraph)
        try checks.finish()
        try mapUniqueViolation(field: "title", value: title) {
            try tx.connection.execute(Query.insertNarrative, [kind?.rawValue, title, statement, day])
        }
        return try narratives().first { $0.title == title }!
    }

    /// Every narrative, stories first, by title.
    public func narratives() throws -> [Narrative] {
        try tx.connection.query(Query.narratives).map { row in
            Narrative(
                id: try row.decode("id"), kind: try row.word("kind"), title: try row.decode("title"),
                statement: try row.decode("statement"), recordedOn: try row.decode("recorded_on"))
        }
    }

    /// Logs a tension between a stated value and the behaviour that is rewarded.
    @discardableResult
    public func logTension(
        statedValue: String?, rewardedBehaviour: String?, raisedBy: String?, raisedOn day: CalendarDate,
        discussedOn: CalendarDate? = nil
    ) throws -> Tension {
        var checks = Checks()
        let stated = checks.required(statedValue, field: "statedValue", max: TextLimit.paragraph)
        let rewarded = checks.required(rewardedBehaviour, field: "rewardedBehaviour", max: TextLimit.paragraph)
        let person = try Stakeholders(tx).resolveOptional(raisedBy, field: "raisedBy", checks: &checks)
        if let discussedOn, discussedOn < day {
            checks.add("discussedOn", "\(discussedOn) is before it was raised on \(day)")
        }
        try checks.finish()
        let id: UUID = try tx.connection.queryRow(
            Query.insertTension, [stated, rewarded, person, day, discussedOn])!.decode("id")
        return try tensions(id: id)[0]
    }

    /// Records the day the top team discussed the tension.
    @discardableResult
    public func discussed(tension id: UUID, on day: CalendarDate) throws -> Tension {
        guard let current = try tensions(id: id).first else {
            throw StoreError.notFound(entity: "tension", key: id.uuidString.lowercased())
        }
        if day < current.raisedOn {
            throw ValidationFailure([
                ValidationProblem(
                    field: "discussedOn", message: "\(day) is before it was raised on \(current.raisedOn)")
            ])
        }
        try tx.connection.execute(Query.discuss, [id, day])
        return try tensions(id: id)[0]
    }

    /// Every tension (or one), oldest first.
    public func tensions(id: UUID? = nil) throws -> [Tension] {
        try tx.connection.query(Query.tensions, [id]).map { row in
            Tension(
                id: try row.decode("id"), statedValue: try row.decode("stated_value"),
                rewardedBehaviour: try row.decode("rewarded_behaviour"), raisedBy: try row.decode("raised_by"),
                raisedOn: try row.decode("raised_on"), discussedOn: try row.decode("discussed_on"),
                version: try row.decode("version"))
        }
    }
}
