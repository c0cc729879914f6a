import ArgumentParser
import Foundation
import RadarRules
import RadarStore

extension Radar.Rules {
    /// `radar rules measure`: precision and recall of the G11 rules against the labels `radar generate` wrote.
    struct Measure: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure the G11 rules on leaders against the truths radar generate planted.",
            discussion: """
                Evaluates every enabled rule, writing nothing, at --as-of and eight weeks before it, and compares \
                the G11 flags on the labelled leaders with the labels: precision, recall, flags per healthy \
                leader and G11 flags on steady-monthly leaders. --as-of should be the --until given to radar \
                generate.
                """)
        @OptionGroup var options: GlobalOptions
        @Option(help: ArgumentHelp("The labels radar generate --labels wrote.", valueName: "file")) var labels: String
        @Option(help: ArgumentHelp("The end of the generated history.", valueName: "time")) var asOf: TimeArgument
        @Flag(help: "Also list each leader measured wrongly and how many leaders each G11 rule flagged.")
        var showMisses = false

        func run() async throws {
            let truths: [SyntheticLabel]
            do {
                truths = try SyntheticLabel.parse(csv: String(contentsOfFile: labels, encoding: .utf8))
            } catch let error as CocoaError {
                throw ValidationError("--labels: \(error.localizedDescription)")
            }
            let asOf = asOf
            let measures = try await options.inOrganisation { tx in
                try DriftMeasure.measure(truths, end: asOf.resolve(in: tx.organisation.zone), in: tx)
            }
            for measure in measures {
                Console.current.print(measure.summary)
                guard showMisses else { continue }
                for (rule, count) in measure.flaggedByRule.sorted(by: { $0.key < $1.key }) {
                    Console.current.print("  \(rule) flagged \(count) labelled leaders")
                }
                for miss in measure.misses { Console.current.print("  \(miss)") }
            }
        }
    }
}
