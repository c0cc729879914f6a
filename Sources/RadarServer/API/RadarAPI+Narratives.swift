internal import Foundation
import RadarDomain
import RadarStore

// Narratives and tensions (G02) and the benefits register (G03), issue 17.
extension RadarAPI {
    func listNarratives(_ input: Operations.ListNarratives.Input) async throws -> Operations.ListNarratives.Output {
        let items = try await inOrganisation { try Narratives($0).narratives() }
        return .ok(.init(body: .json(.init(items: items.map(Components.Schemas.Narrative.init)))))
    }

    func addNarrative(_ input: Operations.AddNarrative.Input) async throws -> Operations.AddNarrative.Output {
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.title, "title", max: TextLimit.line)
        checks.text(body.statement, "statement", max: TextLimit.paragraph)
        let day = checks.date(body.recordedOn, "recorded_on")
        try checks.finish()
        let narrative = try await inOrganisation { tx in
            try Narratives(tx).addNarrative(
                kind: body.kind.rawValue, title: body.title, statement: body.statement,
                on: day ?? CalendarDate(.now, in: tx.organisation.zone))
        }
        return .created(.init(body: .json(.init(narrative))))
    }

    func listTensions(_ input: Operations.ListTensions.Input) async throws -> Operations.ListTensions.Output {
        let items = try await inOrganisation { try Narratives($0).tensions() }
        return .ok(.init(body: .json(.init(items: items.map(Components.Schemas.Tension.init)))))
    }

    func logTension(_ input: Operations.LogTension.Input) async throws -> Operations.LogTension.Output {
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.statedValue, "stated_value", max: TextLimit.paragraph)
        checks.text(body.rewardedBehaviour, "rewarded_behaviour", max: TextLimit.paragraph)
        checks.text(body.raisedBy, "raised_by", max: TextLimit.email)
        let raisedOn = checks.date(body.raisedOn, "raised_on")
        let discussedOn = checks.date(body.discussedOn, "discussed_on")
        try checks.finish()
        let tension = try await inOrganisation { tx in
            try Narratives(tx).logTension(
                statedValue: body.statedValue, rewardedBehaviour: body.rewardedBehaviour, raisedBy: body.raisedBy,
                raisedOn: raisedOn ?? CalendarDate(.now, in: tx.organisation.zone), discussedOn: discussedOn)
        }
        return .created(.init(body: .json(.init(tension))))
    }

    func discussTension(_ input: Operations.DiscussTension.Input) async throws -> Operations.DiscussTension.Output {
        let id = try uuid(input.path.id, "tension")
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        let day = checks.date(body.discussedOn, "discussed_on")
        try checks.finish()
        let tension = try await inOrganisation { tx in
            try Narratives(tx).discussed(tension: id, on: day ?? CalendarDate(.now, in: tx.organisation.zone))
        }
        return .ok(.init(body: .json(.init(tension))))
    }

    func listBenefits(_ input: Operations.ListBenefits.Input) async throws -> Operations.ListBenefits.Output {
        let ref = input.path.ref
        let items = try await inOrganisation { tx in
            try Benefits(tx).benefits(initiative: try Initiatives(tx).find(ref: ref).ref)
        }
        return .ok(.init(body: .json(.init(items: items.map(Components.Schemas.Benefit.init)))))
    }

    func addBenefit(_ input: Operations.AddBenefit.Input) async throws -> Operations.AddBenefit.Output {
        let ref = input.path.ref
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.measure, "measure", max: TextLimit.line)
        let day = checks.date(body.baselineOn, "baseline_on")
        try checks.finish()
        let benefit = try await inOrganisation { tx in
            try Benefits(tx).add(
                initiative: ref, measure: body.measure, baseline: body.baseline,
                on: day ?? CalendarDate(.now, in: tx.organisation.zone))
        }
        return .created(.init(body: .json(.init(benefit))))
    }

    func readBenefit(_ input: Operations.ReadBenefit.Input) async throws -> Operations.ReadBenefit.Output {
        let ref = input.path.ref
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.measure, "measure", max: TextLimit.line)
        for (index, email) in (body.seenBy ?? []).enumerated() {
            checks.text(email, "seen_by[\(index)]", max: TextLimit.email)
        }
        let day = checks.date(body.measuredOn, "measured_on")
        try checks.finish()
        let benefit = try await inOrganisation { tx in
            try Benefits(tx).read(
                initiative: ref, measure: body.measure, value: body.value,
                on: day ?? CalendarDate(.now, in: tx.organisation.zone), seenBy: body.seenBy ?? [])
        }
        return .created(.init(body: .json(.init(benefit))))
    }
}

extension Components.Schemas.Narrative {
    init(_ narrative: Narrative) {
        self.init(
            id: narrative.id.apiText, kind: word(narrative.kind), title: narrative.title,
            statement: narrative.statement, recordedOn: narrative.recordedOn.description)
    }
}

extension Components.Schemas.Tension {
    init(_ tension: Tension) {
        self.init(
            id: tension.id.apiText, statedValue: tension.statedValue, rewardedBehaviour: tension.rewardedBehaviour,
            raisedBy: tension.raisedBy, raisedOn: tension.raisedOn.description,
            discussedOn: tension.discussedOn?.description, version: tension.version)
    }
}

extension Components.Schemas.Benefit {
    init(_ benefit: Benefit) {
        self.init(
            id: benefit.id.apiText, initiative: benefit.initiativeRef, measure: benefit.measure,
            baseline: benefit.baseline, baselineOn: benefit.baselineOn.description,
            readings: benefit.readings.map {
                .init(measuredOn: $0.measuredOn.description, value: $0.value, seenBy: $0.seenBy)
            })
    }
}
