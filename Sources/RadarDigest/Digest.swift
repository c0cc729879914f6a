import Foundation
import Postgres
import RadarDomain
import RadarStore

/// The weekly risk digest of one organisation as one value: everything every renderer shows, already counted,
/// ordered and worded by `DigestBuilder`. Encodes to JSON with stable snake_case keys (see the README); decoding
/// that JSON gives back an equal value, so the archive can store it and render it again later.
public struct Digest: Codable, Sendable, Equatable {
    /// Which organisation the digest is for.
    public var organisation: DigestOrganisation
    /// The ISO week it covers, Monday to Sunday in the organisation's time zone; encodes as `2026-W26`.
    public var week: ISOWeek
    /// The week's first day (Monday).
    public var weekStart: CalendarDate
    /// The week's last day (Sunday).
    public var weekEnd: CalendarDate
    /// The end of the week (the next Monday 00:00 there): the digest reads only what happened before it.
    public var asOf: Date
    public var headline: DigestHeadline
    /// Flags raised or reopened during the week and still open at its end, most severe first.
    public var newRisks: [DigestFlag]
    /// Flags open at the week's end that were already open before it, most severe first.
    public var stillOpen: [DigestFlag]
    /// How many of `still_open`, from the top, the text, Markdown and HTML forms list one by one.
    public var stillOpenListed: Int
    /// What the people's forms say about the rest of `still_open`, when some are not listed.
    public var stillOpenNote: String?
    public var leadersDroppingOff: DigestLeaderTrends
    public var fears: DigestFears
    public var commitments: DigestCommitments
    public var programme: DigestProgramme
    public var coverage: DigestCoverage
    public var improved: DigestImprovements
    /// Flags someone acknowledged or snoozed, with who and why, as of the week's end.
    public var setAside: [DigestFlag]

    public init(
        organisation: DigestOrganisation, week: ISOWeek, weekStart: CalendarDate, weekEnd: CalendarDate,
        asOf: Date, headline: DigestHeadline, newRisks: [DigestFlag], stillOpen: [DigestFlag],
        stillOpenListed: Int? = nil, stillOpenNote: String? = nil,
        leadersDroppingOff: DigestLeaderTrends, fears: DigestFears, commitments: DigestCommitments,
        programme: DigestProgramme, coverage: DigestCoverage, improved: DigestImprovements,
        setAside: [DigestFlag]
    ) {
        self.organisation = organisation
        self.week = week
        self.weekStart = weekStart
        self.weekEnd = weekEnd
        self.asOf = asOf
        self.headline = headline
        self.newRisks = newRisks
        self.stillOpen = stillOpen
        self.stillOpenListed = stillOpenListed ?? stillOpen.count
        self.stillOpenNote = stillOpenNote
        self.leadersDroppingOff = leadersDroppingOff
        self.fears = fears
        self.commitments = commitments
        self.programme = programme
        self.coverage = coverage
        self.improved = improved
        self.setAside = setAside
    }

    /// True when nothing changed this week: no flag raised, reopened or resolved, no fear voiced or resolved,
    /// and no leader's or champion's score moved enough to report (`--skip-empty` sends nothing then).
    public var isQuiet: Bool {
        newRisks.isEmpty && improved.resolvedFlags.isEmpty && fears.voiced.isEmpty && fears.resolved.isEmpty
            && leadersDroppingOff.leaders.allSatisfy { $0.direction != .falling } && improved.risingScores.isEmpty
    }

