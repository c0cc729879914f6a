import ArgumentParser
import Foundation
import Postgres
import RadarDigest
import RadarDomain
import RadarStore

extension Radar {
    /// `radar digest …`: the weekly risk digest: render, send, the archive, channels and the schedule.
    struct DigestCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "digest",
            abstract: "The weekly risk digest: render it, send it, browse the archive, set channels and schedule.",
            discussion: """
                Without a subcommand, renders the digest of the week that has just ended (in the organisation's \
                time zone) without storing or sending anything: `radar digest --week 2026-W26 --format html`.
                """,
            subcommands: [
                Render.self, Send.self, List.self, Show.self, Deliver.self, ChannelCommand.self, Schedule.self,
                RunSchedule.self,
            ],
            defaultSubcommand: Render.self
        )
    }
}

extension DigestFormat: ExpressibleByArgument {}

/// The connection options every digest command takes; `--format` is left to each command, since for a digest
/// it names a rendering (text, markdown, html, json) rather than a table format.
struct DigestOptions: ParsableArguments {
    @OptionGroup var connection: ConnectionOptions

    var configuration: Configuration { connection.configuration }

    func requireOrganisation() throws -> String { try connection.requireOrganisation() }

    func withDatabase<T: Sendable>(poolSize: Int = 2, _ body: (RadarDatabase) async throws -> T) async throws -> T {
        try await connection.withDatabase(poolSize: poolSize, body)
    }

    /// How digests are delivered, from the environment (`RADAR_SENDMAIL`, `RADAR_MAIL_FROM`, …).
    func deliveryConfiguration() throws -> DeliveryConfiguration {
        try DeliveryConfiguration(environment: ProcessInfo.processInfo.environment)
    }
}

/// Which week a digest command means: `--week`, or the week that has just ended at `--as-of` (default: now on
/// the database's clock).
struct WeekChoice: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The ISO week, e.g. 2026-W26 (default: the week that has just ended).",
            valueName: "week"))
    var week: String?

    @Option(
        help: ArgumentHelp(
            "Act as if it were this instant: the digest is of the week that had just ended then. \(TimeArgument.help)",
            valueName: "time"))
    var asOf: TimeArgument?

    /// The choice as a plain value a database transaction can take along.
    var request: WeekRequest { WeekRequest(week: week, asOf: asOf) }
}

/// `--week` and `--as-of` as typed.
struct WeekRequest: Sendable {
    var week: String?
    var asOf: TimeArgument?

    /// The week, "now", and whether the week is the one that has just ended (so the ledger is brought up to date).
    func resolve(in tx: TenantTransaction) throws -> (week: ISOWeek, now: Date, justEnded: Bool) {
        if week != nil, asOf != nil {
            throw ValidationFailure([
                ValidationProblem(
                    field: "week", message: "give either --week or --as-of, not both")
            ])
        }
        let zone = tx.organisation.zone
        let now = try asOf?.resolve(in: zone) ?? DigestPublisher(tx).databaseNow()
        let justEnded = DigestPublisher.lastEndedWeek(at: now, in: zone)
        let chosen = try week.map { try ISOWeek.parse($0, field: "week") } ?? justEnded
        guard chosen.end(in: zone) <= now else {
            throw ValidationFailure([
                ValidationProblem(
                    field: "week",
                    message: "\(chosen) has not ended yet; its digest can be made from "
                        + "\(Timestamps.format(chosen.end(in: zone))) on")
            ])
        }
        return (chosen, now, chosen == justEnded)
    }
}

