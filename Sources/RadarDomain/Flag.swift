import Foundation

/// A flag as stored: one rule holding for one subject, with its life so far.
public struct Flag: Sendable, Hashable {
    public var id: UUID
    public var rule: String
    public var guideline: String
    public var severity: Severity
    public var status: FlagStatus
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
    /// Why a resolved flag stopped, once resolved (nil while it holds, and for flags resolved before reasons).
    public var resolution: FlagResolution?
    /// The version of its rule when it last held, so a check can tell a rule edited since then.
    public var ruleVersion: Int?
    /// The triage status beneath a pending, suppressed or silenced flag (open, acknowledged, snoozed or resolved).
    public var triageStatus: FlagStatus? = nil
    /// Since when the condition has held, while the flag waits for its rule's days (pending).
    public var pendingSince: Date? = nil
    /// The day a pending flag opens if its condition keeps holding.
    public var opensOn: CalendarDate? = nil
    /// The open flag that makes this one redundant, while it does.
    public var suppressedBy: UUID? = nil
    /// The rule of that flag.
    public var suppressedByRule: String? = nil
    /// The silence that quiets it, while one does.
    public var silence: UUID? = nil
    /// The silence's reason, HR's own free text.
    public var silenceReason: String? = nil
    /// The day the silence ends.
    public var silencedUntil: CalendarDate? = nil

    public init(
        id: UUID, rule: String, guideline: String, severity: Severity, status: FlagStatus, subjectKind: SubjectKind,
        subjectID: UUID, subject: String?, subjectName: String?, message: String, nextStep: String,
        evidence: [String: FactValue], firstRaisedAt: Date, lastSeenAt: Date, resolvedAt: Date?,
        snoozedUntil: CalendarDate?, acknowledgedBy: String?, statusReason: String?, reopenCount: Int
    ) {
        self.id = id
        self.rule = rule
        self.guideline = guideline
        self.severity = severity
        self.status = status
        self.subjectKind = subjectKind
        self.subjectID = subjectID
        self.subject = subject
        self.subjectName = subjectName
        self.message = message
        self.nextStep = nextStep
        self.evidence = evidence
        self.firstRaisedAt = firstRaisedAt
        self.lastSeenAt = lastSeenAt
        self.resolvedAt = resolvedAt
        self.snoozedUntil = snoozedUntil
        self.acknowledgedBy = acknowledgedBy
        self.statusReason = statusReason
        self.reopenCount = reopenCount
    }

    /// Open, or acknowledged and being acted on: what the flags page lists as needing attention.
    public var needsAttention: Bool { status == .open || status == .acknowledged }
}

/// Why a flag stopped holding. Only `conditionCleared` is an improvement: the others say the flag went away for a
/// reason that is not good news (the person left, the rule was edited or switched off, the subject aged out).
public enum FlagResolution: String, Vocabulary {
    case conditionCleared = "condition_cleared", subjectLeft = "subject_left", ruleChanged = "rule_changed"
    case ruleDisabled = "rule_disabled", expired
    public static let vocabularyName = "flag resolution"
}
