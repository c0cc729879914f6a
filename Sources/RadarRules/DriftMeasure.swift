import Foundation
import RadarDomain
import RadarStore

/// How well the G11 rules tell drifting leaders from healthy ones, against the truths `radar generate` planted:
/// the one computation behind `radar rules measure`, the benchmark and the test suite.
public struct DriftMeasure: Sendable, Equatable {
    /// Which of the two labelled instants this is.
    public enum Instant: String, Sendable {
        case end = "at the end"
        case eightWeeksBefore = "eight weeks before"
    }

    public var instant: Instant
    public var asOf: Date
    /// Drifting leaders with a G11 flag.
    public var truePositives = 0
    /// Healthy leaders with a G11 flag.
    public var falsePositives = 0
    /// Drifting leaders with no G11 flag.
    public var falseNegatives = 0
    public var healthyLeaders = 0
    /// Flags of any rule on healthy leaders.
    public var flagsOnHealthy = 0
    /// G11 flags on leaders planted as steady-monthly (each rule counts).
    public var g11FlagsOnSteadyMonthly = 0
    /// The labelled leaders each G11 rule flagged, drifting or not, for reading a miss.
    public var flaggedByRule: [String: Int] = [:]
    /// Emails of the leaders the measure got wrong, with their patterns.
    public var misses: [String] = []

    /// Of the leaders flagged under G11, the share that were drifting (1 when none was flagged).
    public var precision: Double {
        truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives)
    }
    /// Of the drifting leaders, the share flagged under G11 (1 when none was drifting).
    public var recall: Double {
        truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives)
    }
    public var flagsPerHealthyLeader: Double {
        healthyLeaders == 0 ? 0 : Double(flagsOnHealthy) / Double(healthyLeaders)
    }

    /// Measures both instants the labels speak for: `end` and eight weeks of the organisation's calendar before.
    public static func measure(_ labels: [SyntheticLabel], end: Date, in tx: TenantTransaction) throws -> [DriftMeasure]
    {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = tx.organisation.zone
        let before = calendar.date(byAdding: .day, value: -56, to: end)!
        return [
            try measure(labels, instant: .eightWeeksBefore, asOf: before, in: tx),
            try measure(labels, instant: .end, asOf: end, in: tx),
        ]
    }

    /// Measures one instant: every enabled rule evaluated as of `asOf`, nothing written.
    static func measure(
        _ labels: [SyntheticLabel], instant: Instant, asOf: Date, in tx: TenantTransaction
    ) throws -> DriftMeasure {
        let findings = try RuleEngine(tx).findings(asOf: asOf).filter { $0.subjectKind == .stakeholder }
        var measure = DriftMeasure(instant: instant, asOf: asOf)
        let bySubject = Dictionary(grouping: findings, by: \.subject)
        for label in labels {
            let flags = bySubject[label.email] ?? []
            let g11 = flags.filter { $0.guideline == "G11" }
            for finding in g11 { measure.flaggedByRule[finding.rule, default: 0] += 1 }
            let drifting = instant == .end ? label.driftingAtEnd : label.driftingEightWeeksBefore
            if label.pattern == .steadyMonthly { measure.g11FlagsOnSteadyMonthly += g11.count }
            if !drifting {
                measure.healthyLeaders += 1
                measure.flagsOnHealthy += flags.count
            }
            switch (drifting, !g11.isEmpty) {
            case (true, true): measure.truePositives += 1
            case (false, true):
                measure.falsePositives += 1
                measure.misses.append("\(label.email) \(label.pattern.rawValue) flagged by \(g11.map(\.rule))")
            case (true, false):
                measure.falseNegatives += 1
                measure.misses.append("\(label.email) \(label.pattern.rawValue) drifting, not flagged")
            case (false, false): break
            }
        }
        return measure
    }

    /// One line for people and for the benchmark's log.
    public var summary: String {
        let figures = [
            String(
                format: "precision %.3f (%d of %d flagged)", precision, truePositives, truePositives + falsePositives),
            String(format: "recall %.3f (%d of %d drifting)", recall, truePositives, truePositives + falseNegatives),
            String(format: "%.2f flags per healthy leader (%d healthy)", flagsPerHealthyLeader, healthyLeaders),
            "\(g11FlagsOnSteadyMonthly) G11 flags on steady-monthly leaders",
        ]
        return "G11 on leaders \(instant.rawValue): " + figures.joined(separator: ", ")
    }
}
