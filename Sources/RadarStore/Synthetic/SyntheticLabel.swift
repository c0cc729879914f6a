import Foundation
import RadarDomain

/// A way a planted top-team member's contact with the programme runs over the generated period.
public enum SyntheticPattern: String, CaseIterable, Sendable {
    case steadyWeekly = "steady_weekly"
    case steadyMonthly = "steady_monthly"
    /// Went silent for weeks, then came back to a weekly rhythm at their old level.
    case recovered
    case abruptSilence = "abrupt_silence"
    /// Gaps between contacts lengthen and the engagement seen in them falls.
    case slowFadeCooling = "slow_fade_cooling"
    /// Gaps between contacts lengthen; the engagement seen stays where it was.
    case slowFadeRhythm = "slow_fade_rhythm"
    /// Met every week as before, but the engagement seen falls step by step.
    case coolingSteadyRhythm = "cooling_steady_rhythm"
    /// Still invited every week, but declines, delegates or does not turn up.
    case decliningInvitations = "declining_invitations"

    /// A leader who stays with the programme: their own coaching goal, their case and the programme's story are on
    /// record, as a lead would have them for someone they are not worried about.
    var keepsUpTheProgramme: Bool {
        self == .steadyWeekly || self == .steadyMonthly || self == .recovered
    }

    /// Days after the drift begins by which a careful reader of the record could tell: one missed week is not a
    /// drift yet, and a rhythm that lengthens a little each time takes weeks to tell from an ordinary late week.
    var daysToShow: Int {
        switch self {
        case .steadyWeekly, .steadyMonthly: 0
        case .recovered, .abruptSilence, .coolingSteadyRhythm, .decliningInvitations: 21
        case .slowFadeCooling, .slowFadeRhythm: 42
        }
    }
}

/// The truth `radar generate` planted about one top-team member: their pattern and whether a reader of the record
/// should see them drifting away at the end of the history and eight weeks before it.
public struct SyntheticLabel: Sendable, Hashable {
    public var email: String
    public var pattern: SyntheticPattern
    /// The day the drift began (the silence, for `recovered`), if it began within the history.
    public var driftBegan: CalendarDate?
    public var driftingAtEnd: Bool
    public var driftingEightWeeksBefore: Bool

    public init(
        email: String, pattern: SyntheticPattern, driftBegan: CalendarDate?, driftingAtEnd: Bool,
        driftingEightWeeksBefore: Bool
    ) {
        self.email = email
        self.pattern = pattern
        self.driftBegan = driftBegan
        self.driftingAtEnd = driftingAtEnd
        self.driftingEightWeeksBefore = driftingEightWeeksBefore
    }

    static let header = ["email", "pattern", "drift_began", "drifting_at_end", "drifting_8_weeks_before"]

    /// The labels as CSV with a header row, one line per planted leader.
    public static func csv(_ labels: [SyntheticLabel]) -> String {
        let lines = labels.map { label in
            [
                label.email, label.pattern.rawValue, label.driftBegan?.description ?? "",
                String(label.driftingAtEnd), String(label.driftingEightWeeksBefore),
            ].joined(separator: ",")
        }
        return ([header.joined(separator: ",")] + lines).joined(separator: "\n") + "\n"
    }

    /// Reads what `csv` wrote; a line that does not read is refused with its number.
    public static func parse(csv text: String) throws -> [SyntheticLabel] {
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard lines.first == header.joined(separator: ",") else {
            throw ValidationFailure([ValidationProblem(field: "labels", message: "must start with the header row")])
        }
        lines.removeFirst()
        return try lines.enumerated().map { number, line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == header.count, let pattern = SyntheticPattern(rawValue: cells[1]),
                let atEnd = Bool(cells[3]), let before = Bool(cells[4])
            else {
                throw ValidationFailure([
                    ValidationProblem(field: "labels", message: "line \(number + 2) does not read")
                ])
            }
            return SyntheticLabel(
                email: cells[0], pattern: pattern, driftBegan: CalendarDate(cells[2]), driftingAtEnd: atEnd,
                driftingEightWeeksBefore: before)
        }
    }
}
