internal import Foundation
import Postgres
import RadarDomain
import RadarStore

extension RadarAPI {
    func listConversations(
        _ input: Operations.ListConversations.Input
    ) async throws
        -> Operations.ListConversations.Output
    {
        let query = input.query
        var checks = RequestChecks()
        checks.text(query.participant, "participant", max: TextLimit.email)
        try checks.finish()
        let request = try PageRequest(limit: query.limit, cursor: query.cursor)
        let page = try await inOrganisation {
            try Conversations($0).list(from: query.from, to: query.to, participant: query.participant, page: request)
        }
        let sensitive = try access.seesSensitive
        let items = page.items.map { Components.Schemas.Conversation($0, sensitive: sensitive) }
        return .ok(.init(body: .json(.init(items: items, nextCursor: page.nextCursor?.token))))
    }

    func recordConversation(
        _ input: Operations.RecordConversation.Input
    ) async throws
        -> Operations.RecordConversation.Output
    {
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.ref, "ref", max: TextLimit.line)
        checks.text(body.initiatedBy, "initiated_by", max: TextLimit.email)
        checks.text(body.notes, "notes", max: TextLimit.notes)
        checks.text(body.initiative, "initiative", max: TextLimit.line)
        if body.participants.count > 100 { checks.add("participants", "at most 100 people") }
        for (index, participant) in body.participants.enumerated() {
            checks.text(participant.email, "participants[\(index)].email", max: TextLimit.email)
        }
        for (index, fear) in (body.fears ?? []).enumerated() {
            checks.text(fear.email, "fears[\(index)].email", max: TextLimit.email)
            checks.text(fear.statement, "fears[\(index)].statement", max: TextLimit.paragraph)
        }
        var promises: [ConversationDraft.Promise] = []
        for (index, commitment) in (body.commitments ?? []).enumerated() {
            checks.text(commitment.owner, "commitments[\(index)].owner", max: TextLimit.email)
            checks.text(commitment.description, "commitments[\(index)].description", max: TextLimit.paragraph)
            checks.text(
                commitment.accountabilityPartner, "commitments[\(index)].accountability_partner", max: TextLimit.email)
            let due = checks.date(commitment.dueOn, "commitments[\(index)].due_on")
            promises.append(
                .init(
                    ownerEmail: commitment.owner, description: commitment.description, dueOn: due,
                    partnerEmail: commitment.accountabilityPartner))
        }
        if (body.fears ?? []).count > 100 { checks.add("fears", "at most 100 fears") }
        if (body.commitments ?? []).count > 100 { checks.add("commitments", "at most 100 commitments") }
        try checks.finish()
        let draft = ConversationDraft(
            ref: body.ref, occurredAt: body.occurredAt, kind: .value(word(body.kind)),
            purpose: body.purpose.map { .value(word($0)) }, initiatedBy: body.initiatedBy,
            participants: body.participants.map {
                .init(
                    email: $0.email, attendance: .value($0.attendance.map { word($0) } ?? Attendance.attended),
                    engagement: $0.engagement.map { .value(word($0)) })
            },
            guidelines: (body.guidelines ?? []).map { .value(word($0)) }, notes: body.notes,
            fears: (body.fears ?? []).map {
                .init(
                    email: $0.email, category: .value(word($0.category)), statement: $0.statement,
                    severity: $0.severity.map { .value(word($0)) })
            },
            commitments: promises, initiative: body.initiative)
        let conversation = try await inOrganisation { try Conversations($0).record(draft, now: .now) }
        return .created(.init(body: .json(.init(conversation, sensitive: try access.seesSensitive))))
    }

    func getConversation(_ input: Operations.GetConversation.Input) async throws -> Operations.GetConversation.Output {
        let ref = input.path.ref
        let conversation = try await inOrganisation { try Conversations($0).show(ref: ref) }
        return .ok(.init(body: .json(.init(conversation, sensitive: try access.seesSensitive))))
    }
}
