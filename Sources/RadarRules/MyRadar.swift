import Foundation
import Postgres
import RadarDomain
import RadarStore

/// One HR owner's people as of an instant, the riskiest first: for each, the flags open on them, when they are
/// next due a contact (their own rhythm, else the organisation's silence threshold), open fears and the
/// commitments falling due. What `/mine`, `radar mine` and the API all show.
public struct MyRadar: Sendable, Codable {
    /// A flag open on one of the owner's people.
    public struct FlagLine: Sendable, Codable, Hashable {
        public var id: UUID
        public var rule: String
        public var severity: Severity
        public var status: FlagStatus
        public var message: String
    }

    /// A commitment of one of the owner's people, open and due within the fortnight (or overdue).
    public struct CommitmentLine: Sendable, Codable, Hashable {
        public var id: UUID
        /// What was promised; withheld (nil) from readers who may not see HR's free text.
        public var description: String?
        public var dueOn: CalendarDate
        public var overdue: Bool
    }

    /// One person the owner looks after.
    public struct Person: Sendable, Codable {
        public var email: String
        public var name: String
        public var tier: String
        public var role: String
        /// The most severe open flag's severity, `none` without one: the first key of the ranking.
        public var risk: String
        public var score: Double?
        public var daysSinceContact: Int?
        /// Their usual interval between contacts, when three contacts in the half-year show one.
        public var usualIntervalDays: Double?
        /// How long a silence their rhythm (or the threshold) allows.
        public var silenceAllowedDays: Int
        /// The day the next contact is due; the as-of day itself for someone never met.
        public var nextContactDue: CalendarDate
        /// Days past that day, 0 when not yet due.
        public var contactOverdueDays: Int
        /// Whether the due day comes from their own rhythm rather than the silence threshold.
        public var fromRhythm: Bool
        public var openFlags: [FlagLine]
        public var openFears: Int
        public var commitmentsDue: [CommitmentLine]
    }

    public var owner: String
    public var asOf: Date
    public var people: [Person]

    enum Query {
        static let people = """
            SELECT f.stakeholder_id, f.subject AS email, f.subject_name AS name, f.tier, f.role,
                   f.score::float8 AS score, f.days_since_contact::integer AS days_since_contact,
                   f.usual_interval_days::float8 AS usual_interval_days,
                   f.silence_allowed_days::integer AS silence_allowed_days,
                   COALESCE(f.next_contact_due::date, (radar_as_of() AT TIME ZONE o.time_zone)::date)
                       AS next_contact_due,
                   COALESCE(f.days_overdue, 0)::integer AS days_overdue, f.open_fears::integer AS open_fears
              FROM facts_stakeholder f
              JOIN stakeholders s ON s.org_id = f.org_id AND s.id = f.stakeholder_id
              JOIN organisations o ON o.id = f.org_id
             WHERE s.hr_owner_user_id = $1
            """
        static let flags = FlagBook.Query.select + """
             WHERE f.subject_kind = 'stakeholder' AND f.subject_id = ANY ($1::uuid[]) AND f.status <> 'resolved'
               AND f.pending_since IS NULL AND f.suppressed_by IS NULL AND f.silence_id IS NULL
               AND f.status IN ('open', 'acknowledged')
            """
        static let commitments = """
            SELECT c.id, c.owner_id, c.description, c.due_on
              FROM commitments c
             WHERE c.owner_id = ANY ($1::uuid[]) AND c.due_on IS NOT NULL AND c.due_on <= $2::date + 14
               AND radar_commitment_open(c.status, c.made_on, c.done_on, c.dropped_on, $2::date)
             ORDER BY c.due_on, c.id
            """
    }

    /// The radar of the member `owner` (an account id) as of `asOf`; `sensitive` says whether commitments' texts
    /// may be shown.
    public static func read(
        owner: UUID, ownerEmail: String, asOf: Date, sensitive: Bool, in tx: TenantTransaction
    ) throws -> MyRadar {
        try tx.readViews(asOf: asOf)
        let today = CalendarDate(asOf, in: tx.organisation.zone)
        var ids: [UUID] = []
        var people: [UUID: Person] = [:]
        for row in try tx.connection.query(Query.people, [owner]) {
            let id: UUID = try row.decode("stakeholder_id")
            let interval: Double? = try row.decode("usual_interval_days")
            ids.append(id)
            people[id] = Person(
                email: try row.decode("email"), name: try row.decode("name"), tier: try row.decode("tier"),
                role: try row.decode("role"), risk: "none", score: try row.decode("score"),
                daysSinceContact: try row.decode("days_since_contact"), usualIntervalDays: interval,
                silenceAllowedDays: try row.decode("silence_allowed_days"),
                nextContactDue: try row.decode("next_contact_due"), contactOverdueDays: try row.decode("days_overdue"),
                fromRhythm: interval != nil, openFlags: [], openFears: try row.decode("open_fears"),
                commitmentsDue: [])
        }
        for flag in try tx.connection.query(Query.flags, [ids]).map(Flag.init(row:)) {
            people[flag.subjectID]?.openFlags.append(
                FlagLine(id: flag.id, rule: flag.rule, severity: flag.severity, status: flag.status, message: flag.message))
        }
        for row in try tx.connection.query(Query.commitments, [ids, today]) {
            let due: CalendarDate = try row.decode("due_on")
            let owner: UUID = try row.decode("owner_id")
            people[owner]?.commitmentsDue.append(
                CommitmentLine(
                    id: try row.decode("id"), description: sensitive ? try row.decode("description") : nil,
                    dueOn: due, overdue: due < today))
        }
        var ranked = Array(people.values)
        for index in ranked.indices {
            ranked[index].openFlags.sort { ($0.severity, $1.rule) > ($1.severity, $0.rule) }
            ranked[index].risk = ranked[index].openFlags.first?.severity.rawValue ?? "none"
        }
        ranked.sort { a, b in
            let (first, second) = (riskKey(a), riskKey(b))
            return first == second ? a.name < b.name : second.lexicographicallyPrecedes(first)
        }
        return MyRadar(owner: ownerEmail, asOf: asOf, people: ranked)
    }

    /// The ranking: the most severe open flag, then how many flags, how far past the next contact, commitments
    /// overdue, and a lower score first.
    static func riskKey(_ person: Person) -> [Double] {
        let severity = person.openFlags.first.map { Double(Severity.allCases.firstIndex(of: $0.severity)! + 1) } ?? 0
        return [
            severity, Double(person.openFlags.count), Double(person.contactOverdueDays),
            Double(person.commitmentsDue.filter(\.overdue).count), -(person.score ?? 100),
        ]
    }
}
