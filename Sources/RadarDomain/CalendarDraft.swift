import Foundation

/// Where a conversation's record came from.
public enum ConversationSource: String, Vocabulary {
    case typed, imported, calendar
    public static let vocabularyName = "conversation source"
}

/// Where a draft in the review queue stands.
public enum CalendarDraftState: String, Vocabulary {
    /// Waiting for HR to confirm or dismiss it.
    case pending
    /// Recorded as a conversation.
    case confirmed
    /// HR said it is not a conversation worth recording; a re-import does not bring it back.
    case dismissed
    /// The meeting was cancelled, or left the calendar, or no longer has a tracked stakeholder on it.
    case withdrawn
    public static let vocabularyName = "draft state"
}

/// A meeting from a calendar with at least one tracked stakeholder on it, waiting in the review queue.
public struct CalendarDraft: Sendable, Hashable, Codable {
    /// Someone on the meeting, with their answer to the invitation.
    public struct Person: Sendable, Hashable, Codable {
        public var email: String
        public var name: String?
        /// The invitation answer: accepted, declined, tentative, delegated or no_answer.
        public var reply: String
        /// Whether the address is a tracked stakeholder's.
        public var tracked: Bool

        public init(email: String, name: String?, reply: String, tracked: Bool) {
            self.email = email
            self.name = name
            self.reply = reply
            self.tracked = tracked
        }

        /// What the calendar says about attendance: accepted counts as attended once the meeting has started,
        /// declined as declined, anything else (no answer, tentative, a meeting still to come) is not known.
        public func attendance(startingAt start: Date, asOf instant: Date) -> Attendance? {
            switch reply {
            case "declined": .declined
            case "accepted" where start <= instant: .attended
            default: nil
            }
        }
    }

    public var id: UUID
    public var uid: String
    /// The occurrence of a recurring meeting (its original start), empty for one that does not recur.
    public var occurrence: String
    public var sequence: Int
    /// `file` or `feed`.
    public var source: String
    /// The feed's shown address, for a draft from a feed.
    public var feed: String?
    public var summary: String?
    public var startsAt: Date
    public var endsAt: Date
    public var allDay: Bool
    public var organiserEmail: String?
    /// Everyone on the meeting, organiser first.
    public var people: [Person]
    public var state: CalendarDraftState
    /// The conversation it was confirmed as.
    public var conversationRef: String?
    /// When it entered the queue.
    public var createdAt: Date

    public init(
        id: UUID, uid: String, occurrence: String, sequence: Int, source: String, feed: String?, summary: String?,
        startsAt: Date, endsAt: Date, allDay: Bool, organiserEmail: String?, people: [Person],
        state: CalendarDraftState, conversationRef: String?, createdAt: Date
    ) {
        self.id = id
        self.uid = uid
        self.occurrence = occurrence
        self.sequence = sequence
        self.source = source
        self.feed = feed
        self.summary = summary
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.allDay = allDay
        self.organiserEmail = organiserEmail
        self.people = people
        self.state = state
        self.conversationRef = conversationRef
        self.createdAt = createdAt
    }

    /// The kind the number of people suggests: two people make a one-to-one, more a group.
    public var guessedKind: ConversationKind {
        people.count <= 2 ? .oneToOne : .group
    }

    /// The tracked people, who become the conversation's participants.
    public var participants: [Person] { people.filter(\.tracked) }
}

/// What HR adds when confirming a draft, recorded with it in one step.
public struct CalendarConfirmation: Sendable, Hashable {
    /// The conversation's kind; nil keeps the guess from the number of people.
    public var kind: Word<ConversationKind>?
    public var purpose: Word<ConversationPurpose>?
    public var guidelines: [Word<GuidelineCode>]
    /// Engagement observed, by participant e-mail.
    public var engagement: [String: Word<EngagementLevel>]
    /// Attendance by participant e-mail, over what the calendar says; a participant whose attendance neither
    /// says is taken to have attended, since HR confirms the meeting took place with them.
    public var attendance: [String: Word<Attendance>]
    public var notes: String?

    public init(
        kind: Word<ConversationKind>? = nil, purpose: Word<ConversationPurpose>? = nil,
        guidelines: [Word<GuidelineCode>] = [], engagement: [String: Word<EngagementLevel>] = [:],
        attendance: [String: Word<Attendance>] = [:], notes: String? = nil
    ) {
        self.kind = kind
        self.purpose = purpose
        self.guidelines = guidelines
        self.engagement = engagement
        self.attendance = attendance
        self.notes = notes
    }
}
