import Foundation
import Hummingbird
import RadarAccess
import RadarDomain

/// `/admin/sso`: the organisation's single sign-on provider, as `radar sso …` and the API set it: shown with its
/// secret masked, set up or changed with a form (a blank secret keeps the one stored), or removed.
enum AdminSignOnPage {
    static let routes: [WebRoute] = [
        .get("/admin/sso", .member(.administer), show),
        .post("/admin/sso", .member(.administer), save),
        .post("/admin/sso/remove", .member(.administer), remove),
    ]

    /// The form as typed (lists one value a line; domains may also be separated by spaces or commas).
    struct SignOnForm {
        var label = ""
        var issuer = ""
        var clientID = ""
        var emailDomains = ""
        var groupClaim = "groups"
        var adminGroups = ""
        var hrGroups = ""
        var viewerGroups = ""
        var passwordSignIn = true

        init() {}

        init(_ provider: SignOnProvider) {
            label = provider.label
            issuer = provider.issuer
            clientID = provider.clientID
            emailDomains = provider.emailDomains.joined(separator: " ")
            groupClaim = provider.groupClaim
            adminGroups = provider.adminGroups.joined(separator: "\n")
            hrGroups = provider.hrGroups.joined(separator: "\n")
            viewerGroups = provider.viewerGroups.joined(separator: "\n")
            passwordSignIn = provider.passwordSignIn
        }

        init(_ fields: FormFields) {
            label = fields["label"] ?? ""
            issuer = fields["issuer"] ?? ""
            clientID = fields["client_id"] ?? ""
            emailDomains = fields["email_domains"] ?? ""
            groupClaim = fields["group_claim"] ?? ""
            adminGroups = fields["admin_groups"] ?? ""
            hrGroups = fields["hr_groups"] ?? ""
            viewerGroups = fields["viewer_groups"] ?? ""
            passwordSignIn = fields["password_sign_in"] == "on"
        }

        var values: [String: Any] {
            [
                "label": label, "issuer": issuer, "clientID": clientID, "emailDomains": emailDomains,
                "groupClaim": groupClaim, "adminGroups": adminGroups, "hrGroups": hrGroups,
                "viewerGroups": viewerGroups, "passwordSignIn": passwordSignIn,
            ]
        }

        /// The non-blank lines of a text area.
        static func lines(_ text: String) -> [String] {
            text.split(whereSeparator: \.isNewline).map(String.init)
                .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        }

        func provider(organisation: String, secret: String) -> SignOnProvider {
            SignOnProvider(
                organisation: organisation, label: label, issuer: issuer, clientID: clientID, clientSecret: secret,
                emailDomains: emailDomains.split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init),
                groupClaim: groupClaim, adminGroups: Self.lines(adminGroups), hrGroups: Self.lines(hrGroups),
                viewerGroups: Self.lines(viewerGroups), passwordSignIn: passwordSignIn)
        }
    }

    static func show(_ page: PageRequest) async throws -> Response {
        let current = try await page.site.signOn.providers.provider(organisation: try page.user.organisation)
        return try render(page, current: current, form: current.map(SignOnForm.init) ?? SignOnForm(), problems: [])
    }

    static func render(
        _ page: PageRequest, current: SignOnProvider?, form: SignOnForm, problems: [ValidationProblem],
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        var values: [String: Any] = ["form": form.values, "redirect": SignOnPage.redirectURI(page)]
        if let current {
            values["current"] = [
                "label": current.label, "issuer": current.issuer, "clientID": current.clientID,
                "secret": current.maskedSecret, "domains": current.emailDomains.joined(separator: ", "),
                "passwordSignIn": current.passwordSignIn ? "on" : "off",
            ]
        }
        for problem in problems {
            values[problem.field.description + "Error"] =
                problem.message.prefix(1).uppercased() + problem.message.dropFirst() + "."
        }
        if !problems.isEmpty { values["hasErrors"] = true }
        return try page.page("admin-sso", title: "Single sign-on", values, status: status)
    }

    static func save(_ page: PageRequest) async throws -> Response {
        let organisation = try page.user.organisation
        let form = SignOnForm(page.form)
        let providers = page.site.signOn.providers
        let current = try await providers.provider(organisation: organisation)
        // A blank secret keeps the stored one: the page never has it to fill in.
        let typed = page.form["client_secret"] ?? ""
        let secret = typed.isEmpty ? current?.clientSecret ?? "" : typed
        do {
            try await providers.add(
                form.provider(organisation: organisation, secret: secret), replacing: true, actor: try page.user.actor,
                member: try page.user.principal.userID)
        } catch let failure as ValidationFailure {
            return try render(
                page, current: current, form: form, problems: failure.problems, status: .unprocessableContent)
        }
        return try await page.redirect(
            to: "/admin/sso", flash: "Single sign-on is set up: people sign in with \(form.label.prefix(100)).")
    }

    static func remove(_ page: PageRequest) async throws -> Response {
        let organisation = try page.user.organisation
        let providers = page.site.signOn.providers
        guard try await providers.provider(organisation: organisation) != nil else {
            return try await page.redirect(to: "/admin/sso", flash: "Not changed: there was no provider to remove.")
        }
        try await providers.remove(organisation: organisation, actor: try page.user.actor)
        return try await page.redirect(
            to: "/admin/sso", flash: "Single sign-on is removed: members sign in with their passwords again.")
    }
}
