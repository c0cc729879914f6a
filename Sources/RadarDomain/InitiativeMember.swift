import Foundation

/// The part a person plays in an initiative they are enrolled in.
public enum EnrolmentRole: String, Vocabulary {
    case participant, facilitator, owner
    public static let vocabularyName = "enrolment role"
}

/// One person enrolled in an initiative, from a day until the day they left (if they did).
public struct InitiativeMember: Sendable, Hashable, Codable {
    public var email: String
    public var name: String
    public var role: EnrolmentRole
    public var enrolledOn: CalendarDate
    public var leftOn: CalendarDate?
    public var version: Int

    public init(
        email: String, name: String, role: EnrolmentRole, enrolledOn: CalendarDate, leftOn: CalendarDate? = nil,
        version: Int
    ) {
        self.email = email
        self.name = name
        self.role = role
        self.enrolledOn = enrolledOn
        self.leftOn = leftOn
        self.version = version
    }

    /// Whether the person was enrolled on `day`: on or after the day they enrolled and before the day they left.
    public func isEnrolled(on day: CalendarDate) -> Bool {
        enrolledOn <= day && (leftOn.map { day < $0 } ?? true)
    }
}

/// An enrolment as supplied, before validation.
public struct EnrolmentDraft: Sendable, Hashable {
    public var email: String?
    public var role: String?
    public var enrolledOn: CalendarDate?

    public init(email: String? = nil, role: String? = nil, enrolledOn: CalendarDate? = nil) {
        self.email = email
        self.role = role
        self.enrolledOn = enrolledOn
    }
}

/// One session of an initiative: a conversation that belongs to it, with who attended.
public struct InitiativeSession: Sendable, Hashable, Codable {
    public var ref: String
    public var occurredAt: Date
    /// The session's day in the organisation's time zone.
    public var day: CalendarDate
    public var kind: ConversationKind
    /// Each participant's e-mail and attendance.
    public var attendance: [String: Attendance]

    public init(
        ref: String, occurredAt: Date, day: CalendarDate, kind: ConversationKind, attendance: [String: Attendance]
    ) {
        self.ref = ref
        self.occurredAt = occurredAt
        self.day = day
        self.kind = kind
        self.attendance = attendance
    }

    /// Whether someone attended: a session where nobody came was not held.
    public var wasHeld: Bool { attendance.values.contains(.attended) }
}

/// An initiative's members and sessions side by side: the attendance grid and when the next session is due.
public struct InitiativeRoster: Sendable, Hashable {
    public var initiative: Initiative
    public var members: [InitiativeMember]
    /// Oldest first.
    public var sessions: [InitiativeSession]

    public init(initiative: Initiative, members: [InitiativeMember], sessions: [InitiativeSession]) {
        self.initiative = initiative
        self.members = members
        self.sessions = sessions
    }

    /// The sessions held (someone attended), oldest first.
    public var heldSessions: [InitiativeSession] { sessions.filter(\.wasHeld) }

    /// The day the next session is due: the cadence after the last session held, or after the start when none
    /// was held yet; nil without a cadence.
    public var nextSessionDue: CalendarDate? {
        guard let cadence = initiative.cadenceDays else { return nil }
        return (heldSessions.last?.day ?? initiative.startsOn).adding(days: cadence)
    }

    /// How the member fared at a session: attended, another attendance, or `nil` when they were not enrolled
    /// that day; enrolled but not listed counts as a no-show.
    public func attendance(of member: InitiativeMember, at session: InitiativeSession) -> Attendance? {
        guard member.isEnrolled(on: session.day) else { return nil }
        return session.attendance[member.email] ?? .noShow
    }

    /// Sessions the member missed since the last one they attended, counted back from the latest, as
    /// `facts_programme_person` counts them.
    public func missedInRow(_ member: InitiativeMember) -> Int {
        var missed = 0
        for session in sessions.reversed() {
            guard let attendance = attendance(of: member, at: session) else { continue }
            if attendance == .attended { break }
            missed += 1
        }
        return missed
    }

    /// Sessions the member attended.
    public func attended(_ member: InitiativeMember) -> Int {
        sessions.filter { attendance(of: member, at: $0) == .attended }.count
    }
}
