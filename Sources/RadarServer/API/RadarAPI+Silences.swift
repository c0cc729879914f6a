internal import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore

// Silences: an admin quiets the flags that match until a day, with a reason.
extension RadarAPI {
    func listSilences(_ input: Operations.ListSilences.Input) async throws -> Operations.ListSilences.Output {
        let (silences, today) = try await inOrganisation { tx in
            (try Silences(tx).all(), CalendarDate(.now, in: tx.organisation.zone))
        }
        let sensitive = try access.seesSensitive
        return .ok(.init(body: .json(.init(items: silences.map { .init($0, today: today, sensitive: sensitive) }))))
    }

    func addSilence(_ input: Operations.AddSilence.Input) async throws -> Operations.AddSilence.Output {
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.rule, "rule", max: 60)
        checks.text(body.subject, "subject", max: TextLimit.email)
        checks.text(body.reason, "reason", max: Silences.longestReason)
        let until = checks.date(body.until, "until")
        let from = checks.date(body.from, "from")
        try checks.finish()
        let draft = Silences.Draft(
            rule: body.rule, guideline: body.guideline?.rawValue, subject: body.subject, tier: body.tier?.rawValue,
            from: from, until: until, reason: body.reason)
        let (silence, today) = try await inOrganisation { tx in
            (try Silences(tx).add(draft, at: .now), CalendarDate(.now, in: tx.organisation.zone))
        }
        return .created(.init(body: .json(.init(silence, today: today, sensitive: true))))
    }

    func endSilence(_ input: Operations.EndSilence.Input) async throws -> Operations.EndSilence.Output {
        let id = try uuid(input.path.id, "silence")
        let (silence, today) = try await inOrganisation { tx in
            (try Silences(tx).end(id.uuidString, at: .now), CalendarDate(.now, in: tx.organisation.zone))
        }
        return .ok(.init(body: .json(.init(silence, today: today, sensitive: true))))
    }
}

extension Components.Schemas.Silence {
    /// The silence as the API shows it; its reason only to roles that read HR's free text.
    init(_ silence: Silence, today: CalendarDate, sensitive: Bool) {
        let state: StatePayload =
            silence.endedAt != nil ? .ended : silence.until <= today ? .expired : .active
        self.init(
            id: silence.id.apiText, rule: silence.rule, guideline: silence.guideline.flatMap { .init(rawValue: $0) },
            subject: silence.stakeholder, tier: optionalWord(silence.tier), startsAt: silence.startsAt,
            until: silence.until.description,
            state: state, reason: sensitive ? silence.reason : nil, createdBy: silence.createdBy,
            createdAt: silence.createdAt, endedAt: silence.endedAt, endedBy: silence.endedBy)
    }
}
