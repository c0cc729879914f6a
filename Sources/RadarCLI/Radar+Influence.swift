import ArgumentParser
import Foundation
import RadarDomain
import RadarStore

extension Radar {
    /// `radar influence …`: who influences whom, the links champions' backing and the cascade are read from.
    struct InfluenceCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "influence",
            abstract: "Who influences whom: link two stakeholders, end a link, list the links.",
            discussion: """
                A link reads "person kind other": --person dev@x --kind reports_to --other cara@x says Dev reports to \
                Cara. A person's influencers are those they report to or listen to, their peers and their sponsor; \
                champion-unbacked (G06) and cascade-mixed-signal (P00) read them.
                """,
            subcommands: [Add.self, List.self, End.self]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Link one stakeholder to another.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "The person the link is about (e-mail).") var person: String
            @Option(help: "How they stand to the other: \(InfluenceKind.acceptedValues).") var kind: String
            @Option(help: "The other person (e-mail).") var other: String
            @Option(help: "The first day it holds (default: today in the organisation's time zone).")
            var since: CalendarDate?

            func run() async throws {
                let (person, kind, other, since) = (person, kind, other, since)
                let link = try await options.inOrganisation { tx in
                    try InfluenceLinks(tx).add(
                        person: person, kind: kind, other: other, since: since,
                        today: CalendarDate(.now, in: tx.organisation.zone))
                }
                options.emit(InfluenceReport.make([link]))
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List the links, of one person or all, holding on a day or ever.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "Only the links of this person (e-mail), either end.") var email: String?
            @Option(help: "Only the links holding on this day (default: every link, ended ones too).")
            var on: CalendarDate?

            func run() async throws {
                let (email, on) = (email, on)
                let links = try await options.inOrganisation { try InfluenceLinks($0).links(email: email, on: on) }
                options.emit(InfluenceReport.make(links))
            }
        }

        struct End: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "End a link: it no longer holds from a day on.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The link's id (radar influence list shows it).") var id: String
            @Option(help: "The first day it no longer holds (default: today in the organisation's time zone).")
            var on: CalendarDate?

            func run() async throws {
                guard let uuid = UUID(uuidString: id) else {
                    throw ValidationFailure([ValidationProblem(field: "id", message: "\"\(id)\" is not a link's id")])
                }
                let on = on
                let link = try await options.inOrganisation { tx in
                    try InfluenceLinks(tx).end(id: uuid, on: on ?? CalendarDate(.now, in: tx.organisation.zone))
                }
                options.emit(InfluenceReport.make([link]))
            }
        }
    }
}

/// Influence links as rows.
enum InfluenceReport {
    static func make(_ links: [InfluenceLink]) -> Report {
        Report(
            columns: ["id", "person", "kind", "other", "since", "until"],
            rows: links.map { link in
                [
                    link.id.uuidString.lowercased(), link.person.email, link.kind.rawValue, link.other.email,
                    link.since.description, link.until?.description,
                ]
            })
    }
}

extension Radar.InfluenceCommand.End: OptionNaming {
    static let optionNames: [FieldPath: String] = ["until": "on"]
}
