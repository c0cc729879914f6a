import ArgumentParser
import Foundation
import RadarRules

extension Radar {
    /// `radar brief EMAIL`: what to read before meeting a stakeholder.
    struct BriefCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "brief",
            abstract: "The brief before meeting a stakeholder: who they are, what is open, a suggested agenda.",
            discussion: "Markdown by default (one printed page); --format json for the whole brief as data.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The stakeholder's e-mail.") var email: String
        @Option(help: ArgumentHelp("Brief as of this time (default now). \(TimeArgument.help)", valueName: "time"))
        var asOf: TimeArgument?

        func run() async throws {
            let (email, asOf) = (email, asOf)
            let (brief, zone) = try await options.inOrganisation { tx in
                let zone = tx.organisation.zone
                let instant = asOf?.resolve(in: zone) ?? .now
                return (try RuleEngine(tx).brief(.email(email), asOf: instant, sensitive: true), zone)
            }
            if options.format == .json {
                try options.emitJSON(brief)
            } else {
                Console.current.write(brief.markdown(in: zone))
            }
        }
    }
}
