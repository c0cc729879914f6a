import ArgumentParser
import Foundation
import RadarDomain
import RadarStore

extension Radar {
    /// `radar narrative …`: the stories and values the programme is framed against (G02).
    struct NarrativeCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "narrative",
            abstract: "The stories and values the organisation holds, which the programme is framed against.",
            subcommands: [Add.self, List.self]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Record a story or a value.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "Kind: \(NarrativeKind.acceptedValues).") var kind: String
            @Option(help: "A short title, unique in the organisation.") var title: String
            @Option(help: "The story or value in a few sentences.") var statement: String?
            @Option(help: "The day it was recorded (default: today).") var on: CalendarDate?

            func run() async throws {
                let (kind, title, statement, on) = (kind, title, statement, on)
                let narrative = try await options.inOrganisation { tx in
                    try Narratives(tx).addNarrative(
                        kind: kind, title: title, statement: statement,
                        on: on ?? CalendarDate(.now, in: tx.organisation.zone))
                }
                options.emit(NarrativeReport.narratives([narrative]))
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the stories and values.")
            @OptionGroup var options: GlobalOptions

            func run() async throws {
                options.emit(
                    NarrativeReport.narratives(try await options.inOrganisation { try Narratives($0).narratives() }))
            }
        }
    }

    /// `radar tension …`: gaps between stated values and rewarded behaviour, and when the top team discussed them.
    struct TensionCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tension",
            abstract:
                "Log where a stated value and the behaviour rewarded pull apart, and when the top team discussed it.",
            subcommands: [Log.self, Discussed.self, List.self]
        )

        struct Log: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Log a tension.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "The value the organisation states.") var statedValue: String
            @Option(help: "The behaviour that is rewarded instead.") var rewarded: String
            @Option(help: "E-mail of the stakeholder who raised it.") var raisedBy: String?
            @Option(help: "The day it was raised (default: today).") var on: CalendarDate?
            @Option(help: "The day the top team discussed it, if it has.") var discussedOn: CalendarDate?

            func run() async throws {
                let (stated, rewarded, raisedBy, on, discussedOn) = (statedValue, rewarded, raisedBy, on, discussedOn)
                let tension = try await options.inOrganisation { tx in
                    try Narratives(tx).logTension(
                        statedValue: stated, rewardedBehaviour: rewarded, raisedBy: raisedBy,
                        raisedOn: on ?? CalendarDate(.now, in: tx.organisation.zone), discussedOn: discussedOn)
                }
                options.emit(NarrativeReport.tensions([tension]))
            }
        }

        struct Discussed: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Record the day the top team discussed a tension.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The tension's id (from `radar tension list`).") var id: String
            @Option(help: "The day (default: today).") var on: CalendarDate?

            func run() async throws {
                guard let uuid = UUID(uuidString: id) else { throw ValidationError("\"\(id)\" is not a tension id") }
                let on = on
                let tension = try await options.inOrganisation { tx in
                    try Narratives(tx).discussed(tension: uuid, on: on ?? CalendarDate(.now, in: tx.organisation.zone))
                }
                options.emit(NarrativeReport.tensions([tension]))
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List tensions, oldest first.")
            @OptionGroup var options: GlobalOptions

            func run() async throws {
                options.emit(
                    NarrativeReport.tensions(try await options.inOrganisation { try Narratives($0).tensions() }))
            }
        }
    }

    /// `radar benefit …`: the benefits register (G03).
    struct BenefitCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "benefit",
            abstract: "The benefits register: what an initiative means to move, its baseline and dated readings.",
            subcommands: [Add.self, Read.self, List.self]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Register a measure with its baseline.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The initiative's ref.") var initiative: String
            @Option(help: "What is measured, unique in the initiative.") var measure: String
            @Option(help: "Its value before the initiative.") var baseline: Double
            @Option(help: "The day of the baseline (default: today).") var on: CalendarDate?

            func run() async throws {
                let (ref, measure, baseline, on) = (initiative, measure, baseline, on)
                let benefit = try await options.inOrganisation { tx in
                    try Benefits(tx).add(
                        initiative: ref, measure: measure, baseline: baseline,
                        on: on ?? CalendarDate(.now, in: tx.organisation.zone))
                }
                options.emit(NarrativeReport.benefits([benefit]))
            }
        }

        struct Read: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Record a dated reading and who saw it.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The initiative's ref.") var initiative: String
            @Option(help: "The measure.") var measure: String
            @Option(help: "The value read.") var value: Double
            @Option(help: "The day it was measured (default: today).") var on: CalendarDate?
            @Option(name: .customLong("seen-by"), help: "E-mail of someone shown it; repeatable.") var seenBy:
                [String] = []

            func run() async throws {
                let (ref, measure, value, on, seenBy) = (initiative, measure, value, on, seenBy)
                let benefit = try await options.inOrganisation { tx in
                    try Benefits(tx).read(
                        initiative: ref, measure: measure, value: value,
                        on: on ?? CalendarDate(.now, in: tx.organisation.zone), seenBy: seenBy)
                }
                options.emit(NarrativeReport.benefits([benefit]))
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the register, of one initiative or all.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "Only this initiative's (ref).") var initiative: String?

            func run() async throws {
                let ref = initiative
                options.emit(
                    NarrativeReport.benefits(
                        try await options.inOrganisation { try Benefits($0).benefits(initiative: ref) }))
            }
        }
    }
}

extension Radar.TensionCommand.Log: OptionNaming {
    static let optionNames: [FieldPath: String] = ["rewardedBehaviour": "rewarded", "raisedOn": "on"]
}

extension Radar.BenefitCommand.Read: OptionNaming {
    static let optionNames: [FieldPath: String] = ["measuredOn": "on"]
}

/// Narratives, tensions and benefits as rows.
enum NarrativeReport {
    static func narratives(_ items: [Narrative]) -> Report {
        Report(
            columns: ["kind", "title", "statement", "recorded_on"],
            rows: items.map { [$0.kind.rawValue, $0.title, $0.statement, $0.recordedOn.description] })
    }

    static func tensions(_ items: [Tension]) -> Report {
        Report(
            columns: ["id", "stated_value", "rewarded_behaviour", "raised_by", "raised_on", "discussed_on"],
            rows: items.map {
                [
                    $0.id.uuidString.lowercased(), $0.statedValue, $0.rewardedBehaviour, $0.raisedBy,
                    $0.raisedOn.description, $0.discussedOn?.description,
                ]
            })
    }

    static func benefits(_ items: [Benefit]) -> Report {
        Report(
            columns: [
                "initiative", "measure", "baseline", "baseline_on", "readings", "latest", "latest_on", "seen_by",
            ],
            rows: items.map { benefit in
                let latest = benefit.readings.last
                return [
                    benefit.initiativeRef, benefit.measure, benefit.baseline.plainText,
                    benefit.baselineOn.description, String(benefit.readings.count),
                    latest.map { $0.value.plainText }, latest?.measuredOn.description,
                    latest?.seenBy.joined(separator: ";"),
                ]
            })
    }
}
