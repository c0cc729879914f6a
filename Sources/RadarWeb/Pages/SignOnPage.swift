import Foundation
import Hummingbird
import RadarAccess

/// `/sso/start` and `/sso/callback`: signing in through the organisation's OpenID Connect provider. The start finds
/// the provider by organisation or e-mail domain and sends the browser there; the callback, in the same browser
/// only, finishes the sign-in and starts a session exactly as the password form does.
enum SignOnPage {
    static let routes: [WebRoute] = [
        .get("/sso/start", .anyone, start),
        .get("/sso/callback", .anyone, callback),
    ]

    static func start(_ page: PageRequest) async throws -> Response {
        let next = LoginPage.safeNext(page.query["next"])
        let email = String((page.query["email"] ?? "").prefix(254)).trimmingCharacters(in: .whitespaces)
        let organisation = String((page.query["org"] ?? "").prefix(100))
        let provider: SignOnProvider?
        if !organisation.isEmpty {
            provider = try await page.site.signOn.providers.provider(organisation: organisation)
        } else {
            let found = try await page.site.signOn.providers.providers(forEmail: email)
            // A domain several organisations claim cannot choose for the person: their organisation's link can.
            guard found.count <= 1 else {
                return try LoginPage.form(
                    page, email: email, next: next,
                    failure: "Several organisations sign in with that e-mail domain. "
                        + "Use your organisation's sign-in link, or ask an administrator for it.",
                    status: .conflict)
            }
            provider = found.first
        }
        guard let provider else {
            let what = organisation.isEmpty ? "that e-mail address" : "that organisation"
            return try LoginPage.form(
                page, email: email, next: next,
                failure: "No single sign-on is set up for \(what). "
                    + "Sign in with your password, or ask an administrator.",
                status: .notFound)
        }
        let departure: SignOn.Departure
        do {
            departure = try await page.site.signOn.start(
                with: provider, redirectURI: redirectURI(page), next: next, now: page.now)
        } catch let error as SignOnError {
            return try LoginPage.form(
                page, email: email, next: next, failure: sentence(error), status: .badGateway)
        }
        var response = Response(status: .found, headers: [.location: departure.url.absoluteString])
        response.setCookie(
            Cookie(
                name: WebSite.signOnCookie, value: departure.state, maxAge: Int(SignOn.attemptLifetime), path: "/",
                secure: true, httpOnly: true, sameSite: .lax))
        return response
    }

    static func callback(_ page: PageRequest) async throws -> Response {
        let query = page.query
        let state = String((query["state"] ?? "").prefix(100))
        if let error = query["error"] {
            // The person declined, or the provider would not sign them in: say so in its words, briefly.
            let detail = (query["error_description"] ?? error).prefix(200)
            var response = try LoginPage.form(
                page, email: "", next: "/", failure: "The sign-in provider did not sign you in: \(detail)",
                status: .unauthorized)
            response.setCookie(WebSite.expiredCookie(WebSite.signOnCookie))
            return response
        }
        // A callback the browser did not start (a link planted by someone else) is refused before anything is used.
        let kept = page.request.cookies[WebSite.signOnCookie]?.value ?? ""
        guard !state.isEmpty, WebSite.constantTimeEqual(kept, state) else {
            return try LoginPage.form(
                page, email: "", next: "/",
                failure: "This sign-in did not start in this browser, or has already been used. Start again here.",
                status: .badRequest)
        }
        let arrival: SignOn.Arrival
        do {
            arrival = try await page.site.signOn.finish(
                state: state, code: String((query["code"] ?? "").prefix(2000)), redirectURI: redirectURI(page),
                address: page.clientAddress, now: page.now)
        } catch let error as SignOnError {
            let status: HTTPResponse.Status =
                switch error {
                case .attemptUnknown: .badRequest
                case .provider: .unauthorized
                default: .forbidden
                }
            var response = try LoginPage.form(page, email: "", next: "/", failure: sentence(error), status: status)
            response.setCookie(WebSite.expiredCookie(WebSite.signOnCookie))
            return response
        }
        // As at the password form: whatever session the browser had ends, and a new id is issued.
        if let old = page.request.cookies[WebSite.sessionCookie]?.value { try await page.site.sessions.end(id: old) }
        let id = try await page.site.sessions.start(
            for: arrival.principal, organisation: arrival.organisation, now: page.now)
        var response = page.redirect(to: LoginPage.safeNext(arrival.next))
        response.setCookie(WebSite.sessionCookie(id, policy: page.site.sessions.policy))
        response.setCookie(WebSite.expiredCookie(WebSite.signOnCookie))
        return response
    }

    /// Where the provider sends the browser back: the configured public address, else this request's host.
    static func redirectURI(_ page: PageRequest) -> String {
        if let base = page.site.publicURL {
            return (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/sso/callback"
        }
        let host = page.request.head.authority ?? "localhost"
        let bare = host.split(separator: ":").first.map(String.init)?.lowercased() ?? host
        let local = bare == "localhost" || bare.hasPrefix("127.") || host.hasPrefix("[::1]")
        return "\(local ? "http" : "https")://\(host)/sso/callback"
    }

    /// A refusal as the sign-in page says it: the error's words, as a sentence.
    static func sentence(_ error: SignOnError) -> String {
        let text = error.description
        return text.prefix(1).uppercased() + text.dropFirst() + "."
    }
}
