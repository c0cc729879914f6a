internal import Foundation
import Postgres
import RadarDomain
import RadarStore

extension RadarAPI {
    func listStakeholders(
        _ input: Operations.ListStakeholders.Input
    ) async throws
        -> Operations.ListStakeholders.Output
    {
        let query = input.query
        var checks = RequestChecks()
        checks.text(query.function, "function", max: TextLimit.line)
        try checks.finish()
        let filter = Stakeholders.Filter(
            tier: optionalWord(query.tier), role: optionalWord(query.role), function: query.function,
            engagement: optionalWord(query.engagement), includeLeft: query.includeLeft ?? false)
        let request = try PageRequest(limit: query.limit, cursor: query.cursor)
        let page = try await inOrganisation { try Stakeholders($0).list(filter, page: request) }
        return .ok(.init(body: .json(.init(items: page.items.map { .init($0) }, nextCursor: page.nextCursor?.token))))
    }

    func createStakeholder(
        _ input: Operations.CreateStakeholder.Input
    ) async throws
        -> Operations.CreateStakeholder.Output
    {
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.name, "name", max: TextLimit.line)
        checks.text(body.email, "email", max: TextLimit.email)
        checks.text(body.title, "title", max: TextLimit.line)
        checks.text(body.function, "function", max: TextLimit.line)
        checks.text(body.hrOwnerEmail, "hr_owner_email", max: TextLimit.email)
        try checks.finish()
        let draft = StakeholderDraft(
            name: body.name, email: body.email, title: body.title, tier: body.tier.rawValue, role: body.role?.rawValue,
            function: body.function, influence: body.influence, interest: body.interest,
            engagement: body.engagement?.rawValue, desiredEngagement: body.desiredEngagement?.rawValue,
            hrOwnerEmail: body.hrOwnerEmail)
        let stakeholder = try await inOrganisation { try Stakeholders($0).add(draft) }
        return .created(.init(body: .json(.init(stakeholder))))
    }

    func getStakeholder(_ input: Operations.GetStakeholder.Input) async throws -> Operations.GetStakeholder.Output {
        let id = try uuid(input.path.id, "stakeholder")
        let stakeholder = try await inOrganisation { try Stakeholders($0).find(id: id) }
        return .ok(.init(body: .json(.init(stakeholder))))
    }

    func updateStakeholder(
        _ input: Operations.UpdateStakeholder.Input
    ) async throws
        -> Operations.UpdateStakeholder.Output
    {
        let id = try uuid(input.path.id, "stakeholder")
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        let version = checks.version(body.version)
        checks.text(body.name, "name", max: TextLimit.line)
        checks.text(body.email, "email", max: TextLimit.email)
        checks.text(body.title, "title", max: TextLimit.line)
        checks.text(body.function, "function", max: TextLimit.line)
        checks.text(body.hrOwnerEmail, "hr_owner_email", max: TextLimit.email)
        let leftOn = checks.date(body.leftOn, "left_on")
        try checks.finish()
        var changes = StakeholderChanges()
        changes.name = body.name
        changes.email = body.email
        changes.title = body.title
        changes.tier = body.tier?.rawValue
        changes.role = body.role?.rawValue
        changes.function = body.function
        changes.influence = body.influence
        changes.interest = body.interest
        changes.engagement = body.engagement?.rawValue
        changes.desiredEngagement = body.desiredEngagement?.rawValue
        changes.hrOwnerEmail = body.hrOwnerEmail
        let finalChanges = changes
        let stakeholder = try await inOrganisation { tx in
            let stakeholders = Stakeholders(tx)
            let current = try stakeholders.find(id: id)
            var updated = try stakeholders.update(email: current.email, expectedVersion: version, finalChanges)
            if let leftOn { updated = try stakeholders.leave(email: updated.email, on: leftOn) }
            return updated
        }
        return .ok(.init(body: .json(.init(stakeholder))))
    }
}

// A stakeholder's other e-mail addresses.
extension RadarAPI {
    func getStakeholderAliases(
        _ input: Operations.GetStakeholderAliases.Input
    ) async throws -> Operations.GetStakeholderAliases.Output {
        let id = try uuid(input.path.id, "stakeholder")
        let aliases = try await inOrganisation { tx in
            try StakeholderAliases(tx).aliases(of: try Stakeholders(tx).find(id: id).email)
        }
        return .ok(.init(body: .json(.init(aliases: aliases))))
    }

    func replaceStakeholderAliases(
        _ input: Operations.ReplaceStakeholderAliases.Input
    ) async throws -> Operations.ReplaceStakeholderAliases.Output {
        let id = try uuid(input.path.id, "stakeholder")
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        let aliases = try await inOrganisation { tx in
            try StakeholderAliases(tx).replace(of: try Stakeholders(tx).find(id: id).email, with: body.aliases)
        }
        return .ok(.init(body: .json(.init(aliases: aliases))))
    }
}
