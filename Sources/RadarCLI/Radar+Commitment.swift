import ArgumentParser
import Postgres
import RadarDomain
import RadarStore

extension Radar {
    /// `radar commitment …`: promises made in conversations.
    struct CommitmentCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "commitment",
            abstract: "List commitments and mark them done.",
            subcommands: [List.self, Done.self, Partner.self]
        )

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List open commitments (or filter).")
            @OptionGroup var options: GlobalOptions
            @Option(help: "Only this owner (e-mail).") var owner: String?
            @Option(help: "Only this status: \(CommitmentStatus.acceptedValues).") var status: String?
            @Option(help: "Only those overdue on this day.") var overdueOn: CalendarDate?
            @ArgumentParser.Flag(help: "Include done and dropped commitments.") var all = false

            func run() async throws {
                let filter = Commitments.Filter(
                    ownerEmail: owner, status: try status.map { try CommitmentStatus.parse($0, field: "status") },
                    overdueOn: overdueOn, includeClosed: all)
                let found = try await options.inOrganisation { try Commitments($0).list(filter) }
                options.emit(CommitmentReport.make(found))
            }
        }

        struct Partner: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Name the accountability partner who holds a commitment's owner to it (or clear it).")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The commitment's id (its first 8 characters are enough).") var id: String
            @Option(help: "The partner's e-mail: a stakeholder other than the owner.") var email: String?
            @ArgumentParser.Flag(help: "Clear the partner instead.") var clear = false

            func validate() throws {
                if (email == nil) == !clear { throw ValidationError("give either --email or --clear") }
            }

            func run() async throws {
                let (id, email) = (id, email)
                let changed = try await options.inOrganisation { try Commitments($0).setPartner(id, email: email) }
                options.emit(CommitmentReport.make([changed]))
            }
        }

        struct Done: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Mark a commitment done.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The commitment's id (its first 8 characters are enough).") var id: String
            @Option(help: "The day it was done (default: today in the organisation's time zone).") var on: CalendarDate?
            @Option(help: "The version you based the change on.") var version: Int?

            func run() async throws {
                let (id, on, version) = (id, on, version)
                let done = try await options.inOrganisation { tx in
                    try Commitments(tx).markDone(
                        id, on: on ?? CalendarDate(.now, in: tx.organisation.zone),
                        expectedVersion: version)
                }
                options.emit(CommitmentReport.make([done]))
            }
        }
    }
}

/// Commitments as rows.
enum CommitmentReport {
    static func make(_ commitments: [Commitment]) -> Report {
        Report(
            columns: [
                "id", "owner", "owner_side", "made_on", "due_on", "status", "done_on", "conversation",
                "description", "version", "accountability_partner",
            ],
            rows: commitments.map { item in
                [
                    String(item.id.uuidString.prefix(8)).lowercased(), item.ownerEmail,
                    item.ownerIsLeader ? "leader" : item.ownerIsHR ? "hr" : "other", item.madeOn.description,
                    item.dueOn?.description, item.status.rawValue, item.doneOn?.description, item.conversationRef,
                    item.description, String(item.version), item.partnerEmail,
                ]
            })
    }
}

extension Radar.CommitmentCommand.Done: OptionNaming {
    static let optionNames: [FieldPath: String] = ["doneOn": "on"]
}
