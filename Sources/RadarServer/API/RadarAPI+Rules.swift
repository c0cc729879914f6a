internal import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore

// The guidelines, the rule catalogue and the named queries.
extension RadarAPI {
    /// Columns of named queries that hold sensitive free text, withheld from roles that may not read it.
    static let sensitiveColumns: Set<String> = ["statement", "description", "notes", "mitigation"]

    func listGuidelines(_ input: Operations.ListGuidelines.Input) async throws -> Operations.ListGuidelines.Output {
        let items = try await inOrganisation { tx in
            try GuidelineCatalogue.all(tx).compactMap { guideline -> Components.Schemas.Guideline? in
                guard let code = Components.Schemas.GuidelineCode(rawValue: guideline.code) else { return nil }
                return .init(code: code, name: guideline.name, whatItAsks: guideline.whatItAsks)
            }
        }
        return .ok(.init(body: .json(.init(items: items))))
    }

    func listRules(_ input: Operations.ListRules.Input) async throws -> Operations.ListRules.Output {
        let rules = try await inOrganisation { try RuleEngine($0).rules() }
        return .ok(.init(body: .json(.init(items: rules.map { .init($0) }))))
    }

    func getRule(_ input: Operations.GetRule.Input) async throws -> Operations.GetRule.Output {
        let code = input.path.code
        let rule = try await inOrganisation { try RuleBook($0).find(code) }
        return .ok(.init(body: .json(.init(rule))))
    }

    func updateRule(_ input: Operations.UpdateRule.Input) async throws -> Operations.UpdateRule.Output {
        let code = input.path.code
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        let version = checks.version(body.version)
        checks.text(body.condition, "condition", max: TextLimit.ruleText)
        checks.text(body.escalationCondition, "escalation_condition", max: TextLimit.ruleText)
        checks.text(body.message, "message", max: TextLimit.ruleText)
        checks.text(body.nextStep, "next_step", max: TextLimit.ruleText)
        try checks.finish()
        let changes = RuleBook.Changes(
            condition: body.condition, severity: optionalWord(body.severity),
            escalationCondition: body.escalationCondition, escalationSeverity: optionalWord(body.escalationSeverity),
            message: body.message, nextStep: body.nextStep, enabled: body.enabled, forDays: body.forDays,
            suppresses: body.suppresses)
        let rule = try await inOrganisation { try RuleBook($0).update(code, changes, expectedVersion: version) }
        return .ok(.init(body: .json(.init(rule))))
    }

    func listQueries(_ input: Operations.ListQueries.Input) async throws -> Operations.ListQueries.Output {
        .ok(
            .init(
                body: .json(
                    .init(
                        items: NamedQuery.allCases.map {
                            .init(name: $0.rawValue, view: $0.viewName, description: $0.summary)
                        }))))
    }

    func runQuery(_ input: Operations.RunQuery.Input) async throws -> Operations.RunQuery.Output {
        guard let query = NamedQuery(rawValue: input.path.name) else {
            throw APIProblem.notFound("No such named query.")
        }
        let asOf = input.query.asOf
        let table = try await inOrganisation { try query.run(in: $0, asOf: asOf) }
        var keep = Array(table.columns.indices)
        if !(try access.seesSensitive) {
            keep = keep.filter { !Self.sensitiveColumns.contains(table.columns[$0]) }
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        columns: keep.map { table.columns[$0] }, rows: table.rows.map { row in keep.map { row[$0] } })))
        )
    }
}
