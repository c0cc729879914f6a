import Foundation
import Postgres
import RadarDomain
import RadarStore

extension Flag {
    /// The flag in a row of `FlagBook`'s queries.
    init(row: Row) throws {
        self.init(
            id: try row.decode("id"), rule: try row.decode("rule_code"), guideline: try row.decode("guideline"),
            severity: Severity(rawValue: try row.decode("severity")) ?? .info, status: try row.word("status"),
            subjectKind: SubjectKind(rawValue: try row.decode("subject_kind")) ?? .organisation,
            subjectID: try row.decode("subject_id"), subject: try row.decode("subject"),
            subjectName: try row.decode("subject_name"), message: try row.decode("message"),
            nextStep: try row.decode("next_step"),
            evidence: try row.decode("evidence", as: JSONB<[String: FactValue]>.self).value,
            firstRaisedAt: try row.decode("first_raised_at"), lastSeenAt: try row.decode("last_seen_at"),
            resolvedAt: try row.decode("resolved_at"), snoozedUntil: try row.decode("snoozed_until"),
            acknowledgedBy: try row.decode("acknowledged_by"), statusReason: try row.decode("status_reason"),
            reopenCount: try row.decode("reopen_count"))
        resolution = try row.optionalWord("resolution")
        ruleVersion = try row.decode("rule_version")
        triageStatus = try row.optionalWord("triage_status")
        pendingSince = try row.decode("pending_since")
        opensOn = try row.decode("opens_on")
        suppressedBy = try row.decode("suppressed_by")
        suppressedByRule = try row.decode("suppressed_by_rule")
        silence = try row.decode("silence_id")
        silenceReason = try row.decode("silence_reason")
        silencedUntil = try row.decode("silenced_until")
    }
}
