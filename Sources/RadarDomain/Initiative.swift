import Foundation

/// One initiative of the rolling programme (a pilot, a course, peer coaching …).
public struct Initiative: Sendable, Hashable, Codable {
    public var id: UUID
    public var ref: String
    public var title: String
    public var kind: InitiativeKind
    public var ownerEmail: String?
    public var startsOn: CalendarDate
    public var endsOn: CalendarDate?
    public var status: InitiativeStatus
    public var successMeasure: String?
    public var outcome: String?
    public var evidence: String?
    /// Every how many days its members mean to meet; nil when it has no rhythm.
    public var cadenceDays: Int?
    /// The ref of the pilot this initiative spreads more widely, when it names one.
    public var pilot: String?
    public var version: Int

    public init(
        id: UUID, ref: String, title: String, kind: InitiativeKind, ownerEmail: String? = nil,
        startsOn: CalendarDate, endsOn: CalendarDate? = nil, status: InitiativeStatus,
        successMeasure: String? = nil, outcome: String? = nil, evidence: String? = nil, cadenceDays: Int? = nil,
        pilot: String? = nil, version: Int
    ) {
        self.id = id
        self.ref = ref
        self.title = title
        self.kind = kind
        self.ownerEmail = ownerEmail
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.status = status
        self.successMeasure = successMeasure
        self.outcome = outcome
        self.evidence = evidence
        self.cadenceDays = cadenceDays
        self.pilot = pilot
        self.version = version
    }
}

/// An initiative as supplied, before validation; for updates nil leaves a field unchanged.
public struct InitiativeDraft: Sendable, Hashable {
    public var ref: String?
    public var title: String?
    public var kind: String?
    public var ownerEmail: String?
    public var startsOn: CalendarDate?
    public var endsOn: CalendarDate?
    public var status: String?
    public var successMeasure: String?
    public var outcome: String?
    public var evidence: String?
    /// Every how many days the members mean to meet (1 to 366); 0 removes the rhythm in an update.
    public var cadenceDays: Int?
    /// The ref of the pilot it spreads; an empty text removes the link in an update.
    public var pilot: String?

    public init(
        ref: String? = nil, title: String? = nil, kind: String? = nil, ownerEmail: String? = nil,
        startsOn: CalendarDate? = nil, endsOn: CalendarDate? = nil, status: String? = nil,
        successMeasure: String? = nil, outcome: String? = nil, evidence: String? = nil, cadenceDays: Int? = nil,
        pilot: String? = nil
    ) {
        self.ref = ref
        self.title = title
        self.kind = kind
        self.ownerEmail = ownerEmail
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.status = status
        self.successMeasure = successMeasure
        self.outcome = outcome
        self.evidence = evidence
        self.cadenceDays = cadenceDays
        self.pilot = pilot
    }
}
