import ArgumentParser
import Postgres
import RadarDomain
import RadarStore

extension Radar {
    /// `radar stakeholder …`: the people whose commitment matters.
    struct StakeholderCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stakeholder",
            abstract: "Add, list, show, update stakeholders and mark them as left.",
            subcommands: [Add.self, List.self, Show.self, Update.self, Leave.self, Aliases.self]
        )

        /// Fields shared by add and update.
        struct Fields: ParsableArguments {
            @Option(help: "Job title.") var title: String?
            @Option(help: "Business function, e.g. finance, IT, sales.") var function: String?
            @Option(help: "Influence on the programme, 1 (low) to 5 (high).") var influence: Int?
            @Option(help: "Interest in the programme, 1 (low) to 5 (high).") var interest: Int?
            @Option(help: "Current engagement: \(EngagementLevel.acceptedValues).") var engagement: String?
            @Option(help: "Desired engagement: \(EngagementLevel.acceptedValues).") var desiredEngagement: String?
            @Option(help: "E-mail of the HR user (a member with the hr or admin role) who looks after this person.") var hrOwner: String?
        }

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add a stakeholder.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "Full name.") var name: String
            @Option(help: "E-mail address (unique in the organisation).") var email: String
            @Option(help: "Tier: \(Tier.acceptedValues).") var tier: String
            @Option(help: "Programme role: \(ProgrammeRole.acceptedValues).") var role: String = "stakeholder"
            @OptionGroup var fields: Fields

            func run() async throws {
                let draft = StakeholderDraft(
                    name: name, email: email, title: fields.title, tier: tier, role: role, function: fields.function,
                    influence: fields.influence, interest: fields.interest, engagement: fields.engagement,
                    desiredEngagement: fields.desiredEngagement, hrOwnerEmail: fields.hrOwner)
                let added = try await options.inOrganisation { try Stakeholders($0).add(draft) }
                options.emit(StakeholderReport.make([added]))
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List stakeholders, optionally filtered.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "Only this tier.") var tier: String?
            @Option(help: "Only this programme role.") var role: String?
            @Option(help: "Only this business function.") var function: String?
            @Option(help: "Only this current engagement level.") var engagement: String?
            @ArgumentParser.Flag(help: "Include people who have left.") var includeLeft = false

            func run() async throws {
                let filter = Stakeholders.Filter(
                    tier: try tier.map { try Tier.parse($0, field: "tier") },
                    role: try role.map { try ProgrammeRole.parse($0, field: "role") },
                    function: function,
                    engagement: try engagement.map { try EngagementLevel.parse($0, field: "engagement") },
                    includeLeft: includeLeft)
                let people = try await options.inOrganisation { try Stakeholders($0).list(filter) }
                options.emit(StakeholderReport.make(people))
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show one stakeholder.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "E-mail address.") var email: String

            func run() async throws {
                let person = try await options.inOrganisation { try Stakeholders($0).find(email: email) }
                if options.format == .json {
                    try options.emitJSON(person)
                } else {
                    options.emit(StakeholderReport.make([person]))
                }
            }
        }

        struct Aliases: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show or change a stakeholder's other e-mail addresses, by which calendars may name them.",
                discussion: """
                    A meeting that invites someone by one of their aliases is matched to them. An alias is never \
                    another person's address or alias.
                    """)
            @OptionGroup var options: GlobalOptions
            @Argument(help: "Their main e-mail address.") var email: String
            @Option(help: "Add this address (repeatable).") var add: [String] = []
            @Option(help: "Remove this address (repeatable).") var remove: [String] = []

            func run() async throws {
                let email = email, add = add, remove = Set(remove.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
                let aliases = try await options.inOrganisation { tx in
                    let store = StakeholderAliases(tx)
                    let current = try store.aliases(of: email)
                    guard !add.isEmpty || !remove.isEmpty else { return current }
                    return try store.replace(of: email, with: current.filter { !remove.contains($0) } + add)
                }
                options.emit(Report(columns: ["alias"], rows: aliases.map { [$0] }))
            }
        }

        struct Update: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Change a stakeholder; pass --version to refuse the change if someone else got there first.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "E-mail address.") var email: String
            @Option(help: "The version you based the change on (see `show`).") var version: Int?
            @Option(help: "New full name.") var name: String?
            @Option(help: "New e-mail address.") var newEmail: String?
            @Option(help: "New tier.") var tier: String?
            @Option(help: "New programme role.") var role: String?
            @Option(
                help: ArgumentHelp(
                    "When the new tier, role, function or engagement took effect, e.g. the day of the assessment "
                        + "(default: now). \(TimeArgument.help)", valueName: "time"))
            var changedOn: TimeArgument?
            @OptionGroup var fields: Fields

            func run() async throws {
                var changes = StakeholderChanges()
                changes.name = name
                changes.email = newEmail
                changes.tier = tier
                changes.role = role
                changes.title = fields.title
                changes.function = fields.function
                changes.influence = fields.influence
                changes.interest = fields.interest
                changes.engagement = fields.engagement
                changes.desiredEngagement = fields.desiredEngagement
                changes.hrOwnerEmail = fields.hrOwner
                let frozen = changes, changedOn = changedOn
                let updated = try await options.inOrganisation { tx in
                    var dated = frozen
                    dated.changedAt = changedOn?.resolve(in: tx.organisation.zone)
                    return try Stakeholders(tx).update(email: email, expectedVersion: version, dated)
                }
                options.emit(StakeholderReport.make([updated]))
            }
        }

        struct Leave: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Mark a stakeholder as having left; their history stays.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "E-mail address.") var email: String
            @Option(help: "The day they left (default: today in the organisation's time zone).") var on: CalendarDate?

            func run() async throws {
                let day = on
                let person = try await options.inOrganisation { tx in
                    try Stakeholders(tx).leave(email: email, on: day ?? CalendarDate(.now, in: tx.organisation.zone))
                }
                options.emit(StakeholderReport.make([person]))
            }
        }
    }
}

/// Stakeholders as rows.
enum StakeholderReport {
    static func make(_ people: [Stakeholder]) -> Report {
        Report(
            columns: [
                "name", "email", "title", "tier", "role", "function", "influence", "interest", "engagement",
                "desired", "hr_owner", "active", "version",
            ],
            rows: people.map { person in
                [
                    person.name, person.email, person.title, person.tier.rawValue, person.role.rawValue,
                    person.function,
                    person.influence.map(String.init), person.interest.map(String.init), person.engagement?.rawValue,
                    person.desiredEngagement?.rawValue, person.hrOwnerEmail,
                    person.active ? "yes" : "left \(person.leftOn?.description ?? "")", String(person.version),
                ]
            })
    }
}

extension Radar.StakeholderCommand.Update: OptionNaming {
    static let optionNames: [FieldPath: String] = ["email": "new-email"]
}
