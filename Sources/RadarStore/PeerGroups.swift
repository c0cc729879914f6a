import Foundation
import Postgres
import RadarDomain

/// Pairs and trios coaching each other inside an organisation's peer-coaching initiatives, with their meetings.
public struct PeerGroups {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    enum Query {
        static let insert = """
            INSERT INTO peer_groups (org_id, initiative_id, name, starts_on, rhythm_days)
            VALUES (radar_current_org(), $1, $2, $3, $4)
            RETURNING id
            """
        static let insertMembers = """
            INSERT INTO peer_group_members (org_id, group_id, stakeholder_id)
            SELECT radar_current_org(), $1, unnest($2::uuid[])
            """
        static let end = "UPDATE peer_groups SET ends_on = $2 WHERE id = $1 AND ends_on IS NULL"
        static let idByName = """
            SELECT g.id FROM peer_groups g JOIN initiatives i ON i.org_id = g.org_id AND i.id = g.initiative_id
             WHERE i.ref = $1 AND g.name = $2
            """
        // A meeting is a session of the group's initiative, from its first day on, that at least two of its
        // members attended; $4 is the instant read at and $5 the organisation's time zone, for the day.
        static let groups = """
            SELECT g.id, i.ref AS initiative_ref, i.title AS initiative_title, g.name, g.starts_on, g.ends_on,
                   g.rhythm_days, g.version,
                   ARRAY(SELECT s.email FROM peer_group_members m
                           JOIN stakeholders s ON s.org_id = m.org_id AND s.id = m.stakeholder_id
                          WHERE m.org_id = g.org_id AND m.group_id = g.id ORDER BY s.name, s.email) AS emails,
                   ARRAY(SELECT s.name FROM peer_group_members m
                           JOIN stakeholders s ON s.org_id = m.org_id AND s.id = m.stakeholder_id
                          WHERE m.org_id = g.org_id AND m.group_id = g.id ORDER BY s.name, s.email) AS names,
                   mt.last_met, mt.meetings
              FROM peer_groups g
              JOIN initiatives i ON i.org_id = g.org_id AND i.id = g.initiative_id
             CROSS JOIN LATERAL (
                   SELECT max((c.occurred_at AT TIME ZONE $5)::date) AS last_met, count(*) AS meetings
                     FROM conversations c
                    WHERE c.org_id = g.org_id AND c.initiative_id = g.initiative_id AND c.occurred_at <= $4
                      AND (c.occurred_at AT TIME ZONE $5)::date >= g.starts_on
                      AND (SELECT count(*) FROM conversation_participants p
                             JOIN peer_group_members gm ON gm.org_id = p.org_id AND gm.group_id = g.id
                                                       AND gm.stakeholder_id = p.stakeholder_id
                            WHERE p.org_id = c.org_id AND p.conversation_id = c.id
                              AND p.attendance = 'attended') >= 2) mt
             WHERE ($1::uuid IS NULL OR g.initiative_id = $1)
               AND ($2::uuid IS NULL OR EXISTS (SELECT FROM peer_group_members m
                                                 WHERE m.org_id = g.org_id AND m.group_id = g.id
                                                   AND m.stakeholder_id = $2))
               AND ($3::uuid IS NULL OR g.id = $3)
             ORDER BY i.ref, g.starts_on, g.name
            """
    }