    enum CodingKeys: String, CodingKey {
        case organisation, week, weekStart = "week_start", weekEnd = "week_end", asOf = "as_of", headline
        case newRisks = "new_risks", stillOpen = "still_open", stillOpenListed = "still_open_listed"
        case stillOpenNote = "still_open_note", leadersDroppingOff = "leaders_dropping_off"
        case fears, commitments, programme, coverage, improved, setAside = "set_aside"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        organisation = try container.decode(DigestOrganisation.self, forKey: .organisation)
        week = try container.decode(ISOWeek.self, forKey: .week)
        weekStart = try container.decode(CalendarDate.self, forKey: .weekStart)
        weekEnd = try container.decode(CalendarDate.self, forKey: .weekEnd)
        let asOfText = try container.decode(String.self, forKey: .asOf)
        guard let asOf = try? Date(asOfText, strategy: Self.instantFormat) else {
            throw DecodingError.dataCorruptedError(
                forKey: .asOf, in: container,
                debugDescription: "not an ISO 8601 instant: \(asOfText)")
        }
        self.asOf = asOf
        headline = try container.decode(DigestHeadline.self, forKey: .headline)
        newRisks = try container.decode([DigestFlag].self, forKey: .newRisks)
        stillOpen = try container.decode([DigestFlag].self, forKey: .stillOpen)
        stillOpenListed = try container.decode(Int.self, forKey: .stillOpenListed)
        stillOpenNote = try container.decodeIfPresent(String.self, forKey: .stillOpenNote)
        leadersDroppingOff = try container.decode(DigestLeaderTrends.self, forKey: .leadersDroppingOff)
        fears = try container.decode(DigestFears.self, forKey: .fears)
        commitments = try container.decode(DigestCommitments.self, forKey: .commitments)
        programme = try container.decode(DigestProgramme.self, forKey: .programme)
        coverage = try container.decode(DigestCoverage.self, forKey: .coverage)
        improved = try container.decode(DigestImprovements.self, forKey: .improved)
        setAside = try container.decode([DigestFlag].self, forKey: .setAside)
    }

    // `as_of` is written as ISO 8601 text whatever date strategy the encoder uses, so the stored JSON reads the
    // same in psql, in a webhook and when it is decoded again.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(organisation, forKey: .organisation)
        try container.encode(week, forKey: .week)
        try container.encode(weekStart, forKey: .weekStart)
        try container.encode(weekEnd, forKey: .weekEnd)
        try container.encode(asOf.formatted(Self.instantFormat), forKey: .asOf)
        try container.encode(headline, forKey: .headline)
        try container.encode(newRisks, forKey: .newRisks)
        try container.encode(stillOpen, forKey: .stillOpen)
        try container.encode(stillOpenListed, forKey: .stillOpenListed)
        try container.encodeIfPresent(stillOpenNote, forKey: .stillOpenNote)
        try container.encode(leadersDroppingOff, forKey: .leadersDroppingOff)
        try container.encode(fears, forKey: .fears)
        try container.encode(commitments, forKey: .commitments)
        try container.encode(programme, forKey: .programme)
        try container.encode(coverage, forKey: .coverage)
        try container.encode(improved, forKey: .improved)
        try container.encode(setAside, forKey: .setAside)
    }

    /// UTC, whole seconds: week boundaries always fall on a whole second.
    static let instantFormat = Date.ISO8601FormatStyle(timeZone: .gmt)

    /// The digest as pretty JSON with sorted keys: the JSON renderer's output and what the archive stores.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads a digest back from the JSON `jsonData()` wrote.
    public static func decode(_ data: Data) throws -> Digest {
        try JSONDecoder().decode(Digest.self, from: data)
    }
}

/// The organisation a digest is for.
public struct DigestOrganisation: Codable, Sendable, Equatable {
    public var slug: String
    public var name: String
    /// IANA time zone the week is counted in.
    public var timeZone: String

    public init(slug: String, name: String, timeZone: String) {
        self.slug = slug
        self.name = name
        self.timeZone = timeZone
    }

    enum CodingKeys: String, CodingKey { case slug, name, timeZone = "time_zone" }
}

/// Which way a score or the leaders' engagement moved over the week.
public enum DigestDirection: String, Codable, Sendable, Equatable {
    case rising, holding, falling
    /// No scores to compare yet.
    case unknown
}
