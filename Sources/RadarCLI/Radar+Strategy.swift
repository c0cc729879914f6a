import ArgumentParser
import Foundation
import RadarDomain
import RadarStore

extension Radar {
    /// `radar strategy …`: the strands of the strategy in place, and what initiatives were presented as (G12).
    struct StrategyCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "strategy",
            abstract: "More than training: the strategy's strands in place, and what each initiative was promised as.",
            subcommands: [Element.self, Elements.self, Presented.self, Agreed.self, Expectations.self]
        )

        struct Element: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Record that a strand is in place from a day.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The strand: \(StrategyElement.acceptedValues).") var element: String
            @Option(help: "The first day it is in place.") var since: CalendarDate
            @Option(help: "The last day, if it stopped.") var until: CalendarDate?

            func run() async throws {
                let (element, since, until) = (element, since, until)
                let period = try await options.inOrganisation {
                    try Strategy($0).addElement(element, since: since, until: until)
                }
                options.emit(StrategyReport.elements([period]))
            }
        }

        struct Elements: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the strands and when each was in place.")
            @OptionGroup var options: GlobalOptions

            func run() async throws {
                options.emit(StrategyReport.elements(try await options.inOrganisation { try Strategy($0).elements() }))
            }
        }

        struct Presented: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Record what an initiative was presented as delivering, and to whom.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The initiative's ref.") var initiative: String
            @Option(name: .customLong("as"), help: "What it was presented as delivering.") var presentedAs: String
            @Option(name: .customLong("to"), help: "Who it was presented to.") var presentedTo: String
            @Option(help: "The day (default: today).") var on: CalendarDate?

            func run() async throws {
                let (ref, what, whom, on) = (initiative, presentedAs, presentedTo, on)
                let expectation = try await options.inOrganisation { tx in
                    try Strategy(tx).expect(
                        initiative: ref, presentedAs: what, presentedTo: whom,
                        on: on ?? CalendarDate(.now, in: tx.organisation.zone))
                }
                options.emit(StrategyReport.expectations([expectation]))
            }
        }

        struct Agreed: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Record the realistic outcome agreed for a presented initiative.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The initiative's ref.") var initiative: String
            @Option(help: "The outcome agreed as realistic.") var outcome: String
            @Option(help: "The day (default: today).") var on: CalendarDate?

            func run() async throws {
                let (ref, outcome, on) = (initiative, outcome, on)
                let expectation = try await options.inOrganisation { tx in
                    try Strategy(tx).agree(
                        initiative: ref, outcome: outcome, on: on ?? CalendarDate(.now, in: tx.organisation.zone))
                }
                options.emit(StrategyReport.expectations([expectation]))
            }
        }

        struct Expectations: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List what initiatives were presented as.")
            @OptionGroup var options: GlobalOptions

            func run() async throws {
                options.emit(
                    StrategyReport.expectations(try await options.inOrganisation { try Strategy($0).expectations() }))
            }
        }
    }
}

extension Radar.StrategyCommand.Presented: OptionNaming {
    static let optionNames: [FieldPath: String] = ["presentedAs": "as", "presentedTo": "to", "presentedOn": "on"]
}

extension Radar.StrategyCommand.Agreed: OptionNaming {
    static let optionNames: [FieldPath: String] = ["realisticOutcome": "outcome", "agreedOn": "on"]
}

/// Strands and expectations as rows.
enum StrategyReport {
    static func elements(_ periods: [StrategyElementPeriod]) -> Report {
        Report(
            columns: ["element", "since", "until"],
            rows: periods.map { [$0.element.rawValue, $0.since.description, $0.until?.description] })
    }

    static func expectations(_ items: [InitiativeExpectation]) -> Report {
        Report(
            columns: ["initiative", "presented_as", "presented_to", "presented_on", "realistic_outcome", "agreed_on"],
            rows: items.map {
                [
                    $0.initiativeRef, $0.presentedAs, $0.presentedTo, $0.presentedOn.description, $0.realisticOutcome,
                    $0.agreedOn?.description,
                ]
            })
    }
}
