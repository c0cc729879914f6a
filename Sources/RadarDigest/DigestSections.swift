import Foundation
import Postgres
import RadarDomain
import RadarStore

// The sections of a digest. Every field is what a renderer shows as it is: counts are counted, lists are in the
// order to show, sentences are written. Optional fields are left out of the JSON when there is nothing to say.

/// The top of the digest: open flags by severity, what changed, and which way leadership engagement is going.
public struct DigestHeadline: Codable, Sendable, Equatable {
    /// One sentence on the flags: new, reopened, still open, resolved.
    public var summary: String
    /// Open flags (including acknowledged and snoozed ones) per severity, most severe first, with last week's.
    public var openBySeverity: [DigestSeverityCount]
    public var counts: DigestFlagCounts
    /// Leadership engagement over the week, from the leaders' average engagement score.
    public var engagementTrend: DigestDirection
    /// One sentence saying whether leadership engagement is rising, holding or falling, and from what to what.
    public var engagementSentence: String
    /// The leaders' average score this week and last week (0–100), when there were scores.
    public var leaderAverageScore: Int?
    public var leaderAverageScoreLastWeek: Int?

    public init(
        summary: String, openBySeverity: [DigestSeverityCount], counts: DigestFlagCounts,
        engagementTrend: DigestDirection, engagementSentence: String, leaderAverageScore: Int?,
        leaderAverageScoreLastWeek: Int?
    ) {
        self.summary = summary
        self.openBySeverity = openBySeverity
        self.counts = counts
        self.engagementTrend = engagementTrend
        self.engagementSentence = engagementSentence
        self.leaderAverageScore = leaderAverageScore
        self.leaderAverageScoreLastWeek = leaderAverageScoreLastWeek
    }

    enum CodingKeys: String, CodingKey {
        case summary, openBySeverity = "open_by_severity", counts, engagementTrend = "engagement_trend"
        case engagementSentence = "engagement_sentence", leaderAverageScore = "leader_average_score"
        case leaderAverageScoreLastWeek = "leader_average_score_last_week"
    }
}

/// Open flags of one severity at the end of this week and of last week.
public struct DigestSeverityCount: Codable, Sendable, Equatable {
    public var severity: String
    public var open: Int
    public var lastWeek: Int
    /// `open - last_week`.
    public var change: Int

    public init(severity: String, open: Int, lastWeek: Int) {
        self.severity = severity
        self.open = open
        self.lastWeek = lastWeek
        change = open - lastWeek
    }

    enum CodingKeys: String, CodingKey { case severity, open, lastWeek = "last_week", change }
}

/// How many flags are in each state this week.
public struct DigestFlagCounts: Codable, Sendable, Equatable {
    /// Raised or reopened during the week and open at its end (reopened ones included).
    public var new: Int
    /// Of the new ones, those that had been resolved before and came back.
    public var reopened: Int
    /// Open at the week's end and already open before it, not set aside.
    public var stillOpen: Int
    /// Resolved during the week and not back by its end.
    public var resolved: Int
    /// Acknowledged or snoozed at the week's end.
    public var setAside: Int
    /// Every flag not resolved at the week's end.
    public var open: Int

    public init(new: Int, reopened: Int, stillOpen: Int, resolved: Int, setAside: Int, open: Int) {
        self.new = new
        self.reopened = reopened
        self.stillOpen = stillOpen
        self.resolved = resolved
        self.setAside = setAside
        self.open = open
    }

    enum CodingKeys: String, CodingKey {
        case new, reopened, stillOpen = "still_open", resolved, setAside = "set_aside", open
    }
}

/// One flag as the digest shows it, as of the week's end.
public struct DigestFlag: Codable, Sendable, Equatable {
    public var rule: String
    /// The rule's name, e.g. "Leader gone quiet".
    public var ruleName: String
    public var guideline: String
    public var guidelineName: String
    public var severity: String
    /// Where the flag stood at the week's end.
    public var status: FlagStatus
    /// `stakeholder`, `initiative`, `conversation` or `organisation`.
    public var subjectType: String
    /// The subject's key: an e-mail, an initiative or conversation reference, or the organisation's slug.
    public var subject: String
    public var subjectName: String
    public var message: String
    public var nextStep: String
    /// The facts that made it fire, in brief.
    public var evidence: [DigestFact]
    /// The day it was first raised.
    public var raisedOn: CalendarDate
    /// The day it was last raised or reopened (the day it became new, for new risks).
    public var openSince: CalendarDate
    /// Whether it came back this week after being resolved.
    public var reopened: Bool
    /// Whole days from `open_since` to the week's last day, or to `resolved_on` for a resolved flag.
    public var daysOpen: Int
    public var resolvedOn: CalendarDate?
    /// Who acknowledged or snoozed it, and why.
    public var setAsideBy: String?
    public var reason: String?
    public var snoozedUntil: CalendarDate?

