import ArgumentParser
import Foundation
import Postgres
import RadarDomain
import RadarRules

extension FlagStatus: ExpressibleByArgument {}

extension Radar {
    /// `radar flags …`: list flags and triage them.
    struct Flags: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List, acknowledge and snooze flags, and show a flag's history.",
            subcommands: [List.self, Ack.self, Snooze.self, Unsnooze.self, History.self]
        )

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List flags that are not resolved (or all).")
            @OptionGroup var options: GlobalOptions
            @ArgumentParser.Flag(help: "Include resolved flags.") var all = false
            @Option(
                help:
                    "Only flags in this status: pending, open, acknowledged, snoozed, silenced, suppressed or resolved."
            )
            var status: FlagStatus?

            func run() async throws {
                let (all, status) = (all, status)
                let flags = try await options.inOrganisation { try FlagBook($0).all() }
                    .filter { all || status == .resolved || $0.status != .resolved }
                    .filter { status == nil || $0.status == status }
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

        struct History: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show a flag's timeline: each change in its life with the facts at that moment.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The flag's id (its first 8 characters are enough).") var id: String

            func run() async throws {
                let id = id
                let (flag, events) = try await options.inOrganisation { try FlagBook($0).history(id) }
                if options.format == .json {
                    var object: [String: JSONValue] = [:]
                    if case .object(let fields) = FlagReport.json(flag) { object = fields }
                    object["events"] = .array(events.map(Self.json))
                    Console.current.print(JSONValue.object(object).encoded(pretty: true))
                    return
                }
                Console.current.print(Self.lines(flag, events).joined(separator: "\n"))
            }

            /// The timeline as the terminal shows it: one line per change, the facts indented below it.
            static func lines(_ flag: RadarDomain.Flag, _ events: [FlagEvent]) -> [String] {
                var lines = [
                    "\(flag.rule) (\(flag.guideline)) on \(flag.subject ?? flag.subjectID.uuidString.lowercased()): "
                        + FlagReport.statusText(flag),
                    flag.message, "",
                ]
                for event in events {
                    var line =
                        "\(Timestamps.format(event.occurredAt))  \(event.kind.rawValue) (\(event.severity.rawValue))"
                    if let resolution = event.resolution { line += " \(resolution.rawValue)" }
                    if let until = event.snoozedUntil { line += " until \(until)" }
                    if let reason = event.reason { line += ": \(reason)" }
                    if let actor = event.actor { line += " [\(actor)]" }
                    lines.append(line)
                    if let evidence = event.evidence, !evidence.isEmpty {
                        lines.append(
                            "    " + evidence.keys.sorted().map { "\($0) = \(evidence[$0]!)" }.joined(separator: ", "))
                    }
                }
                return lines
            }

            /// One event as `--format json` prints it.
            static func json(_ event: FlagEvent) -> JSONValue {
                var object: [String: JSONValue] = [
                    "occurred_at": .string(Timestamps.format(event.occurredAt)), "event": .string(event.kind.rawValue),
                    "severity": .string(event.severity.rawValue),
                ]
                if let actor = event.actor { object["actor"] = .string(actor) }
                if let reason = event.reason { object["reason"] = .string(reason) }
                if let resolution = event.resolution { object["resolution"] = .string(resolution.rawValue) }
                if let until = event.snoozedUntil { object["snoozed_until"] = .string(until.description) }
                if let suppressor = event.suppressedBy {
                    object["suppressed_by"] = .string(suppressor.uuidString.lowercased())
                }
                if let silence = event.silence { object["silence_id"] = .string(silence.uuidString.lowercased()) }
                if let evidence = event.evidence { object["evidence"] = .object(evidence.mapValues(JSONValue.init)) }
                return .object(object)
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
