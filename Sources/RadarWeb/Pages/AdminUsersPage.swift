import Foundation
import Hummingbird
import RadarAccess
import RadarDomain
import RadarStore

/// `/admin/users`: the organisation's members with their role and status; add a person, change a role, disable
/// or enable an account. Administrators only; every change goes through `Accounts` as `radar user …` does, with the
/// signed-in administrator as the audited actor.
enum AdminUsersPage {
    static let routes: [WebRoute] = [
        .get("/admin/users", .member(.administer), show),
        .post("/admin/users", .member(.administer), add),
        .post("/admin/users/role", .member(.administer), changeRole),
        .post("/admin/users/status", .member(.administer), changeStatus),
    ]

    /// The add form as typed (never the password, which is not sent back to the browser).
    struct AddForm {
        var email = ""
        var name = ""
        var role = AccessRole.viewer.rawValue
    }

    static func show(_ page: PageRequest) async throws -> Response {
        try await render(page, form: AddForm(), problems: [])
    }

    static func render(
        _ page: PageRequest, form: AddForm, problems: [ValidationProblem],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let user = try page.user
        let zone = try await page.inOrganisation { $0.organisation.zone }
        let members = try await page.site.accounts.members(of: user.organisation, by: user.principal)
        let rows: [[String: Any]] = members.map { account in
            let role = account.memberships[user.organisation] ?? .viewer
            var row: [String: Any] = [
                "email": account.email, "name": account.displayName, "roleWord": Words.role(role),
                "status": account.isDisabled ? "disabled" : "active", "created": instant(account.createdAt, in: zone),
                "roles": roleChoices(selected: role.rawValue), "key": String(account.id.uuidString.prefix(8)),
            ]
            if account.id == user.principal.userID {
                row["isYou"] = true
            } else if account.isDisabled {
                row["mayEnable"] = true
            } else {
                row["mayDisable"] = true
            }
            return row
        }
        var values: [String: Any] = [
            "members": rows, "hasMembers": !rows.isEmpty,
            "form": ["email": form.email, "name": form.name, "roles": roleChoices(selected: form.role)],
            "minimumLength": page.site.accounts.policy.minimumLength,
        ]
        var errors: [String: String] = [:]
        for problem in problems {
            let field =
                ["email": "email", "name": "name", "password": "password", "role": "role", "org": "role"][
                    problem.field.formName] ?? "email"
            // The store's messages continue the field's name ("is required"): give them one to continue.
            let subject = [
                "email": "The e-mail address", "name": "The name", "password": "The password",
                "role": "The role",
            ][field]!
            let message =
                problem.message.hasPrefix("is ") || problem.message.hasPrefix("must ")
                ? "\(subject) \(problem.message)."
                : problem.message.prefix(1).uppercased() + problem.message.dropFirst() + "."
            errors[field] = errors[field].map { "\($0) \(message)" } ?? message
        }
        for (field, message) in errors { values[field + "Error"] = message }
        if !problems.isEmpty { values["hasErrors"] = true }
        return try page.page("admin-users", title: "Users", values, status: status)
    }

    static func roleChoices(selected: String) -> [[String: Any]] {
        AccessRole.allCases.map { role in
            ["value": role.rawValue, "label": Words.role(role), "selected": role.rawValue == selected]
        }
    }

    /// "2026-03-04 10:00" on the organisation's wall clock.
    static func instant(_ date: Date, in zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    static func add(_ page: PageRequest) async throws -> Response {
        let user = try page.user
        let form = AddForm(
            email: page.form["email"] ?? "", name: page.form["name"] ?? "",
            role: page.form["role"] ?? "")
        let password = page.form["password"] ?? ""
        guard let role = AccessRole(rawValue: form.role) else {
            return try await render(
                page, form: form,
                problems: [
                    ValidationProblem(field: "role", message: "choose administrator, HR or viewer")
                ], status: .unprocessableContent)
        }
        do {
            let account = try await page.site.accounts.addMember(
                email: form.email, displayName: form.name, password: password, role: role,
                to: user.organisation, by: user.principal)
            return try await page.redirect(
                to: "/admin/users", flash: "\(account.email) can now sign in as \(Words.role(role)).")
        } catch let failure as ValidationFailure {
            return try await render(page, form: form, problems: failure.problems, status: .unprocessableContent)
        }
    }

    /// The account `email` if it belongs to this organisation; 404 otherwise, so no other organisation's people
    /// can be touched from here.
    static func member(_ page: PageRequest, email: String?) async throws -> UserAccount {
        let user = try page.user
        guard let email, !email.isEmpty else { throw WebError.badRequest("The form did not say whose account.") }
        guard let account = try await page.site.accounts.member(email, of: user.organisation, by: user.principal)
        else { throw WebError.notFound }
        return account
    }

    /// Whether `user` may act on `account` as a whole (disable it, or make a token acting as it): an account and
    /// its tokens reach every organisation it belongs to, so the administrator must administer each of them.
    static func mayManage(_ account: UserAccount, by user: SignedIn) -> Bool {
        account.memberships.keys.allSatisfy { user.principal.role(in: $0) == .admin }
    }

    /// Why an account cannot be managed from here, for the flash and the form.
    static let beyondThisOrganisation =
        "also belongs to an organisation you do not administer, so only an "
        + "administrator of every one of its organisations (or an operator with `radar user`) can change it"

    static func changeRole(_ page: PageRequest) async throws -> Response {
        let user = try page.user
        let account = try await member(page, email: page.form.text("email"))
        guard let role = page.form.text("role").flatMap(AccessRole.init(rawValue:)) else {
            throw WebError.badRequest("Choose administrator, HR or viewer.")
        }
        // An administrator demoting themselves could leave the organisation with nobody to undo it.
        guard account.id != user.principal.userID else {
            return try await page.redirect(
                to: "/admin/users", flash: "You cannot change your own role; ask another administrator.")
        }
        try await page.site.accounts.setRole(role, of: account.email, in: user.organisation, by: user.principal)
        return try await page.redirect(to: "/admin/users", flash: "\(account.email) is now \(Words.role(role)).")
    }

    static func changeStatus(_ page: PageRequest) async throws -> Response {
        let user = try page.user
        let account = try await member(page, email: page.form.text("email"))
        guard account.id != user.principal.userID else {
            return try await page.redirect(to: "/admin/users", flash: "You cannot disable your own account.")
        }
        guard mayManage(account, by: user) else {
            return try await page.redirect(to: "/admin/users", flash: "\(account.email) \(beyondThisOrganisation).")
        }
        switch page.form.text("action") {
        case "disable":
            try await page.site.accounts.setDisabled(
                true, email: account.email, in: user.organisation, by: user.principal)
            return try await page.redirect(
                to: "/admin/users", flash: "\(account.email) can no longer sign in, and their API tokens are refused.")
        case "enable":
            try await page.site.accounts.setDisabled(
                false, email: account.email, in: user.organisation, by: user.principal)
            return try await page.redirect(to: "/admin/users", flash: "\(account.email) can sign in again.")
        default:
            throw WebError.badRequest("The form did not say whether to disable or enable the account.")
        }
    }
}
