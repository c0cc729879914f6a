import Foundation

/// An action someone promised, with its owner and due date.
public struct Commitment: Sendable, Hashable, Codable {
    public var id: UUID
    public var ownerEmail: String
    public var ownerName: String
    /// Whether the owner is a leader (top team or sponsor); leaders owning actions is the evidence for P00.
    public var ownerIsLeader: Bool
    public var ownerIsHR: Bool
    public var conversationRef: String?
    public var description: String?
    public var madeOn: CalendarDate
    public var dueOn: CalendarDate?
    public var status: CommitmentStatus
    public var doneOn: CalendarDate?
    /// E-mail of the stakeholder who holds the owner to it, if one was named.
    public var partnerEmail: String?
    public var version: Int

    public init(
        id: UUID, ownerEmail: String, ownerName: String, ownerIsLeader: Bool, ownerIsHR: Bool,
        conversationRef: String? = nil, description: String? = nil, madeOn: CalendarDate,
        dueOn: CalendarDate? = nil, status: CommitmentStatus, doneOn: CalendarDate? = nil,
        partnerEmail: String? = nil, version: Int
    ) {
        self.partnerEmail = partnerEmail
        self.id = id
        self.ownerEmail = ownerEmail
        self.ownerName = ownerName
        self.ownerIsLeader = ownerIsLeader
        self.ownerIsHR = ownerIsHR
        self.conversationRef = conversationRef
        self.description = description
        self.madeOn = madeOn
        self.dueOn = dueOn
        self.status = status
        self.doneOn = doneOn
        self.version = version
    }
}

/// A commitment as supplied, before validation.
public struct CommitmentDraft: Sendable, Hashable {
    public var ownerEmail: String
    public var description: String?
    public var madeOn: CalendarDate?
    public var dueOn: CalendarDate?
    public var status: String?
    public var doneOn: CalendarDate?
    /// E-mail of an accountability partner: a stakeholder other than the owner.
    public var partnerEmail: String?

    public init(
        ownerEmail: String, description: String? = nil, madeOn: CalendarDate?, dueOn: CalendarDate? = nil,
        status: String? = nil, doneOn: CalendarDate? = nil, partnerEmail: String? = nil
    ) {
        self.partnerEmail = partnerEmail
        self.ownerEmail = ownerEmail
        self.description = description
        self.madeOn = madeOn
        self.dueOn = dueOn
        self.status = status
        self.doneOn = doneOn
    }
}

/// Changes to a commitment; nil leaves a field as it is, an empty description clears it.
public struct CommitmentChanges: Sendable, Hashable {
    public var description: String?
    public var dueOn: CalendarDate?
    /// E-mail of the stakeholder who now owns the commitment.
    public var ownerEmail: String?
    public var status: String?
    /// Required when the commitment is (or becomes) done; refused otherwise.
    public var doneOn: CalendarDate?

    public init(
        description: String? = nil, dueOn: CalendarDate? = nil, ownerEmail: String? = nil, status: String? = nil,
        doneOn: CalendarDate? = nil
    ) {
        self.description = description
        self.dueOn = dueOn
        self.ownerEmail = ownerEmail
        self.status = status
        self.doneOn = doneOn
    }
}

extension CommitmentDraft {
    /// Adds every problem of the commitment's own fields to `checks`, each under `path` (the commitment's place in
    /// a larger input, such as `commitments[0]`); whether its owner exists is for the store to say.
    public func check(into checks: inout Checks, at path: FieldPath = FieldPath(steps: [])) {
        _ = checks.email(ownerEmail, field: path.appending("owner"))
        _ = checks.optional(description, field: path.appending("description"), max: TextLimit.paragraph)
        let status = checks.word(status, CommitmentStatus.self, field: path.appending("status")) ?? .open
        if madeOn == nil { checks.add(path.appending("madeOn"), "is required") }
        if let madeOn, let doneOn, doneOn < madeOn {
            checks.add(path.appending("doneOn"), "\(doneOn) is before the commitment was made on \(madeOn)")
        }
        if doneOn != nil, status != .done {
            checks.add(path.appending("doneOn"), "only a done commitment has a done date")
        }
        if let partnerEmail {
            let partner = checks.email(partnerEmail, field: path.appending("accountabilityPartner"))
            if partner.lowercased() == ownerEmail.trimmingCharacters(in: .whitespaces).lowercased() {
                checks.add(path.appending("accountabilityPartner"), "is the owner; name someone else")
            }
        }
    }
}
