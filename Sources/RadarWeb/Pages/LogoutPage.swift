import Hummingbird

/// `/logout`: ends the session on the server and clears the cookie.
enum LogoutPage {
    static let routes: [WebRoute] = [
        .post("/logout", .anyone, logOut)
    ]

    static func logOut(_ page: PageRequest) async throws -> Response {
        if let signedIn = page.signedIn { try await page.site.sessions.end(signedIn, address: page.clientAddress) }
        var response = page.redirect(to: "/login")
        response.setCookie(WebSite.expiredCookie(WebSite.sessionCookie))
        return response
    }
}
