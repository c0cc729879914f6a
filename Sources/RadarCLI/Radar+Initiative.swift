import ArgumentParser
import Postgres
import RadarDomain
import RadarStore

extension Radar {
    /// `radar initiative …`: the rolling programme.
    struct InitiativeCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "initiative",
            abstract: "Add, list, update and complete initiatives; enrol members and read their sessions.",
            subcommands: [
                Add.self, List.self, Update.self, Complete.self, Enrol.self, Leave.self, Members.self, Sessions.self,
            ]
        )

        /// Fields shared by add and update.
        struct Fields: ParsableArguments {
            @Option(help: "Title.") var title: String?
            @Option(help: "Kind: \(InitiativeKind.acceptedValues).") var kind: String?
            @Option(help: "E-mail of the leader who owns it.") var owner: String?
            @Option(help: "First day.") var startsOn: CalendarDate?
            @Option(help: "Last day.") var endsOn: CalendarDate?
            @Option(help: "Status: \(InitiativeStatus.acceptedValues).") var status: String?
            @Option(help: "How success will be judged.") var successMeasure: String?
            @Option(help: "Every how many days its members mean to meet (1–366; 0 removes it in an update).")
            var cadenceDays: Int?
            @Option(help: "The ref of the pilot it spreads more widely (\"\" removes the link in an update).")
            var pilot: String?

            func draft(ref: String?) -> InitiativeDraft {
                InitiativeDraft(
                    ref: ref, title: title, kind: kind, ownerEmail: owner, startsOn: startsOn,
                    endsOn: endsOn, status: status, successMeasure: successMeasure, cadenceDays: cadenceDays,
                    pilot: pilot)
            }
        }

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add an initiative.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "Short unique reference, e.g. pilot-finance-2026.") var ref: String
            @OptionGroup var fields: Fields

            func run() async throws {
                let draft = fields.draft(ref: ref)
                let added = try await options.inOrganisation { try Initiatives($0).add(draft) }
                options.emit(InitiativeReport.make([added]))
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List initiatives by start date.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "Only this status.") var status: String?
            @Option(help: "Only this kind.") var kind: String?

            func run() async throws {
                let status = try status.map { try InitiativeStatus.parse($0, field: "status") }
                let kind = try kind.map { try InitiativeKind.parse($0, field: "kind") }
                let found = try await options.inOrganisation { try Initiatives($0).list(status: status, kind: kind) }
                options.emit(InitiativeReport.make(found))
            }
        }

        struct Update: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Change an initiative.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The initiative's ref.") var ref: String
            @Option(help: "The version you based the change on.") var version: Int?
            @OptionGroup var fields: Fields
            @Option(help: "What it showed.") var outcome: String?
            @Option(help: "Where the evidence is, or what it is.") var evidence: String?

            func run() async throws {
                var draft = fields.draft(ref: nil)
                draft.outcome = outcome
                draft.evidence = evidence
                let (ref, version, changes) = (ref, version, draft)
                let updated = try await options.inOrganisation {
                    try Initiatives($0).update(ref: ref, expectedVersion: version, changes)
                }
                options.emit(InitiativeReport.make([updated]))
            }
        }

        struct Complete: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Mark an initiative done with its outcome.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The initiative's ref.") var ref: String
            @Option(help: "What it showed (required).") var outcome: String
            @Option(help: "The evidence behind the outcome.") var evidence: String?
            @Option(help: "The day it ended (default: today in the organisation's time zone).") var on: CalendarDate?
            @Option(help: "The version you based the change on.") var version: Int?

            func run() async throws {
                let (ref, outcome, evidence, on, version) = (ref, outcome, evidence, on, version)
                let done = try await options.inOrganisation { tx in
                    try Initiatives(tx).complete(
                        ref: ref, outcome: outcome, evidence: evidence,
                        on: on ?? CalendarDate(.now, in: tx.organisation.zone),
                        expectedVersion: version)
                }
                options.emit(InitiativeReport.make([done]))
            }
        }
    }
}

/// Initiatives as rows.
enum InitiativeReport {
    static func make(_ initiatives: [Initiative]) -> Report {
        Report(
            columns: [
                "ref", "title", "kind", "owner", "starts_on", "ends_on", "status", "success_measure", "outcome",
                "cadence_days", "pilot", "version",
            ],
            rows: initiatives.map { item in
                [
                    item.ref, item.title, item.kind.rawValue, item.ownerEmail, item.startsOn.description,
                    item.endsOn?.description, item.status.rawValue, item.successMeasure, item.outcome,
                    item.cadenceDays.map(String.init), item.pilot, String(item.version),
                ]
            })
    }
}
