import Foundation
import HummingbirdTesting
import RadarAccess
@testable import RadarWeb
import Testing

@Suite("The radar dashboard")
struct DashboardTests {
    @Test("every role sees the leaders ranked by risk, the sparkline and the grid", arguments: AccessRole.allCases)
    func everyRoleSeesTheRadar(role: AccessRole) async throws {
        let fixture = try await WebFixture.make("radar")
        try await PageTestData.addPeople(fixture)
        try await PageTestData.recordWithAda(
            fixture, fear: "Secret worry about diaries", commitment: "Private promise",
            notes: "Confidential notes text")
        let browser = try await fixture.signIn(fixture.member(role))
        try await fixture.withClient { client in
            let answer = try await client.page(.get, "/", as: browser)
            #expect(answer.status == 200)
            let text = answer.text
            // Ben has never been spoken to, so his score is lower than Ada's: he comes first.
            let ben = try #require(text.range(of: "Ben Osei</a>"))
            let ada = try #require(text.range(of: "Ada Lovell</a>"))
            #expect(ben.lowerBound < ada.lowerBound)
            #expect(text.contains("Last contact: <strong>2 days</strong>"))
            #expect(text.contains("no contact yet"))
            #expect(text.contains("<polyline class=\"spark\""))
            #expect(text.contains("class=\"badge eng-resistant\">resistant</span>"))
            #expect(text.contains("As of 4 March 2026, 10:00"))
            // The grid places everyone with influence and interest, the champion included, with a label.
            #expect(text.contains("<title>Cara Nyberg: leading (influence 2, interest 5)</title>"))
            // Dots are numbered, and the key under the grid names each one with a link and a word.
            #expect(text.contains("class=\"grid-key\""))
            #expect(
                text.range(
                    of:
                        #"<a href="/stakeholders/[0-9a-f-]{36}">Cara Nyberg</a> <span class="badge eng-leading">leading</span>"#,
                    options: .regularExpression) != nil)
            #expect(!text.contains("style="))
            for secret in ["Secret worry", "Private promise", "Confidential notes"] {
                #expect(!text.contains(secret), "the radar shows no sensitive text to \(role)")
            }
            #expect(text.contains("Record a conversation") == (role != .viewer))
            #expect(text.contains("href=\"/admin/users\"") == (role == .admin))
        }
    }

    @Test("an anonymous visitor is sent to the login page")
    func anonymousIsRedirected() async throws {
        let fixture = try await WebFixture.make("radar-anon")
        try await fixture.withClient { client in
            let answer = try await client.page(.get, "/")
            #expect(answer.status == 303)
            #expect(answer.location == "/login")
            let deep = try await client.page(.get, "/conversations/new")
            #expect(deep.location == "/login?next=%2Fconversations%2Fnew")
        }
    }

    @Test("the sparkline puts twelve weeks across the box, skipping weeks without a score")
    func sparklinePoints() {
        let line = Charts.sparkline([nil, 50] + Array(repeating: nil, count: 9) + [100])
        #expect(line.points == "10.9,15.0 120.0,2.0")
        #expect(abs((line.last?.x ?? 0) - 120) < 0.001)
    }
}

@Suite("Headers and errors of the pages")
struct PageHeaderTests {
    @Test(
        "pages carry a CSP without unsafe-inline, nosniff, same-origin referrers and no-store",
        arguments: ["/", "/login", "/no-such-page"])
    func securityHeaders(path: String) async throws {
        let fixture = try await WebFixture.make("headers")
        let browser = try await fixture.signIn(fixture.hr)
        try await fixture.withClient { client in
            // The login page is for visitors who are not signed in (it sends the signed-in on).
            let answer = try await client.page(.get, path, as: path == "/login" ? nil : browser)
            let csp = try #require(answer.headers[.contentSecurityPolicy])
            #expect(csp.contains("default-src 'none'"))
            #expect(csp.contains("script-src 'self'"))
            #expect(csp.contains("frame-ancestors 'none'"))
            #expect(!csp.contains("unsafe-inline"))
            #expect(answer.headers[.xContentTypeOptions] == "nosniff")
            #expect(answer.headers[.init("Referrer-Policy")!] == "same-origin")
            #expect(answer.headers[.cacheControl] == "no-store")
            #expect(answer.text.contains("<html lang=\"en\">"))
            #expect(answer.text.contains("class=\"skip-link\""))
        }
    }

    @Test("an unknown page is a readable 404 page, while the API keeps answering problem+json")
    func notFound() async throws {
        let fixture = try await WebFixture.make("notfound")
        try await fixture.withClient { client in
            let page = try await client.page(.get, "/no-such-page")
            #expect(page.status == 404)
            #expect(page.text.contains("Page not found"))
            let api = try await client.page(.get, "/api/v1/no-such-thing")
            #expect(api.status == 401, "the API asks for its bearer token first, as before")
            #expect(api.headers[.contentType]?.contains("problem+json") == true)
            #expect(api.headers[.contentSecurityPolicy] == nil)
        }
    }

    @Test("a method the operations endpoints do not take is the service's 405 with Allow, not a page")
    func operationsKeepTheirMethods() async throws {
        let fixture = try await WebFixture.make("ops405")
        try await fixture.withClient { client in
            for path in ["/healthz", "/readyz", "/metrics"] {
                let answer = try await client.page(.trace, path)
                #expect(answer.status == 405, "\(path)")
                #expect(answer.headers[.allow]?.contains("GET") == true, "\(path)")
                #expect(answer.headers[.contentType]?.contains("problem+json") == true, "\(path)")
            }
            #expect(try await client.page(.trace, "/no-such-page").status == 404)
        }
    }

    @Test("the style sheet and the script are served from /assets/")
    func assets() async throws {
        let fixture = try await WebFixture.make("assets")
        try await fixture.withClient { client in
            let css = try await client.page(.get, "/assets/radar.css")
            #expect(css.status == 200)
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.text.contains(".skip-link"))
            let script = try await client.page(.get, "/assets/radar.js")
            #expect(script.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(try await client.page(.get, "/assets/nothing.css").status == 404)
        }
    }
}
