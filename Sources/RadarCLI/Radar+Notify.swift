import ArgumentParser
import Foundation
import RadarDigest
import RadarDomain
import RadarStore

extension Radar {
    /// `radar notify …`: owners' daily notices: when and where each owner is told, and what was written.
    struct NotifyCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "notify",
            abstract: "Owners' daily notices: set when and where an owner is told; list and show what was written.",
            discussion: """
                Notices are written and sent by the scheduler (`radar serve`, or `radar digest run-schedule \
                --now T`): at most one per owner and day, at their time in their time zone, and none on a day \
                with nothing new.
                """,
            subcommands: [Set.self, Settings.self, List.self, Show.self]
        )

        struct Set: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Set an owner's notice time, time zone and channel (defaults: 08:00, the organisation's "
                    + "time zone, e-mail to their own address).")
            @OptionGroup var options: GlobalOptions
            @Option(help: "The owner's e-mail (a member of the organisation).") var user: String
            @Option(help: "The time of day, HH:MM, on the owner's clock.") var at: String?
            @Option(help: "The owner's time zone, e.g. Europe/London.") var zone: String?
            @Option(help: "email, webhook, directory, slack or teams.") var kind: String?
            @Option(help: "Where: an e-mail address, an https URL or a directory.") var target: String?
            @ArgumentParser.Flag(inversion: .prefixedEnableDisable, help: "Whether the owner is told at all.")
            var enabled: Bool?

            func run() async throws {
                let changes = NoticePreferences.Changes(
                    sendAt: at, timeZone: zone, kind: kind, target: target, enabled: enabled)
                let user = user
                let preference = try await options.inOrganisation { try NoticePreferences($0).save(email: user, changes) }
                Console.current.print(
                    "\(preference.email) is told at \(preference.sendAt) \(preference.timeZone) by "
                        + "\(preference.kind.rawValue) (\(preference.shownTarget))"
                        + (preference.enabled ? "" : ", switched off"))
            }
        }

        struct Settings: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Every owner's notice preference.")
            @OptionGroup var options: GlobalOptions

            func run() async throws {
                let all = try await options.inOrganisation { try NoticePreferences($0).all() }
                options.emit(
                    Report(
                        columns: ["user", "at", "time_zone", "kind", "target", "enabled"],
                        rows: all.map {
                            [$0.email, $0.sendAt, $0.timeZone, $0.kind.rawValue, $0.shownTarget, "\($0.enabled)"]
                        }))
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The latest notices and where each stands.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "Only this owner's (e-mail).") var user: String?

            func run() async throws {
                let user = user
                let entries = try await options.inOrganisation { tx in
                    try OwnerNotices(tx).list(user: try user.map { try HROwners(tx).member(email: $0).id })
                }
                options.emit(
                    Report(
                        columns: ["id", "owner", "day", "status", "changes", "kind", "attempts", "last_error"],
                        rows: entries.map {
                            [
                                String($0.id.uuidString.prefix(8)).lowercased(), $0.owner, $0.day.description, $0.status,
                                "\($0.changes)", $0.kind.rawValue, "\($0.attempts)", $0.lastError ?? "",
                            ]
                        }))
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "One notice as its owner reads it.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The notice's id (from `radar notify list`; its first 8 characters are enough).")
            var id: String

            func run() async throws {
                let id = id.lowercased()
                let notice = try await options.inOrganisation { tx in
                    let entry = try OwnerNotices(tx).list().filter { $0.id.uuidString.lowercased().hasPrefix(id) }
                    guard entry.count == 1, id.count >= 4 else {
                        throw StoreError.notFound(entity: "notice", key: id)
                    }
                    return try OwnerNotices(tx).content(entry[0].id)
                }
                if options.format == .json { try options.emitJSON(notice) } else { Console.current.write(notice.text) }
            }
        }
    }
}
