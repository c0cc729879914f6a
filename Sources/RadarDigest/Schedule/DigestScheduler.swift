import Foundation
import Logging
import Postgres
import RadarDomain
import RadarStore

/// The scheduled work of every organisation, done once across any number of instances: the weekly digest at the
/// organisation's configured weekday and time, and the nightly rule check and snapshot. `radar serve` calls
/// `tick()` every minute; `radar digest run-schedule` calls it once.
///
/// Each organisation's jobs run in one transaction that first takes the organisation's ledger lock with
/// `pg_try_advisory_xact_lock` (an instance that finds it taken leaves the work to the holder) and then looks up the
/// job's row in `schedule_runs`, written in the same transaction as the work. A run missed while every instance was
/// down is the latest one due, so it is done once at the next tick; older missed weeks are left to
/// `radar digest send --week`.
public struct DigestScheduler: Sendable {
    public var database: RadarDatabase
    public var delivery: DeliveryWorker
    /// Only these organisations (for `--org` and tests); nil means every organisation.
    public var organisations: [String]?
    public var logger: Logger

    public init(
        database: RadarDatabase, delivery: DeliveryWorker, organisations: [String]? = nil,
        logger: Logger = Logger(label: "radar.schedule")
    ) {
        self.database = database
        self.delivery = delivery
        self.organisations = organisations
        self.logger = logger
    }

    /// The scheduled jobs.
    public enum Job: String, Sendable, Hashable {
        case weeklyDigest = "weekly_digest"
        case nightlyCheck = "nightly_check"
        /// One owner's daily notice (its period is the owner's own day).
        case ownerNotice = "owner_notice"
    }

    /// One job this tick did (or tried).
    public struct Run: Sendable, Hashable {
        public var organisation: String
        public var job: Job
        /// The week's Monday for the digest, the local day for the check.
        public var period: CalendarDate
        public var due: Date
        /// What happened, in words: `archived`, `archived quiet, held back`, `checked`, or the error.
        public var outcome: String
        public var succeeded: Bool
        /// The digest's publishing, for the weekly job.
        public var digest: DigestPublisher.Outcome?
    }

    /// What one tick did.
    public struct Report: Sendable {
        public var now: Date
        public var runs: [Run] = []
        /// Organisations whose jobs another instance was doing at the time.
        public var busy: [String] = []
        public var deliveries: [DeliveryAttempt] = []
        /// Owners' notices sent or tried by this tick.
        public var notices: [NoticeAttempt] = []
        /// Organisations whose tick failed as a whole (database unreachable, …), with the error.
        public var failures: [String: String] = [:]
    }

    enum Query {
        static let hasRun = "SELECT count(*) > 0 AS done FROM schedule_runs WHERE job = $1 AND period = $2"
        static let record = """
            INSERT INTO schedule_runs (org_id, job, period, due_at, ran_at, outcome)
            VALUES (radar_current_org(), $1, $2, $3, $4, $5)
            ON CONFLICT (org_id, job, period) DO NOTHING
            """
    }

    /// One tick at the database's clock, the same "now" for every instance.
    public func tick() async throws -> Report {
        try await tick(now: database.now())
    }

    /// One tick as if it were `now`: every job due and not yet done is done, then due deliveries are sent.
    public func tick(now: Date) async throws -> Report {
        var report = Report(now: now)
        let slugs: [String]
        if let organisations {
            slugs = organisations
        } else {
            slugs = try await Organisations(database: database).list().map(\.slug)
        }
        for slug in slugs {
            do {
                switch try await runJobs(of: slug, now: now) {
                case .busy: report.busy.append(slug)
                case .ran(let runs): report.runs += runs
                }
            } catch {
                report.failures[slug] = String(describing: error)
                logger.error("scheduled jobs failed", metadata: ["org": "\(slug)", "error": "\(error)"])
            }
            do {
                report.deliveries += try await delivery.run(organisation: slug, now: now)
            } catch {
                report.failures[slug] = String(describing: error)
                logger.error("digest delivery failed", metadata: ["org": "\(slug)", "error": "\(error)"])
            }
            do {
                let notices = NoticeWorker(
                    database: delivery.database, configuration: delivery.configuration, logger: delivery.logger)
                report.notices += try await notices.run(organisation: slug, now: now)
            } catch {
                report.failures[slug] = String(describing: error)
                logger.error("owner notice delivery failed", metadata: ["org": "\(slug)", "error": "\(error)"])
            }
        }
        return report
    }

