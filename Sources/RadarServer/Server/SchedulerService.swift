internal import Foundation
import Logging
import RadarAccess
import RadarDigest
import RadarFeeds
import RadarWeb
import ServiceLifecycle

/// The digest scheduler inside `radar serve`: one `DigestScheduler` tick (due digests, nightly checks, due
/// deliveries) at start and then every `interval`, until graceful shutdown. Once-only across instances is the
/// scheduler's business (advisory locks and `schedule_runs`), so every instance may run this.
struct SchedulerService: Service {
    let scheduler: DigestScheduler
    let metrics: ServerMetrics
    let logger: Logger
    let interval: Duration
    /// The instant each tick acts at; nil means the database's clock, the same for every instance.
    let clock: (@Sendable () -> Date)?
    /// The web pages' clearing up (ended sessions, spent form ids), run after the digest work of every tick.
    let housekeeping: WebHousekeeping?
    /// The API's idempotency keys, forgotten once past their lifetime, after the digest work of every tick.
    let idempotencyKeys: IdempotencyKeys?
    /// Subscribed calendars, polled when due after the digest work of every tick.
    let calendarFeeds: CalendarFeedPoller?

    init(
        scheduler: DigestScheduler, metrics: ServerMetrics, logger: Logger,
        interval: Duration = .seconds(60), clock: (@Sendable () -> Date)? = nil,
        housekeeping: WebHousekeeping? = nil, idempotencyKeys: IdempotencyKeys? = nil,
        calendarFeeds: CalendarFeedPoller? = nil
    ) {
        self.calendarFeeds = calendarFeeds
        self.scheduler = scheduler
        self.housekeeping = housekeeping
        self.idempotencyKeys = idempotencyKeys
        self.metrics = metrics
        self.logger = logger
        self.interval = interval
        self.clock = clock
    }

    func run() async throws {
        logger.info("digest scheduler started", metadata: ["interval": "\(interval)"])
        // Graceful shutdown cancels the wait between ticks at once; a tick already running finishes its transaction.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await tick()
                try await Task.sleep(for: interval)
            }
        }
        logger.info("digest scheduler stopped")
    }

    /// One tick, timed; failures are logged by organisation, job and kind of error, never with digest content.
    func tick() async {
        let started = ContinuousClock.now
        var failed = false
        do {
            let report = if let clock { try await scheduler.tick(now: clock()) } else { try await scheduler.tick() }
            for (organisation, _) in report.failures.sorted(by: { $0.key < $1.key }) {
                failed = true
                logger.error("scheduled work of an organisation failed", metadata: ["org": "\(organisation)"])
            }
            for run in report.runs where !run.succeeded {
                failed = true
                logger.error(
                    "scheduled job failed",
                    metadata: [
                        "org": "\(run.organisation)", "job": "\(run.job.rawValue)", "period": "\(run.period)",
                    ])
            }
        } catch {
            failed = true
            logger.error("digest scheduler tick failed", metadata: ["error": "\(type(of: error))"])
        }
        // Sessions and idempotency keys expire on the service's own clock (the system's), so they are judged by it.
        let now = clock?() ?? Date()
        if let housekeeping, !(await clearUp("web housekeeping", { try await housekeeping.run(now: now) })) {
            failed = true
        }
        if let idempotencyKeys,
            !(await clearUp("idempotency key purge", { try await idempotencyKeys.purgeExpired(now: now) }))
        {
            failed = true
        }
        // Feeds are due by the database's clock, like the digest, unless a test set the clock.
        if let calendarFeeds, !(await clearUp("calendar feed polling", { try await poll(calendarFeeds) })) {
            failed = true
        }
        metrics.schedulerTick(duration: ContinuousClock.now - started, failed: failed)
    }

    /// Polls the feeds that are due; throws when any of them failed (each is logged and noted by the poller).
    private func poll(_ feeds: CalendarFeedPoller) async throws {
        let now = if let clock { clock() } else { try await feeds.database.now() }
        let outcomes = try await feeds.tick(now: now)
        if !outcomes.allSatisfy(\.succeeded) { throw FeedsFailed() }
    }

    /// Runs one clearing-up chore; a failure is logged by the chore's name and kind of error. Answers whether it
    /// succeeded.
    private func clearUp(_ chore: String, _ work: () async throws -> some Any) async -> Bool {
        do {
            _ = try await work()
            return true
        } catch {
            logger.error("\(chore) failed", metadata: ["error": "\(type(of: error))"])
            return false
        }
    }
}

/// At least one feed failed this tick; each failure is logged and noted on its feed by the poller.
private struct FeedsFailed: Error {}
