import Foundation
import RadarDomain

extension FlagBook {
    /// The states `life` lays over each flag found, as the columns of one update, with an event for each state a
    /// flag enters or leaves (a flag raised or reopened enters them from plainly open).
    func overlayChanges(
        _ findings: [Finding], life: FlagLife, ids: [String: UUID], existing: [String: Flag],
        events: inout EventBatch, result: inout CheckResult
    ) -> (ids: [UUID], pendingSince: [Date?], suppressedBy: [UUID?], silences: [UUID?]) {
        var columns: (ids: [UUID], pendingSince: [Date?], suppressedBy: [UUID?], silences: [UUID?]) = ([], [], [], [])
        for finding in findings {
            let key = Self.key(finding.rule, finding.subjectKind, finding.subjectID)
            guard let id = ids[key] else { continue }
            let standing = life[finding]
            let before = existing[key].flatMap { $0.status == .resolved ? nil : $0 }
            let suppressor = standing.suppressedBy.flatMap { ids[$0] }
            // Counted by what the flag shows, as the lists show it.
            switch standing.overlay {
            case .pending: result.pending += 1
            case .suppressed: result.suppressed += 1
            case .silenced: result.silenced += 1
            default: break
            }
            let wasPending = before?.pendingSince != nil
            if standing.pendingSince != nil, !wasPending {
                events.add(
                    id, "pending", finding.severity,
                    reason: standing.opensOn.map { "condition holding; opens on \($0) if it still holds" },
                    evidence: finding.evidence)
            } else if standing.pendingSince == nil, wasPending {
                events.add(id, "opened", finding.severity, evidence: finding.evidence)
            }
            if let suppressor, suppressor != before?.suppressedBy {
                events.add(
                    id, "suppressed", finding.severity, reason: standing.suppressedByRule.map { "by \($0)" },
                    evidence: finding.evidence, suppressedBy: suppressor)
            } else if suppressor == nil, let earlier = before?.suppressedBy {
                events.add(id, "unsuppressed", finding.severity, evidence: finding.evidence, suppressedBy: earlier)
            }
            if let silence = standing.silence, silence.id != before?.silence {
                events.add(
                    id, "silenced", finding.severity, reason: silence.reason, evidence: finding.evidence,
                    silence: silence.id)
            } else if standing.silence == nil, let earlier = before?.silence {
                events.add(id, "unsilenced", finding.severity, evidence: finding.evidence, silence: earlier)
            }
            columns.ids.append(id)
            columns.pendingSince.append(standing.pendingSince)
            columns.suppressedBy.append(suppressor)
            columns.silences.append(standing.silence?.id)
        }
        return columns
    }
}