    public init(
        rule: String, ruleName: String, guideline: String, guidelineName: String, severity: String,
        status: FlagStatus,
        subjectType: String, subject: String, subjectName: String, message: String, nextStep: String,
        evidence: [DigestFact], raisedOn: CalendarDate, openSince: CalendarDate, reopened: Bool,
        daysOpen: Int, resolvedOn: CalendarDate? = nil, setAsideBy: String? = nil, reason: String? = nil,
        snoozedUntil: CalendarDate? = nil
    ) {
        self.rule = rule
        self.ruleName = ruleName
        self.guideline = guideline
        self.guidelineName = guidelineName
        self.severity = severity
        self.status = status
        self.subjectType = subjectType
        self.subject = subject
        self.subjectName = subjectName
        self.message = message
        self.nextStep = nextStep
        self.evidence = evidence
        self.raisedOn = raisedOn
        self.openSince = openSince
        self.reopened = reopened
        self.daysOpen = daysOpen
        self.resolvedOn = resolvedOn
        self.setAsideBy = setAsideBy
        self.reason = reason
        self.snoozedUntil = snoozedUntil
    }

    enum CodingKeys: String, CodingKey {
        case rule, ruleName = "rule_name", guideline, guidelineName = "guideline_name", severity, status, subjectType =
            "subject_type"
        case subject, subjectName = "subject_name", message, nextStep = "next_step", evidence
        case raisedOn = "raised_on", openSince = "open_since", reopened, daysOpen = "days_open"
        case resolvedOn = "resolved_on", setAsideBy = "set_aside_by", reason, snoozedUntil = "snoozed_until"
    }
}

/// One fact behind a flag: its name in words and its value as text.
public struct DigestFact: Codable, Sendable, Equatable {
    /// The fact's name in the rule language, e.g. `days_since_contact`.
    public var fact: String
    /// The name in words, e.g. "days since contact".
    public var label: String
    public var value: String

    public init(fact: String, label: String, value: String) {
        self.fact = fact
        self.label = label
        self.value = value
    }
}

/// Leaders whose score fell this week or who are flagged under G11 (Keep it on the radar).
public struct DigestLeaderTrends: Codable, Sendable, Equatable {
    /// The weeks the sparklines cover, oldest first; the last is the digest's week.
    public var weeks: [ISOWeek]
    public var leaders: [DigestLeaderTrend]

    public init(weeks: [ISOWeek], leaders: [DigestLeaderTrend]) {
        self.weeks = weeks
        self.leaders = leaders
    }
}

/// One person's engagement score over the last weeks.
public struct DigestLeaderTrend: Codable, Sendable, Equatable {
    public var name: String
    public var email: String
    public var title: String?
    /// One score (0–100) per week of `weeks`, oldest first; null where no snapshot was taken.
    public var scores: [Int?]
    public var score: Int?
    public var scoreLastWeek: Int?
    public var direction: DigestDirection
    public var daysSinceContact: Int?
    /// Open flags on this person under G11 at the week's end.
    public var radarFlags: Int
    /// Why they are listed, in one sentence.
    public var note: String

    public init(
        name: String, email: String, title: String?, scores: [Int?], score: Int?, scoreLastWeek: Int?,
        direction: DigestDirection, daysSinceContact: Int?, radarFlags: Int, note: String
    ) {
        self.name = name
        self.email = email
        self.title = title
        self.scores = scores
        self.score = score
        self.scoreLastWeek = scoreLastWeek
        self.direction = direction
        self.daysSinceContact = daysSinceContact
        self.radarFlags = radarFlags
        self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case name, email, title, scores, score, scoreLastWeek = "score_last_week", direction
        case daysSinceContact = "days_since_contact", radarFlags = "radar_flags", note
    }
}

