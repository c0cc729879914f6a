import Foundation
import Postgres
import RadarDomain
import RadarStore

/// The flags of one organisation and their life: raised, still open, resolved, reopened, acknowledged, snoozed.
public struct FlagBook {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    /// What one check changed.
    public struct CheckResult: Sendable {
        public var raised = 0
        public var reopened = 0
        public var stillOpen = 0
        public var resolved = 0
    }

    enum Query {
        static let select = """
            SELECT f.id, f.rule_code, f.guideline, f.severity, f.status, f.subject_kind, f.subject_id, f.message,
                   f.next_step, f.evidence, f.first_raised_at, f.last_seen_at, f.resolved_at, f.snoozed_until,
                   f.acknowledged_by, f.status_reason, f.reopen_count,
                   COALESCE(s.email, i.ref, c.ref, o.slug) AS subject,
                   COALESCE(s.name, i.title, c.kind, o.name) AS subject_name
              FROM flags f
              LEFT JOIN stakeholders s ON f.subject_kind = 'stakeholder' AND s.id = f.subject_id
              LEFT JOIN initiatives i ON f.subject_kind = 'initiative' AND i.id = f.subject_id
              LEFT JOIN conversations c ON f.subject_kind = 'conversation' AND c.id = f.subject_id
              LEFT JOIN organisations o ON f.subject_kind = 'organisation' AND o.id = f.subject_id
            """
        static let all = select + " ORDER BY f.first_raised_at, f.rule_code"
        static let byIDPrefix = select + " WHERE f.id::text LIKE $1 || '%' LIMIT 2"
        static let raise = """
            INSERT INTO flags (org_id, rule_code, guideline, subject_kind, subject_id, severity, message, next_step,
                               evidence, first_raised_at, last_raised_at, last_seen_at)
            VALUES (radar_current_org(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $9)
            RETURNING id
            """
        static let reopen = """
            UPDATE flags SET status = 'open', severity = $2, message = $3, next_step = $4, evidence = $5,
                             last_raised_at = $6, last_seen_at = $6, resolved_at = NULL, reopen_count = reopen_count + 1,
                             acknowledged_by = NULL, acknowledged_at = NULL, snoozed_until = NULL, status_reason = NULL
             WHERE id = $1
            """
        static let seen = """
            UPDATE flags SET severity = $2, message = $3, next_step = $4, evidence = $5, last_seen_at = $6,
                             status = CASE WHEN status = 'snoozed' AND snoozed_until <= $7 THEN 'open' ELSE status END,
                             snoozed_until = CASE WHEN status = 'snoozed' AND snoozed_until <= $7 THEN NULL
                                                  ELSE snoozed_until END
             WHERE id = $1
            """
        static let resolve = "UPDATE flags SET status = 'resolved', resolved_at = $2 WHERE id = $1"
        static let event = """
            INSERT INTO flag_events (org_id, flag_id, occurred_at, event, severity, actor, reason)
            VALUES (radar_current_org(), $1, $2, $3, $4, $5, $6)
            """
        static let setStatus = """
            UPDATE flags SET status = $2::text, snoozed_until = $3, status_reason = $4,
                             acknowledged_by = CASE WHEN $2::text = 'open' THEN NULL ELSE $5::text END,
                             acknowledged_at = CASE WHEN $2::text = 'open' THEN NULL ELSE $6::timestamptz END
             WHERE id = $1
            """
    }

    public func all() throws -> [Flag] {
        try tx.connection.query(Query.all).map(Flag.init(row:))
    }

    /// The flags not resolved, the most severe first, then by rule and subject: what a check reports.
    public func unresolved() throws -> [Flag] {
        try all().filter { $0.status != "resolved" }
            .sorted { ($0.severity, $1.rule, $1.subject ?? "") > ($1.severity, $0.rule, $0.subject ?? "") }
    }

    /// Evaluates every enabled rule as of `asOf` and applies what they find: the check `radar check` runs.
    @discardableResult
    public func check(asOf: Date) throws -> CheckResult {
        try apply(RuleEngine(tx).findings(asOf: asOf), asOf: asOf)
    }

