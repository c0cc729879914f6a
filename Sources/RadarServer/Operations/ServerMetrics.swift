import CoreMetrics
internal import Foundation
import Metrics
import Postgres
import Prometheus
import RadarDigest
import Synchronization

/// The service's metrics, in one Prometheus registry that `/metrics` renders.
package struct ServerMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory
    /// When this instance's scheduler last finished a tick (its lag is read against it).
    private let lastTick = LastTick()

    init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        ]
        self.factory = factory
    }

    /// Counts one answered request and records its latency, by route template (never the concrete path).
    func request(route: String, method: String, status: Int, duration: Duration) {
        let dimensions = [("route", route), ("method", method), ("status", String(status))]
        Counter(label: "radar_http_requests_total", dimensions: dimensions, factory: factory).increment()
        CoreMetrics.Timer(label: "radar_http_request_duration_seconds", dimensions: dimensions, factory: factory)
            .recordNanoseconds(Self.nanoseconds(duration))
    }

    /// Records how long one evaluation of an organisation's rules took.
    func ruleEvaluation(duration: Duration) {
        CoreMetrics.Timer(label: "radar_rule_evaluation_duration_seconds", dimensions: [], factory: factory)
            .recordNanoseconds(Self.nanoseconds(duration))
    }

    /// Records how long one tick of the digest scheduler took (due digests, nightly checks and deliveries).
    func schedulerTick(duration: Duration, failed: Bool) {
        CoreMetrics.Timer(
            label: "radar_digest_duration_seconds", dimensions: [("outcome", failed ? "failed" : "ok")],
            factory: factory
        ).recordNanoseconds(Self.nanoseconds(duration))
        lastTick.instant.withLock { $0 = .now }
    }

    /// How long ago this instance's scheduler last finished a tick (`radar_scheduler_lag_seconds`; -1 before the
    /// first, or when the scheduler is off), sampled when metrics are read.
    func schedulerLag() {
        let lag = lastTick.instant.withLock { $0.map { Self.seconds(ContinuousClock.now - $0) } } ?? -1
        Gauge(label: "radar_scheduler_lag_seconds", dimensions: [], factory: factory).record(lag)
    }

    /// The digest outbox across organisations (`radar_delivery_backlog()`), sampled when metrics are read.
    func deliveryBacklog(_ backlog: DeliveryBacklog) {
        for (state, count) in [("pending", backlog.pending), ("due", backlog.due), ("failed", backlog.failed)] {
            Gauge(label: "radar_delivery_backlog", dimensions: [("state", state)], factory: factory).record(count)
        }
        Gauge(label: "radar_delivery_oldest_due_seconds", dimensions: [], factory: factory)
            .record(backlog.oldestDueSeconds)
    }

    /// Sets the number of open flags of one severity in one organisation, labelled by the organisation's id.
    func openFlags(organisation: String, severity: String, count: Int) {
        Gauge(
            label: "radar_open_flags", dimensions: [("org_id", organisation), ("severity", severity)],
            factory: factory
        ).record(count)
    }

    /// The connection pool's bookkeeping, sampled when metrics are read.
    func pool(_ statistics: ConnectionPool.Statistics, _ borrowing: ConnectionPool.Borrowing) {
        Gauge(label: "radar_db_pool_connections_in_use", dimensions: [], factory: factory)
            .record(statistics.open - statistics.idle)
        Gauge(label: "radar_db_pool_connections_open", dimensions: [], factory: factory).record(statistics.open)
        Gauge(label: "radar_db_pool_waiting", dimensions: [], factory: factory).record(statistics.waiting)
        // Totals since the pool started: rate() of the wait over rate() of the borrows is the mean wait.
        Gauge(label: "radar_db_pool_acquisitions", dimensions: [], factory: factory).record(borrowing.acquisitions)
        Gauge(label: "radar_db_pool_waited_acquisitions", dimensions: [], factory: factory)
            .record(borrowing.waitedAcquisitions)
        Gauge(label: "radar_db_pool_wait_seconds", dimensions: [], factory: factory)
            .record(Self.seconds(borrowing.totalWait))
    }

    /// Everything in the Prometheus text format.
    func render() -> String {
        registry.emitToString()
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(nanoseconds(duration)) / 1_000_000_000
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

/// The instant of the scheduler's last finished tick, shared by every copy of `ServerMetrics`.
private final class LastTick: Sendable {
    let instant = Mutex<ContinuousClock.Instant?>(nil)
}
