internal import Foundation
import RadarDomain
import RadarStore

// Who influences whom (issue 17): dated links between stakeholders, read by champion-unbacked and the cascade.
extension RadarAPI {
    func listInfluenceLinks(
        _ input: Operations.ListInfluenceLinks.Input
    ) async throws -> Operations.ListInfluenceLinks.Output {
        var checks = RequestChecks()
        if let email = input.query.email { checks.text(email, "email", max: TextLimit.email) }
        let on = checks.date(input.query.on, "on")
        try checks.finish()
        let email = input.query.email
        let links = try await inOrganisation { try InfluenceLinks($0).links(email: email, on: on) }
        return .ok(.init(body: .json(.init(items: links.map(Components.Schemas.InfluenceLink.init)))))
    }

    func addInfluenceLink(_ input: Operations.AddInfluenceLink.Input) async throws -> Operations.AddInfluenceLink.Output {
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.person, "person", max: TextLimit.email)
        checks.text(body.other, "other", max: TextLimit.email)
        let since = checks.date(body.since, "since")
        try checks.finish()
        let link = try await inOrganisation { tx in
            try InfluenceLinks(tx).add(
                person: body.person, kind: body.kind.rawValue, other: body.other, since: since,
                today: CalendarDate(.now, in: tx.organisation.zone))
        }
        return .created(.init(body: .json(.init(link))))
    }

    func endInfluenceLink(_ input: Operations.EndInfluenceLink.Input) async throws -> Operations.EndInfluenceLink.Output {
        let id = try uuid(input.path.link, "influence link")
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        let until = checks.date(body.until, "until")
        try checks.finish()
        let link = try await inOrganisation { tx in
            try InfluenceLinks(tx).end(id: id, on: until ?? CalendarDate(.now, in: tx.organisation.zone))
        }
        return .ok(.init(body: .json(.init(link))))
    }
}

extension Components.Schemas.InfluenceLink {
    init(_ link: InfluenceLink) {
        self.init(
            id: link.id.apiText, person: .init(email: link.person.email, name: link.person.name),
            kind: .init(rawValue: link.kind.rawValue)!, other: .init(email: link.other.email, name: link.other.name),
            since: link.since.description, until: link.until?.description, version: link.version)
    }
}
