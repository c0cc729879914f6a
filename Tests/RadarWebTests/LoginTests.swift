import Foundation
import HummingbirdTesting
import RadarAccess
@testable import RadarWeb
import Testing

@Suite("Logging in and out of the pages")
struct LoginTests {
    @Test("a right password starts a session with a __Host- cookie that is Secure, HttpOnly and SameSite=Lax")
    func successSetsTheSessionCookie() async throws {
        let fixture = try await WebFixture.make("login")
        try await fixture.withClient { client in
            let answer = try await client.logIn(
                email: fixture.hr.email, password: WebFixture.password,
                next: "/conversations/new")
            #expect(answer.status == 303)
            #expect(answer.location == "/conversations/new")
            let cookie = try #require(answer.setCookie(WebSite.sessionCookie))
            #expect(cookie.contains("Secure"))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains("Domain"))
            let id = try #require(answer.cookieValue(WebSite.sessionCookie))
            let radar = try await client.page(.get, "/", cookie: "\(WebSite.sessionCookie)=\(id)")
            #expect(radar.status == 200)
            #expect(radar.text.contains(fixture.org.name))
            #expect(radar.text.contains("(HR)"))
        }
    }

    @Test("a wrong password says so without saying which part was wrong, and starts no session")
    func failureIsGeneric() async throws {
        let fixture = try await WebFixture.make("login-bad")
        try await fixture.withClient { client in
            let wrong = try await client.logIn(email: fixture.hr.email, password: "not the password at all")
            let unknown = try await client.logIn(email: "nobody-\(UUID())@example.org", password: "whatever it is")
            for answer in [wrong, unknown] {
                #expect(answer.status == 401)
                #expect(answer.text.contains("do not match an account"))
                #expect(answer.setCookie(WebSite.sessionCookie) == nil)
            }
            #expect(wrong.text.contains("value=\"\(fixture.hr.email)\""))
        }
    }

    @Test("a password an administrator set leads to the form that replaces it, not to a session")
    func adminPasswordLeadsToTheChangeForm() async throws {
        let fixture = try await WebFixture.make("login-first")
        let email = "newcomer-\(UUID().uuidString.prefix(8).lowercased())@example.org"
        try await Accounts(database: fixture.database, passwordCost: 4).addUser(
            email: email, displayName: "Newcomer", password: WebFixture.password,
            memberships: [fixture.org.slug: .hr], actor: "test")
        let chosen = "copper-meadow-lantern-64"
        try await fixture.withClient { client in
            let first = try await client.logIn(email: email, password: WebFixture.password)
            #expect(first.status == 200)
            #expect(first.setCookie(WebSite.sessionCookie) == nil)
            #expect(first.text.contains("Choose your own to continue"))
            #expect(first.text.contains("action=\"/password\""))

            let token = try #require(first.hidden("_csrf"))
            let cookie = "\(WebSite.loginCookie)=\(try #require(first.cookieValue(WebSite.loginCookie)))"
            let mismatch = try await client.page(
                .post, "/password", cookie: cookie,
                form: [
                    ("_csrf", token), ("email", email), ("current", WebFixture.password), ("new", chosen),
                    ("repeat", chosen + "x"),
                ])
            #expect(mismatch.status == 422)
            #expect(mismatch.text.contains("Does not match the new password."))

            let changed = try await client.page(
                .post, "/password", cookie: cookie,
                form: [
                    ("_csrf", token), ("email", email), ("current", WebFixture.password), ("new", chosen),
                    ("repeat", chosen),
                ])
            #expect(changed.status == 200)
            #expect(changed.text.contains("Your password is changed"))

            let again = try await client.logIn(email: email, password: chosen)
            #expect(again.status == 303)
            #expect(again.setCookie(WebSite.sessionCookie) != nil)
        }
    }

    @Test("a form larger than any page's form gets a 413 page, not a failure")
    func anOversizedFormIs413() async throws {
        let fixture = try await WebFixture.make("login-huge")
        try await fixture.withClient { client in
            let answer = try await client.page(
                .post, "/login",
                form: [("email", "a@example.org"), ("password", String(repeating: "x", count: 300_000))])
            #expect(answer.status == 413)
            #expect(answer.text.contains("This form is too large"))
        }
    }

