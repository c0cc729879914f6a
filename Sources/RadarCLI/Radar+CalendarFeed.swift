import ArgumentParser
import Foundation
import RadarDomain
import RadarFeeds
import RadarStore

extension Radar.CalendarCommand {
    /// `radar calendar feed …`: subscribed calendars, polled by `radar serve`.
    struct Feed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Subscribe calendars by their secret address; `radar serve` polls them every 15 minutes.",
            subcommands: [Add.self, List.self, Remove.self, Poll.self]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Subscribe a calendar (its secret .ics address), polled on behalf of a member.",
                discussion: "The address is a secret: it is stored, never shown back in full nor written to logs.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The calendar's secret address (https:// or webcal://).") var url: String
            @Option(help: "E-mail of the member whose calendar it is.") var owner: String

            func run() async throws {
                let (url, owner) = (url, owner)
                let feed = try await options.inOrganisation { tx in
                    try CalendarFeeds(tx).add(url: url, ownerEmail: owner)
                }
                options.emit(CalendarFeedReport.make([feed]))
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List subscribed calendars and how polling goes.")
            @OptionGroup var options: GlobalOptions

            func run() async throws {
                let feeds = try await options.inOrganisation { tx in try CalendarFeeds(tx).list() }
                options.emit(CalendarFeedReport.make(feeds))
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Unsubscribe a calendar; the drafts it brought stay in the queue.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The feed's id (the first 8 characters are enough).") var id: String

            func run() async throws {
                let id = id
                let feed = try await options.inOrganisation { tx in try CalendarFeeds(tx).remove(id) }
                options.emit(CalendarFeedReport.make([feed]))
            }
        }

        struct Poll: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Poll this organisation's feeds that are due now, as `radar serve` does.")
            @OptionGroup var options: GlobalOptions
            @Option(help: ArgumentHelp("Poll as if it were this time. \(TimeArgument.help)", valueName: "time"))
            var asOf: TimeArgument?

            func run() async throws {
                let slug = try options.requireOrganisation()
                let asOf = asOf
                let outcomes = try await options.withDatabase { database in
                    let zone = try await database.inOrganisation(slug, actor: options.configuration.actor) {
                        $0.organisation.zone
                    }
                    return try await CalendarFeedPoller(database: database, organisations: [slug])
                        .tick(now: asOf?.resolve(in: zone) ?? .now)
                }
                options.emit(
                    Report(
                        columns: ["feed", "result"],
                        rows: outcomes.map { [String($0.feed.uuidString.lowercased().prefix(8)), $0.result] }))
                if outcomes.contains(where: { !$0.succeeded }) { throw ExitCode(1) }
            }
        }
    }
}

/// Feeds as rows: never the whole address.
enum CalendarFeedReport {
    static func make(_ feeds: [CalendarFeed]) -> Report {
        Report(
            columns: ["id", "address", "owner", "last_polled_at", "last_changed_at", "next_poll_at", "failures", "last_error"],
            rows: feeds.map { feed in
                [
                    String(feed.id.uuidString.lowercased().prefix(8)), feed.shownURL, feed.ownerEmail,
                    feed.lastPolledAt.map(Timestamps.format), feed.lastChangedAt.map(Timestamps.format),
                    feed.nextPollAt.map(Timestamps.format), String(feed.failures), feed.lastError,
                ]
            })
    }
}
