import Foundation
import Postgres
import RadarDomain

/// A flag as stored: one rule holding for one subject, with its life so far.
public struct Flag: Sendable, Hashable {
    public var id: UUID
    public var rule: String
    public var guideline: String
    public var severity: Severity
    public var status: String
    public var subjectKind: SubjectKind
    public var subjectID: UUID
    public var subject: String?
    public var subjectName: String?
    public var message: String
    public var nextStep: String
    public var evidence: [String: FactValue]
    public var firstRaisedAt: Date
    public var lastSeenAt: Date
    public var resolvedAt: Date?
    public var snoozedUntil: CalendarDate?
    public var acknowledgedBy: String?
    public var statusReason: String?
    public var reopenCount: Int

    init(row: Row) throws {
        id = try row.decode("id")
        rule = try row.decode("rule_code")
        guideline = try row.decode("guideline")
        severity = Severity(rawValue: try row.decode("severity")) ?? .info
        status = try row.decode("status")
        subjectKind = SubjectKind(rawValue: try row.decode("subject_kind")) ?? .organisation
        subjectID = try row.decode("subject_id")
        subject = try row.decode("subject")
        subjectName = try row.decode("subject_name")
        message = try row.decode("message")
        nextStep = try row.decode("next_step")
        evidence = try row.decode("evidence", as: JSONB<[String: FactValue]>.self).value
        firstRaisedAt = try row.decode("first_raised_at")
        lastSeenAt = try row.decode("last_seen_at")
        resolvedAt = try row.decode("resolved_at")
        snoozedUntil = try row.decode("snoozed_until")
        acknowledgedBy = try row.decode("acknowledged_by")
        statusReason = try row.decode("status_reason")
        reopenCount = try row.decode("reopen_count")
    }
}