    @Test("a login form posted without its token is refused and signs nobody in")
    func loginWithoutTokenIsRefused() async throws {
        let fixture = try await WebFixture.make("login-csrf")
        try await fixture.withClient { client in
            let answer = try await client.page(
                .post, "/login",
                form: [
                    ("email", fixture.hr.email), ("password", WebFixture.password),
                ])
            #expect(answer.status == 403)
            #expect(answer.text.contains("nothing was saved"))
            #expect(answer.setCookie(WebSite.sessionCookie) == nil)
        }
    }

    @Test("signing in replaces a session id the browser already had, and the old one stops working")
    func loginRotatesTheSessionID() async throws {
        let fixture = try await WebFixture.make("login-rotate")
        let old = try await fixture.signIn(fixture.viewer)
        try await fixture.withClient { client in
            let answer = try await client.logIn(
                email: fixture.hr.email, password: WebFixture.password,
                cookie: old.cookie)
            let new = try #require(answer.cookieValue(WebSite.sessionCookie))
            #expect(new != old.sessionID)
            let stale = try await client.page(.get, "/", as: old)
            #expect(stale.status == 303)
            #expect(stale.location == "/login")
        }
    }

    @Test(
        "next is followed only to a local path",
        arguments: [
            ("/fears?status=open", "/fears?status=open"), ("//evil.example/x", "/"), ("https://evil.example", "/"),
            ("/\\evil.example", "/"), ("", "/"),
        ])
    func nextStaysLocal(next: String, expected: String) {
        #expect(LoginPage.safeNext(next) == expected)
    }

    @Test("logging out deletes the session on the server, so a kept copy of the cookie opens nothing")
    func logoutEndsTheSession() async throws {
        let fixture = try await WebFixture.make("logout")
        let browser = try await fixture.signIn(fixture.hr)
        try await fixture.withClient { client in
            #expect(try await client.page(.get, "/", as: browser).status == 200)
            let out = try await client.page(.post, "/logout", as: browser, form: [("_csrf", browser.csrf)])
            #expect(out.status == 303)
            #expect(out.setCookie(WebSite.sessionCookie)?.contains("Max-Age=0") == true)
            let after = try await client.page(.get, "/", as: browser)
            #expect(after.status == 303)
            #expect(after.location == "/login")
        }
    }

    @Test("a logout form without the CSRF token is refused and the session lives on")
    func logoutNeedsTheToken() async throws {
        let fixture = try await WebFixture.make("logout-csrf")
        let browser = try await fixture.signIn(fixture.hr)
        try await fixture.withClient { client in
            let out = try await client.page(.post, "/logout", as: browser, form: [("_csrf", "forged")])
            #expect(out.status == 403)
            #expect(try await client.page(.get, "/", as: browser).status == 200)
        }
    }

    @Test("a session ends after the idle time without requests, and requests keep it alive until then")
    func idleExpiry() async throws {
        let fixture = try await WebFixture.make(
            "idle", policy: SessionPolicy(idle: 600, absolute: 3600, touchInterval: 0))
        let browser = try await fixture.signIn(fixture.hr)
        try await fixture.withClient { client in
            fixture.clock.advance(by: 500)
            #expect(try await client.page(.get, "/", as: browser).status == 200)
            fixture.clock.advance(by: 500)
            #expect(try await client.page(.get, "/", as: browser).status == 200, "the request at 500 s refreshed it")
            fixture.clock.advance(by: 601)
            let expired = try await client.page(.get, "/", as: browser)
            #expect(expired.status == 303)
            #expect(expired.location == "/login")
        }
    }

    @Test("a session ends at the absolute limit even when used all along")
    func absoluteExpiry() async throws {
        let fixture = try await WebFixture.make(
            "absolute",
            policy: SessionPolicy(idle: 600, absolute: 1500, touchInterval: 0))
        let browser = try await fixture.signIn(fixture.hr)
        try await fixture.withClient { (client: any TestClientProtocol) async throws -> Void in
            for _ in 0..<2 {
                fixture.clock.advance(by: 500)
                #expect(try await client.page(.get, "/", as: browser).status == 200)
            }
            fixture.clock.advance(by: 500)
            #expect(try await client.page(.get, "/", as: browser).status == 303)
        }
    }
}
