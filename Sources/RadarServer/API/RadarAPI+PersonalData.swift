internal import Foundation
internal import OpenAPIRuntime
import RadarStore

// A person's data on their request (GDPR articles 15 and 17); admins only.
extension RadarAPI {
    func exportPersonalData(
        _ input: Operations.ExportPersonalData.Input
    ) async throws
        -> Operations.ExportPersonalData.Output
    {
        let id = try uuid(input.path.id, "stakeholder")
        let document = try await inOrganisation { tx in
            try PersonalData(tx).export(email: try Stakeholders(tx).find(id: id).email)
        }
        let object = try JSONDecoder().decode(OpenAPIObjectContainer.self, from: Data(document.utf8))
        return .ok(.init(body: .json(object)))
    }

    func eraseStakeholder(
        _ input: Operations.EraseStakeholder.Input
    ) async throws
        -> Operations.EraseStakeholder.Output
    {
        let id = try uuid(input.path.id, "stakeholder")
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        let confirm = body.confirm
        let erasure = try await inOrganisation { tx in
            let email = try Stakeholders(tx).find(id: id).email
            return confirm
                ? try PersonalData(tx).erase(email: email) : try PersonalData(tx).previewErasure(email: email)
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        erased: confirm, counts: erasure.counts.map { .init(what: $0.what, rows: $0.rows) }))))
    }
}