    private enum OrganisationTick: Sendable {
        case busy
        case ran([Run])
    }

    /// The organisation's due jobs in one transaction under its ledger lock; each job in a savepoint, so one
    /// failing leaves the other done.
    private func runJobs(of slug: String, now: Date) async throws -> OrganisationTick {
        let logger = logger
        return try await database.inOrganisation(slug, actor: "radar:scheduler") { tx in
            let publisher = DigestPublisher(tx)
            guard try publisher.tryLockLedger() else { return .busy }
            let schedule = try DigestSchedules(tx).current()
            guard schedule.enabled else { return .ran(ownerNotices(of: slug, now: now, tx)) }
            let zone = tx.organisation.zone
            var runs: [Run] = []
            // The digest first: its check is as of the week's end, earlier than the nightly check's instant.
            let (week, weekDue) = schedule.latestDueWeek(at: now, in: zone)
            if try !hasRun(.weeklyDigest, week.monday, tx) {
                var run = Run(
                    organisation: slug, job: .weeklyDigest, period: week.monday, due: weekDue,
                    outcome: "", succeeded: false)
                do {
                    try tx.connection.transaction { _ in
                        let outcome = try publisher.publish(
                            week: week, now: now, refresh: true,
                            skipEmpty: schedule.skipEmpty)
                        run.digest = outcome
                        run.outcome = outcome.summary
                        try record(run, now: now, tx)
                    }
                    run.succeeded = true
                    logger.info(
                        "weekly digest",
                        metadata: [
                            "org": "\(slug)", "week": "\(week)", "outcome": "\(run.outcome)",
                        ])
                } catch {
                    run.outcome = "failed: \(error)"
                    logger.error(
                        "weekly digest failed",
                        metadata: [
                            "org": "\(slug)", "week": "\(week)", "error": "\(error)",
                        ])
                }
                runs.append(run)
            }
            let (day, nightDue) = schedule.latestDueNight(at: now, in: zone)
            if try !hasRun(.nightlyCheck, day, tx) {
                var run = Run(
                    organisation: slug, job: .nightlyCheck, period: day, due: nightDue, outcome: "",
                    succeeded: false)
                do {
                    try tx.connection.transaction { _ in
                        let checked = try publisher.checkAndSnapshot(asOf: now)
                        run.outcome = checked ? "checked" : "snapshot only: the ledger was already past this instant"
                        try record(run, now: now, tx)
                    }
                    run.succeeded = true
                } catch {
                    run.outcome = "failed: \(error)"
                    logger.error(
                        "nightly check failed",
                        metadata: [
                            "org": "\(slug)", "day": "\(day)", "error": "\(error)",
                        ])
                }
                runs.append(run)
            }
            runs += ownerNotices(of: slug, now: now, tx)
            return .ran(runs)
        }
    }

    /// Every owner's notice due at `now` and not yet written, in a savepoint: written once per owner and day (its
    /// unique key), quiet when nothing changed for their people.
    private func ownerNotices(of slug: String, now: Date, _ tx: TenantTransaction) -> [Run] {
        let configuration = delivery.configuration
        do {
            let outcomes = try tx.connection.transaction { _ in
                try OwnerNotices(tx).writeDue(
                    at: now, signer: configuration.linkSigner, publicURL: configuration.publicURL)
            }
            return outcomes.map { outcome in
                Run(
                    organisation: slug, job: .ownerNotice, period: outcome.day, due: now,
                    outcome: outcome.status == "quiet"
                        ? "\(outcome.owner): nothing new, nothing sent"
                        : "\(outcome.owner): \(outcome.changes) changes queued",
                    succeeded: true)
            }
        } catch {
            logger.error("owner notices failed", metadata: ["org": "\(slug)", "error": "\(error)"])
            return [
                Run(
                    organisation: slug, job: .ownerNotice, period: CalendarDate(now, in: tx.organisation.zone),
                    due: now, outcome: "failed: \(error)", succeeded: false)
            ]
        }
    }

    private func hasRun(_ job: Job, _ period: CalendarDate, _ tx: TenantTransaction) throws -> Bool {
        try tx.connection.queryRow(Query.hasRun, [job.rawValue, period])?.decode("done") ?? false
    }

    private func record(_ run: Run, now: Date, _ tx: TenantTransaction) throws {
        try tx.connection.execute(Query.record, [run.job.rawValue, run.period, run.due, now, run.outcome])
    }
}
