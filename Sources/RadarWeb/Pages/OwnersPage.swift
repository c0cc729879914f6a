import Foundation
import Hummingbird
import RadarDomain
import RadarStore

/// `/owners`: who in HR looks after whom; HR picks people and gives them one owner (or none) in one go, through
/// `HROwners` as `radar owners assign` and the API do (all or nothing, audited).
enum OwnersPage {
    static let routes: [WebRoute] = [
        .get("/owners", .member(.read), show),
        .post("/owners", .member(.record), assign),
    ]

    static func show(_ page: PageRequest) async throws -> Response {
        try await render(page, problems: [])
    }

    static func render(
        _ page: PageRequest, problems: [ValidationProblem], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let (assignments, candidates) = try await page.inOrganisation { tx in
            (try HROwners(tx).assignments(), try HROwners(tx).candidates())
        }
        var values: [String: Any] = [
            "people": assignments.map {
                ["email": $0.email, "name": $0.name, "owner": $0.ownerName ?? "", "ownerEmail": $0.ownerEmail ?? "",
                 "hasOwner": $0.ownerEmail != nil]
            },
            "candidates": candidates.map { ["email": $0.email, "name": $0.name] },
            "mayAssign": try page.user.may(.record),
        ]
        if !problems.isEmpty {
            values["hasErrors"] = true
            values["errors"] = problems.map { ["message": "\($0.field): \($0.message)"] }
        }
        return try page.page("owners", title: "HR owners", values, status: status)
    }

    static func assign(_ page: PageRequest) async throws -> Response {
        let people = page.form.all("people")
        let owner = page.form["owner"].flatMap { $0.isEmpty ? nil : $0 }
        do {
            let changed = try await page.inOrganisation { try HROwners($0).assign(owner, to: people) }
            return try await page.redirect(
                to: "/owners",
                flash: "\(changed) of \(people.count) people now \(owner.map { "have \($0) as owner" } ?? "have no owner").")
        } catch let failure as ValidationFailure {
            return try await render(page, problems: failure.problems, status: .unprocessableContent)
        }
    }
}