/// Fears voiced this week, the ones open longest, and those resolved this week.
public struct DigestFears: Codable, Sendable, Equatable {
    /// Fears open or being addressed at the week's end.
    public var open: Int
    public var voiced: [DigestFear]
    /// The oldest open fears (at most three), oldest first.
    public var openLongest: [DigestFear]
    public var resolved: [DigestFear]

    public init(open: Int, voiced: [DigestFear], openLongest: [DigestFear], resolved: [DigestFear]) {
        self.open = open
        self.voiced = voiced
        self.openLongest = openLongest
        self.resolved = resolved
    }

    enum CodingKeys: String, CodingKey { case open, voiced, openLongest = "open_longest", resolved }
}

/// One fear. Its statement is sensitive: it appears in the digest, never in a log.
public struct DigestFear: Codable, Sendable, Equatable {
    public var name: String
    public var email: String
    public var category: String
    /// The category in words, e.g. "time and workload".
    public var categoryLabel: String
    public var severity: String
    public var statement: String
    public var raisedOn: CalendarDate
    /// Days from `raised_on` to the week's last day.
    public var ageDays: Int
    public var resolvedOn: CalendarDate?
    public var mitigation: String?

    public init(
        name: String, email: String, category: String, categoryLabel: String, severity: String,
        statement: String, raisedOn: CalendarDate, ageDays: Int, resolvedOn: CalendarDate?,
        mitigation: String?
    ) {
        self.name = name
        self.email = email
        self.category = category
        self.categoryLabel = categoryLabel
        self.severity = severity
        self.statement = statement
        self.raisedOn = raisedOn
        self.ageDays = ageDays
        self.resolvedOn = resolvedOn
        self.mitigation = mitigation
    }

    enum CodingKeys: String, CodingKey {
        case name, email, category, categoryLabel = "category_label", severity, statement, raisedOn = "raised_on"
        case ageDays = "age_days", resolvedOn = "resolved_on", mitigation
    }
}

/// Who carries the actions (P00) and which of the leaders' commitments are overdue.
public struct DigestCommitments: Codable, Sendable, Equatable {
    /// Commitments open at the week's end, by who owns them.
    public var open: Int
    public var ownedByLeaders: Int
    public var ownedByHR: Int
    public var ownedByOthers: Int
    /// HR's share of the open commitments in whole percent, when there are any.
    public var hrSharePercent: Int?
    /// One sentence on who carries the actions.
    public var ownershipSentence: String
    /// Leaders' open commitments past their due day, most overdue first.
    public var leadersOverdue: [DigestCommitment]
    /// Leaders' commitments marked done during the week.
    public var doneByLeadersThisWeek: Int

    public init(
        open: Int, ownedByLeaders: Int, ownedByHR: Int, ownedByOthers: Int, hrSharePercent: Int?,
        ownershipSentence: String, leadersOverdue: [DigestCommitment], doneByLeadersThisWeek: Int
    ) {
        self.open = open
        self.ownedByLeaders = ownedByLeaders
        self.ownedByHR = ownedByHR
        self.ownedByOthers = ownedByOthers
        self.hrSharePercent = hrSharePercent
        self.ownershipSentence = ownershipSentence
        self.leadersOverdue = leadersOverdue
        self.doneByLeadersThisWeek = doneByLeadersThisWeek
    }

    enum CodingKeys: String, CodingKey {
        case open, ownedByLeaders = "owned_by_leaders", ownedByHR = "owned_by_hr", ownedByOthers = "owned_by_others"
        case hrSharePercent = "hr_share_percent", ownershipSentence = "ownership_sentence"
        case leadersOverdue = "leaders_overdue", doneByLeadersThisWeek = "done_by_leaders_this_week"
    }
}

/// One open commitment.
public struct DigestCommitment: Codable, Sendable, Equatable {
    public var owner: String
    public var ownerEmail: String
    public var description: String?
    public var dueOn: CalendarDate
    public var daysOverdue: Int
    /// It became overdue during this week; one already overdue last week is not new again.
    public var newlyOverdue: Bool

