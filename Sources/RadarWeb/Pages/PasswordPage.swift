import Foundation
import Hummingbird
import RadarAccess
import RadarDomain

/// `/password`: a person replaces their password with one they choose, proving the current one as a sign-in
/// does. Open to anyone, because a password an administrator set must be replaced before its first session;
/// signed-in people reach it from the header. Afterwards every session of theirs has ended and they sign in again.
enum PasswordPage {
    static let routes: [WebRoute] = [
        .get("/password", .anyone, show),
        .post("/password", .anyone, change),
    ]

    static func show(_ page: PageRequest) async throws -> Response {
        try form(page, email: page.signedIn?.principal.email ?? "", notice: nil, problems: [], status: .ok)
    }

    static func change(_ page: PageRequest) async throws -> Response {
        let email = String((page.form["email"] ?? "").prefix(254))
        let current = String((page.form["current"] ?? "").prefix(1000))
        let new = String((page.form["new"] ?? "").prefix(1000))
        guard new == (page.form["repeat"] ?? "") else {
            return try form(
                page, email: email, notice: nil,
                problems: [ValidationProblem(field: "repeat", message: "does not match the new password")],
                status: .unprocessableContent)
        }
        do {
            try await LoginThrottle.holdingBackFailures {
                try await page.site.accounts.changePassword(
                    email: email, current: current, new: new, address: page.clientAddress, now: page.now)
            }
        } catch AccessError.invalidCredentials {
            return try form(
                page, email: email, notice: nil,
                problems: [
                    ValidationProblem(field: "current", message: "that e-mail address and password do not match")
                ], status: .unauthorized)
        } catch AccessError.passwordSignInOff(let provider) {
            return try form(
                page, email: email, notice: nil,
                problems: [
                    ValidationProblem(
                        field: "current",
                        message: "your organisation has switched password sign-in off; sign in with \(provider)")
                ], status: .forbidden)
        } catch AccessError.throttled(let seconds) {
            var response = try form(
                page, email: email, notice: nil,
                problems: [
                    ValidationProblem(
                        field: "current",
                        message: "too many failed attempts; try again in \(LoginPage.waitWords(seconds))")
                ], status: .tooManyRequests)
            response.headers[.retryAfter] = String(seconds)
            return response
        } catch let failure as ValidationFailure {
            let problems = failure.problems.map {
                ValidationProblem(field: $0.field.description == "newPassword" ? "new" : "current", message: $0.message)
            }
            return try form(page, email: email, notice: nil, problems: problems, status: .unprocessableContent)
        }
        var response = try LoginPage.form(
            page, email: email, next: "/", failure: nil, status: .ok,
            notice: "Your password is changed. Log in with the new one.")
        response.setCookie(WebSite.expiredCookie(WebSite.sessionCookie))
        return response
    }

    /// The form, with a fresh CSRF token paired with its cookie, as the login form has (there may be no session).
    static func form(
        _ page: PageRequest, email: String, notice: String?, problems: [ValidationProblem],
        status: HTTPResponse.Status
    ) throws -> Response {
        let token = WebSessions.randomToken()
        var values: [String: Any] = ["email": email, "passwordToken": token]
        if let notice { values["notice"] = notice }
        for problem in problems {
            values[problem.field.description + "Error"] =
                problem.message.prefix(1).uppercased() + problem.message.dropFirst() + "."
        }
        if !problems.isEmpty { values["hasErrors"] = true }
        var response = try page.page("password", title: "Change your password", values, status: status)
        response.setCookie(WebSite.loginCookie(token))
        return response
    }
}
