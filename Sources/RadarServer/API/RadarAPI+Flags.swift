internal import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore

// Flags, the check that raises them and the explanation of one person's facts.
extension RadarAPI {
    func listFlags(_ input: Operations.ListFlags.Input) async throws -> Operations.ListFlags.Output {
        let query = input.query
        let filter = FlagBook.Filter(
            status: optionalWord(query.status), minimumSeverity: optionalWord(query.severity),
            includeResolved: query.includeResolved ?? false)
        let request = try PageRequest(limit: query.limit, cursor: query.cursor)
        let page = try await inOrganisation { try FlagBook($0).list(filter, page: request) }
        let items = try page.items.map(Components.Schemas.Flag.init).map(withheldFromViewers)
        return .ok(.init(body: .json(.init(items: items, nextCursor: page.nextCursor?.token))))
    }

    func acknowledgeFlag(_ input: Operations.AcknowledgeFlag.Input) async throws -> Operations.AcknowledgeFlag.Output {
        let id = try uuid(input.path.id, "flag")
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.reason, "reason", max: TextLimit.ruleText)
        try checks.finish()
        let flag = try await inOrganisation {
            try FlagBook($0).acknowledge(id.uuidString, reason: body.reason, at: .now)
        }
        return .ok(.init(body: .json(try .init(flag))))
    }

    func snoozeFlag(_ input: Operations.SnoozeFlag.Input) async throws -> Operations.SnoozeFlag.Output {
        let id = try uuid(input.path.id, "flag")
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.reason, "reason", max: TextLimit.ruleText)
        let until = checks.date(body.until, "until")
        try checks.finish()
        guard let until else { throw APIProblem.validation([.init(field: "until", message: "is required")]) }
        let flag = try await inOrganisation { tx in
            try FlagBook(tx).snooze(id.uuidString, until: until, reason: body.reason, at: .now)
        }
        return .ok(.init(body: .json(try .init(flag))))
    }

    func runCheck(_ input: Operations.RunCheck.Input) async throws -> Operations.RunCheck.Output {
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        let instant = body.asOf ?? .now
        let metrics = metrics
        let (result, flags, organisation) = try await inOrganisation { tx in
            let result = try FlagBook(tx).check(asOf: instant)
            metrics.ruleEvaluation(duration: result.evaluationTime)
            return (result, try FlagBook(tx).unresolved(), tx.organisation.id)
        }
        // By the organisation's id: the metrics never carry a tenant's name.
        for severity in Severity.allCases {
            metrics.openFlags(
                organisation: organisation.uuidString.lowercased(), severity: severity.rawValue,
                count: flags.filter { $0.status == .open && $0.severity == severity }.count)
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: instant, raised: result.raised, reopened: result.reopened, stillOpen: result.stillOpen,
                        resolved: result.resolved, pending: result.pending, suppressed: result.suppressed,
                        silenced: result.silenced,
                        flags: try flags.map(Components.Schemas.Flag.init).map(withheldFromViewers)))))
    }

    /// The flag as the caller may read it: an acknowledgement's or snooze's reason is HR's own free text, which
    /// viewers do not receive.
    func withheldFromViewers(_ flag: Components.Schemas.Flag) -> Components.Schemas.Flag {
        guard OrganisationAccess.current?.seesSensitive != true else { return flag }
        var withheld = flag
        withheld.reason = nil
        withheld.silenceReason = nil
        return withheld
    }

    func flagHistory(_ input: Operations.FlagHistory.Input) async throws -> Operations.FlagHistory.Output {
        let id = try uuid(input.path.id, "flag")
        let (flag, events) = try await inOrganisation { try FlagBook($0).history(id.uuidString) }
        let sensitive = OrganisationAccess.current?.seesSensitive == true
        let items = try events.map { event in
            Components.Schemas.FlagEvent(
                occurredAt: event.occurredAt, event: word(event.kind), severity: word(event.severity),
                actor: event.actor, reason: event.reasonIsPersonal && !sensitive ? nil : event.reason,
                resolution: optionalWord(event.resolution), snoozedUntil: event.snoozedUntil?.description,
                suppressedBy: event.suppressedBy?.apiText, silenceId: event.silence?.apiText,
                evidence: try event.evidence.map { .init(additionalProperties: try objectContainer($0)) })
        }
        return .ok(.init(body: .json(.init(flag: withheldFromViewers(try .init(flag)), events: items))))
    }

    func explainStakeholder(
        _ input: Operations.ExplainStakeholder.Input
    ) async throws
        -> Operations.ExplainStakeholder.Output
    {
        let id = try uuid(input.path.id, "stakeholder")
        let instant = input.query.asOf ?? .now
        let explanation = try await inOrganisation { try RuleEngine($0).explain(.id(id), asOf: instant) }
        let rules = explanation.readings.map { reading in
            Components.Schemas.Explanation.RulesPayloadPayload(
                code: reading.rule, guideline: reading.guideline, fires: reading.fires, reasoning: reading.reasoning,
                severity: optionalWord(reading.finding?.severity), message: reading.finding?.message,
                standing: reading.finding == nil ? nil : .init(rawValue: reading.standing.overlay?.rawValue ?? "open"),
                opensOn: reading.standing.opensOn?.description, suppressedByRule: reading.standing.suppressedByRule,
                silencedUntil: reading.standing.silence?.until.description)
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        stakeholder: explanation.subject.key, asOf: explanation.asOf,
                        facts: .init(additionalProperties: try objectContainer(explanation.subject.facts)), rules: rules
                    ))))
    }
}
