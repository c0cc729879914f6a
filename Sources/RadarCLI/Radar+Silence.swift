import ArgumentParser
import Foundation
import Postgres
import RadarDomain
import RadarRules

extension Radar {
    /// `radar silence …`: quiet the flags that match until a day, with a reason.
    struct SilenceCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "silence",
            abstract: "Silence flags by rule, guideline, subject or tier until a day; list and end silences.",
            subcommands: [Add.self, List.self, End.self]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Silence every flag that matches all the matchers given, until a day.",
                discussion: """
                    At least one of --rule, --guideline, --subject and --tier. The silence holds until the day \
                    given starts on the organisation's calendar, for any check as of an instant before then; the \
                    flags it matches show as silenced with its reason, and are not counted as open. Audited.
                    """)
            @OptionGroup var options: GlobalOptions
            @Option(help: "Only flags of this rule.") var rule: String?
            @Option(help: "Only flags under this guideline (G01 to G12, P00).") var guideline: String?
            @Option(help: "Only flags about this stakeholder (e-mail).") var subject: String?
            @Option(help: "Only flags about stakeholders of this tier.") var tier: String?
            @Option(help: "The day it starts (YYYY-MM-DD; default: it holds for any instant before its end).")
            var from: CalendarDate?
            @Option(help: "The day the silence ends (YYYY-MM-DD).") var until: CalendarDate
            @Option(help: "Why, e.g. 'sabbatical'.") var reason: String

            func run() async throws {
                let draft = Silences.Draft(
                    rule: rule, guideline: guideline, subject: subject, tier: tier, from: from, until: until,
                    reason: reason)
                let silence = try await options.inOrganisation { try Silences($0).add(draft, at: .now) }
                Console.current.print(
                    "silence \(silence.id.uuidString.prefix(8).lowercased()) added: \(silence.matcherText) until "
                        + "\(silence.until)")
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the silences, ended and expired too.")
            @OptionGroup var options: GlobalOptions

            func run() async throws {
                let (silences, today) = try await options.inOrganisation { tx in
                    (try Silences(tx).all(), CalendarDate(.now, in: tx.organisation.zone))
                }
                options.emit(
                    Report(
                        columns: ["id", "matches", "until", "state", "reason", "created_by", "ended_by"],
                        rows: silences.map { silence in
                            [
                                String(silence.id.uuidString.prefix(8)).lowercased(), silence.matcherText,
                                silence.until.description,
                                silence.endedAt != nil ? "ended" : silence.until <= today ? "expired" : "active",
                                silence.reason, silence.createdBy, silence.endedBy ?? "",
                            ]
                        }))
            }
        }

        struct End: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "End a silence now; its flags speak again at the next check.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The silence's id (its first 8 characters are enough).") var id: String

            func run() async throws {
                let id = id
                let silence = try await options.inOrganisation { try Silences($0).end(id, at: .now) }
                Console.current.print("silence \(silence.id.uuidString.prefix(8).lowercased()) ended")
            }
        }
    }
}
