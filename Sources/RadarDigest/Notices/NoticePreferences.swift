import Foundation
import Postgres
import RadarDomain
import RadarStore

/// When and where one HR owner is told about their people: a time of day in their own time zone, and a channel
/// (their e-mail address by default, or a webhook, a directory, a Slack or Teams webhook of their own).
public struct NoticePreference: Sendable, Codable, Hashable {
    public var user: UUID
    public var email: String
    public var name: String
    /// `HH:MM` on the owner's wall clock.
    public var sendAt: String
    /// An IANA time zone name, such as Europe/London.
    public var timeZone: String
    public var kind: ChannelKind
    public var target: String
    public var enabled: Bool

    /// The target as it may be shown back: a webhook's address without its path (which often holds a secret).
    public var shownTarget: String {
        guard [.webhook, .slack, .teams].contains(kind), let url = URLComponents(string: target) else { return target }
        return "\(url.scheme ?? "https")://\(url.host ?? "")\(url.port.map { ":\($0)" } ?? "")/…"
    }
}

/// Owners' notice preferences in one organisation.
public struct NoticePreferences {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    enum Query {
        static let columns = """
            s.user_id, u.email, u.display_name, to_char(s.send_at, 'HH24:MI') AS send_at, s.time_zone, s.kind,
            s.target, s.enabled
            """
        static let from = """
             FROM owner_notice_settings s JOIN users u ON u.id = s.user_id
             JOIN memberships m ON m.user_id = u.id AND m.org_id = s.org_id
            """
        static let one = "SELECT \(columns)" + from + " WHERE s.user_id = $1"
        static let enabled = "SELECT \(columns)" + from + " WHERE s.enabled AND u.disabled_at IS NULL ORDER BY u.email"
        static let all = "SELECT \(columns)" + from + " ORDER BY u.email"
        static let zoneExists = "SELECT EXISTS (SELECT FROM pg_timezone_names WHERE name = $1) AS known"
        static let save = """
            INSERT INTO owner_notice_settings (org_id, user_id, send_at, time_zone, kind, target, enabled)
            VALUES (radar_current_org(), $1, $2::time, $3, $4, $5, $6)
            ON CONFLICT (org_id, user_id) DO UPDATE
               SET send_at = EXCLUDED.send_at, time_zone = EXCLUDED.time_zone, kind = EXCLUDED.kind,
                   target = EXCLUDED.target, enabled = EXCLUDED.enabled
            """
    }

    /// What a person asks to change; nil keeps the current value (or the default for a first preference:
    /// 08:00 in the organisation's time zone, by e-mail to their own address).
    public struct Changes: Sendable {
        public var sendAt: String?
        public var timeZone: String?
        public var kind: String?
        public var target: String?
        public var enabled: Bool?

        public init(
            sendAt: String? = nil, timeZone: String? = nil, kind: String? = nil, target: String? = nil,
            enabled: Bool? = nil
        ) {
            self.sendAt = sendAt
            self.timeZone = timeZone
            self.kind = kind
            self.target = target
            self.enabled = enabled
        }
    }

    public func find(user: UUID) throws -> NoticePreference? {
        try tx.connection.queryRow(Query.one, [user]).map(Self.decode)
    }

    /// The preferences of owners to be told, the disabled ones left out.
    public func enabled() throws -> [NoticePreference] {
        try tx.connection.query(Query.enabled).map(Self.decode)
    }

    public func all() throws -> [NoticePreference] {
        try tx.connection.query(Query.all).map(Self.decode)
    }

    /// Saves the member `email`'s preference after checking every field; a bad one changes nothing. A directory
    /// on the server's disk is for operators (the CLI) and administrators: `allowDirectory` is false when a member
    /// sets their own preference on the page or through the API.
    @discardableResult
    public func save(email: String, _ changes: Changes, allowDirectory: Bool = true) throws -> NoticePreference {
        let member = try HROwners(tx).member(email: email)
        let current = try find(user: member.id)
        var problems: [ValidationProblem] = []
        let sendAt = changes.sendAt ?? current?.sendAt ?? "08:00"
        if LocalTime(sendAt) == nil {
            problems.append(ValidationProblem(field: "sendAt", message: "\"\(sendAt)\" is not a time of day; expected the form 08:00"))
        }
        let zone = (changes.timeZone ?? current?.timeZone ?? tx.organisation.timeZone).trimmingCharacters(in: .whitespaces)
        let known: Bool = try tx.connection.queryRow(Query.zoneExists, [zone])?.decode("known") ?? false
        if !known || TimeZone(identifier: zone) == nil {
            problems.append(ValidationProblem(field: "timeZone", message: "\"\(zone)\" is not a time zone name such as Europe/London"))
        }
        var kind = current?.kind ?? .email
        if let text = changes.kind {
            do { kind = try ChannelKind.parse(text) } catch let failure as ValidationFailure { problems += failure.problems }
        }
        if kind == .directory, !allowDirectory, changes.kind != nil || current?.kind != .directory {
            problems.append(
                ValidationProblem(
                    field: "kind", message: "a directory on the server is for administrators; choose email, webhook, slack or teams"))
        }
        var target = changes.target ?? (changes.kind == nil ? current?.target : nil) ?? (kind == .email ? member.email : "")
        do {
            target = try kind.normalisedTarget(target)
        } catch let failure as ValidationFailure {
            problems += failure.problems
        }
        if target.count > 2000 { problems.append(ValidationProblem(field: "target", message: "is longer than 2000 characters")) }
        guard problems.isEmpty else { throw ValidationFailure(problems) }
        try tx.connection.execute(
            Query.save,
            [member.id, LocalTime(sendAt)!.description, zone, kind.rawValue, target,
             changes.enabled ?? current?.enabled ?? true])
        return try find(user: member.id)!
    }

    static func decode(_ row: Row) throws -> NoticePreference {
        NoticePreference(
            user: try row.decode("user_id"), email: try row.decode("email"), name: try row.decode("display_name"),
            sendAt: try row.decode("send_at"), timeZone: try row.decode("time_zone"),
            kind: try ChannelKind.parse(try row.decode("kind")), target: try row.decode("target"),
            enabled: try row.decode("enabled"))
    }
}
