import ArgumentParser
import Foundation
import Postgres
import RadarDomain
import RadarStore

extension Radar {
    /// `radar priority …`: business priorities and how coaching helps each function (G01).
    struct PriorityCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "priority",
            abstract: "Record and list business priorities and how coaching supports each function.",
            subcommands: [Add.self, Update.self, List.self]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Link a business priority to a function.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "The business priority, e.g. \"Grow recurring revenue\".") var priority: String
            @Option(help: "The function it concerns, e.g. sales.") var function: String
            @Option(help: "How coaching helps that function with it.") var howCoachingHelps: String?
            @Option(help: "E-mail of the stakeholder who endorsed the link.") var endorsedBy: String?
            @Option(help: "The day it was recorded (default: today).") var on: CalendarDate?

            func run() async throws {
                let (priority, function, help, endorser, on) = (priority, function, howCoachingHelps, endorsedBy, on)
                let listed = try await options.inOrganisation { tx in
                    let store = Priorities(tx)
                    try store.add(
                        priority: priority, function: function, howCoachingHelps: help,
                        endorsedBy: endorser, recordedOn: on ?? CalendarDate(.now, in: tx.organisation.zone))
                    return try store.list(function: function)
                }
                options.emit(PriorityReport.make(listed))
            }
        }

        struct Update: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Change a business priority.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The priority's id (as `radar priority list` shows it).") var id: String
            @Option(help: "The version you based the change on.") var version: Int?
            @Option(help: "The business priority.") var priority: String?
            @Option(help: "The function it concerns.") var function: String?
            @Option(help: "How coaching helps that function with it (empty to clear).") var howCoachingHelps: String?
            @Option(help: "E-mail of the stakeholder who endorsed the link (empty to clear).") var endorsedBy: String?
            @Option(help: "The day it was recorded.") var on: CalendarDate?

            func run() async throws {
                guard let id = UUID(uuidString: id) else {
                    throw ValidationFailure([ValidationProblem(field: "id", message: "\"\(self.id)\" is not an id")])
                }
                let changes = PriorityChanges(
                    priority: priority, function: function, howCoachingHelps: howCoachingHelps,
                    endorsedBy: endorsedBy, recordedOn: on)
                let version = version
                let updated = try await options.inOrganisation {
                    try Priorities($0).update(id: id, expectedVersion: version, changes)
                }
                options.emit(PriorityReport.make([updated]))
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List business priorities by function.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "Only this function.") var function: String?

            func run() async throws {
                let function = function
                let listed = try await options.inOrganisation { try Priorities($0).list(function: function) }
                options.emit(PriorityReport.make(listed))
            }
        }
    }
}

/// Business priorities as rows.
enum PriorityReport {
    static func make(_ priorities: [BusinessPriority]) -> Report {
        Report(
            columns: ["id", "function", "priority", "how_coaching_helps", "endorsed_by", "recorded_on", "version"],
            rows: priorities.map {
                [
                    $0.id.uuidString.lowercased(), $0.function, $0.priority, $0.howCoachingHelps, $0.endorsedBy,
                    $0.recordedOn.description, String($0.version),
                ]
            })
    }
}
