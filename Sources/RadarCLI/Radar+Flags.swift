import ArgumentParser
import Foundation
import Postgres
import RadarDomain
import RadarRules

extension Radar {
    /// `radar flags …`: list flags and triage them.
    struct Flags: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List, acknowledge and snooze flags.",
            subcommands: [List.self, Ack.self, Snooze.self, Unsnooze.self]
        )

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List flags that are not resolved (or all).")
            @OptionGroup var options: GlobalOptions
            @ArgumentParser.Flag(help: "Include resolved flags.") var all = false

            func run() async throws {
                let all = all
                let flags = try await options.inOrganisation { try FlagBook($0).all() }
                    .filter { all || $0.status != .resolved }
                if options.format == .json {
                    Console.current.print(JSONValue.array(flags.map(FlagReport.json)).encoded(pretty: true))
                } else {
                    options.emit(FlagReport.make(flags))
                }
            }
        }

        struct Ack: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Acknowledge a flag: someone is on it.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The flag's id (its first 8 characters are enough).") var id: String
            @Option(help: "What is being done.") var reason: String?

            func run() async throws {
                let (id, reason) = (id, reason)
                let flag = try await options.inOrganisation {
                    try FlagBook($0).acknowledge(id, reason: reason, at: .now)
                }
                options.emit(FlagReport.make([flag]))
            }
        }

        struct Snooze: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Keep a flag quiet until a date, with a reason.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The flag's id (its first 8 characters are enough).") var id: String
            @Option(help: "The day it may speak again.") var until: CalendarDate
            @Option(help: "Why it is snoozed.") var reason: String

            func run() async throws {
                let (id, until, reason) = (id, until, reason)
                let flag = try await options.inOrganisation {
                    try FlagBook($0).snooze(id, until: until, reason: reason, at: .now)
                }
                options.emit(FlagReport.make([flag]))
            }
        }

        struct Unsnooze: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "End a snooze now.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The flag's id (its first 8 characters are enough).") var id: String

            func run() async throws {
                let id = id
                let flag = try await options.inOrganisation { try FlagBook($0).unsnooze(id, at: .now) }
                options.emit(FlagReport.make([flag]))
            }
        }
    }
}
