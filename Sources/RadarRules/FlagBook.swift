import Foundation
import Postgres
import RadarDomain
import RadarStore

/// The flags of one organisation and their life: raised, pending, open, suppressed, silenced, still open,
/// resolved, reopened, acknowledged, snoozed.
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
        /// Of the flags found, how many show as pending, suppressed or silenced (each counted once, by what it shows).
        public var pending = 0
        public var suppressed = 0
        public var silenced = 0
        /// How long evaluating the rules took (the service reports it as a metric); zero when only applied.
        public var evaluationTime: Duration = .zero
    }

    enum Query {
        /// What a flag shows: the state a check laid over it (suppressed, pending, silenced), else its triage status.
        static let status = """
            CASE WHEN f.status = 'resolved' THEN f.status
                 WHEN f.suppressed_by IS NOT NULL THEN 'suppressed'
                 WHEN f.pending_since IS NOT NULL THEN 'pending'
                 WHEN f.silence_id IS NOT NULL THEN 'silenced'
                 ELSE f.status END
            """
        static let columns = """
            f.id, f.rule_code, f.guideline, f.severity, \(status) AS status, f.status AS triage_status,
                   f.subject_kind, f.subject_id, f.message,
                   f.next_step, f.evidence, f.first_raised_at, f.last_seen_at, f.resolved_at, f.snoozed_until,
                   f.acknowledged_by, f.status_reason, f.reopen_count, f.resolution, f.rule_version,
                   f.pending_since, f.suppressed_by, sup.rule_code AS suppressed_by_rule, f.silence_id,
                   ((f.pending_since AT TIME ZONE fo.time_zone) + make_interval(days => r.for_days))::date AS opens_on,
                   sil.reason AS silence_reason, sil.until AS silenced_until,
                   COALESCE(s.email, i.ref, c.ref, o.slug) AS subject,
                   COALESCE(s.name, i.title, c.kind, o.name) AS subject_name
            """
        static let from = """
              FROM flags f
              -- With the organisation in each join, a subject is one primary-key lookup.
              LEFT JOIN stakeholders s ON f.subject_kind = 'stakeholder' AND s.org_id = f.org_id AND s.id = f.subject_id
              LEFT JOIN initiatives i ON f.subject_kind = 'initiative' AND i.org_id = f.org_id AND i.id = f.subject_id
              LEFT JOIN conversations c
                     ON f.subject_kind = 'conversation' AND c.org_id = f.org_id AND c.id = f.subject_id
              LEFT JOIN organisations o ON f.subject_kind = 'organisation' AND o.id = f.subject_id
              LEFT JOIN rules r ON r.org_id = f.org_id AND r.code = f.rule_code
              LEFT JOIN organisations fo ON fo.id = f.org_id
              LEFT JOIN flags sup ON sup.org_id = f.org_id AND sup.id = f.suppressed_by
              LEFT JOIN silences sil ON sil.org_id = f.org_id AND sil.id = f.silence_id
            """
        static let select = "SELECT \(columns)" + from
        static let all = select + " ORDER BY f.first_raised_at, f.rule_code"
        static let byIDPrefix = select + " WHERE f.id::text LIKE $1 || '%' LIMIT 2"
        // A check writes each kind of change for all its flags at once: the findings travel as arrays.
        static let raise = """
            INSERT INTO flags (org_id, rule_code, guideline, subject_kind, subject_id, severity, message, next_step,
                               evidence, first_raised_at, last_raised_at, last_seen_at, rule_version)
            SELECT radar_current_org(), u.rule_code, u.guideline, u.subject_kind, u.subject_id, u.severity, u.message,
                   u.next_step, u.evidence, $9, $9, $9, u.rule_version
              FROM unnest($1::text[], $2::guideline_code[], $3::subject_kind[], $4::uuid[], $5::flag_severity[],
                          $6::text[], $7::text[], $8::jsonb[], $10::integer[])
                   AS u (rule_code, guideline, subject_kind, subject_id, severity, message, next_step, evidence,
                         rule_version)
            RETURNING id, rule_code, subject_kind::text, subject_id
            """
        static let reopen = """
            UPDATE flags f
               SET status = 'open', severity = u.severity, message = u.message, next_step = u.next_step,
                   evidence = u.evidence, last_raised_at = $6, last_seen_at = $6, resolved_at = NULL,
                   reopen_count = f.reopen_count + 1, acknowledged_by = NULL, acknowledged_at = NULL,
                   snoozed_until = NULL, status_reason = NULL, resolution = NULL, rule_version = u.rule_version
              FROM unnest($1::uuid[], $2::flag_severity[], $3::text[], $4::text[], $5::jsonb[], $7::integer[])
                   AS u (id, severity, message, next_step, evidence, rule_version)
             WHERE f.org_id = radar_current_org() AND f.id = u.id
            """
        static let seen = """
            UPDATE flags f
               SET severity = u.severity, message = u.message, next_step = u.next_step, evidence = u.evidence,
                   last_seen_at = $6, rule_version = u.rule_version,
                   status = CASE WHEN f.status = 'snoozed' AND f.snoozed_until <= $7 THEN 'open' ELSE f.status END,
                   snoozed_until = CASE WHEN f.status = 'snoozed' AND f.snoozed_until <= $7 THEN NULL
                                        ELSE f.snoozed_until END
              FROM unnest($1::uuid[], $2::flag_severity[], $3::text[], $4::text[], $5::jsonb[], $8::integer[])
                   AS u (id, severity, message, next_step, evidence, rule_version)
             WHERE f.org_id = radar_current_org() AND f.id = u.id
            """
        // Each resolved flag keeps why it stopped; the reason names the facts that changed.
        static let resolve = """
            UPDATE flags f
               SET status = 'resolved', resolved_at = $4, resolution = u.resolution, status_reason = u.reason,
                   pending_since = NULL, suppressed_by = NULL, silence_id = NULL
              FROM unnest($1::uuid[], $2::flag_resolution[], $3::text[]) AS u (id, resolution, reason)
             WHERE f.org_id = radar_current_org() AND f.id = u.id
            """
        static let events = """
            INSERT INTO flag_events (org_id, flag_id, occurred_at, event, severity, actor, resolution, reason, evidence,
                                     suppressed_by, silence_id)
            SELECT radar_current_org(), u.flag_id, $4, u.event, u.severity, $5, u.resolution, u.reason, u.evidence,
                   u.suppressed_by, u.silence_id
              FROM unnest($1::uuid[], $2::text[], $3::flag_severity[], $6::flag_resolution[], $7::text[],
                          $8::jsonb[], $9::uuid[], $10::uuid[])
                   WITH ORDINALITY AS u (flag_id, event, severity, resolution, reason, evidence, suppressed_by,
                                         silence_id, n)
             ORDER BY u.n
            """
        // What a check lays over each flag it found, rewritten for all of them at once.
        static let overlays = """
            UPDATE flags f
               SET pending_since = u.pending_since, suppressed_by = u.suppressed_by, silence_id = u.silence_id
              FROM unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::uuid[])
                   AS u (id, pending_since, suppressed_by, silence_id)
             WHERE f.org_id = radar_current_org() AND f.id = u.id
               AND (f.pending_since, f.suppressed_by, f.silence_id)
                   IS DISTINCT FROM (u.pending_since, u.suppressed_by, u.silence_id)
            """
        static let event = """
            INSERT INTO flag_events (org_id, flag_id, occurred_at, event, severity, actor, reason, evidence)
            SELECT radar_current_org(), $1, $2, $3, $4, $5, $6, f.evidence FROM flags f WHERE f.id = $1
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
        try all().filter { $0.status != .resolved }
            .sorted { ($0.severity, $1.rule, $1.subject ?? "") > ($1.severity, $0.rule, $0.subject ?? "") }
    }

    /// Evaluates every enabled rule as of `asOf` and applies what they find: the one check that the CLI, the API,
    /// the web page's button and the digest all run. Each finding is judged pending, suppressed, silenced or open
    /// from the facts as of `asOf` and the days before it, so checking any instant again gives the same answer.
    @discardableResult
    public func check(asOf: Date) throws -> CheckResult {
        let started = ContinuousClock.now
        let engine = RuleEngine(tx)
        let rules = try engine.compiledRules()
        var tables: [SubjectKind: FactTable] = [:]
        let findings = try engine.findings(rules, asOf: asOf, tables: &tables)
        let life = try FlagLife.judge(
            findings, rules: rules, silences: Silences(tx).all(), asOf: asOf, tables: tables, in: tx)
        let evaluationTime = ContinuousClock.now - started
        let judge = ResolutionJudge(
            rules: Dictionary(rules.map { ($0.rule.code, $0.rule) }, uniquingKeysWith: { first, _ in first }),
            tables: tables)
        var result = try apply(findings, asOf: asOf, judge: judge, life: life)
        result.evaluationTime = evaluationTime
        return result
    }

    /// Applies `findings` made as of `asOf`: new ones are raised, returning ones reopened, the rest resolved; `life`
    /// says which are pending, suppressed or silenced, and every change of those is an event too.
    /// Each kind of change is one statement for all the flags it touches, so a check over thousands of flags costs
    /// a handful of round trips.
    /// Without a `judge` (findings made elsewhere), every flag that stops is taken to have cleared.
    @discardableResult
    public func apply(
        _ findings: [Finding], asOf: Date, judge: ResolutionJudge? = nil, life: FlagLife = FlagLife(standings: [:])
    ) throws -> CheckResult {
        let day = CalendarDate(asOf, in: tx.organisation.zone)
        var existing: [String: Flag] = [:]
        for flag in try all() { existing[Self.key(flag.rule, flag.subjectKind, flag.subjectID)] = flag }
        var seen: Set<String> = []
        var raised: [Finding] = []
        var reopened: [(id: UUID, finding: Finding)] = []
        var stillOpen: [(id: UUID, finding: Finding)] = []
        var events = EventBatch()
        for finding in findings {
            let key = Self.key(finding.rule, finding.subjectKind, finding.subjectID)
            guard seen.insert(key).inserted else { continue }
            guard let flag = existing[key] else {
                raised.append(finding)
                continue
            }
            if flag.status == .resolved {
                reopened.append((flag.id, finding))
                events.add(flag.id, "reopened", finding.severity, evidence: finding.evidence)
            } else {
                stillOpen.append((flag.id, finding))
                if finding.severity > flag.severity {
                    events.add(flag.id, "escalated", finding.severity, evidence: finding.evidence)
                }
                if flag.triageStatus == .snoozed, let until = flag.snoozedUntil, until <= day {
                    events.add(flag.id, "unsnoozed", finding.severity, evidence: finding.evidence)
                }
            }
        }
        let resolved = existing.filter { $0.value.status != .resolved && !seen.contains($0.key) }.map(\.value)
            .sorted { $0.id.uuidString < $1.id.uuidString }
        let reasons = resolved.map { judge?.reason(for: $0) ?? ResolutionJudge.Reason(kind: .conditionCleared) }
        for (flag, reason) in zip(resolved, reasons) {
            events.add(
                flag.id, "resolved", flag.severity, resolution: reason.kind, reason: reason.detail,
                evidence: judge?.factsNow(for: flag) ?? flag.evidence)
        }

        var ids: [String: UUID] = [:]
        for (finding, id) in zip(raised, try raise(raised, at: asOf)) {
            ids[Self.key(finding.rule, finding.subjectKind, finding.subjectID)] = id.id
            events.add(id.id, "raised", id.severity, evidence: finding.evidence)
        }
        for (id, finding) in reopened + stillOpen {
            ids[Self.key(finding.rule, finding.subjectKind, finding.subjectID)] = id
        }
        var result = CheckResult(
            raised: raised.count, reopened: reopened.count, stillOpen: stillOpen.count, resolved: resolved.count)
        let overlays = overlayChanges(
            raised + reopened.map(\.finding) + stillOpen.map(\.finding), life: life, ids: ids, existing: existing,
            events: &events, result: &result)

        try update(Query.reopen, reopened, [asOf, reopened.map { ruleVersion(of: $0.finding) }])
        try update(Query.seen, stillOpen, [asOf, day, stillOpen.map { ruleVersion(of: $0.finding) }])
        if !overlays.ids.isEmpty {
            try tx.connection.execute(
                Query.overlays, [overlays.ids, overlays.pendingSince, overlays.suppressedBy, overlays.silences])
        }
        if !resolved.isEmpty {
            try tx.connection.execute(
                Query.resolve, [resolved.map(\.id), reasons.map(\.kind.rawValue), reasons.map(\.detail), asOf])
        }
        if !events.flags.isEmpty {
            try tx.connection.execute(
                Query.events,
                [
                    events.flags, events.names, events.severities, asOf, tx.actor, events.resolutions,
                    events.reasons, events.evidence, events.suppressedBy, events.silences,
                ])
        }
        return result
    }

    /// Inserts one flag per finding and returns their new ids, in the order of `findings`.
    private func raise(_ findings: [Finding], at instant: Date) throws -> [(id: UUID, severity: Severity)] {
        guard !findings.isEmpty else { return [] }
        let rows = try tx.connection.query(
            Query.raise,
            [
                findings.map(\.rule), findings.map(\.guideline), findings.map(\.subjectKind.rawValue),
                findings.map(\.subjectID), findings.map(\.severity.rawValue), findings.map(\.message),
                findings.map(\.nextStep), findings.map { JSONB($0.evidence) }, instant, findings.map(ruleVersion(of:)),
            ])
        var ids: [String: UUID] = [:]
        for row in rows {
            let kind = SubjectKind(rawValue: try row.decode("subject_kind") as String)!
            ids[Self.key(try row.decode("rule_code"), kind, try row.decode("subject_id"))] = try row.decode("id")
        }
        return findings.map { (ids[Self.key($0.rule, $0.subjectKind, $0.subjectID)]!, $0.severity) }
    }

    /// Rewrites existing flags from their findings with one of the set-based updates; `extra` are its $6, $7, ….
    private func update(
        _ statement: String, _ flags: [(id: UUID, finding: Finding)], _ extra: [(any PostgresEncodable)?]
    )
        throws
    {
        guard !flags.isEmpty else { return }
        let findings = flags.map(\.finding)
        try tx.connection.execute(
            statement,
            [
                flags.map(\.id), findings.map(\.severity.rawValue), findings.map(\.message), findings.map(\.nextStep),
                findings.map { JSONB($0.evidence) },
            ] + extra)
    }

    /// The version of the rule a finding came from, when it says.
    private func ruleVersion(of finding: Finding) -> Int? { finding.ruleVersion }

    /// The flag events one check writes, in order, as the columns of one insert.
    struct EventBatch {
        var flags: [UUID] = []
        var names: [String] = []
        var severities: [String] = []
        var resolutions: [String?] = []
        var reasons: [String?] = []
        var evidence: [JSONB<[String: FactValue]>?] = []
        var suppressedBy: [UUID?] = []
        var silences: [UUID?] = []

        mutating func add(
            _ flag: UUID, _ name: String, _ severity: Severity, resolution: FlagResolution? = nil,
            reason: String? = nil, evidence facts: [String: FactValue]? = nil, suppressedBy suppressor: UUID? = nil,
            silence: UUID? = nil
        ) {
            flags.append(flag)
            names.append(name)
            severities.append(severity.rawValue)
            resolutions.append(resolution?.rawValue)
            reasons.append(reason)
            evidence.append(facts.map { JSONB($0) })
            suppressedBy.append(suppressor)
            silences.append(silence)
        }
    }

    /// The flag whose id starts with `prefix`.
    public func find(_ prefix: String) throws -> Flag {
        try Flag(row: uniqueRow(Query.byIDPrefix, prefix: prefix, entity: "flag", in: tx))
    }

    /// Acknowledges a flag: someone has seen it and is acting; it stays listed apart until it resolves.
    public func acknowledge(_ prefix: String, reason: String?, at instant: Date) throws -> Flag {
        try change(prefix, to: .acknowledged, until: nil, reason: reason, event: "acknowledged", at: instant)
    }

    /// Snoozes a flag until `until`: it stays quiet until then, with the reason recorded.
    public func snooze(_ prefix: String, until: CalendarDate, reason: String, at instant: Date) throws -> Flag {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationFailure([ValidationProblem(field: "reason", message: "is required to snooze a flag")])
        }
        return try change(prefix, to: .snoozed, until: until, reason: reason, event: "snoozed", at: instant)
    }

    public func unsnooze(_ prefix: String, at instant: Date) throws -> Flag {
        try change(prefix, to: .open, until: nil, reason: nil, event: "unsnoozed", at: instant)
    }

    private func change(
        _ prefix: String, to status: FlagStatus, until: CalendarDate?, reason: String?,
        event name: String, at instant: Date
    ) throws -> Flag {
        let flag = try find(prefix)
        guard flag.status != .resolved else {
            throw StoreError.settled(entity: "flag", key: prefix, state: "resolved")
        }
        try tx.connection.execute(Query.setStatus, [flag.id, status.rawValue, until, reason, tx.actor, instant])
        try event(flag.id, at: instant, name, flag.severity, reason: reason)
        return try find(flag.id.uuidString)
    }

    private func event(
        _ flag: UUID, at instant: Date, _ name: String, _ severity: Severity, reason: String? = nil
    )
        throws
    {
        try tx.connection.execute(Query.event, [flag, instant, name, severity.rawValue, tx.actor, reason])
    }

    static func key(_ rule: String, _ kind: SubjectKind, _ id: UUID) -> String { "\(rule)|\(kind.rawValue)|\(id)" }
}
