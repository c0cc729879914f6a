import ArgumentParser
import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore

extension Radar {
    /// `radar check`: evaluates every enabled rule and keeps the flags' life up to date.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate every enabled rule as of an instant and update the flags.",
            discussion: "Exit status 3 with --fail-on when an open flag at or above that severity exists."
        )
        @OptionGroup var options: GlobalOptions
        @Option(
            help: ArgumentHelp(
                "Evaluate as of this instant (default: now). \(TimeArgument.help)",
                valueName: "time"))
        var asOf: TimeArgument?
        @Option(help: "Exit with status 3 when an open flag at or above this severity exists.")
        var failOn: Severity?

        func run() async throws {
            let asOf = asOf
            let flags = try await options.inOrganisation { tx in
                let instant = asOf?.resolve(in: tx.organisation.zone) ?? .now
                try FlagBook(tx).check(asOf: instant)
                return try FlagBook(tx).unresolved()
            }
            if options.format == .json {
                Console.current.print(JSONValue.array(flags.map(FlagReport.json)).encoded(pretty: true))
            } else {
                options.emit(FlagReport.make(flags))
            }
            // Only open flags count: pending, suppressed and silenced ones are not open.
            if let failOn, flags.contains(where: { $0.status == .open && $0.severity >= failOn }) {
                throw ExitCode(3)
            }
        }
    }
}

extension Severity: ExpressibleByArgument {}

/// Flags as rows and as the documented JSON objects.
enum FlagReport {
    static func make(_ flags: [RadarDomain.Flag]) -> Report {
        Report(
            columns: ["id", "severity", "guideline", "rule", "subject", "status", "message", "next_step"],
            rows: flags.map { flag in
                [
                    String(flag.id.uuidString.prefix(8)).lowercased(), flag.severity.rawValue, flag.guideline,
                    flag.rule,
                    flag.subject, statusText(flag), flag.message, flag.nextStep,
                ]
            })
    }

    /// The status with what it hangs on: the snooze's or silence's day, the suppressing flag, the day it opens.
    static func statusText(_ flag: RadarDomain.Flag) -> String {
        switch flag.status {
        case .snoozed: "snoozed" + (flag.snoozedUntil.map { " until \($0)" } ?? "")
        case .pending: "pending" + (flag.opensOn.map { ", opens on \($0)" } ?? "")
        case .suppressed:
            "suppressed by \(flag.suppressedByRule ?? "another flag")"
                + (flag.suppressedBy.map { " (\($0.uuidString.prefix(8).lowercased()))" } ?? "")
        case .silenced:
            "silenced" + (flag.silencedUntil.map { " until \($0)" } ?? "")
                + (flag.silenceReason.map { ": \($0)" } ?? "")
        default: flag.status.rawValue
        }
    }

    /// The object `radar check --format json` prints for each flag; keys are part of the documented contract.
    static func json(_ flag: RadarDomain.Flag) -> JSONValue {
        var object: [String: JSONValue] = [:]
        object["rule"] = .string(flag.rule)
        object["guideline"] = .string(flag.guideline)
        object["severity"] = .string(flag.severity.rawValue)
        object["subject_type"] = .string(flag.subjectKind.rawValue)
        object["subject"] = flag.subject.map(JSONValue.string) ?? .null
        object["subject_name"] = flag.subjectName.map(JSONValue.string) ?? .null
        object["message"] = .string(flag.message)
        object["next_step"] = .string(flag.nextStep)
        object["evidence"] = .object(flag.evidence.mapValues(JSONValue.init))
        object["status"] = .string(flag.status.rawValue)
        object["first_raised_at"] = .string(Timestamps.format(flag.firstRaisedAt))
        object["id"] = .string(flag.id.uuidString.lowercased())
        if let since = flag.pendingSince { object["pending_since"] = .string(Timestamps.format(since)) }
        if let day = flag.opensOn { object["opens_on"] = .string(day.description) }
        if let suppressor = flag.suppressedBy { object["suppressed_by"] = .string(suppressor.uuidString.lowercased()) }
        if let rule = flag.suppressedByRule { object["suppressed_by_rule"] = .string(rule) }
        if let silence = flag.silence { object["silence_id"] = .string(silence.uuidString.lowercased()) }
        if let reason = flag.silenceReason { object["silence_reason"] = .string(reason) }
        if let day = flag.silencedUntil { object["silenced_until"] = .string(day.description) }
        return .object(object)
    }
}

extension JSONValue {
    init(_ fact: FactValue) {
        switch fact {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .number(let value):
            self = value.rounded() == value && abs(value) < 1e15 ? .integer(Int(value)) : .number(value)
        case .text(let value): self = .string(value)
        }
    }
}
