import Hummingbird

/// `/organisation` (POST): moves the session to another of the person's organisations.
enum SwitchOrganisationPage {
    static let routes: [WebRoute] = [
        .post("/organisation", .member(.read), switchOrganisation)
    ]

    static func switchOrganisation(_ page: PageRequest) async throws -> Response {
        let user = try page.user
        guard let slug = page.form["slug"], user.principal.memberships[slug] != nil else { throw WebError.forbidden }
        try await page.site.sessions.switchOrganisation(to: slug, for: user)
        return page.redirect(to: "/")
    }
}
