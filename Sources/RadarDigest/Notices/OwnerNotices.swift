import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore

/// Owners' daily notices in one organisation: written when due (at most one per owner and local day, nothing
/// sent on a day with nothing new), then sent by `NoticeWorker` through their own outbox rows.
public struct OwnerNotices {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    /// One notice written.
    public struct Outcome: Sendable, Hashable {
        public var id: UUID
        public var owner: String
        public var day: CalendarDate
        /// `pending` (to be sent) or `quiet` (nothing new: nothing is sent).
        public var status: String
        public var changes: Int
    }

    /// A notice as listed: where it stands in the outbox.
    public struct Entry: Sendable, Hashable, Codable {
        public var id: UUID
        public var owner: String
        public var day: CalendarDate
        public var asOf: Date
        public var status: String
        public var changes: Int
        public var kind: ChannelKind
        public var attempts: Int
        public var lastError: String?
        public var sentAt: Date?
    }

    enum Query {
        static let written = "SELECT count(*) > 0 AS done FROM owner_notices WHERE user_id = $1 AND local_day = $2"
        static let lastAsOf = "SELECT max(as_of) AS as_of FROM owner_notices WHERE user_id = $1 AND as_of <= $2"
        // The latest change of each flag about the owner's people within the window, with the flag as it stands.
        static let flagChanges = """
            SELECT DISTINCT ON (e.flag_id) e.flag_id, e.event, e.severity::text AS severity, f.message, f.rule_code,
                   f.status::text AS triage_status, s.name, s.email,
                   (f.pending_since IS NULL AND f.suppressed_by IS NULL AND f.silence_id IS NULL) AS shown,
                   (SELECT max(x.id) FROM flag_events x WHERE x.org_id = f.org_id AND x.flag_id = f.id) AS latest_event
              FROM flag_events e
              JOIN flags f ON f.org_id = e.org_id AND f.id = e.flag_id AND f.subject_kind = 'stakeholder'
              JOIN stakeholders s ON s.org_id = f.org_id AND s.id = f.subject_id
             WHERE s.hr_owner_user_id = $1 AND e.occurred_at > $2 AND e.occurred_at <= $3
               AND e.event IN ('raised', 'opened', 'reopened', 'escalated', 'resolved')
             ORDER BY e.flag_id, e.occurred_at DESC, e.id DESC
            """
        // Open commitments of the owner's people whose due day came since the last notice.
        static let commitmentsDue = """
            SELECT c.due_on, s.name, s.email
              FROM commitments c JOIN stakeholders s ON s.org_id = c.org_id AND s.id = c.owner_id
             WHERE s.hr_owner_user_id = $1 AND c.due_on > $2::date AND c.due_on <= $3::date
               AND radar_commitment_open(c.status, c.made_on, c.done_on, c.dropped_on, $3::date)
             ORDER BY s.name, c.due_on
            """
        // Open actions that went past their due day since the last notice, owned by the owner or by one of their
        // people; grouped under the flag's subject.
        static let actionsOverdue = """
            SELECT a.step, a.due_on, a.flag_id, f.severity::text AS severity,
                   COALESCE(subject.name, o.name) AS name, subject.email, owner.name AS owner_name
              FROM flag_actions a
              JOIN flags f ON f.org_id = a.org_id AND f.id = a.flag_id
              LEFT JOIN stakeholders subject
                     ON f.subject_kind = 'stakeholder' AND subject.org_id = f.org_id AND subject.id = f.subject_id
              LEFT JOIN stakeholders owner ON owner.org_id = a.org_id AND owner.id = a.owner_stakeholder_id
              JOIN organisations o ON o.id = a.org_id
             WHERE a.done_at IS NULL AND a.due_on >= $2::date AND a.due_on < $3::date
               AND (a.owner_user_id = $1 OR owner.hr_owner_user_id = $1)
             ORDER BY a.due_on, a.id
            """
        static let insert = """
            INSERT INTO owner_notices (org_id, id, user_id, local_day, since, as_of, changes, content, kind, target,
                                       status, next_attempt_at)
            VALUES (radar_current_org(), $1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $5)
            ON CONFLICT (org_id, user_id, local_day) DO NOTHING
            RETURNING id
            """
        static let list = """
            SELECT n.id, u.email, n.local_day, n.as_of, n.status, n.changes, n.kind, n.attempts, n.last_error,
                   n.sent_at
              FROM owner_notices n JOIN users u ON u.id = n.user_id
             WHERE ($1::uuid IS NULL OR n.user_id = $1)
             ORDER BY n.local_day DESC, u.email
             LIMIT 200
            """
        static let content = "SELECT content::text AS content FROM owner_notices WHERE id = $1"
    }

