import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore

/// The one-click links of owners' notices: made with a notice, used once to acknowledge or snooze a flag.
public struct NoticeLinks {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    /// What a link does.
    public enum Action: String, Sendable, Codable {
        case acknowledge, snooze
    }

    /// A stored link.
    public struct Link: Sendable, Hashable {
        public var id: UUID
        public var user: UUID
        public var userEmail: String?
        public var flag: UUID
        public var action: Action
        public var flagEvent: Int64?
        public var expiresAt: Date
        public var usedAt: Date?
    }

    /// Why a link is refused when someone follows it.
    public enum Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        case unknown, used, expired, flagChanged, flagResolved

        public var description: String {
            switch self {
            case .unknown: "this link is not one the service made"
            case .used: "this link has been used already; each works once"
            case .expired: "this link has expired"
            case .flagChanged: "the flag has changed since the notice was written; open it to see where it stands"
            case .flagResolved: "the flag has been resolved in the meantime"
            }
        }
    }

    /// How long a link works, and how long its snooze lasts.
    public static let lifetime: TimeInterval = 7 * 86_400
    public static let snoozeDays = 7

    enum Query {
        static let insert = """
            INSERT INTO notice_links (org_id, id, notice_id, user_id, flag_id, action, flag_event_id, expires_at)
            VALUES (radar_current_org(), $1, $2, $3, $4, $5, $6, $7)
            """
        static let find = """
            SELECT l.id, l.user_id, u.email, l.flag_id, l.action, l.flag_event_id, l.expires_at, l.used_at
              FROM notice_links l LEFT JOIN users u ON u.id = l.user_id
             WHERE l.id = $1
            """
        static let latestEvent = "SELECT max(id) AS id FROM flag_events WHERE flag_id = $1"
        // Used once: a second use, even at the same moment from another instance, finds it used.
        static let use = "UPDATE notice_links SET used_at = $2 WHERE id = $1 AND used_at IS NULL"
    }

    /// The latest event of `flag`: a link is good while this stays the same.
    func latestEvent(of flag: UUID) throws -> Int64? {
        (try tx.connection.queryRow(Query.latestEvent, [flag])?.decode("id", as: Int64?.self)) ?? nil
    }

    func add(
        id: UUID, notice: UUID, user: UUID, flag: UUID, action: Action, flagEvent: Int64?, expires: Date
    ) throws {
        try tx.connection.execute(Query.insert, [id, notice, user, flag, action.rawValue, flagEvent, expires])
    }

    public func find(_ id: UUID) throws -> Link? {
        guard let row = try tx.connection.queryRow(Query.find, [id]) else { return nil }
        return Link(
            id: try row.decode("id"), user: try row.decode("user_id"), userEmail: try row.decode("email"),
            flag: try row.decode("flag_id"), action: Action(rawValue: try row.decode("action")) ?? .acknowledge,
            flagEvent: try row.decode("flag_event_id"), expiresAt: try row.decode("expires_at"),
            usedAt: try row.decode("used_at"))
    }

    /// Whether `link` may still be used at `now`, with the flag as it stands; the refusal when it may not.
    public func check(_ link: Link, now: Date) throws -> Refusal? {
        if link.usedAt != nil { return .used }
        if link.expiresAt <= now { return .expired }
        let flag = try FlagBook(tx).find(link.flag.uuidString)
        if flag.status == .resolved { return .flagResolved }
        if try latestEvent(of: link.flag) != link.flagEvent { return .flagChanged }
        return nil
    }

    /// Uses the link with id `id` at `now`: acknowledges or snoozes its flag (recorded on the flag's history with
    /// this transaction's actor) and marks the link used, or refuses and changes nothing.
    public func use(_ id: UUID, now: Date) throws -> (Link, Flag) {
        guard let link = try find(id) else { throw Refusal.unknown }
        if let refusal = try check(link, now: now) { throw refusal }
        guard try tx.connection.execute(Query.use, [id, now]) == 1 else { throw Refusal.used }
        let book = FlagBook(tx)
        let flag: Flag
        switch link.action {
        case .acknowledge:
            flag = try book.acknowledge(link.flag.uuidString, reason: "from the owner's notice", at: now)
        case .snooze:
            let until = CalendarDate(now, in: tx.organisation.zone).adding(days: Self.snoozeDays)
            flag = try book.snooze(link.flag.uuidString, until: until, reason: "snoozed from the owner's notice", at: now)
        }
        return (link, flag)
    }
}
