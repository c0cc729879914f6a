internal import Foundation
import Hummingbird
import Logging
import Metrics
import Postgres
import RadarAccess
import RadarDigest
import RadarFeeds
import RadarStore
import RadarWeb
import ServiceLifecycle

/// `radar serve`: runs the HTTP service until SIGTERM or SIGINT, then lets in-flight requests finish.
public enum RadarService {
    public static func run(_ configuration: ServerConfiguration) async throws {
        var logger = Logger(label: "radar.server")
        logger.logLevel = configuration.logLevel
        var pool = ConnectionPoolConfiguration(
            conninfo: configuration.databaseURL, size: configuration.poolSize,
            acquireTimeout: configuration.acquireTimeout)
        pool.applicationName = "radar serve"
        let database = RadarDatabase(pool: ConnectionPool(configuration: pool, logger: logger), logger: logger)
        let dependencies = ServerDependencies(
            database: database, logger: logger,
            // Single sign-on's redirect URI is <RADAR_PUBLIC_URL>/sso/callback, the address registered at providers.
            web: WebOptions(
                publicURL: configuration.delivery.publicURL, linkSigner: configuration.delivery.linkSigner),
            metricsAccess: configuration.metricsToken.map(MetricsAccess.token) ?? .loopbackOnly,
            trustedProxies: configuration.trustedProxies)
        // Libraries that report through swift-metrics land in the same registry `/metrics` renders.
        MetricsSystem.bootstrap(dependencies.metrics.factory)
        var services: [any Service] = [try buildApplication(configuration, dependencies)]
        if configuration.scheduler {
            let delivery = DeliveryWorker(
                database: database, configuration: configuration.delivery,
                logger: Logger(label: "radar.delivery"))
            // Listed after the application, so graceful shutdown stops it first.
            services.append(
                SchedulerService(
                    scheduler: DigestScheduler(database: database, delivery: delivery),
                    metrics: dependencies.metrics, logger: Logger(label: "radar.schedule"),
                    housekeeping: WebHousekeeping(database: database, policy: dependencies.web.sessionPolicy),
                    idempotencyKeys: dependencies.idempotencyKeys,
                    calendarFeeds: CalendarFeedPoller(database: database)))
        }
        let group = ServiceGroup(
            configuration: .init(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.info(
            "radar serve starting",
            metadata: [
                "address": .string("\(configuration.hostname):\(configuration.port)"),
                "scheduler": .string(configuration.scheduler ? "on" : "off"),
            ])
        do {
            try await group.run()
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }
}
