import Foundation

/// Whether a narrative is a story the organisation tells about itself or a value it states.
public enum NarrativeKind: String, Vocabulary {
    case story, value
    public static let vocabularyName = "narrative kind"
}

/// A story or value the organisation already holds, which the programme is framed against (G02).
public struct Narrative: Sendable, Hashable, Codable {
    public var id: UUID
    public var kind: NarrativeKind
    public var title: String
    public var statement: String?
    public var recordedOn: CalendarDate

    public init(id: UUID, kind: NarrativeKind, title: String, statement: String?, recordedOn: CalendarDate) {
        self.id = id
        self.kind = kind
        self.title = title
        self.statement = statement
        self.recordedOn = recordedOn
    }
}

/// A gap between a value the organisation states and the behaviour it rewards, and whether the top team has
/// talked it through.
public struct Tension: Sendable, Hashable, Codable {
    public var id: UUID
    public var statedValue: String
    public var rewardedBehaviour: String
    /// E-mail of the stakeholder who raised it, if known.
    public var raisedBy: String?
    public var raisedOn: CalendarDate
    public var discussedOn: CalendarDate?
    public var version: Int

    public init(
        id: UUID, statedValue: String, rewardedBehaviour: String, raisedBy: String?, raisedOn: CalendarDate,
        discussedOn: CalendarDate?, version: Int
    ) {
        self.id = id
        self.statedValue = statedValue
        self.rewardedBehaviour = rewardedBehaviour
        self.raisedBy = raisedBy
        self.raisedOn = raisedOn
        self.discussedOn = discussedOn
        self.version = version
    }
}

/// One dated value of a benefit, and who was shown it.
public struct BenefitReading: Sendable, Hashable, Codable {
    public var measuredOn: CalendarDate
    public var value: Double
    /// E-mails, sorted.
    public var seenBy: [String]

    public init(measuredOn: CalendarDate, value: Double, seenBy: [String]) {
        self.measuredOn = measuredOn
        self.value = value
        self.seenBy = seenBy
    }
}

/// A measure an initiative means to move, with its baseline and readings over time (G03).
public struct Benefit: Sendable, Hashable, Codable {
    public var id: UUID
    public var initiativeRef: String
    public var measure: String
    public var baseline: Double
    public var baselineOn: CalendarDate
    /// Oldest first.
    public var readings: [BenefitReading]

    public init(
        id: UUID, initiativeRef: String, measure: String, baseline: Double, baselineOn: CalendarDate,
        readings: [BenefitReading]
    ) {
        self.id = id
        self.initiativeRef = initiativeRef
        self.measure = measure
        self.baseline = baseline
        self.baselineOn = baselineOn
        self.readings = readings
    }
}
