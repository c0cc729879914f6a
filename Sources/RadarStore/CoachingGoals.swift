import Foundation
import Postgres
import RadarDomain

/// Leaders' own coaching in one organisation: their goals with observations, and whether they are coached.
public struct CoachingGoals {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    enum Query {
        static let insertGoal = """
            INSERT INTO coaching_goals (org_id, stakeholder_id, behaviour, description, observed_how, set_on, review_on)
            VALUES (radar_current_org(), $1, $2, $3, $4, $5, $6)
            RETURNING id
            """
        static let goals = """
            SELECT g.id, s.email, g.behaviour, g.description, g.observed_how, g.set_on, g.review_on, g.closed_on,
                   g.version,
                   ARRAY(SELECT o.id::text FROM coaching_observations o
                          WHERE o.org_id = g.org_id AND o.goal_id = g.id ORDER BY o.observed_on, o.id) AS observation_ids,
                   ARRAY(SELECT o.observed_on::text FROM coaching_observations o
                          WHERE o.org_id = g.org_id AND o.goal_id = g.id ORDER BY o.observed_on, o.id) AS observed_ons,
                   ARRAY(SELECT o.note FROM coaching_observations o
                          WHERE o.org_id = g.org_id AND o.goal_id = g.id ORDER BY o.observed_on, o.id) AS notes
              FROM coaching_goals g
              JOIN stakeholders s ON s.org_id = g.org_id AND s.id = g.stakeholder_id
             WHERE ($1::uuid IS NULL OR g.stakeholder_id = $1) AND ($2::uuid IS NULL OR g.id = $2)
             ORDER BY s.email, g.set_on, g.behaviour
            """
        static let goalOwner = "SELECT stakeholder_id, set_on FROM coaching_goals WHERE id = $1"
        static let insertObservation = """
            INSERT INTO coaching_observations (org_id, goal_id, observed_on, note)
            VALUES (radar_current_org(), $1, $2, $3)
            """
        static let insertCoaching = """
            INSERT INTO leader_coaching (org_id, stakeholder_id, kind, since, until)
            VALUES (radar_current_org(), $1, $2, $3, $4)
            """
        static let coaching = """
            SELECT c.id, s.email, c.kind, c.since, c.until
              FROM leader_coaching c
              JOIN stakeholders s ON s.org_id = c.org_id AND s.id = c.stakeholder_id
             WHERE ($1::uuid IS NULL OR c.stakeholder_id = $1)
             ORDER BY s.email, c.since, c.id
            """
    }

    /// Sets a coaching goal for the stakeholder with this e-mail.
    @discardableResult
    public func add(email: String, _ draft: CoachingGoalDraft, today: CalendarDate) throws -> CoachingGoal {
        var checks = Checks()
        let person = try Stakeholders(tx).resolve(email, field: "email", checks: &checks)
        let behaviour = checks.word(
            checks.required(draft.behaviour, field: "behaviour"), CoachingBehaviour.self, field: "behaviour")
        let description = checks.optional(draft.description, field: "description", max: TextLimit.paragraph)
        if behaviour == .other, description == nil {
            checks.add("description", "describe the behaviour when it is not one of the list")
        }
        let observedHow = checks.optional(draft.observedHow, field: "observedHow", max: TextLimit.paragraph)
        let setOn = draft.setOn ?? today
        if let review = draft.reviewOn, review < setOn {
            checks.add("reviewOn", "\(review) is before the goal is set on \(setOn)")
        }
        try checks.finish()
        let id: UUID = try mapUniqueViolation(field: "behaviour", value: behaviour!.rawValue) {
            try tx.connection.queryRow(
                Query.insertGoal,
                [person, behaviour?.rawValue, description, observedHow, setOn, draft.reviewOn])!.decode("id")
        }
        return try goals(id: id)[0]
    }

    /// The goals of one person (or everyone's), each with its observations, by e-mail and day set.
    public func goals(email: String? = nil) throws -> [CoachingGoal] {
        let person = try email.map { try Stakeholders(tx).find(email: $0).id }
        return try read(person: person, id: nil)
    }

    func goals(id: UUID) throws -> [CoachingGoal] {
        try read(person: nil, id: id)
    }

    private func read(person: UUID?, id: UUID?) throws -> [CoachingGoal] {
        try tx.connection.query(Query.goals, [person, id]).map { row in
            let ids: [String] = try row.decode("observation_ids")
            let days: [String] = try row.decode("observed_ons")
            let notes: [String] = try row.decode("notes")
            let observations = zip(ids, zip(days, notes)).compactMap { id, rest -> CoachingObservation? in
                guard let id = UUID(uuidString: id), let day = CalendarDate(rest.0) else { return nil }
                return CoachingObservation(id: id, observedOn: day, note: rest.1)
            }
            return CoachingGoal(
                id: try row.decode("id"), email: try row.decode("email"), behaviour: try row.word("behaviour"),
                description: try row.decode("description"), observedHow: try row.decode("observed_how"),
                setOn: try row.decode("set_on"), reviewOn: try row.decode("review_on"),
                closedOn: try row.decode("closed_on"), observations: observations, version: try row.decode("version"))
        }
    }

    /// Adds a dated observation to a goal of the stakeholder with this e-mail; it counts as the goal's review.
    @discardableResult
    public func observe(
        email: String, goal id: UUID, on day: CalendarDate, note: String?
    ) throws -> CoachingGoal {
        let person = try Stakeholders(tx).find(email: email)
        guard let row = try tx.connection.queryRow(Query.goalOwner, [id]),
            try row.decode("stakeholder_id", as: UUID.self) == person.id
        else {
            throw StoreError.notFound(entity: "coaching goal", key: id.uuidString.lowercased())
        }
        var checks = Checks()
        let text = checks.required(note, field: "note", max: TextLimit.paragraph)
        let setOn: CalendarDate = try row.decode("set_on")
        if day < setOn { checks.add("observedOn", "\(day) is before the goal was set on \(setOn)") }
        try checks.finish()
        try tx.connection.execute(Query.insertObservation, [id, day, text])
        return try goals(id: id)[0]
    }

    /// Records that the leader is coached or peer-coached from `since` (until `until`, if it ended).
    @discardableResult
    public func addCoaching(
        email: String, kind: String?, since: CalendarDate, until: CalendarDate?
    ) throws -> LeaderCoaching {
        var checks = Checks()
        let person = try Stakeholders(tx).resolve(email, field: "email", checks: &checks)
        let kind = checks.word(checks.required(kind, field: "kind"), CoachingKind.self, field: "kind")
        if let until, until < since { checks.add("until", "\(until) is before \(since)") }
        try checks.finish()
        try tx.connection.execute(Query.insertCoaching, [person, kind?.rawValue, since, until])
        return try coaching(email: email).last { $0.kind == kind && $0.since == since }!
    }

    /// The periods in which the person (or everyone) was coached, by e-mail and start.
    public func coaching(email: String? = nil) throws -> [LeaderCoaching] {
        let person = try email.map { try Stakeholders(tx).find(email: $0).id }
        return try tx.connection.query(Query.coaching, [person]).map { row in
            LeaderCoaching(
                id: try row.decode("id"), email: try row.decode("email"), kind: try row.word("kind"),
                since: try row.decode("since"), until: try row.decode("until"))
        }
    }
}
