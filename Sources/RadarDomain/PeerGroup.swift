import Foundation

/// One member of a peer group, by e-mail with their name.
public struct PeerGroupMember: Sendable, Hashable, Codable {
    public var email: String
    public var name: String

    public init(email: String, name: String) {
        self.email = email
        self.name = name
    }
}

/// A pair or trio coaching each other inside a peer-coaching initiative, with the rhythm they agreed.
public struct PeerGroup: Sendable, Hashable, Codable {
    public var id: UUID
    public var initiativeRef: String
    public var initiativeTitle: String
    public var name: String
    /// By name.
    public var members: [PeerGroupMember]
    public var startsOn: CalendarDate
    public var endsOn: CalendarDate?
    public var rhythmDays: Int
    /// The day of the latest session at least two of its members attended, up to the instant it was read at.
    public var lastMetOn: CalendarDate?
    public var meetings: Int
    public var version: Int

    public init(
        id: UUID, initiativeRef: String, initiativeTitle: String, name: String, members: [PeerGroupMember],
        startsOn: CalendarDate, endsOn: CalendarDate? = nil, rhythmDays: Int, lastMetOn: CalendarDate? = nil,
        meetings: Int = 0, version: Int
    ) {
        self.id = id
        self.initiativeRef = initiativeRef
        self.initiativeTitle = initiativeTitle
        self.name = name
        self.members = members
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.rhythmDays = rhythmDays
        self.lastMetOn = lastMetOn
        self.meetings = meetings
        self.version = version
    }

    /// Whether the group is meeting on `day`: started, and not past its last day.
    public func isActive(on day: CalendarDate) -> Bool {
        startsOn <= day && (endsOn.map { day <= $0 } ?? true)
    }

    /// The day the next meeting is due: the rhythm after the last meeting, or after the first day.
    public var nextMeetingDue: CalendarDate { (lastMetOn ?? startsOn).adding(days: rhythmDays) }
}

/// A peer group as supplied, before validation.
public struct PeerGroupDraft: Sendable, Hashable {
    public var name: String?
    /// E-mails of the two or three members.
    public var members: [String]
    public var startsOn: CalendarDate?
    public var rhythmDays: Int?

    public init(name: String? = nil, members: [String] = [], startsOn: CalendarDate? = nil, rhythmDays: Int? = nil) {
        self.name = name
        self.members = members
        self.startsOn = startsOn
        self.rhythmDays = rhythmDays
    }
}