extension Radar.DigestCommand {
    /// `radar digest [render]`: one week's digest, rendered, nothing stored.
    struct Render: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render a week's digest without storing or sending it.",
            discussion: """
                Reads only what was recorded before the week's end, so any past week is re-created exactly. For \
                the week that has just ended, the rule check and snapshot run first, inside a transaction that \
                is rolled back afterwards. A past week's digest is read from RADAR_READ_DATABASE_URL (a replica) \
                when that is set and no staler than RADAR_READ_MAX_STALENESS seconds (default 30).
                """)
        @OptionGroup var options: DigestOptions
        @OptionGroup var choice: WeekChoice
        @Option(help: "Rendering: text, markdown, html or json.") var format: DigestFormat = .text
        @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var out: String?

        func run() async throws {
            let slug = try options.requireOrganisation()
            let actor = options.configuration.actor
            let choice = choice.request
            // A past week is a reporting read, which may go to the read database (a replica); the week that has
            // just ended runs the rule check first, a write (rolled back), so it is rendered on the primary.
            var fromReadDatabase: Digest?
            if options.configuration.readDatabaseURL != nil {
                fromReadDatabase = try await ReportingReads.withDatabase(options.configuration) { database in
                    try await database.inOrganisation(slug, actor: actor) { tx -> Digest? in
                        let (week, _, justEnded) = try choice.resolve(in: tx)
                        return justEnded ? nil : try DigestPublisher(tx).preview(week: week, refresh: false)
                    }
                }
            }
            let digest: Digest
            if let fromReadDatabase {
                digest = fromReadDatabase
            } else {
                digest = try await options.withDatabase { database in
                    try await database.inOrganisation(slug, actor: actor) { tx in
                        let (week, _, justEnded) = try choice.resolve(in: tx)
                        return try DigestPublisher(tx).preview(week: week, refresh: justEnded)
                    }
                }
            }
            try writeRendering(DigestRenderer.render(digest, as: format), to: out)
        }
    }

    /// `radar digest send`: archive the week's digest once and deliver it to every enabled channel.
    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Archive a week's digest (once) and deliver it to every enabled channel.",
            discussion: """
                The digest is stored once per organisation and week; sending again queues only channels that have \
                no delivery of it yet, then runs the delivery worker once. E-mail goes through $RADAR_SENDMAIL \
                (default: /usr/sbin/sendmail -t -i).
                """)
        @OptionGroup var options: DigestOptions
        @OptionGroup var choice: WeekChoice
        @ArgumentParser.Flag(help: "In a quiet week (nothing changed), archive the digest but send nothing.")
        var skipEmpty = false

        func run() async throws {
            let slug = try options.requireOrganisation()
            let actor = options.configuration.actor
            let delivery = try options.deliveryConfiguration()
            let (choice, skipEmpty) = (choice.request, skipEmpty)
            let (outcome, attempts) = try await options.withDatabase { database in
                let (outcome, now) = try await database.inOrganisation(slug, actor: actor) { tx in
                    let (week, now, justEnded) = try choice.resolve(in: tx)
                    let outcome = try DigestPublisher(tx).publish(
                        week: week, now: now, refresh: justEnded,
                        skipEmpty: skipEmpty)
                    return (outcome, now)
                }
                let worker = DeliveryWorker(database: database, configuration: delivery)
                return (outcome, try await worker.run(organisation: slug, now: choice.asOf == nil ? nil : now))
            }
            Console.current.print("digest \(outcome.week): \(outcome.summary)")
            DeliveryLines.print(attempts)
        }
    }

    /// `radar digest list`: the archive.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the archived digests, newest first.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let entries = try await options.inOrganisation { tx in try DigestArchive(tx).list() }
            options.emit(
                Report(
                    columns: ["week", "created_at", "quiet", "deliveries", "sent", "pending", "failed", "id"],
                    rows: entries.map { entry in
                        [
                            entry.week.description, Timestamps.format(entry.createdAt), entry.isQuiet ? "yes" : "no",
                            "\(entry.deliveries)", "\(entry.sent)", "\(entry.pending)", "\(entry.failed)",
                            String(entry.id.uuidString.prefix(8)).lowercased(),
                        ]
                    }))
        }
    }

    /// `radar digest show WEEK`: an archived digest, rendered again from its stored content.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render an archived digest again from its stored content.")
        @OptionGroup var options: DigestOptions
        @Argument(help: "The ISO week, e.g. 2026-W26.") var week: String
        @Option(help: "Rendering: text, markdown, html or json.") var format: DigestFormat = .text
        @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var out: String?

        func run() async throws {
            let week = try ISOWeek.parse(self.week, field: "week")
            let slug = try options.requireOrganisation()
            let actor = options.configuration.actor
            let archived = try await options.withDatabase { database in
                try await database.inOrganisation(slug, actor: actor) { tx in try DigestArchive(tx).find(week) }
            }
            guard let archived else { throw StoreError.notFound(entity: "archived digest", key: week.description) }
            try writeRendering(DigestRenderer.render(archived.digest, as: format), to: out)
        }
    }

    /// `radar digest deliver`: one run of the outbox worker.
    struct Deliver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send every due delivery of the organisation once (the outbox worker, for cron).")
        @OptionGroup var options: DigestOptions
        @Option(help: ArgumentHelp("Act as if it were this instant. \(TimeArgument.help)", valueName: "time"))
        var asOf: TimeArgument?

        func run() async throws {
            let slug = try options.requireOrganisation()
            let delivery = try options.deliveryConfiguration()
            let asOf = asOf
            let attempts = try await options.withDatabase { database in
                var now: Date?
                if let asOf {
                    now = try await database.inOrganisation(slug, actor: "radar:delivery") { tx in
                        asOf.resolve(in: tx.organisation.zone)
                    }
                }
                return try await DeliveryWorker(database: database, configuration: delivery)
                    .run(organisation: slug, now: now)
            }
            DeliveryLines.print(attempts)
        }
    }
}

