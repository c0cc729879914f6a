import Foundation

/// A strand of a coaching strategy, beyond training (G12).
public enum StrategyElement: String, Vocabulary {
    case roleModellingLeaders = "role_modelling_leaders", managersAsCoaches = "managers_as_coaches"
    case peerCoaching = "peer_coaching", actionLearning = "action_learning", measurement, goals, communication
    public static let vocabularyName = "strategy element"
}

/// A period in which one strand of the strategy is in place.
public struct StrategyElementPeriod: Sendable, Hashable, Codable {
    public var id: UUID
    public var element: StrategyElement
    public var since: CalendarDate
    public var until: CalendarDate?

    public init(id: UUID, element: StrategyElement, since: CalendarDate, until: CalendarDate?) {
        self.id = id
        self.element = element
        self.since = since
        self.until = until
    }
}

/// What an initiative was presented as delivering, to whom and when, and the realistic outcome agreed.
public struct InitiativeExpectation: Sendable, Hashable, Codable {
    public var initiativeRef: String
    public var presentedAs: String
    public var presentedTo: String
    public var presentedOn: CalendarDate
    public var realisticOutcome: String?
    public var agreedOn: CalendarDate?

    public init(
        initiativeRef: String, presentedAs: String, presentedTo: String, presentedOn: CalendarDate,
        realisticOutcome: String?, agreedOn: CalendarDate?
    ) {
        self.initiativeRef = initiativeRef
        self.presentedAs = presentedAs
        self.presentedTo = presentedTo
        self.presentedOn = presentedOn
        self.realisticOutcome = realisticOutcome
        self.agreedOn = agreedOn
    }
}
