import Foundation

/// A behaviour a leader's coaching goal is about, from a small starting list; `other` takes free text.
public enum CoachingBehaviour: String, Vocabulary {
    case reflectionBeforeSolving = "reflection_before_solving"
    case inputBeforeConcluding = "input_before_concluding"
    case developmentApartFromEvaluation = "development_apart_from_evaluation"
    case questionsBeforeAdvice = "questions_before_advice"
    case other
    public static let vocabularyName = "coaching behaviour"
}

/// How a leader is coached themselves.
public enum CoachingKind: String, Vocabulary {
    case coached, peerCoached = "peer_coached"
    public static let vocabularyName = "coaching kind"
}

/// A dated observation of a leader's coaching goal; the latest one is the goal's last review.
public struct CoachingObservation: Sendable, Hashable, Codable {
    public var id: UUID
    public var observedOn: CalendarDate
    /// What was seen; sensitive, like conversation notes.
    public var note: String

    public init(id: UUID, observedOn: CalendarDate, note: String) {
        self.id = id
        self.observedOn = observedOn
        self.note = note
    }
}

/// One coaching goal of a leader: a behaviour others can see, how it is observed, when it is next reviewed.
public struct CoachingGoal: Sendable, Hashable, Codable {
    public var id: UUID
    public var email: String
    public var behaviour: CoachingBehaviour
    public var description: String?
    public var observedHow: String?
    public var setOn: CalendarDate
    public var reviewOn: CalendarDate?
    public var closedOn: CalendarDate?
    /// Oldest first.
    public var observations: [CoachingObservation]
    public var version: Int

    public init(
        id: UUID, email: String, behaviour: CoachingBehaviour, description: String? = nil,
        observedHow: String? = nil, setOn: CalendarDate, reviewOn: CalendarDate? = nil,
        closedOn: CalendarDate? = nil, observations: [CoachingObservation] = [], version: Int
    ) {
        self.id = id
        self.email = email
        self.behaviour = behaviour
        self.description = description
        self.observedHow = observedHow
        self.setOn = setOn
        self.reviewOn = reviewOn
        self.closedOn = closedOn
        self.observations = observations
        self.version = version
    }

    /// The day the goal was last looked at: its latest observation, or the day it was set.
    public var lastReviewedOn: CalendarDate { observations.map(\.observedOn).max() ?? setOn }
}

/// A coaching goal as supplied, before validation.
public struct CoachingGoalDraft: Sendable, Hashable {
    public var behaviour: String?
    public var description: String?
    public var observedHow: String?
    public var setOn: CalendarDate?
    public var reviewOn: CalendarDate?

    public init(
        behaviour: String? = nil, description: String? = nil, observedHow: String? = nil, setOn: CalendarDate? = nil,
        reviewOn: CalendarDate? = nil
    ) {
        self.behaviour = behaviour
        self.description = description
        self.observedHow = observedHow
        self.setOn = setOn
        self.reviewOn = reviewOn
    }
}

/// A period in which a leader is coached or peer-coached.
public struct LeaderCoaching: Sendable, Hashable, Codable {
    public var id: UUID
    public var email: String
    public var kind: CoachingKind
    public var since: CalendarDate
    public var until: CalendarDate?

    public init(id: UUID, email: String, kind: CoachingKind, since: CalendarDate, until: CalendarDate? = nil) {
        self.id = id
        self.email = email
        self.kind = kind
        self.since = since
        self.until = until
    }
}
