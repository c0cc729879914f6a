import Foundation
import Postgres
import RadarDomain
import RadarStore

/// An organisation's silences: an admin quiets the flags that match until a day, with a reason; each check lays
/// them over the flags they match, and they run out by themselves on their day.
public struct Silences {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    /// A silence as an admin asks for it, every part still as typed, so each can be refused with its field named.
    public struct Draft: Sendable {
        public var rule: String?
        public var guideline: String?
        /// The stakeholder's e-mail.
        public var subject: String?
        public var tier: String?
        public var until: CalendarDate?
        public var reason: String
        /// The day it starts holding (from its start on the organisation's calendar); nil: for any instant before
        /// its end.
        public var from: CalendarDate?

        public init(
            rule: String? = nil, guideline: String? = nil, subject: String? = nil, tier: String? = nil,
            from: CalendarDate? = nil, until: CalendarDate?, reason: String
        ) {
            self.from = from
            self.rule = rule
            self.guideline = guideline
            self.subject = subject
            self.tier = tier
            self.until = until
            self.reason = reason
        }
    }

    /// The longest reason a silence keeps.
    public static let longestReason = 500

    enum Query {
        static let select = """
            SELECT x.id, x.rule_code, x.guideline, x.stakeholder_id, s.email AS stakeholder, x.tier, x.starts_at,
                   x.until, x.reason, x.created_by, x.created_at, x.ended_at, x.ended_by
              FROM silences x
              LEFT JOIN stakeholders s ON s.org_id = x.org_id AND s.id = x.stakeholder_id
            """
        static let all = select + " ORDER BY x.created_at, x.id"
        static let byIDPrefix = select + " WHERE x.id::text LIKE $1 || '%' LIMIT 2"
        static let ruleExists = "SELECT EXISTS (SELECT FROM rules WHERE code = $1) AS known"
        static let stakeholder = "SELECT id FROM stakeholders WHERE lower(email) = lower($1)"
        static let insert = """
            INSERT INTO silences (org_id, rule_code, guideline, stakeholder_id, tier, until, reason, created_by,
                                  created_at, starts_at)
            VALUES (radar_current_org(), $1, $2, $3, $4, $5, $6, $7, $8, $9)
            RETURNING id
            """
        static let end = "UPDATE silences SET ended_at = $2, ended_by = $3 WHERE id = $1 AND ended_at IS NULL"
    }

    /// Every silence, the oldest first, ended and run-out ones too.
    public func all() throws -> [Silence] {
        try tx.connection.query(Query.all).map(Self.silence(row:))
    }

    /// The silence whose id starts with `prefix`.
    public func find(_ prefix: String) throws -> Silence {
        try Self.silence(row: uniqueRow(Query.byIDPrefix, prefix: prefix, entity: "silence", in: tx))
    }

    /// Adds a silence after checking every part: at least one matcher, a known rule, guideline, stakeholder and
    /// tier, a day to end on, and a reason of at most `longestReason` characters.
    public func add(_ draft: Draft, at instant: Date) throws -> Silence {
        var problems: [ValidationProblem] = []
        func check<T>(_ parse: () throws(ValidationProblem) -> T) -> T? {
            do { return try parse() } catch {
                problems.append(error)
                return nil
            }
        }
        let rule = draft.rule?.trimmingCharacters(in: .whitespaces).lowercased()
        if let rule, try !(tx.connection.queryRow(Query.ruleExists, [rule])!.decode("known", as: Bool.self)) {
            problems.append(
                ValidationProblem(field: "rule", message: "\"\(rule)\" is not a rule (see `radar rules list`)"))
        }
        let guideline = draft.guideline.flatMap { text in
            check { () throws(ValidationProblem) in
                try GuidelineCode.parse(text.trimmingCharacters(in: .whitespaces).uppercased(), field: "guideline")
            }
        }
        let tier = draft.tier.flatMap { text in
            check { () throws(ValidationProblem) in try Tier.parse(text, field: "tier") }
        }
        var person: UUID?
        if let subject = draft.subject?.trimmingCharacters(in: .whitespaces) {
            person = try tx.connection.queryRow(Query.stakeholder, [subject])?.decode("id")
            if person == nil {
                problems.append(
                    ValidationProblem(field: "subject", message: "no stakeholder has the e-mail \"\(subject)\""))
            }
        }
        if draft.rule == nil, draft.guideline == nil, draft.subject == nil, draft.tier == nil {
            problems.append(
                ValidationProblem(field: "matcher", message: "give at least one of rule, guideline, subject or tier"))
        }
        if draft.until == nil { problems.append(ValidationProblem(field: "until", message: "is required")) }
        if let from = draft.from, let until = draft.until, from >= until {
            problems.append(ValidationProblem(field: "from", message: "\(from) is not before the end, \(until)"))
        }
        let reason = draft.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty {
            problems.append(ValidationProblem(field: "reason", message: "is required to silence flags"))
        } else if reason.unicodeScalars.count > Self.longestReason {
            problems.append(
                ValidationProblem(field: "reason", message: "is longer than \(Self.longestReason) characters"))
        }
        guard problems.isEmpty, let until = draft.until else { throw ValidationFailure(problems) }
        let row = try tx.connection.queryRow(
            Query.insert,
            [
                rule, guideline?.rawValue, person, tier?.rawValue, until, reason, tx.actor, instant,
                draft.from?.date(in: tx.organisation.zone),
            ])
        return try find(try row!.decode("id", as: UUID.self).uuidString)
    }

    /// Ends a silence now; its flags speak again at the next check. Ending one already ended is refused.
    public func end(_ prefix: String, at instant: Date) throws -> Silence {
        let silence = try find(prefix)
        guard silence.endedAt == nil else {
            throw StoreError.settled(entity: "silence", key: prefix, state: "ended")
        }
        try tx.connection.execute(Query.end, [silence.id, instant, tx.actor])
        return try find(silence.id.uuidString)
    }

    static func silence(row: Row) throws -> Silence {
        Silence(
            id: try row.decode("id"), rule: try row.decode("rule_code"), guideline: try row.decode("guideline"),
            stakeholderID: try row.decode("stakeholder_id"), stakeholder: try row.decode("stakeholder"),
            tier: try row.optionalWord("tier"), startsAt: try row.decode("starts_at"), until: try row.decode("until"),
            reason: try row.decode("reason"), createdBy: try row.decode("created_by"),
            createdAt: try row.decode("created_at"), endedAt: try row.decode("ended_at"),
            endedBy: try row.decode("ended_by"))
    }
}
