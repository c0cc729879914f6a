import ArgumentParser
import Foundation
import RadarDigest

extension Radar.DigestCommand {
    /// `radar digest channel …`: where the organisation's digests go.
    struct ChannelCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "channel",
            abstract: "Configure where the organisation's digests are delivered.",
            subcommands: [Add.self, List.self, Remove.self, Enable.self, Disable.self]
        )

        /// `radar digest channel add KIND TARGET`
        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add a channel: email ADDRESS, webhook URL, directory PATH, slack URL or teams URL.",
                discussion: """
                    email: one address; the digest arrives as text and HTML through $RADAR_SENDMAIL.
                    webhook: an https URL (plain http only to this machine); the digest's JSON is POSTed, retried \
                    with back-off until it answers 2xx; a redirect is refused, not followed.
                    directory: an absolute path; <org>-<week>.html, .txt, .md and .json are written there.
                    slack, teams: a channel's incoming webhook (https); a short message goes there: the headline, \
                    the three changes that matter most with their severity in words, and a link to the digest's \
                    page when RADAR_PUBLIC_URL is set.
                    --audience viewer (the default) withholds fears and commitment texts, as the pages do for \
                    viewers; --audience hr sends everything, for channels only HR reads.
                    """)
            @OptionGroup var options: GlobalOptions
            @Argument(help: "email, webhook, directory, slack or teams.") var kind: String
            @Argument(help: "The address, URL or directory path.") var target: String
            @Option(help: "Who reads the channel: viewer (sensitive texts withheld) or hr (everything).")
            var audience: String = ChannelAudience.viewer.rawValue

            func run() async throws {
                let (kind, target, audience) = (kind, target, audience)
                let channel = try await options.inOrganisation { tx in
                    try DeliveryChannels(tx).add(kind: kind, target: target, audience: audience)
                }
                options.emit(ChannelReport.make([channel]))
            }
        }

        /// `radar digest channel list`
        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the organisation's channels.")
            @OptionGroup var options: GlobalOptions

            func run() async throws {
                let channels = try await options.inOrganisation { tx in try DeliveryChannels(tx).all() }
                options.emit(ChannelReport.make(channels))
            }
        }

        /// `radar digest channel remove ID`
        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Remove a channel, with its queued and past deliveries.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The channel's id (at least its first 4 characters).") var id: String

            func run() async throws {
                let id = id
                let channel = try await options.inOrganisation { tx in try DeliveryChannels(tx).remove(id) }
                Console.current.print("removed \(channel.kind.rawValue) channel \(channel.target)")
            }
        }

        /// `radar digest channel enable ID`
        struct Enable: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Switch a channel on; deliveries that waited for it go out on the next run.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The channel's id (at least its first 4 characters).") var id: String

            func run() async throws {
                let id = id
                let channel = try await options.inOrganisation { tx in try DeliveryChannels(tx).setEnabled(id, true) }
                options.emit(ChannelReport.make([channel]))
            }
        }

        /// `radar digest channel disable ID`
        struct Disable: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Switch a channel off; nothing is sent to it (or queued for it) until it is on again.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The channel's id (at least its first 4 characters).") var id: String

            func run() async throws {
                let id = id
                let channel = try await options.inOrganisation { tx in
                    try DeliveryChannels(tx).setEnabled(id, false)
                }
                options.emit(ChannelReport.make([channel]))
            }
        }
    }
}

/// Channels as rows.
enum ChannelReport {
    static func make(_ channels: [DeliveryChannel]) -> Report {
        Report(
            columns: ["id", "kind", "target", "audience", "enabled", "created_at"],
            rows: channels.map { channel in
                [
                    String(channel.id.uuidString.prefix(8)).lowercased(), channel.kind.rawValue, channel.target,
                    channel.audience.rawValue, channel.enabled ? "yes" : "no", Timestamps.format(channel.createdAt),
                ]
            })
    }
}
