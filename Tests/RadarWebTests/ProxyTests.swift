import Foundation
import Hummingbird
import HummingbirdTesting
@testable import RadarServer
@testable import RadarWeb
import Testing

@Suite("Signing in behind a reverse proxy")
struct ProxyTests {
    /// A wrong password for nobody in particular; `forged` is what the browser itself writes in
    /// `X-Forwarded-For`, which its proxy then extends.
    func failToLogIn(_ client: any TestClientProtocol, forged: String? = nil) async throws -> PageAnswer {
        try await client.logIn(
            email: "nobody-\(UUID())@example.org", password: "guessing wrongly",
            headers: forged.map { ["X-Forwarded-For": $0] } ?? [:])
    }

    @Test("behind a trusted proxy, one client's failed sign-ins slow that client down and nobody else")
    func oneClientsFailuresStayItsOwn() async throws {
        let fixture = try await WebFixture.make("proxy-own")
        try await fixture.withClient { client in
            for _ in 1...4 {
                let answer = try await failToLogIn(client)
                #expect(answer.status == 401)
            }
            let refused = try await failToLogIn(client)
            #expect(refused.status == 429)
            #expect(refused.text.contains("Too many failed attempts"))
        }
        // Another browser behind the same proxy at the same instant.
        try await fixture.withClient(from: WebFixture.testNetAddress()) { client in
            let answer = try await client.logIn(email: fixture.hr.email, password: WebFixture.password)
            #expect(answer.status == 303)
        }
    }

    @Test("a client cannot escape its counter by writing X-Forwarded-For itself")
    func forgedHopsAreNotBelieved() async throws {
        let fixture = try await WebFixture.make("proxy-forged")
        try await fixture.withClient { client in
            for attempt in 1...4 {
                let answer = try await failToLogIn(client, forged: "198.51.100.\(attempt)")
                #expect(answer.status == 401)
            }
            let refused = try await failToLogIn(client, forged: "198.51.100.99")
            #expect(refused.status == 429)
        }
    }

    @Test("with no trusted proxy, X-Forwarded-For is ignored and the socket's address is counted")
    func withoutTrustTheHeaderIsIgnored() async throws {
        let fixture = try await WebFixture.make("proxy-none", proxies: [])
        // Straight from loopback, a new forged address on every attempt: still one counter.
        try await fixture.withClient(from: nil) { client in
            for attempt in 1...4 {
                let answer = try await failToLogIn(client, forged: "203.0.113.\(attempt)")
                #expect(answer.status == 401)
            }
            let refused = try await failToLogIn(client, forged: "203.0.113.99")
            #expect(refused.status == 429)
        }
    }

    @Test("/metrics is refused to a distant client whose request a local proxy passed on")
    func metricsStayLocalBehindAProxy() async throws {
        let fixture = try await WebFixture.make("proxy-metrics")
        try await fixture.withClient { client in
            let answer = try await client.execute(uri: "/metrics", method: .get)
            #expect(answer.status == .forbidden)
        }
        try await fixture.withClient(from: nil) { client in
            let answer = try await client.execute(uri: "/metrics", method: .get)
            #expect(answer.status == .ok)
        }
    }

    @Test("answers carry HSTS when a trusted proxy says the browser came over https, and only then")
    func strictTransportSecurityFollowsTheProxy() async throws {
        let overTLS = ["X-Forwarded-Proto": "https"]
        let fixture = try await WebFixture.make("proxy-hsts")
        try await fixture.withClient { client in
            let secure = try await client.page(.get, "/login", extraHeaders: overTLS)
            #expect(secure.headers[.strictTransportSecurity] == "max-age=31536000")
            let plain = try await client.page(.get, "/login")
            #expect(plain.headers[.strictTransportSecurity] == nil)
        }
        let direct = try await WebFixture.make("proxy-hsts-none", proxies: [])
        try await direct.withClient(from: nil) { client in
            let claimed = try await client.page(.get, "/login", extraHeaders: overTLS)
            #expect(claimed.headers[.strictTransportSecurity] == nil)
        }
    }

    @Test("one address flooding the endpoints anyone may call is slowed down; other addresses and signed-in pages are not")
    func anonymousFloodIsLimitedPerAddress() async throws {
        let fixture = try await WebFixture.make("flood")
        var dependencies = fixture.dependencies
        dependencies.anonymousRateLimit = AnonymousRateLimit(burst: 3, perSecond: 0.01)
        let browser = try await fixture.signIn(fixture.hr)
        let app = Application(router: try buildRouter(dependencies))
        try await app.test(.live) { socket in
            let flooder = ProxiedClient(client: socket, forwardedFor: "203.0.113.66")
            var answers: [Int] = []
            for path in ["/login", "/readyz", "/login", "/api/v1/login"] {
                answers.append(Int(try await flooder.execute(uri: path, method: .get).status.code))
            }
            #expect(Array(answers.prefix(3)) == [200, 200, 200])
            let refused = try await flooder.execute(uri: "/login", method: .get)
            #expect(refused.status == .tooManyRequests)
            #expect(Int(refused.headers[.retryAfter] ?? "") ?? 0 > 0)
            let neighbour = ProxiedClient(client: socket, forwardedFor: "203.0.113.67")
            let other = try await neighbour.execute(uri: "/login", method: .get)
            #expect(other.status == .ok)
            let signedIn = try await flooder.page(.get, "/", as: browser)
            #expect(signedIn.status == 200)
        }
    }
}
