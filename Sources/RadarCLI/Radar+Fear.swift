import ArgumentParser
import Postgres
import RadarDomain
import RadarStore

extension Radar {
    /// `radar fear …`: fears voiced by stakeholders.
    struct FearCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fear",
            abstract: "List, update and resolve fears.",
            subcommands: [List.self, Update.self, Resolve.self]
        )

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List open fears (or filter).")
            @OptionGroup var options: GlobalOptions
            @Option(help: "Only this stakeholder (e-mail).") var email: String?
            @Option(help: "Only this category: \(FearCategory.acceptedValues).") var category: String?
            @Option(help: "Only this status: \(FearStatus.acceptedValues).") var status: String?
            @ArgumentParser.Flag(help: "Include resolved and dismissed fears.") var all = false

            func run() async throws {
                let filter = Fears.Filter(
                    email: email, category: try category.map { try FearCategory.parse($0, field: "category") },
                    status: try status.map { try FearStatus.parse($0, field: "status") }, includeClosed: all)
                let fears = try await options.inOrganisation { try Fears($0).list(filter) }
                options.emit(FearReport.make(fears))
            }
        }

        struct Update: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Change a fear's category, severity, status or mitigation.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The fear's id (its first 8 characters are enough).") var id: String
            @Option(help: "The version you based the change on.") var version: Int?
            @Option(help: "New category.") var category: String?
            @Option(help: "New severity: \(FearSeverity.acceptedValues).") var severity: String?
            @Option(help: "New status: \(FearStatus.acceptedValues).") var status: String?
            @Option(help: "What is being done about it.") var mitigation: String?

            func run() async throws {
                let (id, version, category, severity, status, mitigation) =
                    (id, version, category, severity, status, mitigation)
                let fear = try await options.inOrganisation { tx in
                    try Fears(tx).update(
                        id, expectedVersion: version, category: category, severity: severity,
                        status: status, mitigation: mitigation)
                }
                options.emit(FearReport.make([fear]))
            }
        }

        struct Resolve: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Mark a fear resolved (or dismissed).")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The fear's id (its first 8 characters are enough).") var id: String
            @Option(help: "The day it was resolved (default: today in the organisation's time zone).")
            var on: CalendarDate?
            @Option(help: "How it was addressed.") var mitigation: String?
            @ArgumentParser.Flag(help: "Dismiss it instead (it was not a real concern).") var dismiss = false
            @Option(help: "The version you based the change on.") var version: Int?

            func run() async throws {
                let (id, on, mitigation, version) = (id, on, mitigation, version)
                let status = dismiss ? FearStatus.dismissed.rawValue : FearStatus.resolved.rawValue
                let fear = try await options.inOrganisation { tx in
                    try Fears(tx).update(
                        id, expectedVersion: version, status: status, mitigation: mitigation,
                        resolvedOn: on ?? CalendarDate(.now, in: tx.organisation.zone))
                }
                options.emit(FearReport.make([fear]))
            }
        }
    }
}

/// Fears as rows.
enum FearReport {
    static func make(_ fears: [Fear]) -> Report {
        Report(
            columns: [
                "id", "email", "category", "severity", "status", "raised_on", "resolved_on", "conversation",
                "statement", "mitigation", "version",
            ],
            rows: fears.map { fear in
                [
                    String(fear.id.uuidString.prefix(8)).lowercased(), fear.email, fear.category.rawValue,
                    fear.severity.rawValue, fear.status.rawValue, fear.raisedOn.description,
                    fear.resolvedOn?.description, fear.conversationRef, fear.statement, fear.mitigation,
                    String(fear.version),
                ]
            })
    }
}

extension Radar.FearCommand.Resolve: OptionNaming {
    static let optionNames: [FieldPath: String] = ["resolvedOn": "on"]
}