    /// Forms a pair or trio in the peer-coaching initiative `ref`; it starts on `today` unless the draft says.
    @discardableResult
    public func add(initiative ref: String, _ draft: PeerGroupDraft, today: CalendarDate) throws -> PeerGroup {
        let initiative = try Initiatives(tx).find(ref: ref)
        var checks = Checks()
        if initiative.kind != .peerCoaching {
            checks.add("initiative", "\(initiative.ref) is \(initiative.kind.rawValue), not peer_coaching")
        }
        let name = checks.required(draft.name, field: "name", max: TextLimit.line)
        let emails = draft.members.map(Stakeholders.emailKey)
        if !(2...3).contains(emails.count) {
            checks.add("members", "a peer group has two or three members, not \(emails.count)")
        } else if Set(emails).count != emails.count {
            checks.add("members", "names someone twice")
        }
        let known = try Stakeholders(tx).ids(byEmail: emails)
        let people = emails.enumerated().compactMap { index, email in
            Stakeholders(tx).resolve(email, among: known, field: FieldPath("members").at(index), checks: &checks)
        }
        let startsOn = draft.startsOn ?? today
        if startsOn < initiative.startsOn {
            checks.add("startsOn", "\(startsOn) is before the initiative starts on \(initiative.startsOn)")
        }
        if let ends = initiative.endsOn, startsOn > ends {
            checks.add("startsOn", "\(startsOn) is after the initiative ends on \(ends)")
        }
        switch draft.rhythmDays {
        case nil: checks.add("rhythmDays", "is required")
        case let days? where !(1...366).contains(days): checks.add("rhythmDays", "must be from 1 to 366 days")
        default: break
        }
        try checks.finish()
        let id: UUID = try mapUniqueViolation(field: "name", value: name) {
            try tx.connection.queryRow(Query.insert, [initiative.id, name, startsOn, draft.rhythmDays])!.decode("id")
        }
        try tx.connection.execute(Query.insertMembers, [id, people])
        return try read(initiative: nil, person: nil, id: id, asOf: .now)[0]
    }

    /// The id of the group called `name` in the initiative `ref`.
    public func find(initiative ref: String, name: String) throws -> UUID {
        let initiative = try Initiatives(tx).find(ref: ref)
        guard let row = try tx.connection.queryRow(Query.idByName, [initiative.ref, name]) else {
            throw StoreError.notFound(entity: "peer group", key: "\(initiative.ref)/\(name)")
        }
        return try row.decode("id")
    }

    /// Records the group's last day; it meets no more after it.
    @discardableResult
    public func end(id: UUID, on day: CalendarDate) throws -> PeerGroup {
        guard let group = try read(initiative: nil, person: nil, id: id, asOf: .now).first else {
            throw StoreError.notFound(entity: "peer group", key: id.uuidString.lowercased())
        }
        if let ended = group.endsOn {
            throw ValidationFailure([ValidationProblem(field: "endsOn", message: "the group already ended on \(ended)")]
            )
        }
        if day < group.startsOn {
            throw ValidationFailure([
                ValidationProblem(field: "endsOn", message: "\(day) is before the group started on \(group.startsOn)")
            ])
        }
        try tx.connection.execute(Query.end, [id, day])
        return try read(initiative: nil, person: nil, id: id, asOf: .now)[0]
    }

    /// The groups of one initiative, or of one person, or all, with their meetings up to `asOf`.
    public func groups(initiative ref: String? = nil, email: String? = nil, asOf: Date) throws -> [PeerGroup] {
        let initiative = try ref.map { try Initiatives(tx).find(ref: $0).id }
        let person = try email.map { try Stakeholders(tx).find(email: $0).id }
        return try read(initiative: initiative, person: person, id: nil, asOf: asOf)
    }

    /// One group by id, with its meetings up to `asOf`.
    public func group(id: UUID, asOf: Date) throws -> PeerGroup {
        guard let group = try read(initiative: nil, person: nil, id: id, asOf: asOf).first else {
            throw StoreError.notFound(entity: "peer group", key: id.uuidString.lowercased())
        }
        return group
    }

    private func read(initiative: UUID?, person: UUID?, id: UUID?, asOf: Date) throws -> [PeerGroup] {
        let zone = tx.organisation.zone.identifier
        return try tx.connection.query(Query.groups, [initiative, person, id, asOf, zone]).map { row in
            let emails: [String] = try row.decode("emails")
            let names: [String] = try row.decode("names")
            return PeerGroup(
                id: try row.decode("id"), initiativeRef: try row.decode("initiative_ref"),
                initiativeTitle: try row.decode("initiative_title"), name: try row.decode("name"),
                members: zip(emails, names).map { PeerGroupMember(email: $0, name: $1) },
                startsOn: try row.decode("starts_on"), endsOn: try row.decode("ends_on"),
                rhythmDays: try row.decode("rhythm_days"), lastMetOn: try row.decode("last_met"),
                meetings: try row.decode("meetings"), version: try row.decode("version"))
        }
    }
}
