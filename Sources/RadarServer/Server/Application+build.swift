internal import Foundation
import Hummingbird
import Logging
import OpenAPIHummingbird
internal import OpenAPIRuntime
import Postgres
import RadarAccess
import RadarStore
import RadarWeb

/// What the service is built from; tests build it around their own database.
package struct ServerDependencies: Sendable {
    package var database: RadarDatabase
    package var metrics: ServerMetrics
    package var logger: Logger
    /// The web pages' clock, session lifetimes and login cost; tests shorten and move them.
    package var web: WebOptions
    /// The API's idempotency keys: the middleware keeps them, the scheduler forgets the spent ones.
    package var idempotencyKeys: IdempotencyKeys
    /// Who may read `/metrics`.
    package var metricsAccess: MetricsAccess
    /// The reverse proxies whose `X-Forwarded-For` names the caller.
    package var trustedProxies: TrustedProxies
    /// How often one address may call the endpoints anyone may call.
    package var anonymousRateLimit = AnonymousRateLimit()

    package init(
        database: RadarDatabase, logger: Logger = Logger(label: "radar.server"), web: WebOptions = WebOptions(),
        metricsAccess: MetricsAccess = .loopbackOnly, trustedProxies: TrustedProxies = .none
    ) {
        self.metricsAccess = metricsAccess
        self.trustedProxies = trustedProxies
        self.database = database
        self.idempotencyKeys = IdempotencyKeys(database: database)
        self.metrics = ServerMetrics()
        self.logger = logger
        self.web = web
    }
}

/// The one composition point: the router with its middleware, the generated handlers and the route table.
package func buildRouter(_ dependencies: ServerDependencies) throws -> Router<RadarRequestContext> {
    let router = Router(context: RadarRequestContext.self, options: .autoGenerateHeadEndpoints)
    let routes = RouteTable()
    // Middleware applies to routes added after it, so it all goes first, outermost first.
    router.add(middleware: ForwardedRequestMiddleware(proxies: dependencies.trustedProxies))
    router.add(
        middleware: ObservationMiddleware<RadarRequestContext>(
            logger: dependencies.logger, metrics: dependencies.metrics))
    router.add(middleware: ProblemMiddleware<RadarRequestContext>(routes: routes))
    router.add(middleware: AnonymousRateLimitMiddleware(limit: dependencies.anonymousRateLimit))
    router.add(middleware: MetricsAccessMiddleware(access: dependencies.metricsAccess))
    router.add(middleware: HTMLSandboxMiddleware())
    router.add(middleware: AuthenticationMiddleware(tokens: APITokens(database: dependencies.database)))
    router.add(middleware: JSONBodyMiddleware())
    let api = RadarAPI(
        database: dependencies.database, metrics: dependencies.metrics, openID: dependencies.web.openID)
    try api.registerHandlers(
        on: RecordingTransport(router: router, table: routes), serverURL: URL(string: "/")!,
        configuration: Configuration(dateTranscoder: LenientDateTranscoder()),
        // Authorisation first: a stored answer is replayed only to a caller who may still make the request.
        middlewares: [AuthorisationMiddleware(), IdempotencyMiddleware(keys: dependencies.idempotencyKeys)])
    // The HR pages come after the API, so their middleware wraps only them and the "not found" answer.
    try WebSite(database: dependencies.database, options: dependencies.web, logger: dependencies.logger)
        .register(on: router) { path in !routes.methods(matching: path).isEmpty }
    return router
}

/// The HTTP application on `configuration`'s address.
package func buildApplication(
    _ configuration: ServerConfiguration, _ dependencies: ServerDependencies
) throws -> some ApplicationProtocol {
    Application(
        router: try buildRouter(dependencies),
        configuration: .init(
            address: .hostname(configuration.hostname, port: configuration.port),
            serverName: "radar"),
        logger: dependencies.logger)
}

extension RadarRequestContext: WebRequestContext {}
