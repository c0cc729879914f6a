import Foundation

/// What happened to a flag at one moment of its life.
public enum FlagEventKind: String, Vocabulary {
    case raised, pending, opened, reopened, escalated, acknowledged, snoozed, unsnoozed, silenced, unsilenced
    case suppressed, unsuppressed, resolved
    /// An action was made from the flag's next step, and later done (issue 19, part 3).
    case actionAdded = "action_added"
    case actionDone = "action_done"
    public static let vocabularyName = "flag event"
}

/// One change in a flag's life, with the facts the flag saw at that moment.
public struct FlagEvent: Sendable, Hashable {
    public var occurredAt: Date
    public var kind: FlagEventKind
    public var severity: Severity
    /// Who made the change: a person for triage, the check's actor for the rest.
    public var actor: String?
    /// HR's own words (an acknowledgement, a snooze, a silence) or the check's (what changed, what suppressed it).
    public var reason: String?
    public var resolution: FlagResolution?
    public var snoozedUntil: CalendarDate?
    /// The facts the flag read at that moment (nil for events kept before facts were).
    public var evidence: [String: FactValue]?
    public var suppressedBy: UUID?
    public var silence: UUID?

    public init(
        occurredAt: Date, kind: FlagEventKind, severity: Severity, actor: String?, reason: String?,
        resolution: FlagResolution?, snoozedUntil: CalendarDate?, evidence: [String: FactValue]?,
        suppressedBy: UUID?, silence: UUID?
    ) {
        self.occurredAt = occurredAt
        self.kind = kind
        self.severity = severity
        self.actor = actor
        self.reason = reason
        self.resolution = resolution
        self.snoozedUntil = snoozedUntil
        self.evidence = evidence
        self.suppressedBy = suppressedBy
        self.silence = silence
    }

    /// Whether `reason` is HR's free text (hidden from viewers) rather than words the check wrote.
    public var reasonIsPersonal: Bool { kind == .acknowledged || kind == .snoozed || kind == .silenced }
}
