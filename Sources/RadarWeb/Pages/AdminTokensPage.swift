import Foundation
import Hummingbird
import RadarAccess
import RadarDomain
import RadarStore

/// `/admin/tokens`: the API tokens of this organisation's members (never their secrets); create one, whose secret
/// is shown on the answer page once and never again, and revoke one. Administrators only; `APITokens` does the
/// work as `radar token …` does, with the signed-in administrator as the audited actor. A token made here acts as
/// the administrator who makes it, never as another member: whoever holds a token can do all its owner can, and the
/// audit trail would name the owner for what the administrator did. A script gets an account of its own.
enum AdminTokensPage {
    static let routes: [WebRoute] = [
        .get("/admin/tokens", .member(.administer), show),
        .post("/admin/tokens", .member(.administer), create),
        .post("/admin/tokens/:id/revoke", .member(.administer), revoke),
    ]

    /// The create form as typed.
    struct CreateForm {
        var owner = ""
        var name = ""
        /// Days until it stops working, as typed.
        var days = String(Int(TokenLifetime.named / 86_400))
    }

    /// Why a token for someone else is refused.
    static let onlyYourOwn =
        "a token made here acts as you; for a script, add an account of its own, sign in as it and make its token "
        + "there (or ask an operator: `radar token create`)"

    static func show(_ page: PageRequest) async throws -> Response {
        try await render(page, form: CreateForm(), problems: [])
    }

    /// The organisation's members and their tokens (a token acts as its owner, so it belongs with their account).
    static func members(_ page: PageRequest) async throws -> (accounts: [UserAccount], tokens: [APITokenRecord]) {
        let user = try page.user
        let accounts = try await page.site.accounts.members(of: user.organisation, by: user.principal)
        let tokens = try await APITokens(database: page.site.database).ofMembers(of: user.organisation, by: user.principal)
        return (accounts, tokens)
    }

    static func render(
        _ page: PageRequest, form: CreateForm, problems: [ValidationProblem],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let zone = try await page.inOrganisation { $0.organisation.zone }
        let (_, tokens) = try await members(page)
        let now = Date.now
        let rows: [[String: Any]] = tokens.map { token in
            var row: [String: Any] = [
                "id": token.id.uuidString.lowercased(), "name": token.name, "owner": token.email,
                "created": AdminUsersPage.instant(token.createdAt, in: zone),
                "lastUsed": token.lastUsedAt.map { AdminUsersPage.instant($0, in: zone) } ?? "never",
                "expires": AdminUsersPage.instant(token.expiresAt, in: zone),
            ]
            if let revoked = token.revokedAt {
                row["revoked"] = AdminUsersPage.instant(revoked, in: zone)
                row["state"] = "revoked"
            } else if !token.isLive(at: now) {
                row["state"] = "expired"
            } else {
                row["live"] = true
                if token.isExpiringSoon(at: now) { row["expiring"] = true }
            }
            return row
        }
        let me = try page.user.principal
        let owners: [[String: Any]] = [["email": me.email, "name": me.displayName, "selected": true]]
        var values: [String: Any] = [
            "tokens": rows, "hasTokens": !rows.isEmpty, "owners": owners,
            "form": ["name": form.name, "days": form.days],
        ]
        for problem in problems {
            let field = ["name": "name", "expires": "days"][problem.field] ?? "owner"
            values[field + "Error"] = problem.message.prefix(1).uppercased() + problem.message.dropFirst() + "."
        }
        if !problems.isEmpty { values["hasErrors"] = true }
        return try page.page("admin-tokens", title: "API tokens", values, status: status)
    }

    /// Creates the token and answers with its secret on this page only: there is no redirect, so the secret is
    /// never stored for a later page, and the page is not cached (`no-store`).
    static func create(_ page: PageRequest) async throws -> Response {
        let user = try page.user
        let form = CreateForm(
            owner: page.form.text("owner") ?? "", name: page.form["name"] ?? "",
            days: page.form.text("days") ?? CreateForm().days)
        do {
            guard let days = Int(form.days), (1...Int(TokenLifetime.maximum / 86_400)).contains(days) else {
                throw ValidationFailure([
                    ValidationProblem(field: "expires", message: "give a whole number of days from 1 to 365")
                ])
            }
            guard form.owner.isEmpty || form.owner.lowercased() == user.principal.email.lowercased() else {
                throw ValidationFailure([
                    ValidationProblem(field: "user", message: Self.onlyYourOwn)
                ])
            }
            let (secret, token) = try await APITokens(database: page.site.database)
                .issueOwn(for: user.principal, name: form.name, lifetime: TimeInterval(days) * 86_400)
            return try page.page(
                "admin-token-created", title: "New API token",
                [
                    "secret": secret, "name": token.name, "owner": token.email,
                    "id": token.id.uuidString.lowercased(),
                    "expires": AdminUsersPage.instant(
                        token.expiresAt,
                        in: try await page.inOrganisation {
                            $0.organisation.zone
                        }),
                ])
        } catch let failure as ValidationFailure {
            return try await render(page, form: form, problems: failure.problems, status: .unprocessableContent)
        }
    }

    static func revoke(_ page: PageRequest) async throws -> Response {
        let user = try page.user
        guard let id = page.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw WebError.notFound }
        let (accounts, tokens) = try await members(page)
        guard let token = tokens.first(where: { $0.id == id }) else { throw WebError.notFound }
        if let owner = accounts.first(where: { $0.email == token.email }), !AdminUsersPage.mayManage(owner, by: user) {
            return try await page.redirect(
                to: "/admin/tokens",
                flash: "The token \"\(token.name)\" acts as \(token.email), who "
                    + "\(AdminUsersPage.beyondThisOrganisation).")
        }
        if token.isRevoked {
            return try await page.redirect(
                to: "/admin/tokens", flash: "The token \"\(token.name)\" was already revoked.")
        }
        try await APITokens(database: page.site.database).revoke(id: id, of: user.organisation, by: user.principal)
        return try await page.redirect(
            to: "/admin/tokens",
            flash: "The token \"\(token.name)\" of \(token.email) is revoked and refused from now on.")
    }
}
