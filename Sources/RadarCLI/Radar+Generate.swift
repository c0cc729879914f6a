import ArgumentParser
import Foundation
import RadarStore

extension Radar {
    /// `radar generate`: a large synthetic organisation for benchmarks and load tests.
    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an organisation with deterministic synthetic history at scale.",
            discussion: """
                The same --seed, size and --until always give the same people, conversations, fears, commitments \
                and initiatives. The organisation (--org) must not exist yet; it is created in the same \
                transaction, so a failure leaves nothing behind. The top team follows planted patterns (steady \
                weekly or monthly, recovered, abrupt silence, slow fades, cooling engagement, declining \
                invitations); --labels writes them, with whether each leader is drifting at --until and eight weeks \
                before.
                """
        )
        @OptionGroup var options: GlobalOptions
        @Option(help: "How many stakeholders to create.") var stakeholders = 1_000
        @Option(help: "How many weeks of history to create, ending at --until.") var weeks = 52
        @Option(help: "Seed of the random sequence.") var seed: UInt64 = 1
        @Option(
            help: ArgumentHelp(
                "The instant the history ends at (default: now). \(TimeArgument.help)",
                valueName: "time"))
        var until: TimeArgument?
        @Option(help: "IANA time zone of the organisation.") var timeZone = "Europe/London"
        @Option(
            help: ArgumentHelp(
                "Also write the truths planted among the top team to this CSV file (radar rules measure reads it).",
                valueName: "file"))
        var labels: String?

        func run() async throws {
            let slug = try options.requireOrganisation()
            let (stakeholders, weeks, seed, until, timeZone) = (stakeholders, weeks, seed, until, timeZone)
            let actor = options.configuration.actor
            let started = ContinuousClock.now
            let summary = try await options.withDatabase(poolSize: 1) { database in
                try await Organisations(database: database).create(
                    slug: slug, name: "Synthetic \(slug)", timeZone: timeZone, actor: actor
                ) { tx in
                    let end = until?.resolve(in: tx.organisation.zone) ?? .now
                    return try SyntheticHistory(
                        tx,
                        plan: .init(
                            stakeholders: stakeholders, weeks: weeks, seed: seed, until: end)
                    ).populate()
                }
            }
            let elapsed = ContinuousClock.now - started
            if let labels {
                try Data(SyntheticLabel.csv(summary.labels).utf8).write(
                    to: URL(fileURLWithPath: labels), options: .atomic)
            }
            Console.current.print(
                """
                generated \(slug): \(summary.stakeholders) stakeholders, \(summary.conversations) conversations, \
                \(summary.participations) participations, \(summary.guidelineLinks) guideline links, \
                \(summary.fears) fears, \(summary.commitments) commitments, \(summary.initiatives) initiatives \
                in \(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))))
                """)
        }
    }
}