    public init(
        owner: String, ownerEmail: String, description: String?, dueOn: CalendarDate, daysOverdue: Int,
        newlyOverdue: Bool
    ) {
        self.owner = owner
        self.ownerEmail = ownerEmail
        self.description = description
        self.dueOn = dueOn
        self.daysOverdue = daysOverdue
        self.newlyOverdue = newlyOverdue
    }

    enum CodingKeys: String, CodingKey {
        case owner, ownerEmail = "owner_email", description, dueOn = "due_on", daysOverdue = "days_overdue"
        case newlyOverdue = "newly_overdue"
    }
}

/// The rolling programme: what runs now, what starts within six weeks, and pilots nobody has reported on.
public struct DigestProgramme: Codable, Sendable, Equatable {
    public var running: [DigestInitiative]
    /// Initiatives starting after this week and within the next 42 days.
    public var startingSoon: [DigestInitiative]
    public var pilotsAwaitingEvidence: [DigestInitiative]
    /// One sentence on the state of the programme.
    public var sentence: String
    /// Running initiatives that have a rhythm: sessions held against those due, attendance, next one due.
    public var rhythm: [DigestRhythm]
    /// Leaders' coaching goals as of the week's end.
    public var coachingGoals: DigestCoachingGoals

    public init(
        running: [DigestInitiative], startingSoon: [DigestInitiative],
        pilotsAwaitingEvidence: [DigestInitiative], sentence: String, rhythm: [DigestRhythm] = [],
        coachingGoals: DigestCoachingGoals = DigestCoachingGoals(open: 0, reviewedThisWeek: 0, notReviewed180: 0)
    ) {
        self.running = running
        self.startingSoon = startingSoon
        self.pilotsAwaitingEvidence = pilotsAwaitingEvidence
        self.sentence = sentence
        self.rhythm = rhythm
        self.coachingGoals = coachingGoals
    }

    enum CodingKeys: String, CodingKey {
        case running, startingSoon = "starting_soon", pilotsAwaitingEvidence = "pilots_awaiting_evidence", sentence
        case rhythm, coachingGoals = "coaching_goals"
    }
}

/// One running group with a rhythm, over the `windowDays` before the week's end.
public struct DigestRhythm: Codable, Sendable, Equatable {
    public var ref: String
    public var title: String
    public var cadenceDays: Int
    public var windowDays: Int
    /// Sessions someone attended within the window.
    public var held: Int
    /// Sessions the cadence called for within the window (from the start, if it started within it).
    public var due: Int
    /// Of the members enrolled at each session in the window, the share who attended, in percent.
    public var attendancePercent: Int?
    public var lastSessionOn: CalendarDate?
    public var nextDueOn: CalendarDate
    /// No session for longer than the cadence and 14 days, as the rule group-stopped-meeting judges it.
    public var stopped: Bool

    public init(
        ref: String, title: String, cadenceDays: Int, windowDays: Int, held: Int, due: Int,
        attendancePercent: Int?, lastSessionOn: CalendarDate?, nextDueOn: CalendarDate, stopped: Bool
    ) {
        self.ref = ref
        self.title = title
        self.cadenceDays = cadenceDays
        self.windowDays = windowDays
        self.held = held
        self.due = due
        self.attendancePercent = attendancePercent
        self.lastSessionOn = lastSessionOn
        self.nextDueOn = nextDueOn
        self.stopped = stopped
    }

    enum CodingKeys: String, CodingKey {
        case ref, title, cadenceDays = "cadence_days", windowDays = "window_days", held, due
        case attendancePercent = "attendance_percent", lastSessionOn = "last_session_on", nextDueOn = "next_due_on"
        case stopped
    }
}

/// Leaders' coaching goals at the week's end: how many are open, observed this week, or not looked at for 180 days.
public struct DigestCoachingGoals: Codable, Sendable, Equatable {
    public var open: Int
    public var reviewedThisWeek: Int
    public var notReviewed180: Int

    public init(open: Int, reviewedThisWeek: Int, notReviewed180: Int) {
        self.open = open
        self.reviewedThisWeek = reviewedThisWeek
        self.notReviewed180 = notReviewed180
    }

    enum CodingKeys: String, CodingKey {
        case open, reviewedThisWeek = "reviewed_this_week", notReviewed180 = "not_reviewed_180_days"
    }
}

