import Foundation
import Postgres
import RadarDomain

/// Who is enrolled in an organisation's initiatives, and each initiative's sessions with their attendance.
public struct InitiativeMembers {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    enum Query {
        // Enrolling someone again changes their role and day and ends any leaving.
        static let enrol = """
            INSERT INTO initiative_members (org_id, initiative_id, stakeholder_id, role, enrolled_on)
            VALUES (radar_current_org(), $1, $2, $3, $4)
            ON CONFLICT (org_id, initiative_id, stakeholder_id)
            DO UPDATE SET role = EXCLUDED.role, enrolled_on = EXCLUDED.enrolled_on, left_on = NULL
            """
        static let leave = """
            UPDATE initiative_members SET left_on = $3
             WHERE initiative_id = $1 AND stakeholder_id = $2 AND left_on IS NULL
            """
        static let members = """
            SELECT s.email, s.name, m.role, m.enrolled_on, m.left_on, m.version
              FROM initiative_members m
              JOIN stakeholders s ON s.org_id = m.org_id AND s.id = m.stakeholder_id
             WHERE m.initiative_id = $1
             ORDER BY s.name, s.email
            """
        static let member = """
            SELECT m.enrolled_on, m.left_on FROM initiative_members m
             WHERE m.initiative_id = $1 AND m.stakeholder_id = $2
            """
        // Each session with its participants' e-mails and attendances as two arrays in the same order.
        static let sessions = """
            SELECT c.ref, c.occurred_at, c.kind,
                   ARRAY(SELECT s.email FROM conversation_participants p
                           JOIN stakeholders s ON s.org_id = p.org_id AND s.id = p.stakeholder_id
                          WHERE p.org_id = c.org_id AND p.conversation_id = c.id ORDER BY s.email) AS emails,
                   ARRAY(SELECT p.attendance::text FROM conversation_participants p
                           JOIN stakeholders s ON s.org_id = p.org_id AND s.id = p.stakeholder_id
                          WHERE p.org_id = c.org_id AND p.conversation_id = c.id ORDER BY s.email) AS attendances
              FROM conversations c
             WHERE c.initiative_id = $1 AND c.occurred_at <= $2
             ORDER BY c.occurred_at, c.ref
            """
    }

    /// Enrols the person in the initiative (or changes their role and day if they were enrolled before).
    @discardableResult
    public func enrol(initiative ref: String, _ draft: EnrolmentDraft) throws -> InitiativeMember {
        var checks = Checks()
        let initiative = try Initiatives(tx).find(ref: ref)
        let email = checks.required(draft.email, field: "email", max: TextLimit.email)
        let person = try email.isEmpty ? nil : Stakeholders(tx).resolve(email, field: "email", checks: &checks)
        let role = checks.word(draft.role, EnrolmentRole.self, field: "role") ?? .participant
        let day = draft.enrolledOn ?? initiative.startsOn
        try checks.finish()
        try tx.connection.execute(Query.enrol, [initiative.id, person, role.rawValue, day])
        return try members(of: initiative).first { $0.email == Stakeholders.emailKey(email) }!
    }

    /// Records that the person left the initiative on `day`; they stay on its list with their attendance.
    @discardableResult
    public func leave(initiative ref: String, email: String, on day: CalendarDate) throws -> InitiativeMember {
        var checks = Checks()
        let initiative = try Initiatives(tx).find(ref: ref)
        let person = try Stakeholders(tx).resolve(email, field: "email", checks: &checks)
        try checks.finish()
        guard let person, let row = try tx.connection.queryRow(Query.member, [initiative.id, person]) else {
            throw ValidationFailure([
                ValidationProblem(field: "email", message: "\(email) is not enrolled in \(initiative.ref)")
            ])
        }
        let enrolled: CalendarDate = try row.decode("enrolled_on")
        if try row.decode("left_on", as: CalendarDate?.self) != nil {
            throw ValidationFailure([ValidationProblem(field: "email", message: "\(email) has already left")])
        }
        if day < enrolled {
            throw ValidationFailure([
                ValidationProblem(field: "leftOn", message: "\(day) is before they enrolled on \(enrolled)")
            ])
        }
        try tx.connection.execute(Query.leave, [initiative.id, person, day])
        return try members(of: initiative).first { $0.email == Stakeholders.emailKey(email) }!
    }

    /// Everyone ever enrolled in the initiative, by name.
    public func members(of initiative: Initiative) throws -> [InitiativeMember] {
        try tx.connection.query(Query.members, [initiative.id]).map { row in
            InitiativeMember(
                email: try row.decode("email"), name: try row.decode("name"), role: try row.word("role"),
                enrolledOn: try row.decode("enrolled_on"), leftOn: try row.decode("left_on"),
                version: try row.decode("version"))
        }
    }

    /// The initiative's sessions up to `asOf`, oldest first.
    public func sessions(of initiative: Initiative, asOf: Date) throws -> [InitiativeSession] {
        let zone = tx.organisation.zone
        return try tx.connection.query(Query.sessions, [initiative.id, asOf]).map { row in
            let emails: [String] = try row.decode("emails")
            let attendances: [String] = try row.decode("attendances")
            var attendance: [String: Attendance] = [:]
            for (email, word) in zip(emails, attendances) {
                attendance[email] = try Row.word(word, column: "attendances")
            }
            let occurred: Date = try row.decode("occurred_at")
            return InitiativeSession(
                ref: try row.decode("ref"), occurredAt: occurred, day: CalendarDate(occurred, in: zone),
                kind: try row.word("kind"), attendance: attendance)
        }
    }

    /// The initiative's members and sessions up to `asOf`: its attendance grid.
    public func roster(initiative ref: String, asOf: Date) throws -> InitiativeRoster {
        let initiative = try Initiatives(tx).find(ref: ref)
        return InitiativeRoster(
            initiative: initiative, members: try members(of: initiative),
            sessions: try sessions(of: initiative, asOf: asOf))
    }
}
