import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RadarAccess
@testable import RadarServer
import RadarStore
import RadarTestSupport
@testable import RadarWeb
import Synchronization
import Testing

/// A clock the test moves by hand, so expiry never depends on today's date.
final class TestClock: Sendable {
    private let instant: Mutex<Date>

    init(_ start: Date) { instant = Mutex(start) }

    var now: Date { instant.withLock { $0 } }
    func advance(by seconds: TimeInterval) { instant.withLock { $0 = $0.addingTimeInterval(seconds) } }
    var webClock: WebClock { WebClock { [self] in self.now } }
}

/// Someone who can sign in to the pages.
struct WebMember: Sendable {
    var email: String
    var role: AccessRole
}

/// A browser's view of one signed-in session: the cookie and the CSRF token its pages carry.
struct Browser: Sendable {
    var sessionID: String
    var csrf: String

    var cookie: String { "\(WebSite.sessionCookie)=\(sessionID)" }
}

/// An organisation with a member in each role, a fixed clock, and the service's router around them.
struct WebFixture: Sendable {
    let org: Organisation
    let admin: WebMember
    let hr: WebMember
    let viewer: WebMember
    let clock: TestClock
    let dependencies: ServerDependencies
    let database: RadarDatabase
    /// Where this test's browser sits: the address the service's trusted proxy names in `X-Forwarded-For`.
    let clientAddress: String

    static let password = "a long enough pass phrase 42"
    /// 2026-03-04 10:00 UTC, a Wednesday: the tests' "now".
    static let start = Date(timeIntervalSince1970: 1_772_618_400)

    static func make(
        _ label: String = "web", timeZone: String = "UTC", policy: SessionPolicy = SessionPolicy(),
        proxies: [String] = WebFixture.proxies
    )
        async throws -> WebFixture
    {
        let database = try await TestDatabase.shared()
        let org = try await TestDatabase.newOrganisation(label, timeZone: timeZone)
        let accounts = Accounts(database: database, passwordCost: 4)
        func member(_ role: AccessRole) async throws -> WebMember {
            let email = "\(role.rawValue)-\(UUID().uuidString.prefix(8).lowercased())@example.org"
            try await accounts.addUser(
                email: email, displayName: "Test \(role.rawValue)", password: password,
                memberships: [org.slug: role], mustChangePassword: false, actor: "test")
            return WebMember(email: email, role: role)
        }
        let clock = TestClock(start)
        let dependencies = ServerDependencies(
            database: try await TestDatabase.asService(),
            web: WebOptions(clock: clock.webClock, sessionPolicy: policy, passwordCost: 4),
            trustedProxies: try TrustedProxies(parsing: proxies))
        return WebFixture(
            org: org, admin: try await member(.admin), hr: try await member(.hr), viewer: try await member(.viewer),
            clock: clock, dependencies: dependencies, database: database, clientAddress: testNetAddress())
    }

    func member(_ role: AccessRole) -> WebMember {
        switch role {
        case .admin: admin
        case .hr: hr
        case .viewer: viewer
        }
    }

    /// The service's trusted proxies in these tests: the loopback the test client connects from, as a reverse
    /// proxy on the same machine would.
    static let proxies = ["127.0.0.0/8", "::1"]

    /// A documentation address (RFC 3849) of its own for each test, so tests never share the login throttle's
    /// per-address counter, as separate browsers would not.
    static func testNetAddress() -> String {
        "2001:db8::" + (0..<4).map { _ in String(UInt16.random(in: 1...UInt16.max), radix: 16) }.joined(separator: ":")
    }

    /// Runs `body` with a client of the whole service (API and pages) on a loopback socket, its requests passing
    /// through a "proxy" that adds `X-Forwarded-For: <clientAddress>` as nginx's `$proxy_add_x_forwarded_for` does.
    func withClient<T: Sendable>(
        _ body: @Sendable @escaping (any TestClientProtocol) async throws -> T
    )
        async throws -> T
    {
        try await withClient(from: clientAddress, body)
    }

    /// `withClient(_:)` with the browser at `address` (nil: connecting directly, with no proxy in between).
    func withClient<T: Sendable>(
        from address: String?, _ body: @Sendable @escaping (any TestClientProtocol) async throws -> T
    )
        async throws -> T
    {
        let app = Application(router: try buildRouter(dependencies))
        return try await app.test(.live) { client in
            try await body(ProxiedClient(client: client, forwardedFor: address))
        }
    }

