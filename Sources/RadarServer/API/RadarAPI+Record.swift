internal import Foundation
import Postgres
import RadarDomain
import RadarStore

// Fears, commitments, initiatives and business priorities recorded outside a conversation.
extension RadarAPI {
    func listFears(_ input: Operations.ListFears.Input) async throws -> Operations.ListFears.Output {
        let query = input.query
        var checks = RequestChecks()
        checks.text(query.stakeholder, "stakeholder", max: TextLimit.email)
        try checks.finish()
        let filter = Fears.Filter(
            email: query.stakeholder, category: optionalWord(query.category), status: optionalWord(query.status),
            includeClosed: query.includeClosed ?? false)
        let request = try PageRequest(limit: query.limit, cursor: query.cursor)
        let page = try await inOrganisation { try Fears($0).list(filter, page: request) }
        let sensitive = try access.seesSensitive
        let items = page.items.map { Components.Schemas.Fear($0, sensitive: sensitive) }
        return .ok(.init(body: .json(.init(items: items, nextCursor: page.nextCursor?.token))))
    }

    func createFear(_ input: Operations.CreateFear.Input) async throws -> Operations.CreateFear.Output {
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.email, "email", max: TextLimit.email)
        checks.text(body.statement, "statement", max: TextLimit.paragraph)
        checks.text(body.mitigation, "mitigation", max: TextLimit.paragraph)
        let raised = checks.date(body.raisedOn, "raised_on")
        let resolved = checks.date(body.resolvedOn, "resolved_on")
        try checks.finish()
        let draft = FearDraft(
            email: body.email, category: .value(word(body.category)), statement: body.statement,
            severity: body.severity.map { .value(word($0)) }, status: body.status.map { .value(word($0)) },
            raisedOn: raised, resolvedOn: resolved, mitigation: body.mitigation)
        let fear = try await inOrganisation { tx in
            let fears = Fears(tx)
            return try fears.find(try fears.add(draft).uuidString)
        }
        return .created(.init(body: .json(.init(fear, sensitive: try access.seesSensitive))))
    }

    func updateFear(_ input: Operations.UpdateFear.Input) async throws -> Operations.UpdateFear.Output {
        let id = try uuid(input.path.id, "fear")
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        let version = checks.version(body.version)
        checks.text(body.mitigation, "mitigation", max: TextLimit.paragraph)
        let resolved = checks.date(body.resolvedOn, "resolved_on")
        try checks.finish()
        let fear = try await inOrganisation { tx in
            try Fears(tx).update(
                id.uuidString, expectedVersion: version, category: body.category?.rawValue,
                severity: body.severity?.rawValue, status: body.status?.rawValue, mitigation: body.mitigation,
                resolvedOn: resolved)
        }
        return .ok(.init(body: .json(.init(fear, sensitive: try access.seesSensitive))))
    }

    func listCommitments(_ input: Operations.ListCommitments.Input) async throws -> Operations.ListCommitments.Output {
        let query = input.query
        var checks = RequestChecks()
        checks.text(query.owner, "owner", max: TextLimit.email)
        let overdue = checks.date(query.overdueOn, "overdue_on")
        try checks.finish()
        let filter = Commitments.Filter(
            ownerEmail: query.owner, status: optionalWord(query.status), overdueOn: overdue,
            includeClosed: query.includeClosed ?? false)
        let request = try PageRequest(limit: query.limit, cursor: query.cursor)
        let page = try await inOrganisation { try Commitments($0).list(filter, page: request) }
        let sensitive = try access.seesSensitive
        let items = page.items.map { Components.Schemas.Commitment($0, sensitive: sensitive) }
        return .ok(.init(body: .json(.init(items: items, nextCursor: page.nextCursor?.token))))
    }

    func createCommitment(
        _ input: Operations.CreateCommitment.Input
    ) async throws
        -> Operations.CreateCommitment.Output
    {
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.owner, "owner", max: TextLimit.email)
        checks.text(body.description, "description", max: TextLimit.paragraph)
        checks.text(body.accountabilityPartner, "accountability_partner", max: TextLimit.email)
        let made = checks.date(body.madeOn, "made_on")
        let due = checks.date(body.dueOn, "due_on")
        try checks.finish()
        let draft = CommitmentDraft(
            ownerEmail: body.owner, description: body.description, madeOn: made, dueOn: due,
            partnerEmail: body.accountabilityPartner)
        let commitment = try await inOrganisation { tx in
            let commitments = Commitments(tx)
            return try commitments.find(try commitments.add(draft).uuidString)
        }
        return .created(.init(body: .json(.init(commitment, sensitive: try access.seesSensitive))))
    }

    func updateCommitment(
        _ input: Operations.UpdateCommitment.Input
    ) async throws
        -> Operations.UpdateCommitment.Output
    {
        let id = try uuid(input.path.id, "commitment")
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        let version = checks.version(body.version)
        checks.text(body.description, "description", max: TextLimit.paragraph)
        checks.text(body.owner, "owner", max: TextLimit.email)
        let due = checks.date(body.dueOn, "due_on")
        let done = checks.date(body.doneOn, "done_on")
        try checks.finish()
        let changes = CommitmentChanges(
            description: body.description, dueOn: due, ownerEmail: body.owner, status: body.status?.rawValue,
            doneOn: done)
        let commitment = try await inOrganisation { tx in
            try Commitments(tx).update(id.uuidString, expectedVersion: version, changes)
        }
        return .ok(.init(body: .json(.init(commitment, sensitive: try access.seesSensitive))))
    }

    func listInitiatives(_ input: Operations.ListInitiatives.Input) async throws -> Operations.ListInitiatives.Output {
        let query = input.query
        let request = try PageRequest(limit: query.limit, cursor: query.cursor)
        let page = try await inOrganisation {
            try Initiatives($0).list(status: optionalWord(query.status), kind: optionalWord(query.kind), page: request)
        }
        return .ok(.init(body: .json(.init(items: page.items.map { .init($0) }, nextCursor: page.nextCursor?.token))))
    }

    func createInitiative(
        _ input: Operations.CreateInitiative.Input
    ) async throws
        -> Operations.CreateInitiative.Output
    {
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        let draft = try Self.initiativeDraft(
            ref: body.ref, title: body.title, kind: body.kind.rawValue, ownerEmail: body.ownerEmail,
            startsOn: body.startsOn, endsOn: body.endsOn, status: body.status?.rawValue,
            successMeasure: body.successMeasure, outcome: body.outcome, evidence: body.evidence,
            cadenceDays: body.cadenceDays, pilot: body.pilot)
        let initiative = try await inOrganisation { try Initiatives($0).add(draft) }
        return .created(.init(body: .json(.init(initiative))))
    }

    func getInitiative(_ input: Operations.GetInitiative.Input) async throws -> Operations.GetInitiative.Output {
        let ref = input.path.ref
        let initiative = try await inOrganisation { try Initiatives($0).find(ref: ref) }
        return .ok(.init(body: .json(.init(initiative))))
    }

    func updateInitiative(
        _ input: Operations.UpdateInitiative.Input
    ) async throws
        -> Operations.UpdateInitiative.Output
    {
        let ref = input.path.ref
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        let version = checks.version(body.version)
        try checks.finish()
        let changes = try Self.initiativeDraft(
            ref: nil, title: body.title, kind: body.kind?.rawValue, ownerEmail: body.ownerEmail,
            startsOn: body.startsOn, endsOn: body.endsOn, status: body.status?.rawValue,
            successMeasure: body.successMeasure, outcome: body.outcome, evidence: body.evidence,
            cadenceDays: body.cadenceDays, pilot: body.pilot)
        let initiative = try await inOrganisation {
            try Initiatives($0).update(ref: ref, expectedVersion: version, changes)
        }
        return .ok(.init(body: .json(.init(initiative))))
    }

    /// An initiative draft after the checks the store leaves to the edge (lengths, date formats).
    static func initiativeDraft(
        ref: String?, title: String?, kind: String?, ownerEmail: String?, startsOn: String?, endsOn: String?,
        status: String?, successMeasure: String?, outcome: String?, evidence: String?, cadenceDays: Int?,
        pilot: String?
    ) throws -> InitiativeDraft {
        var checks = RequestChecks()
        checks.text(ref, "ref", max: TextLimit.line)
        checks.text(title, "title", max: TextLimit.line)
        checks.text(ownerEmail, "owner_email", max: TextLimit.email)
        checks.text(successMeasure, "success_measure", max: TextLimit.paragraph)
        checks.text(outcome, "outcome", max: TextLimit.paragraph)
        checks.text(evidence, "evidence", max: TextLimit.paragraph)
        checks.text(pilot, "pilot", max: TextLimit.line)
        let starts = checks.date(startsOn, "starts_on")
        let ends = checks.date(endsOn, "ends_on")
        try checks.finish()
        return InitiativeDraft(
            ref: ref, title: title, kind: kind, ownerEmail: ownerEmail, startsOn: starts, endsOn: ends, status: status,
            successMeasure: successMeasure, outcome: outcome, evidence: evidence, cadenceDays: cadenceDays,
            pilot: pilot)
    }

    func listPriorities(_ input: Operations.ListPriorities.Input) async throws -> Operations.ListPriorities.Output {
        let query = input.query
        var checks = RequestChecks()
        checks.text(query.function, "function", max: TextLimit.line)
        try checks.finish()
        let request = try PageRequest(limit: query.limit, cursor: query.cursor)
        let page = try await inOrganisation { try Priorities($0).list(function: query.function, page: request) }
        return .ok(.init(body: .json(.init(items: page.items.map { .init($0) }, nextCursor: page.nextCursor?.token))))
    }

    func createPriority(_ input: Operations.CreatePriority.Input) async throws -> Operations.CreatePriority.Output {
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.priority, "priority", max: TextLimit.line)
        checks.text(body.function, "function", max: TextLimit.line)
        checks.text(body.howCoachingHelps, "how_coaching_helps", max: TextLimit.paragraph)
        checks.text(body.endorsedBy, "endorsed_by", max: TextLimit.email)
        let recorded = checks.date(body.recordedOn, "recorded_on")
        try checks.finish()
        guard let recorded else { throw APIProblem.validation([.init(field: "recorded_on", message: "is required")]) }
        let priority = try await inOrganisation { tx in
            let priorities = Priorities(tx)
            let id = try priorities.add(
                priority: body.priority, function: body.function, howCoachingHelps: body.howCoachingHelps,
                endorsedBy: body.endorsedBy, recordedOn: recorded)
            return try priorities.find(id: id)
        }
        return .created(.init(body: .json(.init(priority))))
    }

    func updatePriority(_ input: Operations.UpdatePriority.Input) async throws -> Operations.UpdatePriority.Output {
        let id = try uuid(input.path.id, "priority")
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        let version = checks.version(body.version)
        checks.text(body.priority, "priority", max: TextLimit.line)
        checks.text(body.function, "function", max: TextLimit.line)
        checks.text(body.howCoachingHelps, "how_coaching_helps", max: TextLimit.paragraph)
        checks.text(body.endorsedBy, "endorsed_by", max: TextLimit.email)
        let recorded = checks.date(body.recordedOn, "recorded_on")
        try checks.finish()
        let changes = PriorityChanges(
            priority: body.priority, function: body.function, howCoachingHelps: body.howCoachingHelps,
            endorsedBy: body.endorsedBy, recordedOn: recorded)
        let priority = try await inOrganisation { try Priorities($0).update(id: id, expectedVersion: version, changes) }
        return .ok(.init(body: .json(.init(priority))))
    }
}
