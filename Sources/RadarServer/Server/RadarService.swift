internal import Foundation
import Hummingbird
import Logging
import Metrics
import Postgres
import RadarStore
import ServiceLifecycle

/// `radar serve`: runs the HTTP service until SIGTERM or SIGINT, then lets in-flight requests finish.
public enum RadarService {
    public static func run(_ configuration: ServerConfiguration) async throws {
        var logger = Logger(label: "radar.server")
        logger.logLevel = configuration.logLevel
        var pool = ConnectionPoolConfiguration(conninfo: configuration.databaseURL, size: configuration.poolSize,
                                               acquireTimeout: configuration.acquireTimeout)
        pool.applicationName = "radar serve"
        let database = RadarDatabase(pool: ConnectionPool(configuration: pool, logger: logger), logger: logger)
        let dependencies = ServerDependencies(database: database, logger: logger)
        // Libraries that report through swift-metrics land in the same registry `/metrics` renders.
        MetricsSystem.bootstrap(dependencies.metrics.factory)
        let application = try buildApplication(configuration, dependencies)
        let group = ServiceGroup(configuration: .init(
            services: [application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.info("radar serve starting", metadata: [
            "address": .string("\(configuration.hostname):\(configuration.port)"),
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