    /// Writes every owner's notice that is due at `now` (their time of day has come on their own day) and not yet
    /// written. Links are signed with `signer` and point at `publicURL`; without either, the notice has no links.
    public func writeDue(at now: Date, signer: NoticeLinkSigner?, publicURL: String?) throws -> [Outcome] {
        var outcomes: [Outcome] = []
        for preference in try NoticePreferences(tx).enabled() {
            guard let zone = TimeZone(identifier: preference.timeZone), let time = LocalTime(preference.sendAt) else {
                continue
            }
            let day = CalendarDate(now, in: zone)
            guard time.instant(on: day, in: zone) <= now else { continue }
            let done: Bool = try tx.connection.queryRow(Query.written, [preference.user, day])?.decode("done") ?? false
            if done { continue }
            if let outcome = try write(preference, day: day, at: now, signer: signer, publicURL: publicURL) {
                outcomes.append(outcome)
            }
        }
        return outcomes
    }

    /// Writes `preference`'s owner's notice for `day` as of `now`: what changed since their last notice (or the
    /// day before, for a first one). Nil when another instance wrote it first.
    public func write(
        _ preference: NoticePreference, day: CalendarDate, at now: Date, signer: NoticeLinkSigner?,
        publicURL: String?
    ) throws -> Outcome? {
        let last = try tx.connection.queryRow(Query.lastAsOf, [preference.user, now])?.decode("as_of", as: Date?.self)
        let since = (last ?? nil) ?? now.addingTimeInterval(-86_400)
        let zone = TimeZone(identifier: preference.timeZone) ?? tx.organisation.zone
        let base = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        let id = UUID()
        var links: [(id: UUID, flag: UUID, action: NoticeLinks.Action, event: Int64?)] = []
        func url(_ flag: UUID, _ action: NoticeLinks.Action, _ event: Int64?) -> String? {
            guard let base, let signer else { return nil }
            let link = UUID()
            links.append((link, flag, action, event))
            let token = signer.token(
                organisation: tx.organisation.slug, link: link, expires: now.addingTimeInterval(NoticeLinks.lifetime))
            return "\(base)/notice/\(token)"
        }
        var people: [String: OwnerNotice.Person] = [:]
        var order: [String] = []
        func add(_ name: String, _ email: String?, _ change: OwnerNotice.Change) {
            let key = email ?? name
            if people[key] == nil {
                order.append(key)
                people[key] = OwnerNotice.Person(name: name, email: email, changes: [])
            }
            people[key]!.changes.append(change)
        }
        for row in try tx.connection.query(Query.flagChanges, [preference.user, since, now]) {
            let event: String = try row.decode("event")
            let shown: Bool = try row.decode("shown")
            let kind: OwnerNotice.Kind =
                switch event {
                case "reopened": .reopened
                case "escalated": .escalated
                case "resolved": .resolved
                default: .new
                }
            // A flag waiting, suppressed or silenced is not news for its owner; its clearing is.
            if kind != .resolved, !shown { continue }
            let flag: UUID = try row.decode("flag_id")
            let latest: Int64? = try row.decode("latest_event")
            let triage: String = try row.decode("triage_status")
            let rule: String = try row.decode("rule_code")
            let message: String = try row.decode("message")
            add(
                try row.decode("name"), try row.decode("email"),
                OwnerNotice.Change(
                    kind: kind, severity: try row.decode("severity"), flagID: flag,
                    line: kind == .resolved ? "\(rule) no longer applies" : message,
                    acknowledgeURL: kind != .resolved && triage == "open" ? url(flag, .acknowledge, latest) : nil,
                    snoozeURL: kind != .resolved && triage != "snoozed" ? url(flag, .snooze, latest) : nil))
        }
        let today = day
        let sinceDay = CalendarDate(since, in: zone)
        for row in try tx.connection.query(Query.commitmentsDue, [preference.user, sinceDay, today]) {
            let due: CalendarDate = try row.decode("due_on")
            add(
                try row.decode("name"), try row.decode("email"),
                OwnerNotice.Change(
                    kind: .commitmentDue, severity: nil, flagID: nil,
                    line: "a commitment they made falls due on \(due)", acknowledgeURL: nil, snoozeURL: nil))
        }
        for row in try tx.connection.query(Query.actionsOverdue, [preference.user, sinceDay, today]) {
            let due: CalendarDate = try row.decode("due_on")
            let step: String = try row.decode("step")
            let owner: String? = try row.decode("owner_name")
            add(
                try row.decode("name"), try row.decode("email"),
                OwnerNotice.Change(
                    kind: .actionOverdue, severity: try row.decode("severity"), flagID: try row.decode("flag_id"),
                    line: "\"\(step.prefix(200))\"\(owner.map { " (owned by \($0))" } ?? "") was due on \(due)",
                    acknowledgeURL: nil, snoozeURL: nil))
        }
        let tomorrow = day.adding(days: 1)
        var clock = Calendar(identifier: .gregorian)
        clock.timeZone = zone
        // The owner's people on meetings from a calendar, still in the review queue, that start on the owner's next
        // day: each a brief to read the day before.
        let meetings = try CalendarDrafts(tx).upcoming(
            from: tomorrow.date(in: zone), until: tomorrow.adding(days: 1).date(in: zone), owner: preference.user)
        for meeting in meetings {
            let starts = clock.dateComponents([.hour, .minute], from: meeting.startsAt)
            let when = meeting.allDay ? "all day" : "at \(LocalTime(hour: starts.hour ?? 0, minute: starts.minute ?? 0))"
            for person in meeting.people {
                add(
                    person.name, person.email,
                    OwnerNotice.Change(
                        kind: .meetingTomorrow,
                        line: "is on a meeting tomorrow \(when)\(meeting.summary.map { ": \"\($0.prefix(200))\"" } ?? "")",
                        briefURL: base.map { "\($0)/stakeholders/\(person.id.uuidString.lowercased())/brief" }))
            }
        }
        let notice = OwnerNotice(
            organisation: tx.organisation.slug, organisationName: tx.organisation.name, owner: preference.email,
            ownerName: preference.name, day: day, since: since, asOf: now,
            people: order.compactMap { people[$0] }, link: base.map { "\($0)/mine" })
        let status = notice.changeCount == 0 ? "quiet" : "pending"
        let content = String(decoding: try OwnerNotice.encoder.encode(notice), as: UTF8.self)
        guard
            try tx.connection.queryRow(
                Query.insert,
                [
                    id, preference.user, day, since, now, notice.changeCount, content,
                    preference.kind.rawValue, preference.target, status,
                ]) != nil
        else { return nil }
        let store = NoticeLinks(tx)
        for link in links where status == "pending" {
            try store.add(
                id: link.id, notice: id, user: preference.user, flag: link.flag, action: link.action,
                flagEvent: link.event, expires: now.addingTimeInterval(NoticeLinks.lifetime))
        }
        return Outcome(id: id, owner: preference.email, day: day, status: status, changes: notice.changeCount)
    }

    /// The latest notices, of one owner when given.
    public func list(user: UUID? = nil) throws -> [Entry] {
        try tx.connection.query(Query.list, [user]).map { row in
            Entry(
                id: try row.decode("id"), owner: try row.decode("email"), day: try row.decode("local_day"),
                asOf: try row.decode("as_of"), status: try row.decode("status"), changes: try row.decode("changes"),
                kind: try ChannelKind.parse(try row.decode("kind")), attempts: try row.decode("attempts"),
                lastError: try row.decode("last_error"), sentAt: try row.decode("sent_at"))
        }
    }

    /// One notice's content.
    public func content(_ id: UUID) throws -> OwnerNotice {
        guard let row = try tx.connection.queryRow(Query.content, [id]) else {
            throw StoreError.notFound(entity: "notice", key: id.uuidString.lowercased())
        }
        return try OwnerNotice.decoder.decode(OwnerNotice.self, from: Data((try row.decode("content") as String).utf8))
    }
}

extension OwnerNotice {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()
}
