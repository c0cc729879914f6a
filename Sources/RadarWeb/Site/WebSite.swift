import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OpenIDConnect
import RadarAccess
import RadarDigest
import RadarStore

/// What the site can be tuned with; tests pass a movable clock, short sessions and a cheap bcrypt cost.
public struct WebOptions: Sendable {
    public var clock: WebClock
    public var sessionPolicy: SessionPolicy
    /// Bcrypt cost of the decoy hash checked for unknown e-mails at login (12 in service, 4 in tests).
    public var passwordCost: UInt8
    /// Where people open the service (`RADAR_PUBLIC_URL`): single sign-on's redirect URI is its `/sso/callback`.
    /// Without it, the request's own host is used (http only for this machine, https otherwise).
    public var publicURL: String?
    /// The OpenID Connect client of single sign-on, with its cache of providers' documents and keys.
    public var openID: OpenIDClient
    /// Checks the one-click links of owners' notices (`RADAR_LINK_SECRET`); without it every such link is refused.
    public var linkSigner: NoticeLinkSigner?

    public init(
        clock: WebClock = .system, sessionPolicy: SessionPolicy = SessionPolicy(), passwordCost: UInt8 = 12,
        publicURL: String? = nil, openID: OpenIDClient = OpenIDClient(), linkSigner: NoticeLinkSigner? = nil
    ) {
        self.linkSigner = linkSigner
        self.clock = clock
        self.sessionPolicy = sessionPolicy
        self.passwordCost = passwordCost
        self.publicURL = publicURL
        self.openID = openID
    }
}

/// A request context the site can serve: it needs the caller's address for login throttling.
public protocol WebRequestContext: RequestContext {
    /// The caller's IP address as text, or "unknown": the service has already read a trusted proxy's header.
    var clientAddress: String { get }
}

/// The HR web pages: templates, assets, sessions and every route of `WebRoutes.all`, mounted on a router.
public struct WebSite: Sendable {
    public let database: RadarDatabase
    public let accounts: Accounts
    public let sessions: WebSessions
    public let signOn: SignOn
    let publicURL: String?
    let linkSigner: NoticeLinkSigner?
    public let clock: WebClock
    public let logger: Logger
    let templates: Templates
    let assets: Assets

    static let sessionCookie = "__Host-radar_session"
    /// Before sign-in there is no session to hold a CSRF token, so the login form pairs its token with this cookie.
    static let loginCookie = "__Host-radar_login"
    /// A sign-in gone to a provider: its `state`, so the callback is accepted only in the browser that left.
    static let signOnCookie = "__Host-radar_sign_on"
    static let maximumForm = 256 * 1024

    public init(
        database: RadarDatabase, options: WebOptions = WebOptions(), logger: Logger = Logger(label: "radar.web")
    )
        throws
    {
        self.database = database
        self.accounts = Accounts(database: database, passwordCost: options.passwordCost, logger: logger)
        self.sessions = WebSessions(database: database, policy: options.sessionPolicy)
        self.signOn = SignOn(database: database, client: options.openID, logger: logger)
        self.publicURL = options.publicURL
        self.linkSigner = options.linkSigner
        self.clock = options.clock
        self.logger = logger
        self.templates = try Templates.bundled()
        self.assets = try Assets.bundled()
    }

    /// Adds the pages' middleware (security headers, error pages) and every route to `router`. Call it after the
    /// API's routes: the middleware then wraps only the pages and the "not found" answer, and leaves `/api/` alone,
    /// and every path `isServiceRoute` claims (the operations endpoints), so the service answers those itself
    /// (a method they do not take is a 405 there, not this site's 404 page).
    public func register<Context: WebRequestContext>(
        on router: Router<Context>, isServiceRoute: @escaping @Sendable (String) -> Bool = { _ in false }
    ) {
        router.add(middleware: WebMiddleware<Context>(site: self, isServiceRoute: isServiceRoute))
        router.get("/assets/:name") { _, context in
            try assets.response(for: context.parameters.get("name") ?? "")
        }
        for route in WebRoutes.all {
            router.on(RouterPath(route.path), method: route.method) { request, context in
                try await respond(
                    route, request: request, parameters: context.parameters,
                    clientAddress: context.clientAddress)
            }
        }
    }

    /// The one gate every page passes: the session, the role, the CSRF token of every POST, then the handler.
    func respond(
        _ route: WebRoute, request: Request, parameters: Parameters, clientAddress: String
    )
        async throws -> Response
    {
        let now = clock.now()
        var request = request
        let cookie = request.cookies[Self.sessionCookie]?.value
        let signedIn = try await cookie.asyncMap { try await sessions.find(id: $0, now: now) } ?? nil
        var form = FormFields()
        if route.method == .post {
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: Self.maximumForm)
            } catch {
                throw WebError.tooLarge
            }
            form = FormFields(urlEncoded: String(buffer: body))
        }
        let page = PageRequest(
            request: request, parameters: parameters, site: self, signedIn: signedIn, form: form, now: now,
            clientAddress: clientAddress)
        do {
            if case .member(let permission) = route.access {
                guard let signedIn else { return page.redirectToLogin() }
                guard signedIn.may(permission) else { throw WebError.forbidden }
            }
            if route.method == .post { try checkCSRF(page, route: route) }
            var response = try await route.handler(page)
            // A cookie naming a session that has ended is cleared, so the browser stops sending it.
            if cookie != nil, signedIn == nil, response.headers[.setCookie] == nil {
                response.setCookie(Self.expiredCookie(Self.sessionCookie))
            }
            return response
        } catch let error as WebError {
            return page.errorPage(error)
        } catch StoreError.notFound {
            return page.errorPage(.notFound)
        }
    }

    /// Refuses a POST whose `_csrf` field does not match the session's token, before its handler can change
    /// anything. Routes open to anyone (the login form, made before there is a session) may instead match the
    /// login cookie's token, which only this site can set (`__Host-`) or read (HttpOnly).
    func checkCSRF(_ page: PageRequest, route: WebRoute) throws {
        let sent = page.form["_csrf"] ?? ""
        var expected = [page.signedIn?.csrfToken]
        if case .anyone = route.access { expected.append(page.request.cookies[Self.loginCookie]?.value) }
        guard
            expected.contains(where: { token in
                guard let token, !token.isEmpty else { return false }
                return Self.constantTimeEqual(sent, token)
            })
        else { throw WebError.csrfRefused }
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The session cookie: `__Host-` prefixed, so only this host over a secure context with `Path=/` may set it.
    static func sessionCookie(_ id: String, policy: SessionPolicy) -> Cookie {
        Cookie(
            name: sessionCookie, value: id, maxAge: Int(policy.absolute), path: "/", secure: true, httpOnly: true,
            sameSite: .lax)
    }

    static func loginCookie(_ token: String) -> Cookie {
        Cookie(name: loginCookie, value: token, path: "/", secure: true, httpOnly: true, sameSite: .lax)
    }

    static func expiredCookie(_ name: String) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: true, httpOnly: true, sameSite: .lax)
    }
}

extension Optional {
    /// `map` for an async transform.
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
