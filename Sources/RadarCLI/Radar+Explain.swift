import ArgumentParser
import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore

extension Radar {
    /// `radar explain EMAIL`: every fact about one person and how each rule reads them.
    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every fact about a stakeholder and each rule's outcome, part by part."
        )
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The stakeholder's e-mail.") var email: String
        @Option(
            help: ArgumentHelp(
                "Explain as of this instant (default: now). \(TimeArgument.help)",
                valueName: "time"))
        var asOf: TimeArgument?

        func run() async throws {
            let (email, asOf) = (email, asOf)
            let explanation = try await options.inOrganisation { tx in
                try RuleEngine(tx).explain(.email(email), asOf: asOf?.resolve(in: tx.organisation.zone) ?? .now)
            }
            Console.current.print(Self.lines(explanation).joined(separator: "\n"))
        }

        /// The explanation as the terminal shows it: facts, then each rule with its reasoning.
        static func lines(_ explanation: Explanation) -> [String] {
            let subject = explanation.subject
            var lines = ["\(subject.name) <\(subject.key)> as of \(Timestamps.format(explanation.asOf))", "", "facts:"]
            lines += subject.facts.keys.sorted().map { "  \($0) = \(subject.facts[$0]!)" }
            for reading in explanation.readings {
                lines += [
                    "",
                    "\(reading.rule) (\(reading.guideline)): \(reading.fires ? "FIRES" : "quiet")\(standing(reading))",
                ]
                lines += reading.reasoning.map { "  \($0)" }
                if let finding = reading.finding {
                    lines += ["  severity: \(finding.severity.rawValue)", "  message: \(finding.message)"]
                }
            }
            return lines
        }

        /// Where a firing rule's flag stands, when not plainly open: pending, suppressed or silenced.
        static func standing(_ reading: Explanation.Reading) -> String {
            let standing = reading.standing
            switch standing.overlay {
            case .suppressed: return " (suppressed by \(standing.suppressedByRule ?? "another rule"))"
            case .pending: return " (pending" + (standing.opensOn.map { ", opens on \($0)" } ?? "") + ")"
            case .silenced:
                guard let silence = standing.silence else { return " (silenced)" }
                return " (silenced until \(silence.until): \(silence.reason))"
            default: return ""
            }
        }
    }
}