    /// A session for `member` made directly in the store (the login form has its own tests).
    func signIn(_ member: WebMember) async throws -> Browser {
        let sessions = WebSessions(database: database, policy: dependencies.web.sessionPolicy)
        let principal = Principal(
            userID: try await userID(member.email), email: member.email,
            displayName: "Test", memberships: [org.slug: member.role])
        let id = try await sessions.start(for: principal, organisation: org.slug, now: clock.now)
        let found = try #require(try await sessions.find(id: id, now: clock.now))
        return Browser(sessionID: id, csrf: found.csrfToken)
    }

    private func userID(_ email: String) async throws -> UUID {
        try await Accounts(database: database, passwordCost: 4).account(email: email).id
    }

    /// Runs `body` inside the organisation as the schema owner's tests do (to arrange data or read it back).
    func inOrganisation<T: Sendable>(_ body: @escaping @Sendable (TenantTransaction) throws -> T) async throws -> T {
        try await database.inOrganisation(org.slug, actor: "test", body)
    }
}

/// What a test reads from one page.
struct PageAnswer: Sendable {
    var status: Int
    var headers: HTTPFields
    var text: String

    var location: String? { headers[.location] }
    var setCookies: [String] { headers[values: .setCookie] }

    /// The Set-Cookie header for `name`, if the response set it.
    func setCookie(_ name: String) -> String? {
        setCookies.first { $0.hasPrefix(name + "=") }
    }

    /// The value a Set-Cookie gave `name`.
    func cookieValue(_ name: String) -> String? {
        setCookie(name).map { String($0.dropFirst(name.count + 1).prefix { $0 != ";" }) }
    }

    /// The value of the first hidden field `name` on the page.
    func hidden(_ name: String) -> String? {
        guard let range = text.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(text[range.upperBound...].prefix { $0 != "\"" })
    }
}

extension TestClientProtocol {
    /// Sends one page request, with the browser's cookie and, for a form, the fields url-encoded.
    func page(
        _ method: HTTPRequest.Method, _ path: String, as browser: Browser? = nil, cookie: String? = nil,
        extraHeaders: [String: String] = [:], form: [(String, String)]? = nil
    ) async throws -> PageAnswer {
        var headers: HTTPFields = [:]
        for (name, value) in extraHeaders { headers[HTTPField.Name(name)!] = value }
        let cookies = [browser?.cookie, cookie].compactMap { $0 }
        if !cookies.isEmpty { headers[.cookie] = cookies.joined(separator: "; ") }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(string: urlEncode(form))
        }
        let response = try await execute(uri: path, method: method, headers: headers, body: body)
        return PageAnswer(
            status: Int(response.status.code), headers: response.headers,
            text: String(buffer: response.body))
    }
}

extension TestClientProtocol {
    /// Opens the login form and posts `email` and `password` with the form's own token and cookie; `headers` go
    /// on the post (what the browser itself writes, such as its own `X-Forwarded-For`).
    func logIn(
        email: String, password: String, next: String = "", cookie extra: String? = nil,
        headers: [String: String] = [:]
    ) async throws -> PageAnswer {
        let form = try await page(.get, "/login")
        let token = try #require(form.hidden("_csrf"))
        let loginCookie = "\(WebSite.loginCookie)=\(try #require(form.cookieValue(WebSite.loginCookie)))"
        let cookie = [loginCookie, extra].compactMap { $0 }.joined(separator: "; ")
        return try await page(
            .post, "/login", cookie: cookie, extraHeaders: headers,
            form: [("_csrf", token), ("next", next), ("email", email), ("password", password)])
    }
}

func urlEncode(_ form: [(String, String)]) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return form.map { name, value in
        (name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "") + "="
            + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
    }.joined(separator: "&")
}

extension HTTPField.Name {
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}

/// A test client seen through a reverse proxy: each request gets the browser's address appended to its
/// `X-Forwarded-For`, after whatever the browser itself sent there.
struct ProxiedClient: TestClientProtocol {
    let client: any TestClientProtocol
    let forwardedFor: String?

    var port: Int? { client.port }

    func executeRequest(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?
    ) async throws -> TestResponse {
        var headers = headers
        if let forwardedFor {
            let sent = headers[values: .xForwardedFor]
            headers[values: .xForwardedFor] = []
            headers[.xForwardedFor] = (sent + [forwardedFor]).joined(separator: ", ")
        }
        return try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
    }
}
