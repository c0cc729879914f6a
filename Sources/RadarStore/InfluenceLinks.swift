import Foundation
import Postgres
import RadarDomain

/// Who influences whom inside an organisation: dated links between stakeholders (reports to, listens to, peers
/// with, sponsor of), which the facts read for champions' backing (G06) and the cascade into functions (P00).
public struct InfluenceLinks {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    enum Query {
        static let insert = """
            INSERT INTO influence_links (org_id, stakeholder_id, kind, other_id, since)
            VALUES (radar_current_org(), $1, $2, $3, $4)
            RETURNING id
            """
        static let end = "UPDATE influence_links SET until = $2 WHERE id = $1 AND until IS NULL"
        // Every link touching $1 (or all when null), holding on $2 (or ever when null), by person then kind.
        static let links = """
            SELECT l.id, l.kind, l.since, l.until, l.version, p.email AS person_email, p.name AS person_name,
                   o.email AS other_email, o.name AS other_name
              FROM influence_links l
              JOIN stakeholders p ON p.org_id = l.org_id AND p.id = l.stakeholder_id
              JOIN stakeholders o ON o.org_id = l.org_id AND o.id = l.other_id
             WHERE ($1::uuid IS NULL OR l.stakeholder_id = $1 OR l.other_id = $1)
               AND ($2::date IS NULL OR (l.since <= $2 AND (l.until IS NULL OR l.until > $2)))
               AND ($3::uuid IS NULL OR l.id = $3)
             ORDER BY p.name, p.email, l.kind, o.name, o.email, l.since
            """
    }

    /// Links `person` to `other` with `kind` from `since` (today when nil); both must be stakeholders here.
    @discardableResult
    public func add(
        person: String, kind: String, other: String, since: CalendarDate?, today: CalendarDate
    ) throws -> InfluenceLink {
        var checks = Checks()
        let kind = checks.word(kind, InfluenceKind.self, field: "kind")
        let people = Stakeholders(tx)
        let known = try people.ids(byEmail: [person, other])
        let personID = people.resolve(person, among: known, field: "person", checks: &checks)
        let otherID = people.resolve(other, among: known, field: "other", checks: &checks)
        if let personID, personID == otherID {
            checks.add("other", "names the same person as person; a link joins two people")
        }
        try checks.finish()
        let id: UUID = try mapUniqueViolation(field: "other", value: Stakeholders.emailKey(other)) {
            try tx.connection.queryRow(Query.insert, [personID, kind?.rawValue, otherID, since ?? today])!.decode("id")
        }
        return try link(id: id)
    }

    /// Ends the link `id` on `day`: it no longer holds from that day on.
    @discardableResult
    public func end(id: UUID, on day: CalendarDate) throws -> InfluenceLink {
        let current = try link(id: id)
        if let until = current.until {
            throw ValidationFailure([ValidationProblem(field: "until", message: "the link already ended on \(until)")])
        }
        if day < current.since {
            throw ValidationFailure([
                ValidationProblem(field: "until", message: "\(day) is before the link began on \(current.since)")
            ])
        }
        try tx.connection.execute(Query.end, [id, day])
        return try link(id: id)
    }

    /// The links touching `email` (or every link), holding on `day` (or ever, ended ones included, when nil).
    public func links(email: String? = nil, on day: CalendarDate? = nil) throws -> [InfluenceLink] {
        let person = try email.map { try Stakeholders(tx).find(email: $0).id }
        return try read(person: person, on: day, id: nil)
    }

    /// One link by id.
    public func link(id: UUID) throws -> InfluenceLink {
        guard let link = try read(person: nil, on: nil, id: id).first else {
            throw StoreError.notFound(entity: "influence link", key: id.uuidString.lowercased())
        }
        return link
    }

    private func read(person: UUID?, on day: CalendarDate?, id: UUID?) throws -> [InfluenceLink] {
        try tx.connection.query(Query.links, [person, day, id]).map { row in
            InfluenceLink(
                id: try row.decode("id"),
                person: .init(email: try row.decode("person_email"), name: try row.decode("person_name")),
                kind: InfluenceKind(rawValue: try row.decode("kind"))!,
                other: .init(email: try row.decode("other_email"), name: try row.decode("other_name")),
                since: try row.decode("since"), until: try row.decode("until"), version: try row.decode("version"))
        }
    }
}
