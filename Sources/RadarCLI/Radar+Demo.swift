import ArgumentParser
import Foundation
import RadarStore

extension Radar {
    /// `radar demo`: an invented organisation with six months of history to explore the product with.
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a demo organisation with six months of invented history.",
            discussion: "The history ends at --as-of (default: now), so the demo always looks current."
        )
        @OptionGroup var options: GlobalOptions
        @Option(help: "Slug of the demo organisation.") var slug = "demo"
        @Option(help: "IANA time zone of the demo organisation.") var timeZone = "Europe/London"
        @Option(help: ArgumentHelp("The instant the history ends at. \(TimeArgument.help)", valueName: "time"))
        var asOf: TimeArgument?

        func run() async throws {
            let (slug, timeZone, asOf) = (slug, timeZone, asOf)
            let actor = options.configuration.actor
            let recorded = try await options.withDatabase(poolSize: 1) { database in
                try await Organisations(database: database)
                    .create(slug: slug, name: "Harbourline Foods (demo)", timeZone: timeZone, actor: actor) { tx in
                        try DemoOrganisation(tx, asOf: asOf?.resolve(in: tx.organisation.zone) ?? .now).populate()
                    }
            }
            Console.current.print(
                "created demo organisation \"\(slug)\" with \(DemoOrganisation.people.count) "
                    + "stakeholders and \(recorded) conversations; try: radar query silent --org \(slug)")
        }
    }
}
