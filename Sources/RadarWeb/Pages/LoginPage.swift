import Foundation
import Hummingbird
import RadarAccess

/// `/login`: the sign-in form, and signing in with RadarAccess's throttled check. A new session id every time.
enum LoginPage {
    static let routes: [WebRoute] = [
        .get("/login", .anyone, show),
        .post("/login", .anyone, logIn),
    ]

    static func show(_ page: PageRequest) async throws -> Response {
        let next = safeNext(page.query["next"])
        if page.signedIn != nil { return page.redirect(to: next) }
        // `/login?org=<slug>` names the organisation, so its provider's button can be offered by name.
        var provider: SignOnProvider?
        if let slug = page.query["org"], !slug.isEmpty, slug.count <= 100 {
            provider = try await page.site.signOn.providers.provider(organisation: slug)
        }
        return try form(page, email: "", next: next, failure: nil, status: .ok, provider: provider)
    }

    static func logIn(_ page: PageRequest) async throws -> Response {
        let next = safeNext(page.form["next"])
        let email = String((page.form["email"] ?? "").prefix(254))
        let password = String((page.form["password"] ?? "").prefix(1000))
        let principal: Principal
        do {
            principal = try await LoginThrottle.holdingBackFailures {
                try await page.site.accounts.logIn(
                    email: email, password: password, address: page.clientAddress, now: page.now)
            }
        } catch AccessError.invalidCredentials {
            return try form(
                page, email: email, next: next,
                failure: "That e-mail address and password do not match an account.", status: .unauthorized)
        } catch AccessError.passwordSignInOff(let provider) {
            return try form(
                page, email: email, next: next,
                failure: "Your organisation has switched password sign-in off. Sign in with \(provider) instead.",
                status: .forbidden)
        } catch AccessError.throttled(let seconds) {
            var response = try form(
                page, email: email, next: next,
                failure: "Too many failed attempts. Try again in \(waitWords(seconds)).", status: .tooManyRequests)
            response.headers[.retryAfter] = String(seconds)
            return response
        }
        if principal.mustChangePassword {
            // No session yet: the password an administrator set only opens the form that replaces it.
            return try PasswordPage.form(
                page, email: principal.email,
                notice: "Your password was set by an administrator. Choose your own to continue.", problems: [],
                status: .ok)
        }
        guard let organisation = principal.memberships.keys.sorted().first else {
            return try form(
                page, email: email, next: next,
                failure: "Your account does not belong to any organisation yet. Ask an administrator.",
                status: .forbidden)
        }
        // Whatever session the browser had ends here: a fixed id planted before sign-in never becomes a login.
        if let old = page.request.cookies[WebSite.sessionCookie]?.value { try await page.site.sessions.end(id: old) }
        let id = try await page.site.sessions.start(for: principal, organisation: organisation, now: page.now)
        var response = page.redirect(to: next)
        response.setCookie(WebSite.sessionCookie(id, policy: page.site.sessions.policy))
        response.setCookie(WebSite.expiredCookie(WebSite.loginCookie))
        return response
    }

    /// The form, with a fresh login CSRF token paired with its cookie (the browser has no session yet).
    static func form(
        _ page: PageRequest, email: String, next: String, failure: String?, status: HTTPResponse.Status,
        notice: String? = nil, provider: SignOnProvider? = nil
    ) throws -> Response {
        let token = WebSessions.randomToken()
        var values: [String: Any] = ["email": email, "next": next, "loginToken": token]
        if let provider {
            values["provider"] = [
                "label": provider.label,
                "start": "/sso/start?org=\(provider.organisation)&next="
                    + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "%2F"),
            ]
        }
        if let failure { values["failure"] = failure }
        if let notice { values["notice"] = notice }
        var response = try page.page("login", title: "Log in", values, status: status)
        response.setCookie(WebSite.loginCookie(token))
        return response
    }

    /// A throttle's wait in whole minutes, as a person reads it: "1 minute", "15 minutes".
    static func waitWords(_ seconds: Int) -> String {
        let minutes = max(1, (seconds + 59) / 60)
        return "\(minutes) minute\(minutes == 1 ? "" : "s")"
    }

    /// Where to go after signing in: a local path only (never `//host` or a scheme), else the radar.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"),
            !next.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\\" }),
            next.count <= 500, !next.hasPrefix("/login")
        else { return "/" }
        return next
    }
}
