import Foundation
import RadarDomain

/// One rule holding for one subject at one instant, with the facts that made it fire.
public struct Finding: Sendable, Hashable {
    public var rule: String
    public var guideline: String
    public var severity: Severity
    public var subjectKind: SubjectKind
    public var subjectID: UUID
    public var subject: String
    public var subjectName: String
    public var message: String
    public var nextStep: String
    public var evidence: [String: FactValue]
    /// The version of the rule that made it, so a later check can tell an edited rule from a cleared condition.
    public var ruleVersion: Int? = nil
}
