import ArgumentParser
import Foundation
import RadarDomain
import RadarRules
import RadarStore

extension Radar {
    /// `radar owners …`: who in HR looks after whom, set for many people at once.
    struct OwnersCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "owners",
            abstract: "List and set each person's HR owner (a member with the hr or admin role), in bulk.",
            subcommands: [List.self, Assign.self, Import.self]
        )

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Every active person and their HR owner.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "Only the people of this owner (e-mail).") var owner: String?

            func run() async throws {
                let owner = owner
                let rows = try await options.inOrganisation { tx in
                    let owners = HROwners(tx)
                    return try owners.assignments(owner: try owner.map { try owners.member(email: $0).id })
                }
                options.emit(
                    Report(
                        columns: ["email", "name", "hr_owner", "hr_owner_name"],
                        rows: rows.map { [$0.email, $0.name, $0.ownerEmail ?? "", $0.ownerName ?? ""] }))
            }
        }

        struct Assign: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Make one HR user the owner of the people named (or clear their owner); all or nothing.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "The HR user's e-mail.") var owner: String?
            @ArgumentParser.Flag(help: "Clear the owner of the people named instead.") var clear = false
            @Argument(help: "The people's e-mails.") var people: [String] = []

            func validate() throws {
                if (owner == nil) == !clear { throw ValidationError("give either --owner EMAIL or --clear") }
            }

            func run() async throws {
                let (owner, people) = (owner, people)
                let changed = try await options.inOrganisation { try HROwners($0).assign(owner, to: people) }
                Console.current.print("\(changed) of \(people.count) people changed owner")
            }
        }

        struct Import: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Set owners from a CSV file with the columns email and hr_owner (empty clears).",
                discussion: "All rows in one transaction: a row naming an unknown person or owner changes nobody.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The CSV file.") var file: String

            func run() async throws {
                let text: String
                do {
                    text = try String(contentsOfFile: file, encoding: .utf8)
                } catch {
                    throw ValidationError("cannot read \(file): \(error.localizedDescription)")
                }
                let changed = try await options.inOrganisation { try HROwners($0).importCSV(text) }
                Console.current.print("\(changed) people changed owner")
            }
        }
    }

    /// `radar mine`: one HR owner's people, the riskiest first.
    struct MineCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mine",
            abstract: "My radar: the people an HR user owns, ranked by risk, with next contact due and what is open.",
            discussion: "The user is --user, else RADAR_USER. --format json for the whole radar as data.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "The HR user's e-mail (default: RADAR_USER).") var user: String?
        @Option(help: ArgumentHelp("As of this time (default now). \(TimeArgument.help)", valueName: "time"))
        var asOf: TimeArgument?

        func run() async throws {
            guard let email = user ?? ProcessInfo.processInfo.environment["RADAR_USER"], !email.isEmpty else {
                throw ValidationError("name the HR user with --user EMAIL (or set RADAR_USER)")
            }
            let asOf = asOf
            let radar = try await options.inOrganisation { tx in
                let member = try HROwners(tx).member(email: email)
                return try MyRadar.read(
                    owner: member.id, ownerEmail: member.email,
                    asOf: asOf?.resolve(in: tx.organisation.zone) ?? .now, sensitive: true, in: tx)
            }
            if options.format == .json {
                try options.emitJSON(radar)
                return
            }
            options.emit(
                Report(
                    columns: ["email", "name", "risk", "open_flags", "next_contact_due", "overdue_days", "open_fears",
                              "commitments_due"],
                    rows: radar.people.map { person in
                        [
                            person.email, person.name, person.risk, "\(person.openFlags.count)",
                            person.nextContactDue.description, "\(person.contactOverdueDays)", "\(person.openFears)",
                            "\(person.commitmentsDue.count)",
                        ]
                    }))
        }
    }
}