    /// Applies `findings` made as of `asOf`: new ones are raised, returning ones reopened, the rest resolved.
    @discardableResult
    public func apply(_ findings: [Finding], asOf: Date) throws -> CheckResult {
        var result = CheckResult()
        let day = CalendarDate(asOf, in: tx.organisation.zone)
        var existing: [String: Flag] = [:]
        for flag in try all() { existing[Self.key(flag.rule, flag.subjectKind, flag.subjectID)] = flag }
        var seen: Set<String> = []
        for finding in findings {
            let key = Self.key(finding.rule, finding.subjectKind, finding.subjectID)
            seen.insert(key)
            let evidence = JSONB(finding.evidence)
            if let flag = existing[key] {
                if flag.status == "resolved" {
                    try tx.connection.execute(Query.reopen, [flag.id, finding.severity.rawValue, finding.message,
                                                             finding.nextStep, evidence, asOf])
                    try event(flag.id, at: asOf, "reopened", finding.severity)
                    result.reopened += 1
                } else {
                    try tx.connection.execute(Query.seen, [flag.id, finding.severity.rawValue, finding.message,
                                                           finding.nextStep, evidence, asOf, day])
                    if finding.severity > flag.severity { try event(flag.id, at: asOf, "escalated", finding.severity) }
                    if flag.status == "snoozed", let until = flag.snoozedUntil, until <= day {
                        try event(flag.id, at: asOf, "unsnoozed", finding.severity)
                    }
                    result.stillOpen += 1
                }
            } else {
                let id: UUID = try tx.connection.queryRow(Query.raise, [
                    finding.rule, finding.guideline, finding.subjectKind.rawValue, finding.subjectID,
                    finding.severity.rawValue, finding.message, finding.nextStep, evidence, asOf,
                ])!.decode("id")
                try event(id, at: asOf, "raised", finding.severity)
                result.raised += 1
            }
        }
        for (key, flag) in existing where flag.status != "resolved" && !seen.contains(key) {
            try tx.connection.execute(Query.resolve, [flag.id, asOf])
            try event(flag.id, at: asOf, "resolved", flag.severity)
            result.resolved += 1
        }
        return result
    }

    /// The flag whose id starts with `prefix`.
    public func find(_ prefix: String) throws -> Flag {
        try Flag(row: uniqueRow(Query.byIDPrefix, prefix: prefix, entity: "flag", in: tx))
    }

    /// Acknowledges a flag: someone has seen it and is acting; it stays listed apart until it resolves.
    public func acknowledge(_ prefix: String, reason: String?, at instant: Date) throws -> Flag {
        try change(prefix, to: "acknowledged", until: nil, reason: reason, event: "acknowledged", at: instant)
    }

    /// Snoozes a flag until `until`: it stays quiet until then, with the reason recorded.
    public func snooze(_ prefix: String, until: CalendarDate, reason: String, at instant: Date) throws -> Flag {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationFailure([ValidationProblem(field: "reason", message: "is required to snooze a flag")])
        }
        return try change(prefix, to: "snoozed", until: until, reason: reason, event: "snoozed", at: instant)
    }

    public func unsnooze(_ prefix: String, at instant: Date) throws -> Flag {
        try change(prefix, to: "open", until: nil, reason: nil, event: "unsnoozed", at: instant)
    }

    private func change(_ prefix: String, to status: String, until: CalendarDate?, reason: String?, event name: String,
                        at instant: Date) throws -> Flag {
        let flag = try find(prefix)
        guard flag.status != "resolved" else {
            throw ValidationFailure([ValidationProblem(field: "id", message: "flag \(prefix) is already resolved")])
        }
        try tx.connection.execute(Query.setStatus, [flag.id, status, until, reason, tx.actor, instant])
        try event(flag.id, at: instant, name, flag.severity, reason: reason)
        return try find(flag.id.uuidString)
    }

    private func event(_ flag: UUID, at instant: Date, _ name: String, _ severity: Severity, reason: String? = nil)
        throws
    {
        try tx.connection.execute(Query.event, [flag, instant, name, severity.rawValue, tx.actor, reason])
    }

    static func key(_ rule: String, _ kind: SubjectKind, _ id: UUID) -> String { "\(rule)|\(kind.rawValue)|\(id)" }
}
