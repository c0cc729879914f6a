import Foundation

/// A fear a stakeholder voiced about the programme.
public struct Fear: Sendable, Hashable, Codable {
    public var id: UUID
    public var email: String
    public var name: String
    public var conversationRef: String?
    public var category: FearCategory
    public var statement: String
    public var severity: FearSeverity
    public var status: FearStatus
    public var mitigation: String?
    public var raisedOn: CalendarDate
    public var resolvedOn: CalendarDate?
    public var version: Int

    public init(
        id: UUID, email: String, name: String, conversationRef: String? = nil, category: FearCategory,
        statement: String, severity: FearSeverity, status: FearStatus, mitigation: String? = nil,
        raisedOn: CalendarDate, resolvedOn: CalendarDate? = nil, version: Int
    ) {
        self.id = id
        self.email = email
        self.name = name
        self.conversationRef = conversationRef
        self.category = category
        self.statement = statement
        self.severity = severity
        self.status = status
        self.mitigation = mitigation
        self.raisedOn = raisedOn
        self.resolvedOn = resolvedOn
        self.version = version
    }
}

/// A fear as supplied, before validation.
public struct FearDraft: Sendable, Hashable {
    public var email: String
    public var category: Word<FearCategory>
    public var statement: String
    public var severity: Word<FearSeverity>?
    public var status: Word<FearStatus>?
    public var raisedOn: CalendarDate?
    public var resolvedOn: CalendarDate?
    public var mitigation: String?

    public init(
        email: String, category: Word<FearCategory>, statement: String, severity: Word<FearSeverity>? = nil,
        status: Word<FearStatus>? = nil, raisedOn: CalendarDate?, resolvedOn: CalendarDate? = nil,
        mitigation: String? = nil
    ) {
        self.email = email
        self.category = category
        self.statement = statement
        self.severity = severity
        self.status = status
        self.raisedOn = raisedOn
        self.resolvedOn = resolvedOn
        self.mitigation = mitigation
    }
}

extension FearDraft {
    /// Adds every problem of the fear's own fields to `checks`, each under `path` (the fear's place in a larger
    /// input, such as `fears[0]`); whether its person exists is for the store to say.
    public func check(into checks: inout Checks, at path: FieldPath = FieldPath(steps: [])) {
        _ = checks.email(email, field: path.appending("email"))
        if category.isBlank { checks.add(path.appending("category"), "is required") }
        _ = checks.word(category, field: path.appending("category"))
        _ = checks.required(statement, field: path.appending("statement"), max: TextLimit.paragraph)
        _ = checks.optional(mitigation, field: path.appending("mitigation"), max: TextLimit.paragraph)
        _ = checks.word(severity, field: path.appending("severity"))
        let status = checks.word(status, field: path.appending("status")) ?? .open
        if raisedOn == nil { checks.add(path.appending("raisedOn"), "is required") }
        if let raisedOn, let resolvedOn, resolvedOn < raisedOn {
            checks.add(path.appending("resolvedOn"), "\(resolvedOn) is before the fear was raised on \(raisedOn)")
        }
        if resolvedOn != nil, !status.isClosed {
            checks.add(path.appending("resolvedOn"), "only a resolved or dismissed fear has a resolution date")
        }
    }
}
