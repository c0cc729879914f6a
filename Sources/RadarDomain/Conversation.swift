import Foundation

/// A recorded conversation with everything said and promised in it.
public struct Conversation: Sendable, Hashable, Codable {
    /// One invited person and how they showed up.
    public struct Participant: Sendable, Hashable, Codable {
        public var email: String
        public var name: String
        public var attendance: Attendance
        public var engagement: EngagementLevel?

        public init(email: String, name: String, attendance: Attendance, engagement: EngagementLevel? = nil) {
            self.email = email
            self.name = name
            self.attendance = attendance
            self.engagement = engagement
        }
    }

    public var id: UUID
    public var ref: String
    public var occurredAt: Date
    public var kind: ConversationKind
    /// What it was for; nil when nobody recorded it (the rules then judge it as an ask).
    public var purpose: ConversationPurpose?
    public var initiatedBy: String?
    public var notes: String?
    public var participants: [Participant]
    public var guidelines: [GuidelineCode]
    public var fears: [Fear]
    public var commitments: [Commitment]
    /// The ref of the initiative this conversation is a session of, if it is one.
    public var initiativeRef: String?
    public var version: Int

    public init(
        id: UUID, ref: String, occurredAt: Date, kind: ConversationKind, purpose: ConversationPurpose? = nil,
        initiatedBy: String? = nil, notes: String? = nil, participants: [Participant], guidelines: [GuidelineCode],
        fears: [Fear], commitments: [Commitment], initiativeRef: String? = nil, version: Int
    ) {
        self.id = id
        self.ref = ref
        self.occurredAt = occurredAt
        self.kind = kind
        self.purpose = purpose
        self.initiatedBy = initiatedBy
        self.notes = notes
        self.participants = participants
        self.guidelines = guidelines
        self.fears = fears
        self.commitments = commitments
        self.initiativeRef = initiativeRef
        self.version = version
    }
}

/// One conversation as a person describes it, before validation: recorded in one transaction.
public struct ConversationDraft: Sendable, Hashable {
    /// Someone invited, with how they attended and the engagement observed.
    public struct Participant: Sendable, Hashable {
        public var email: String
        public var attendance: Word<Attendance>
        public var engagement: Word<EngagementLevel>?

        public init(
            email: String, attendance: Word<Attendance> = .value(.attended), engagement: Word<EngagementLevel>? = nil
        ) {
            self.email = email
            self.attendance = attendance
            self.engagement = engagement
        }
    }

    /// A fear voiced in the conversation.
    public struct VoicedFear: Sendable, Hashable {
        public var email: String
        public var category: Word<FearCategory>
        public var statement: String
        public var severity: Word<FearSeverity>?

        public init(
            email: String, category: Word<FearCategory>, statement: String, severity: Word<FearSeverity>? = nil
        ) {
            self.email = email
            self.category = category
            self.statement = statement
            self.severity = severity
        }
    }

    /// A promise made in the conversation.
    public struct Promise: Sendable, Hashable {
        public var ownerEmail: String
        public var description: String?
        public var dueOn: CalendarDate?
        /// E-mail of the accountability partner who holds the owner to it, if one was agreed in the meeting.
        public var partnerEmail: String?

        public init(
            ownerEmail: String, description: String? = nil, dueOn: CalendarDate? = nil, partnerEmail: String? = nil
        ) {
            self.ownerEmail = ownerEmail
            self.description = description
            self.dueOn = dueOn
            self.partnerEmail = partnerEmail
        }
    }

    public var ref: String?
    public var occurredAt: Date
    public var kind: Word<ConversationKind>
    public var purpose: Word<ConversationPurpose>?
    public var initiatedBy: String?
    public var participants: [Participant]
    public var guidelines: [Word<GuidelineCode>]
    public var notes: String?
    public var fears: [VoicedFear]
    public var commitments: [Promise]
    /// The ref of the initiative the conversation is a session of.
    public var initiative: String?
    /// Where the record comes from: typed in unless a file or a calendar brought it.
    public var source: ConversationSource

    public init(
        ref: String? = nil, occurredAt: Date, kind: Word<ConversationKind>, purpose: Word<ConversationPurpose>? = nil,
        initiatedBy: String? = nil, participants: [Participant], guidelines: [Word<GuidelineCode>] = [],
        notes: String? = nil, fears: [VoicedFear] = [], commitments: [Promise] = [], initiative: String? = nil,
        source: ConversationSource = .typed
    ) {
        self.source = source
        self.ref = ref
        self.occurredAt = occurredAt
        self.kind = kind
        self.purpose = purpose
        self.initiatedBy = initiatedBy
        self.participants = participants
        self.guidelines = guidelines
        self.notes = notes
        self.fears = fears
        self.commitments = commitments
        self.initiative = initiative
    }
}
