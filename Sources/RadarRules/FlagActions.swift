import Foundation
import Postgres
import RadarDomain
import RadarStore

/// A flag's next step made an action: an owner (a leader, or an HR user), a due day, done or not.
public struct FlagAction: Sendable, Hashable, Codable {
    public var id: UUID
    public var flag: UUID
    public var step: String
    /// The owner's e-mail and name; a stakeholder's or an HR user's (`ownerIsUser`).
    public var ownerEmail: String?
    public var ownerName: String?
    public var ownerIsUser: Bool
    public var dueOn: CalendarDate
    public var createdAt: Date
    public var createdBy: String
    public var doneAt: Date?
    public var doneBy: String?
    /// Open past its due day, as of the day it was read for.
    public var overdue: Bool
}

/// The actions made from flags in one organisation: added (recorded on the flag's history), listed, done.
public struct FlagActions {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    /// The longest step text accepted.
    public static let longestStep = 2000

    enum Query {
        static let select = """
            SELECT a.id, a.flag_id, a.step, COALESCE(s.email, u.email) AS owner_email,
                   COALESCE(s.name, u.display_name) AS owner_name, a.owner_user_id IS NOT NULL AS owner_is_user,
                   a.due_on, a.created_at, a.created_by, a.done_at, a.done_by,
                   a.done_at IS NULL AND a.due_on < $1::date AS overdue
              FROM flag_actions a
              LEFT JOIN stakeholders s ON s.org_id = a.org_id AND s.id = a.owner_stakeholder_id
              LEFT JOIN users u ON u.id = a.owner_user_id
            """
        static let ofFlag = select + " WHERE a.flag_id = $2 ORDER BY a.created_at, a.id"
        static let open = select + " WHERE ($2::boolean OR a.done_at IS NULL) ORDER BY a.due_on, a.created_at, a.id"
        static let idByPrefix = "SELECT id FROM flag_actions WHERE id::text LIKE $1 || '%' LIMIT 2"
        static let byID = select + " WHERE a.id = $2"
        static let insert = """
            INSERT INTO flag_actions (org_id, flag_id, step, owner_stakeholder_id, owner_user_id, due_on, created_at,
                                      created_by)
            VALUES (radar_current_org(), $1, $2, $3, $4, $5, $6, $7)
            RETURNING id
            """
        static let done = """
            UPDATE flag_actions SET done_at = $2, done_by = $3 WHERE id = $1 AND done_at IS NULL
            """
        static let event = """
            INSERT INTO flag_events (org_id, flag_id, occurred_at, event, severity, actor, reason, evidence)
            SELECT radar_current_org(), f.id, $2, $3, f.severity, $4, $5, f.evidence FROM flags f WHERE f.id = $1
            """
        static let leaderByEmail = """
            SELECT id FROM stakeholders WHERE email = $1 AND active AND (tier = 'top_team' OR role = 'sponsor')
            """
    }

    /// Makes an action of the flag whose id starts with `flagPrefix`: its next step (or `step`), owned by `owner`
    /// (a leader's e-mail, or an HR user's), due on `due`. Recorded on the flag's history at `instant`.
    public func add(
        flag flagPrefix: String, owner: String, due: CalendarDate?, step: String? = nil, at instant: Date
    ) throws -> FlagAction {
        let flag = try FlagBook(tx).find(flagPrefix)
        var checks = Checks()
        let text = (step ?? flag.nextStep).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { checks.add("step", "is required") }
        if text.count > Self.longestStep { checks.add("step", "is longer than \(Self.longestStep) characters") }
        if due == nil { checks.add("due", "is required: the day the action is due, such as 2026-11-01") }
        if flag.status == .resolved { checks.add("flag", "is resolved; an action needs a flag still open") }
        let key = owner.trimmingCharacters(in: .whitespaces).lowercased()
        let leader: UUID? = try tx.connection.queryRow(Query.leaderByEmail, [key])?.decode("id")
        let user = leader == nil ? try HROwners(tx).ownerID(email: key) : nil
        if leader == nil, user == nil {
            checks.add(
                "owner", "\"\(key)\" is neither a leader (top team or sponsor) nor an HR user of this organisation")
        }
        try checks.finish()
        let id: UUID = try tx.connection.queryRow(
            Query.insert, [flag.id, text, leader, user, due, instant, tx.actor])!.decode("id")
        try tx.connection.execute(
            Query.event, [flag.id, instant, FlagEventKind.actionAdded.rawValue, tx.actor, "\(text) (owner \(key), due \(due!))"])
        return try find(id.uuidString, today: CalendarDate(instant, in: tx.organisation.zone))
    }

    /// Marks an action done at `instant`, recorded on its flag's history; one already done is refused.
    public func done(_ prefix: String, at instant: Date) throws -> FlagAction {
        let today = CalendarDate(instant, in: tx.organisation.zone)
        let action = try find(prefix, today: today)
        guard try tx.connection.execute(Query.done, [action.id, instant, tx.actor]) == 1 else {
            throw StoreError.settled(entity: "action", key: prefix, state: "done")
        }
        try tx.connection.execute(
            Query.event, [action.flag, instant, FlagEventKind.actionDone.rawValue, tx.actor, action.step])
        return try find(action.id.uuidString, today: today)
    }

    public func find(_ prefix: String, today: CalendarDate) throws -> FlagAction {
        let id: UUID = try uniqueRow(Query.idByPrefix, prefix: prefix, entity: "action", in: tx).decode("id")
        return try Self.decode(tx.connection.queryRow(Query.byID, [today, id])!)
    }

    /// The actions of one flag, the oldest first.
    public func of(flag: UUID, today: CalendarDate) throws -> [FlagAction] {
        try tx.connection.query(Query.ofFlag, [today, flag]).map(Self.decode)
    }

    /// The open actions (and the done ones when `includeDone`), the first due first.
    public func list(includeDone: Bool = false, today: CalendarDate) throws -> [FlagAction] {
        try tx.connection.query(Query.open, [today, includeDone]).map(Self.decode)
    }

    static func decode(_ row: Row) throws -> FlagAction {
        FlagAction(
            id: try row.decode("id"), flag: try row.decode("flag_id"), step: try row.decode("step"),
            ownerEmail: try row.decode("owner_email"), ownerName: try row.decode("owner_name"),
            ownerIsUser: try row.decode("owner_is_user"), dueOn: try row.decode("due_on"),
            createdAt: try row.decode("created_at"), createdBy: try row.decode("created_by"),
            doneAt: try row.decode("done_at"), doneBy: try row.decode("done_by"), overdue: try row.decode("overdue"))
    }
}
