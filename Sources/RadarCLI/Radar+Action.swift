import ArgumentParser
import Foundation
import RadarDomain
import RadarRules

extension Radar {
    /// `radar action …`: a flag's next step as an action with an owner and a due day.
    struct ActionCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "action",
            abstract: "Make a flag's next step an action (owner, due day), list actions, mark one done.",
            subcommands: [Add.self, List.self, Done.self]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Make the flag's next step (or --step) an action; recorded on the flag's history.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The flag's id (its first 8 characters are enough).") var flag: String
            @Option(help: "The owner: a leader's (top team, sponsor) or an HR user's e-mail.") var owner: String
            @Option(help: "The day it is due (YYYY-MM-DD).") var due: CalendarDate
            @Option(help: "The action in words (default: the flag's next step).") var step: String?

            func run() async throws {
                let (flag, owner, due, step) = (flag, owner, due, step)
                let action = try await options.inOrganisation {
                    try FlagActions($0).add(flag: flag, owner: owner, due: due, step: step, at: .now)
                }
                Console.current.print(
                    "action \(action.id.uuidString.prefix(8).lowercased()) added: \(action.ownerEmail ?? "") by "
                        + "\(action.dueOn)")
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Open actions, the first due first.")
            @OptionGroup var options: GlobalOptions
            @ArgumentParser.Flag(help: "Done ones too.") var all = false

            func run() async throws {
                let all = all
                let actions = try await options.inOrganisation { tx in
                    try FlagActions(tx).list(includeDone: all, today: CalendarDate(.now, in: tx.organisation.zone))
                }
                options.emit(
                    Report(
                        columns: ["id", "flag", "owner", "due", "state", "step"],
                        rows: actions.map(Self.row)))
            }

            static func row(_ action: FlagAction) -> [String] {
                let state = action.doneAt != nil ? "done" : action.overdue ? "overdue" : "open"
                return [
                    String(action.id.uuidString.prefix(8)).lowercased(),
                    String(action.flag.uuidString.prefix(8)).lowercased(), action.ownerEmail ?? "",
                    action.dueOn.description, state, action.step,
                ]
            }
        }

        struct Done: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Mark an action done; recorded on its flag.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The action's id (its first 8 characters are enough).") var id: String

            func run() async throws {
                let id = id
                let action = try await options.inOrganisation { try FlagActions($0).done(id, at: .now) }
                Console.current.print("action \(action.id.uuidString.prefix(8).lowercased()) done")
            }
        }
    }
}