/// One initiative of the programme.
public struct DigestInitiative: Codable, Sendable, Equatable {
    public var ref: String
    public var title: String
    public var kind: String
    /// The kind in words, e.g. "peer coaching".
    public var kindLabel: String
    public var owner: String?
    public var startsOn: CalendarDate
    public var endsOn: CalendarDate?
    /// For pilots awaiting evidence: days since the pilot ended.
    public var daysSinceEnd: Int?

    public init(
        ref: String, title: String, kind: String, kindLabel: String, owner: String?, startsOn: CalendarDate,
        endsOn: CalendarDate?, daysSinceEnd: Int?
    ) {
        self.ref = ref
        self.title = title
        self.kind = kind
        self.kindLabel = kindLabel
        self.owner = owner
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.daysSinceEnd = daysSinceEnd
    }

    enum CodingKeys: String, CodingKey {
        case ref, title, kind, kindLabel = "kind_label", owner, startsOn = "starts_on", endsOn = "ends_on"
        case daysSinceEnd = "days_since_end"
    }
}

/// Which guidelines the conversations with each leader touched in the last 180 days.
public struct DigestCoverage: Codable, Sendable, Equatable {
    /// The first day of the window; the window ends on the week's last day.
    public var since: CalendarDate
    public var windowDays: Int
    /// G01 … G12, the heatmap's columns.
    public var guidelines: [DigestGuideline]
    public var leaders: [DigestCoverageRow]
    /// Guidelines no leader's conversation touched in the window.
    public var untouched: [String]
    /// One sentence on the gaps.
    public var sentence: String

    public init(
        since: CalendarDate, windowDays: Int, guidelines: [DigestGuideline], leaders: [DigestCoverageRow],
        untouched: [String], sentence: String
    ) {
        self.since = since
        self.windowDays = windowDays
        self.guidelines = guidelines
        self.leaders = leaders
        self.untouched = untouched
        self.sentence = sentence
    }

    enum CodingKeys: String, CodingKey {
        case since, windowDays = "window_days", guidelines, leaders, untouched, sentence
    }
}

/// A guideline's code and short name.
public struct DigestGuideline: Codable, Sendable, Equatable {
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// One leader's row of the heatmap: conversations per guideline, in the order of `guidelines`.
public struct DigestCoverageRow: Codable, Sendable, Equatable {
    public var name: String
    public var email: String
    public var conversations: [Int]
    /// The shade of each cell: 0 none, 1 one conversation, 2 two or three, 3 four or more.
    public var levels: [Int]

    public init(name: String, email: String, conversations: [Int], levels: [Int]) {
        self.name = name
        self.email = email
        self.conversations = conversations
        self.levels = levels
    }
}

/// What got better this week.
public struct DigestImprovements: Codable, Sendable, Equatable {
    /// Flags resolved during the week and not back by its end, most severe first.
    public var resolvedFlags: [DigestFlag]
    /// Leaders and champions whose score rose enough to report, largest rise first.
    public var risingScores: [DigestScoreChange]
    public var fearsResolved: Int
    public var commitmentsDoneByLeaders: Int
    /// One sentence, or a plain "nothing improved" when nothing did.
    public var sentence: String

    public init(
        resolvedFlags: [DigestFlag], risingScores: [DigestScoreChange], fearsResolved: Int,
        commitmentsDoneByLeaders: Int, sentence: String
    ) {
        self.resolvedFlags = resolvedFlags
        self.risingScores = risingScores
        self.fearsResolved = fearsResolved
        self.commitmentsDoneByLeaders = commitmentsDoneByLeaders
        self.sentence = sentence
    }

    enum CodingKeys: String, CodingKey {
        case resolvedFlags = "resolved_flags", risingScores = "rising_scores", fearsResolved = "fears_resolved"
        case commitmentsDoneByLeaders = "commitments_done_by_leaders", sentence
    }
}

/// One person's score last week and this week.
public struct DigestScoreChange: Codable, Sendable, Equatable {
    public var name: String
    public var email: String
    public var from: Int
    public var to: Int

    public init(name: String, email: String, from: Int, to: Int) {
        self.name = name
        self.email = email
        self.from = from
        self.to = to
    }
}
