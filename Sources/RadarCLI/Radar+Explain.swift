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
        @Option(help: ArgumentHelp("Explain as of this instant (default: now). \(TimeArgument.help)",
                                   valueName: "time"))
        var asOf: TimeArgument?

        func run() async throws {
            let (email, asOf) = (email.lowercased(), asOf)
            let lines = try await options.inOrganisation { tx -> [String] in
                let instant = asOf?.resolve(in: tx.organisation.zone) ?? .now
                let table = try FactTable.load(.stakeholder, asOf: instant, in: tx)
                guard let subject = table.subjects.first(where: { $0.key == email }) else {
                    throw StoreError.notFound(entity: "active stakeholder", key: email)
                }
                var lines = ["\(subject.name) <\(subject.key)> as of \(Timestamps.format(instant))", "", "facts:"]
                lines += subject.facts.keys.sorted().map { "  \($0) = \(subject.facts[$0]!)" }
                for compiled in try RuleEngine(tx).compiledRules() where compiled.rule.subjectKind == .stakeholder {
                    let fires = compiled.condition.evaluate(subject.facts)
                    lines += ["", "\(compiled.rule.code) (\(compiled.rule.guideline)): \(fires ? "FIRES" : "quiet")"]
                    lines += compiled.condition.explain(subject.facts).map { "  \($0)" }
                    if fires {
                        let finding = RuleEngine.finding(compiled, subject: subject, kind: .stakeholder)
                        lines += ["  severity: \(finding.severity.rawValue)", "  message: \(finding.message)"]
                    }
                }
                return lines
            }
            Console.current.print(lines.joined(separator: "\n"))
        }
    }
}