/// Writes a rendering to standard output or, atomically, to a file.
private func writeRendering(_ text: String, to path: String?) throws {
    guard let path else {
        Console.current.write(text.hasSuffix("\n") ? text : text + "\n")
        return
    }
    do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw ValidationFailure([
            ValidationProblem(
                field: "out", message: "cannot write \(path): \(error.localizedDescription)")
        ])
    }
}

/// The worker's results as lines a person reads.
enum DeliveryLines {
    static func print(_ attempts: [DeliveryAttempt]) {
        guard !attempts.isEmpty else {
            Console.current.print("no delivery was due")
            return
        }
        for attempt in attempts {
            let id = String(attempt.deliveryID.uuidString.prefix(8)).lowercased()
            var line = "\(attempt.kind.rawValue) \(attempt.week) \(id): \(attempt.result.rawValue)"
            if let error = attempt.error { line += " (attempt \(attempt.attempts): \(error))" }
            Console.current.print(line)
        }
    }
}

extension Radar.DigestCommand {
    /// `radar digest schedule`: when the weekly digest is made and the nightly check runs.
    struct Schedule: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show or change when the weekly digest is made and the nightly check runs (local time).",
            discussion: "Defaults: the digest on Monday at 07:00 for the week just ended, the check at 02:00.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Weekday the digest is made on: monday … sunday.") var day: String?
        @Option(help: ArgumentHelp("Local time the digest is made at, e.g. 07:00.", valueName: "hh:mm"))
        var time: String?
        @Option(help: ArgumentHelp("Local time the nightly check and snapshot run at, e.g. 02:00.", valueName: "hh:mm"))
        var nightly: String?
        @ArgumentParser.Flag(inversion: .prefixedNo, help: "Archive a quiet week's digest without sending it.")
        var skipEmpty: Bool?
        @ArgumentParser.Flag(help: "Switch the scheduled jobs on or off.") var state: ScheduleState?

        enum ScheduleState: String, EnumerableFlag { case enable, disable }

        func run() async throws {
            var problems: [ValidationProblem] = []
            func read<T>(_ parse: () throws -> T) -> T? {
                do { return try parse() } catch let failure as ValidationFailure {
                    problems += failure.problems
                } catch {}
                return nil
            }
            let weekday = day.flatMap { day in read { try DigestSchedule.parseWeekday(day, field: "day") } }
            let digestAt = time.flatMap { time in read { try LocalTime.parse(time, field: "time") } }
            let nightlyAt = nightly.flatMap { nightly in read { try LocalTime.parse(nightly, field: "nightly") } }
            if !problems.isEmpty { throw ValidationFailure(problems) }
            let (skipEmpty, state) = (skipEmpty, state)
            let (schedule, zone, now) = try await options.inOrganisation { tx in
                let schedules = DigestSchedules(tx)
                var schedule = try schedules.current()
                let before = schedule
                if let weekday { schedule.weekday = weekday }
                if let digestAt { schedule.digestAt = digestAt }
                if let nightlyAt { schedule.nightlyAt = nightlyAt }
                if let skipEmpty { schedule.skipEmpty = skipEmpty }
                if let state { schedule.enabled = state == .enable }
                if schedule != before { try schedules.save(schedule) }
                return (schedule, tx.organisation.zone, try DigestPublisher(tx).databaseNow())
            }
            let justEnded = DigestPublisher.lastEndedWeek(at: now, in: zone)
            let upcoming = [justEnded, justEnded.next].first { schedule.digestDue(for: $0, in: zone) > now }!
            options.emit(
                Report(
                    columns: [
                        "weekday", "digest_at", "nightly_at", "skip_empty", "enabled", "time_zone", "next_digest",
                    ],
                    rows: [
                        [
                            schedule.weekdayName, schedule.digestAt.description, schedule.nightlyAt.description,
                            schedule.skipEmpty ? "yes" : "no", schedule.enabled ? "yes" : "no", zone.identifier,
                            "\(upcoming) at \(Timestamps.format(schedule.digestDue(for: upcoming, in: zone)))",
                        ]
                    ]))
        }
    }

    /// `radar digest run-schedule`: one scheduler tick, for cron and tests.
    struct RunSchedule: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run-schedule",
            abstract: "Do every scheduled job that is due and not yet done, once, then send due deliveries.",
            discussion: """
                Works on --org, or on every organisation without it. Safe to run from several machines at once: \
                each job is done by exactly one of them. Exit status 1 when a job failed.
                """)
        @OptionGroup var options: DigestOptions
        @Option(
            help: ArgumentHelp(
                "Act as if it were this instant (default: the database's clock). "
                    + TimeArgument.help, valueName: "time"))
        var now: TimeArgument?

        func run() async throws {
            let delivery = try options.deliveryConfiguration()
            let slug = options.configuration.organisation
            let now = now
            let report = try await options.withDatabase(poolSize: 2) { database in
                let scheduler = DigestScheduler(
                    database: database, delivery: DeliveryWorker(database: database, configuration: delivery),
                    organisations: slug.map { [$0] })
                guard let now else { return try await scheduler.tick() }
                var zone = TimeZone.gmt
                if let slug {
                    zone = try await database.inOrganisation(slug, actor: "radar:scheduler") { $0.organisation.zone }
                }
                return try await scheduler.tick(now: now.resolve(in: zone))
            }
            for run in report.runs {
                let period = run.job == .weeklyDigest ? ISOWeek(containing: run.period).description : "\(run.period)"
                Console.current.print(
                    "\(run.organisation) \(run.job.rawValue) \(period) "
                        + "(due \(Timestamps.format(run.due))): \(run.outcome)")
            }
            for slug in report.busy {
                Console.current.print("\(slug): another instance is running its jobs; left to it")
            }
            if report.runs.isEmpty && report.busy.isEmpty { Console.current.print("no scheduled job was due") }
            if !report.deliveries.isEmpty { DeliveryLines.print(report.deliveries) }
            for notice in report.notices {
                Console.current.print(
                    "notice \(notice.noticeID.uuidString.prefix(8).lowercased()) to \(notice.owner) by "
                        + "\(notice.kind.rawValue): \(notice.result.rawValue)\(notice.error.map { " (\($0))" } ?? "")")
            }
            for (slug, error) in report.failures.sorted(by: { $0.key < $1.key }) {
                Console.current.printError("radar: \(slug): \(error)")
            }
            if !report.failures.isEmpty || report.runs.contains(where: { !$0.succeeded }) { throw ExitCode(1) }
        }
    }
}
